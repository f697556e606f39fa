/* SPDX-License-Identifier: MIT */
/*
 * Handlers for privileged instructions: CSRs, IOCSR, TLB maintenance, ertn, idle and hvcl
 * (ops/priv.def). Included once, by exec.c.
 *
 * Every one of them is privileged (Vol1 4.2): at PLV1-3 it raises the
 * instruction privilege error, IPE. What LVZ does not run in the guest
 * context (software-kept CSRs, IOCSR, idle, cacop) leaves to the
 * hypervisor as a GSPR trap, with the pc still on the instruction.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_PRIV_H
#define LOONGVM_CPU_LA64_EXEC_PRIV_H

#include "exec.h"
#include "mmu.h"

#define LA_PRIV_CHECK()                                                    \
	do {                                                               \
		if (la64_unlikely(cpu->plv != 0))                          \
			return la64_raise(cpu, LA_ECODE_IPE, 0);           \
	} while (0)

/* The trap LVZ takes for what the guest context cannot do itself. */
static inline int la64_gspr(struct la64_cpu *cpu, const struct la64_insn *i)
{
	return la64_exit_to_hv(cpu, LA_EXIT_GSPR, 0, i->raw);
}

/*
 * csrrd / csrwr / csrxchg (Vol1 4.2.1). rd may be $zero: it then reads as
 * 0 and is not written (these ops are not LA_F_WRD, since rd is read too).
 * csrwr stores rd's old value and returns the CSR's old value in rd;
 * csrxchg writes only the bits selected by the mask in rj.
 */
LA_OP(csrrd)
{
	LA_PRIV_CHECK();
	if (!la64_csr_is_hw((unsigned int)i->imm))
		return la64_gspr(cpu, i);
	if (i->rd)
		RD = la64_csr_read(cpu, (unsigned int)i->imm);
	return LA_NEXT;
}

LA_OP(csrwr)
{
	uint64_t old;

	LA_PRIV_CHECK();
	if (!la64_csr_is_hw((unsigned int)i->imm))
		return la64_gspr(cpu, i);
	old = la64_csr_write(cpu, (unsigned int)i->imm, RD, ~0ULL);
	if (i->rd)
		RD = old;
	return LA_NEXT;
}

LA_OP(csrxchg)
{
	uint64_t old;

	LA_PRIV_CHECK();
	if (!la64_csr_is_hw((unsigned int)i->imm))
		return la64_gspr(cpu, i);
	old = la64_csr_write(cpu, (unsigned int)i->imm, RD, RJ);
	if (i->rd)
		RD = old;
	return LA_NEXT;
}

/*
 * cacop (Vol1 4.2.2): the caches are not modelled, and under LVZ the
 * hypervisor handles the trap (kvm/exit.c treats it as a no-op).
 */
LA_OP(cacop)
{
	LA_PRIV_CHECK();
	return la64_gspr(cpu, i);
}

/*
 * The page-walk fields of PWCL (PWCTL0) and PWCH (PWCTL1), Vol1 7.5.7-8:
 * the base (lowest VA bit) and width of the index at each level.
 */
static inline void la64_pw_level(const struct la64_cpu *cpu,
				 unsigned int level, unsigned int *base,
				 unsigned int *width)
{
	uint64_t l = cpu->csr.pwctl0, h = cpu->csr.pwctl1;

	switch (level) {
	case 0: /* the last level, PT */
		*base = (unsigned int)(l & 0x1f);
		*width = (unsigned int)((l >> 5) & 0x1f);
		break;
	case 1:
		*base = (unsigned int)((l >> 10) & 0x1f);
		*width = (unsigned int)((l >> 15) & 0x1f);
		break;
	case 2:
		*base = (unsigned int)((l >> 20) & 0x1f);
		*width = (unsigned int)((l >> 25) & 0x1f);
		break;
	case 3:
		*base = (unsigned int)(h & 0x3f);
		*width = (unsigned int)((h >> 6) & 0x3f);
		break;
	default:
		*base = (unsigned int)((h >> 12) & 0x3f);
		*width = (unsigned int)((h >> 18) & 0x3f);
		break;
	}
}

/* PWCL.PTEWidth: 0 for 64-bit entries, 1/2/3 for 128/192/256-bit ones. */
static inline unsigned int la64_pte_shift(const struct la64_cpu *cpu)
{
	return (unsigned int)(((cpu->csr.pwctl0 >> 30) & 3) + 1) * 3;
}

#define LA_PTE_HUGE (1ULL << 6)
#define LA_PTE_HGLOBAL (1ULL << 12)
#define LA_PTE_LEVEL_SHIFT 13
#define LA_PTE_LEVEL (3ULL << LA_PTE_LEVEL_SHIFT)
#define LA_TLBIDX_NE (1ULL << 31)
#define LA_TLBIDX_PS (0x3fULL << 24)

static inline uint64_t la64_pw_index(uint64_t va, unsigned int base,
				     unsigned int width)
{
	if (base >= 64 || width == 0)
		return 0;
	va >>= base;
	return width >= 64 ? va : va & ((1ULL << width) - 1);
}

/*
 * lddir rd, rj, level (Vol1 4.2.5.1): rj holds the physical base of a
 * directory table; rd receives its entry that maps TLBRBADV at that
 * level. When rj is a huge-page entry (bit 6) it is passed on, with the
 * level recorded in bits [14:13] for ldpte. The refill handler runs in
 * direct-address mode, so the table is read through the ordinary load
 * path, where VA = PA.
 */
LA_OP(lddir)
{
	unsigned int level = (unsigned int)i->imm, base, width;
	uint64_t dir = RJ & LA_PA_MASK, val;
	int st;

	LA_PRIV_CHECK();
	if (level < 1 || level > 4)
		return LA_NEXT; /* reserved levels: no architectural effect */
	if (dir & LA_PTE_HUGE) {
		RD = (dir & ~LA_PTE_LEVEL) |
		     ((uint64_t)level << LA_PTE_LEVEL_SHIFT);
		return LA_NEXT;
	}
	la64_pw_level(cpu, level, &base, &width);
	dir = (dir & ~0xfffULL) |
	      (la64_pw_index(cpu->csr.tlbrbadv, base, width)
	       << la64_pte_shift(cpu));
	st = la64_ld64(cpu, dir, &val, i->raw);
	if (st != LA_NEXT)
		return st;
	RD = val & LA_PA_MASK;
	return LA_NEXT;
}

/*
 * ldpte rj, seq (Vol1 4.2.5.2): fills TLBRELO0 (seq 0) or TLBRELO1 (seq 1)
 * with the even or odd page-table entry for TLBRBADV, and TLBREHI.PS with
 * the page size. For a huge-page entry from lddir the two halves of the
 * huge page are synthesised from it, and its HGlobal bit becomes G.
 */
LA_OP(ldpte)
{
	unsigned int seq = (unsigned int)i->imm & 1, base, width, ps;
	uint64_t pt = RJ & LA_PA_MASK, pte;
	int st;

	LA_PRIV_CHECK();
	if (pt & LA_PTE_HUGE) {
		la64_pw_level(cpu,
			      (unsigned int)((pt & LA_PTE_LEVEL) >>
					     LA_PTE_LEVEL_SHIFT),
			      &base, &width);
		ps = base ? base - 1 : 0;
		pte = pt & ~(LA_PTE_HUGE | LA_PTE_LEVEL | LA_PTE_HGLOBAL);
		if (pt & LA_PTE_HGLOBAL)
			pte |= LA_PTE_HUGE; /* bit 6 is G in a TLB entry */
		if (seq && ps < 64)
			pte += 1ULL << ps;
	} else {
		unsigned int shift = la64_pte_shift(cpu);
		uint64_t index;

		la64_pw_level(cpu, 0, &base, &width);
		ps = base;
		index = (la64_pw_index(cpu->csr.tlbrbadv, base, width) & ~1ULL) |
			seq;
		st = la64_ld64(cpu, (pt & ~0xfffULL) | (index << shift), &pte,
			       i->raw);
		if (st != LA_NEXT)
			return st;
	}
	if (seq)
		cpu->csr.tlbrelo1 = pte & 0xe000fffffffff07fULL;
	else
		cpu->csr.tlbrelo0 = pte & 0xe000fffffffff07fULL;
	cpu->csr.tlbrehi = (cpu->csr.tlbrehi & ~0x3fULL) | (ps & 0x3f);
	return LA_NEXT;
}

/* iocsrrd.* / iocsrwr.* (Vol1 4.2.3): IOCSR space is the hypervisor's. */
#define LA_IOCSR_OP(name)                                                  \
	LA_OP(name)                                                        \
	{                                                                  \
		LA_PRIV_CHECK();                                           \
		return la64_gspr(cpu, i);                                  \
	}

LA_IOCSR_OP(iocsrrd_b)
LA_IOCSR_OP(iocsrrd_h)
LA_IOCSR_OP(iocsrrd_w)
LA_IOCSR_OP(iocsrrd_d)
LA_IOCSR_OP(iocsrwr_b)
LA_IOCSR_OP(iocsrwr_h)
LA_IOCSR_OP(iocsrwr_w)
LA_IOCSR_OP(iocsrwr_d)

#undef LA_IOCSR_OP

/*
 * TLB maintenance (Vol1 4.2.4). The guest TLB is not modelled yet: every
 * translation outside DA and DMW misses, so the TLB is always empty. The
 * versions below are what an empty TLB does: nothing is ever found or
 * read back, and writes, clears and invalidations leave it empty. Each
 * drops the software TLB so that a later real TLB starts coherent.
 */
LA_OP(tlbclr)
{
	LA_PRIV_CHECK();
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

LA_OP(tlbflush)
{
	LA_PRIV_CHECK();
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

/* tlbsrch: no entry matches, so TLBIDX.NE is set (Vol1 4.2.4.1). */
LA_OP(tlbsrch)
{
	LA_PRIV_CHECK();
	cpu->csr.tlbidx |= LA_TLBIDX_NE;
	return LA_NEXT;
}

/*
 * tlbrd of an invalid entry (Vol1 4.2.4.2): TLBIDX.NE is set and TLBEHI,
 * TLBELO0/1, TLBIDX.PS and ASID.ASID read back as 0.
 */
LA_OP(tlbrd)
{
	LA_PRIV_CHECK();
	cpu->csr.tlbidx = (cpu->csr.tlbidx & ~LA_TLBIDX_PS) | LA_TLBIDX_NE;
	cpu->csr.tlbehi = 0;
	cpu->csr.tlbelo0 = 0;
	cpu->csr.tlbelo1 = 0;
	cpu->csr.asid &= ~0x3ffULL;
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

LA_OP(tlbwr)
{
	LA_PRIV_CHECK();
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

LA_OP(tlbfill)
{
	LA_PRIV_CHECK();
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

/* invtlb op, rj, rk (Vol1 4.2.4.7): ops 0-6 exist, others are INE. */
LA_OP(invtlb)
{
	LA_PRIV_CHECK();
	if (i->rd > 6)
		return la64_raise(cpu, LA_ECODE_INE, 0);
	la64_mmu_flush(cpu);
	return LA_NEXT;
}

#define LA_LLBCTL_KLO (1ULL << 2)
#define LA_TLBRERA_ISTLBR 1ULL

/*
 * ertn (Vol1 4.2.6.1, 6.2.3): returns from an exception. After a TLB
 * refill (TLBRERA.IsTLBR) PLV/IE come from TLBRPRMD, the pc from TLBRERA,
 * and mapped mode is restored (CRMD.DA = 0, PG = 1); otherwise PLV/IE
 * come from PRMD and the pc from ERA. The LLbit is cleared unless
 * LLBCTL.KLO is set, in which case KLO is cleared instead (Vol1 7.4.16).
 * The CRMD write keeps cpu->plv in step and flushes the software TLB when
 * PLV or the translation mode changes.
 */
LA_OP(ertn)
{
	uint64_t crmd = cpu->csr.crmd & ~(LA_CRMD_PLV | LA_CRMD_IE), target;

	LA_PRIV_CHECK();
	if (cpu->csr.tlbrera & LA_TLBRERA_ISTLBR) {
		crmd |= cpu->csr.tlbrprmd & (LA_PRMD_PPLV | LA_PRMD_PIE);
		crmd = (crmd & ~LA_CRMD_DA) | LA_CRMD_PG;
		target = cpu->csr.tlbrera & ~3ULL;
		cpu->csr.tlbrera &= ~LA_TLBRERA_ISTLBR;
	} else {
		crmd |= cpu->csr.prmd & (LA_PRMD_PPLV | LA_PRMD_PIE);
		target = cpu->csr.era;
	}
	if (cpu->csr.llbctl & LA_LLBCTL_KLO)
		cpu->csr.llbctl &= ~LA_LLBCTL_KLO;
	else
		cpu->llbit = false;
	la64_csr_write(cpu, LA_CSR_CRMD, crmd, ~0ULL);
	return la64_jump(cpu, target);
}

/* idle (Vol1 4.2.6.2): LVZ traps it and the hypervisor waits for an IRQ. */
LA_OP(idle)
{
	LA_PRIV_CHECK();
	return la64_gspr(cpu, i);
}

/* hvcl (Vol3, LVZ): the guest kernel's hypercall, to the hypervisor. */
LA_OP(hvcl)
{
	LA_PRIV_CHECK();
	return la64_exit_to_hv(cpu, LA_EXIT_HVC, 0, i->raw);
}

#undef LA_PRIV_CHECK

#endif /* LOONGVM_CPU_LA64_EXEC_PRIV_H */
