/* SPDX-License-Identifier: MIT */
/*
 * Hardware-kept guest CSRs: which numbers exist, their writable bits, their
 * reset values, and the side effects of writing them (LoongArch Vol1
 * chapter 7; the HW/SW split follows kvm/main.c kvm_init_gcsr_flag).
 */
#include "cpu.h"
#include "mmu.h"
#include "timer.h"

struct csr_desc {
	uint64_t wmask; /* bits software may write */
	size_t off;     /* offset of the field in struct la64_csrs */
};

#define F(field) offsetof(struct la64_csrs, field)
#define ALL (~0ULL)

/* LLBCTL fields, Vol1 7.4.16: ROLLB (bit 0) is the LLbit itself. */
#define LA_LLBCTL_WCLLB (1ULL << 1)
#define LA_LLBCTL_KLO (1ULL << 2)

static bool lookup(unsigned int num, struct csr_desc *d)
{
	static const struct {
		uint16_t num;
		uint64_t wmask;
		size_t off;
	} table[] = {
		{ LA_CSR_CRMD, 0x3ff, F(crmd) },
		{ LA_CSR_PRMD, 0x7, F(prmd) },
		{ LA_CSR_EUEN, 0xf, F(euen) },
		{ LA_CSR_MISC, 0x77ff3, F(misc) },
		{ LA_CSR_ECFG, 0x71bff, F(ecfg) },
		{ LA_CSR_ESTAT, 0x3, F(estat) },
		{ LA_CSR_ERA, ALL, F(era) },
		{ LA_CSR_BADV, ALL, F(badv) },
		{ LA_CSR_BADI, 0, F(badi) },
		{ LA_CSR_EENTRY, ~0xfffULL, F(eentry) },
		{ LA_CSR_TLBIDX, 0xbf00ffffULL, F(tlbidx) },
		{ LA_CSR_TLBEHI, ~0x1fffULL, F(tlbehi) },
		{ LA_CSR_TLBELO0, 0xe000fffffffff07fULL, F(tlbelo0) },
		{ LA_CSR_TLBELO1, 0xe000fffffffff07fULL, F(tlbelo1) },
		{ LA_CSR_ASID, 0x3ff, F(asid) },
		{ LA_CSR_PGDL, ~0xfffULL, F(pgdl) },
		{ LA_CSR_PGDH, ~0xfffULL, F(pgdh) },
		{ LA_CSR_PWCTL0, 0xffffffff, F(pwctl0) },
		{ LA_CSR_PWCTL1, 0xffffff, F(pwctl1) },
		{ LA_CSR_STLBPS, 0x3f, F(stlbps) },
		{ LA_CSR_RVACFG, 0xf, F(rvacfg) },
		{ LA_CSR_CPUID, 0, F(cpuid) },
		{ LA_CSR_PRCFG1, 0, F(prcfg1) },
		{ LA_CSR_PRCFG2, 0, F(prcfg2) },
		{ LA_CSR_PRCFG3, 0, F(prcfg3) },
		{ LA_CSR_KS0 + 0, ALL, F(ks[0]) },
		{ LA_CSR_KS0 + 1, ALL, F(ks[1]) },
		{ LA_CSR_KS0 + 2, ALL, F(ks[2]) },
		{ LA_CSR_KS0 + 3, ALL, F(ks[3]) },
		{ LA_CSR_KS0 + 4, ALL, F(ks[4]) },
		{ LA_CSR_KS0 + 5, ALL, F(ks[5]) },
		{ LA_CSR_KS0 + 6, ALL, F(ks[6]) },
		{ LA_CSR_KS0 + 7, ALL, F(ks[7]) },
		{ LA_CSR_TMID, 0xffffffff, F(tmid) },
		{ LA_CSR_TCFG, 0xffffffffffffULL, F(tcfg) },
		{ LA_CSR_TVAL, 0, F(tcfg) },
		{ LA_CSR_CNTC, ALL, F(cntc) },
		{ LA_CSR_TICLR, 0x1, F(tcfg) },
		{ LA_CSR_LLBCTL, 0x6, F(llbctl) },
		{ LA_CSR_TLBRENTRY, ~0xfffULL, F(tlbrentry) },
		{ LA_CSR_TLBRBADV, ALL, F(tlbrbadv) },
		{ LA_CSR_TLBRERA, ALL, F(tlbrera) },
		{ LA_CSR_TLBRSAVE, ALL, F(tlbrsave) },
		{ LA_CSR_TLBRELO0, 0xe000fffffffff07fULL, F(tlbrelo0) },
		{ LA_CSR_TLBRELO1, 0xe000fffffffff07fULL, F(tlbrelo1) },
		{ LA_CSR_TLBREHI, ~0x1fc0ULL, F(tlbrehi) },
		{ LA_CSR_TLBRPRMD, 0x7, F(tlbrprmd) },
		{ LA_CSR_DMW0 + 0, 0xf000000000000039ULL, F(dmw[0]) },
		{ LA_CSR_DMW0 + 1, 0xf000000000000039ULL, F(dmw[1]) },
		{ LA_CSR_DMW0 + 2, 0xf000000000000039ULL, F(dmw[2]) },
		{ LA_CSR_DMW0 + 3, 0xf000000000000039ULL, F(dmw[3]) },
	};
	size_t k;

	for (k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		if (table[k].num == num) {
			d->wmask = table[k].wmask;
			d->off = table[k].off;
			return true;
		}
	}
	return false;
}

bool la64_csr_is_hw(unsigned int num)
{
	struct csr_desc d;

	return lookup(num, &d);
}

static uint64_t *field(struct la64_cpu *cpu, const struct csr_desc *d)
{
	return (uint64_t *)((char *)&cpu->csr + d->off);
}

uint64_t la64_csr_read(struct la64_cpu *cpu, unsigned int num)
{
	struct csr_desc d;

	if (!lookup(num, &d))
		return 0;
	switch (num) {
	case LA_CSR_ESTAT:
		return cpu->csr.estat | atomic_load(&cpu->irq_lines);
	case LA_CSR_TVAL:
		return la64_timer_tval(cpu);
	case LA_CSR_TICLR:
		return 0;
	case LA_CSR_LLBCTL:
		/* ROLLB reads the LLbit; WCLLB reads as 0 (Vol1 7.4.16). */
		return (cpu->csr.llbctl & LA_LLBCTL_KLO) | (cpu->llbit ? 1 : 0);
	default:
		return *field(cpu, &d);
	}
}

/* Side effects that follow a write (old is the value before it). */
static void after_write(struct la64_cpu *cpu, unsigned int num, uint64_t old,
			uint64_t val)
{
	switch (num) {
	case LA_CSR_CRMD:
		cpu->plv = (uint32_t)(cpu->csr.crmd & LA_CRMD_PLV);
		if ((old ^ cpu->csr.crmd) & ~LA_CRMD_IE)
			la64_mmu_flush(cpu);
		break;
	case LA_CSR_ASID:
	case LA_CSR_DMW0:
	case LA_CSR_DMW0 + 1:
	case LA_CSR_DMW0 + 2:
	case LA_CSR_DMW0 + 3:
		if (old != val)
			la64_mmu_flush(cpu);
		break;
	case LA_CSR_TCFG:
		la64_timer_configure(cpu);
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
	struct csr_desc d;
	uint64_t *p, old, wm;

	if (!lookup(num, &d))
		return 0;
	old = la64_csr_read(cpu, num);
	wm = d.wmask & mask;
	if (num == LA_CSR_TICLR) {
		after_write(cpu, num, old, val & wm);
		return old;
	}
	if (num == LA_CSR_TVAL)
		return old;
	p = field(cpu, &d);
	if (num == LA_CSR_ESTAT) {
		/* Only the software interrupt bits are writable. */
		cpu->csr.estat = (cpu->csr.estat & ~wm) | (val & wm);
		return old;
	}
	*p = (*p & ~wm) | (val & wm);
	after_write(cpu, num, old, *p);
	return old;
}

void la64_csr_reset(struct la64_cpu *cpu)
{
	struct la64_csrs *c = &cpu->csr;
	uint32_t index = (uint32_t)c->tmid;

	*c = (struct la64_csrs){ 0 };
	c->crmd = LA_CRMD_DA;
	c->tmid = index;
	c->cpuid = index;
	/* PRCFG1: 8 KS registers, 48 timer bits, VSMAX 7. */
	c->prcfg1 = 8 | (47ULL << 4) | (7ULL << 12);
	c->prcfg2 = 0x3ffff000; /* page sizes 4 KiB to 512 MiB */
	/* PRCFG3: STLB+MTLB, 64 MTLB entries, 8 ways of 256 STLB sets. */
	c->prcfg3 = 2 | (63ULL << 4) | (7ULL << 12) | (8ULL << 16);
	c->stlbps = 0xe;
	cpu->plv = 0;
}
