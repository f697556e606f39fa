/* SPDX-License-Identifier: MIT */
/*
 * Hardware-kept guest CSRs: which numbers exist, their writable bits, their
 * reset values, and the side effects of reading and writing them (LoongArch
 * Vol1 chapter 7; the HW/SW split follows kvm/main.c kvm_init_gcsr_flag).
 * cpu/la64/README.md lists them.
 */
#include "cpu.h"
#include "mmu.h"
#include "timer.h"

#define F(field) offsetof(struct la64_csrs, field)
#define ALL (~0ULL)

/* TLBEHI/TLBREHI.VPPN, bits VALEN-1:13 (Vol1 7.5.2, 7.5.16). */
#define VPPN_MASK (((1ULL << LA_VALEN) - 1) & ~0x1fffULL)
/* TLBELO/TLBRELO: V, D, PLV, MAT, G, PPN[PALEN-1:12], NR, NX, RPLV. */
#define ELO_MASK (0xe000000000000000ULL | (LA_PA_MASK & ~0xfffULL) | 0x7f)
/* TLBIDX.Index: 12 bits index the 2048 + 64 entries (Vol1 7.5.1). */
#define TLBIDX_MASK (0xbf000000ULL | 0xfff)

/* LLBCTL fields, Vol1 7.4.17: ROLLB (bit 0) is the LLbit itself. */
#define LA_LLBCTL_WCLLB (1ULL << 1)
#define LA_LLBCTL_KLO (1ULL << 2)
#define LA_TLBRERA_ISTLBR 1ULL

#define LA_ESTAT_ECODES (0x1ffULL << LA_ESTAT_ESUBCODE_SHIFT | \
			 0x3fULL << LA_ESTAT_ECODE_SHIFT)

struct csr_desc {
	bool hw;        /* an HW_GCSR: the entry is filled in */
	uint64_t wmask; /* bits csrwr/csrxchg may change */
	uint64_t rmask; /* bits held in the field (restored by the host) */
	size_t off;     /* offset of the field in struct la64_csrs */
};

/*
 * Every HW_GCSR of kvm/main.c, with the R/W attributes of its fields in
 * Vol1 chapter 7 (section numbers of the manual's v1.10).
 * Reserved (R0) and read-only fields are outside wmask.
 */
#define RW(n, m, field) [n] = { true, (m), (m), F(field) }
#define RO(n, m, field) [n] = { true, 0, (m), F(field) }
static const struct csr_desc csr_table[0x200] = {
	RW(LA_CSR_CRMD, 0x3ff, crmd),		/* 7.4.1 PLV IE DA PG DATF DATM WE */
	RW(LA_CSR_PRMD, 0xf, prmd),		/* 7.4.2 PPLV PIE PWE */
	RW(LA_CSR_EUEN, 0xf, euen),		/* 7.4.3 FPE SXE ASXE BTE */
	RW(LA_CSR_MISC, 0x7feee, misc),		/* 7.4.4 VA32L DRDTL RPCNTL ALCL DWPL */
	RW(LA_CSR_ECFG, 0x71fff, ecfg),		/* 7.4.5 LIE[12:0] VS */
	[LA_CSR_ESTAT] = { true, 0x3, LA_ESTAT_IS | LA_ESTAT_ECODES, F(estat) }, /* 7.4.6 */
	RW(LA_CSR_ERA, ALL, era),		/* 7.4.7 */
	RW(LA_CSR_BADV, ALL, badv),		/* 7.4.8 */
	RO(LA_CSR_BADI, 0xffffffff, badi), /* 7.4.9, read-only */
	RW(LA_CSR_EENTRY, ~0xfffULL, eentry),	/* 7.4.10 VPN */
	RW(LA_CSR_TLBIDX, TLBIDX_MASK, tlbidx), /* 7.5.1 Index PS NE */
	RW(LA_CSR_TLBEHI, VPPN_MASK, tlbehi),	/* 7.5.2 VPPN */
	RW(LA_CSR_TLBELO0, ELO_MASK, tlbelo0),	/* 7.5.3 */
	RW(LA_CSR_TLBELO1, ELO_MASK, tlbelo1),
	RW(LA_CSR_ASID, 0x3ff, asid),		/* 7.5.4 ASID; ASIDBITS is R */
	RW(LA_CSR_PGDL, ~0xfffULL, pgdl),	/* 7.5.5 */
	RW(LA_CSR_PGDH, ~0xfffULL, pgdh),	/* 7.5.6 */
	RO(LA_CSR_PGD, 0, pgdl),		/* 7.5.7, read-only, computed */
	RW(LA_CSR_PWCTL0, 0xffffffff, pwctl0),	/* 7.5.8 */
	RW(LA_CSR_PWCTL1, 0xffffff, pwctl1),	/* 7.5.9 */
	RW(LA_CSR_STLBPS, 0x3f, stlbps),	/* 7.5.10 PS */
	RW(LA_CSR_RVACFG, 0xf, rvacfg),		/* 7.4.11 RBits */
	RO(LA_CSR_CPUID, 0x1ff, cpuid),	/* 7.4.12 CoreID, read-only */
	RO(LA_CSR_PRCFG1, 0, prcfg1),	/* 7.4.13-15, read-only */
	RO(LA_CSR_PRCFG2, 0, prcfg2),
	RO(LA_CSR_PRCFG3, 0, prcfg3),
	RW(LA_CSR_KS0 + 0, ALL, ks[0]),		/* 7.4.16, SAVENum = 8 */
	RW(LA_CSR_KS0 + 1, ALL, ks[1]),
	RW(LA_CSR_KS0 + 2, ALL, ks[2]),
	RW(LA_CSR_KS0 + 3, ALL, ks[3]),
	RW(LA_CSR_KS0 + 4, ALL, ks[4]),
	RW(LA_CSR_KS0 + 5, ALL, ks[5]),
	RW(LA_CSR_KS0 + 6, ALL, ks[6]),
	RW(LA_CSR_KS0 + 7, ALL, ks[7]),
	RW(LA_CSR_TMID, 0xffffffff, tmid),	/* 7.6.1 TID */
	RW(LA_CSR_TCFG, LA_TIMER_MASK, tcfg),	/* 7.6.2 En Periodic InitVal */
	RO(LA_CSR_TVAL, 0, timer_tval),	/* 7.6.3, read-only, computed */
	RW(LA_CSR_CNTC, ALL, cntc),		/* 7.6.4 Compensation */
	[LA_CSR_TICLR] = { true, 0x1, 0, F(tcfg) },	/* 7.6.5 CLR (W1, reads 0) */
	[LA_CSR_LLBCTL] = { true, 0x6, 0x4, F(llbctl) }, /* 7.4.17 ROLLB WCLLB KLO */
	RW(LA_CSR_TLBRENTRY, LA_PA_MASK & ~0xfffULL, tlbrentry), /* 7.5.11 */
	RW(LA_CSR_TLBRBADV, ALL, tlbrbadv),	/* 7.5.12 */
	RW(LA_CSR_TLBRERA, ~0x2ULL, tlbrera),	/* 7.5.13 IsTLBR PC */
	RW(LA_CSR_TLBRSAVE, ALL, tlbrsave),	/* 7.5.14 */
	RW(LA_CSR_TLBRELO0, ELO_MASK, tlbrelo0), /* 7.5.15 */
	RW(LA_CSR_TLBRELO1, ELO_MASK, tlbrelo1),
	RW(LA_CSR_TLBREHI, VPPN_MASK | 0x3f, tlbrehi), /* 7.5.16 PS VPPN */
	RW(LA_CSR_TLBRPRMD, 0x17, tlbrprmd),	/* 7.5.17 PPLV PIE PWE */
	RW(LA_CSR_DMW0 + 0, 0xf00000000000003fULL, dmw[0]), /* 7.5.18 */
	RW(LA_CSR_DMW0 + 1, 0xf00000000000003fULL, dmw[1]),
	RW(LA_CSR_DMW0 + 2, 0xf00000000000003fULL, dmw[2]),
	RW(LA_CSR_DMW0 + 3, 0xf00000000000003fULL, dmw[3]),
};
#undef RW
#undef RO

static const struct csr_desc *lookup(unsigned int num)
{
	if (num >= sizeof(csr_table) / sizeof(csr_table[0]) ||
	    !csr_table[num].hw)
		return NULL;
	return &csr_table[num];
}

/* The SW_GCSR numbers of kvm/main.c kvm_init_gcsr_flag. */
static bool csr_is_sw(unsigned int num)
{
	if (num == LA_CSR_IMPCTL1 || num == LA_CSR_IMPCTL2 ||
	    (num >= LA_CSR_MERRCTL && num <= LA_CSR_MERRSAVE) ||
	    num == LA_CSR_CTAG || num == LA_CSR_MWPC || num == LA_CSR_MWPS ||
	    num == LA_CSR_FWPC || num == LA_CSR_FWPS ||
	    (num >= LA_CSR_DEBUG && num <= LA_CSR_DESAVE))
		return true;
	/* DB0-7 and IB0-7: ADDR, MASK, CTRL, ASID at base + 8n + 0..3. */
	if ((num >= LA_CSR_DB0ADDR && num < LA_CSR_DB0ADDR + 64) ||
	    (num >= LA_CSR_IB0ADDR && num < LA_CSR_IB0ADDR + 64))
		return (num & 7) < 4;
	return num >= LA_CSR_PERFCTRL0 && num <= LA_CSR_PERFCNTR0 + 6;
}

enum la64_csr_kind la64_csr_kind(unsigned int num)
{
	if (lookup(num))
		return LA_CSR_KIND_HW;
	if (csr_is_sw(num))
		return LA_CSR_KIND_SW;
	return LA_CSR_KIND_INVALID;
}

bool la64_csr_is_hw(unsigned int num)
{
	return lookup(num) != NULL;
}

static uint64_t *field(struct la64_cpu *cpu, const struct csr_desc *d)
{
	return (uint64_t *)((char *)&cpu->csr + d->off);
}

/* VALEN-1:13 as stored; 63:VALEN read as the sign of VPPN (7.5.2). */
static uint64_t sext_vppn(uint64_t v)
{
	v &= VPPN_MASK;
	if (v & (1ULL << (LA_VALEN - 1)))
		v |= ~((1ULL << LA_VALEN) - 1);
	return v;
}

/*
 * PGD (Vol1 7.5.7): PGDL's base if the top bit of the current context's
 * bad virtual address is 0, else PGDH's. That address is TLBRBADV while
 * a TLB refill is being handled (TLBRERA.IsTLBR = 1), else BADV.
 */
static uint64_t read_pgd(const struct la64_cpu *cpu)
{
	uint64_t badv = (cpu->csr.tlbrera & LA_TLBRERA_ISTLBR) ?
				cpu->csr.tlbrbadv :
				cpu->csr.badv;

	return (badv >> 63) ? cpu->csr.pgdh : cpu->csr.pgdl;
}

uint64_t la64_csr_read(struct la64_cpu *cpu, unsigned int num)
{
	const struct csr_desc *d = lookup(num);

	if (!d)
		return 0;
	switch (num) {
	case LA_CSR_ESTAT:
		/* TI is up as soon as the counter passes the deadline. */
		la64_timer_poll(cpu);
		return cpu->csr.estat | atomic_load(&cpu->irq_lines);
	case LA_CSR_TVAL:
		return la64_timer_tval(cpu);
	case LA_CSR_TICLR:
		return 0;
	case LA_CSR_LLBCTL:
		/* ROLLB reads the LLbit; WCLLB reads as 0 (Vol1 7.4.17). */
		return (cpu->csr.llbctl & LA_LLBCTL_KLO) | (cpu->llbit ? 1 : 0);
	case LA_CSR_ASID:
		return (cpu->csr.asid & 0x3ff) | (uint64_t)LA_ASIDBITS << 16;
	case LA_CSR_PGD:
		return read_pgd(cpu);
	case LA_CSR_TLBEHI:
		return sext_vppn(cpu->csr.tlbehi);
	case LA_CSR_TLBREHI:
		return sext_vppn(cpu->csr.tlbrehi) | (cpu->csr.tlbrehi & 0x3f);
	default:
		return *field(cpu, d);
	}
}

/* Side effects that follow a write (old is the value before it). */
static void after_write(struct la64_cpu *cpu, unsigned int num, uint64_t old,
			uint64_t val)
{
	switch (num) {
	case LA_CSR_CRMD:
		cpu->plv = (uint32_t)(cpu->csr.crmd & LA_CRMD_PLV);
		if ((old ^ cpu->csr.crmd) & (LA_CRMD_PLV | LA_CRMD_DA))
			la64_mmu_switch(cpu);
		break;
	case LA_CSR_ASID:
		if ((old ^ val) & 0x3ff)
			la64_mmu_switch(cpu);
		break;
	case LA_CSR_RVACFG:
		/* Fewer legal addresses: translations cached before go. */
		if (old != val)
			la64_mmu_flush(cpu);
		break;
	case LA_CSR_DMW0:
	case LA_CSR_DMW0 + 1:
	case LA_CSR_DMW0 + 2:
	case LA_CSR_DMW0 + 3:
		if (old != val)
			la64_mmu_flush(cpu);
		break;
	case LA_CSR_TCFG:
		la64_timer_configure(cpu, old);
		break;
	case LA_CSR_LLBCTL:
		/* Writing 1 to WCLLB clears the LLbit; only KLO is kept. */
		if (val & LA_LLBCTL_WCLLB)
			cpu->llbit = false;
		cpu->csr.llbctl &= LA_LLBCTL_KLO;
		break;
	case LA_CSR_TICLR:
		if (val & 1)
			la64_timer_clear(cpu);
		break;
	}
}

uint64_t la64_csr_write(struct la64_cpu *cpu, unsigned int num, uint64_t val,
			uint64_t mask)
{
	const struct csr_desc *d = lookup(num);
	uint64_t *p, old, wm;

	if (!d)
		return 0;
	old = la64_csr_read(cpu, num);
	wm = d->wmask & mask;
	if (!wm)
		return old; /* read-only: TVAL, PGD, BADI, CPUID, PRCFGn */
	if (num == LA_CSR_TICLR || num == LA_CSR_LLBCTL) {
		/* W1 bits act on the written value and are not kept. */
		if (num == LA_CSR_LLBCTL)
			cpu->csr.llbctl = (cpu->csr.llbctl & ~(wm & LA_LLBCTL_KLO)) |
					  (val & wm & LA_LLBCTL_KLO);
		after_write(cpu, num, old, val & wm);
		return old;
	}
	p = field(cpu, d);
	*p = (*p & ~wm) | (val & wm);
	after_write(cpu, num, old, *p);
	return old;
}

void la64_csr_restore(struct la64_cpu *cpu, unsigned int num, uint64_t val)
{
	const struct csr_desc *d = lookup(num);
	uint64_t *p, old;

	if (!d)
		return;
	switch (num) {
	case LA_CSR_ESTAT:
		/*
		 * As kvm/vcpu.c _kvm_setcsr: IS[9:2] (with IPI and PCOV here)
		 * are the interrupt lines, the rest is ESTAT itself.
		 */
		atomic_store(&cpu->irq_lines, (uint32_t)(val & LA_ESTAT_LINES));
		cpu->csr.estat = val & d->rmask & ~LA_ESTAT_LINES;
		return;
	case LA_CSR_TVAL:
		la64_timer_set_tval(cpu, val);
		return;
	case LA_CSR_LLBCTL:
		cpu->llbit = val & 1;
		la64_csr_write(cpu, num, val, LA_LLBCTL_KLO);
		return;
	case LA_CSR_TICLR:
		la64_csr_write(cpu, num, val, ~0ULL);
		return;
	case LA_CSR_CPUID:
		/* KVM keeps the VMM's value whole (kvm_set_cpuid). */
		cpu->csr.cpuid = val;
		return;
	}
	if (!d->rmask)
		return;
	p = field(cpu, d);
	old = la64_csr_read(cpu, num);
	*p = (*p & ~d->rmask) | (val & d->rmask);
	after_write(cpu, num, old, *p);
}

void la64_csr_reset(struct la64_cpu *cpu)
{
	struct la64_csrs *c = &cpu->csr;
	uint32_t index = (uint32_t)c->tmid;

	*c = (struct la64_csrs){ 0 };
	c->crmd = LA_CRMD_DA;
	c->tmid = index;
	c->cpuid = index;
	/* PRCFG1 (7.4.13): SAVENum 8, TimerBits - 1, VSMax 7. */
	c->prcfg1 = 8 | (uint64_t)(LA_TIMER_BITS - 1) << 4 | 7ULL << 12;
	c->prcfg2 = 0x3ffff000; /* page sizes 4 KiB to 512 MiB */
	/*
	 * PRCFG3 (7.4.15): TLBType 2 (STLB + MTLB), MTLBEntries - 1 in 11:4,
	 * STLBWays - 1 in 19:12, log2(STLBSets) in 25:20.
	 */
	c->prcfg3 = 2 | (uint64_t)(LA_MTLB_ENTRIES - 1) << 4 |
		    (uint64_t)(LA_STLB_WAYS - 1) << 12 |
		    (uint64_t)__builtin_ctz(LA_STLB_SETS) << 20;
	c->stlbps = 0xe;
	cpu->plv = 0;
}
