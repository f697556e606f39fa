/* SPDX-License-Identifier: MIT */
/*
 * Handlers for TLB maintenance and the page-walk helpers: tlbsrch, tlbrd,
 * tlbwr, tlbfill, tlbclr, tlbflush, invtlb, lddir and ldpte (ops/priv.def,
 * LoongArch Vol1 4.2.4-4.2.5). Included once, by exec.c, after
 * exec_priv.h, whose LA_PRIV_CHECK they use.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_TLB_H
#define LOONGVM_CPU_LA64_EXEC_TLB_H

#include "exec.h"
#include "mmu.h"
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

#endif /* LOONGVM_CPU_LA64_EXEC_TLB_H */
