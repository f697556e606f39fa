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
#include "tlb.h"

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

/* PWCL.PTEWidth (Vol1 7.5.7): entries of 8, 16, 24 or 32 bytes. */
static inline uint64_t la64_pte_bytes(const struct la64_cpu *cpu)
{
	return (((cpu->csr.pwctl0 >> 30) & 3) + 1) * 8;
}

#define LA_PTE_HUGE (1ULL << 6)
#define LA_PTE_HGLOBAL (1ULL << 12)
#define LA_PTE_LEVEL_SHIFT 13
#define LA_PTE_LEVEL (3ULL << LA_PTE_LEVEL_SHIFT)

static inline uint64_t la64_pw_index(uint64_t va, unsigned int base,
				     unsigned int width)
{
	if (base >= 64 || width == 0)
		return 0;
	va >>= base;
	return width >= 64 ? va : va & ((1ULL << width) - 1);
}

/*
 * Entry index of the table at physical address table (bits above PALEN
 * and the low 12 bits ignored; the offset is ORed in, as tables are
 * aligned to their size).
 */
static inline uint64_t la64_pw_entry(struct la64_cpu *cpu, uint64_t table,
				     uint64_t index)
{
	table = (table & LA_PA_MASK & ~0xfffULL) |
		((index * la64_pte_bytes(cpu)) & LA_PA_MASK);
	return la64_phys_ld64(cpu, table);
}

/*
 * lddir rd, rj, level (Vol1 4.2.5.1): rj holds the physical base of a
 * directory table (bits above PALEN, as in Linux's 0x9000... table
 * pointers, are ignored); rd receives its entry that maps TLBRBADV at that
 * level. The walk reads physical memory whatever the translation mode.
 * A huge-page entry in rj (bit 6) is passed on; the first lddir it passes
 * records its level in bits [14:13] for ldpte (so an entry loaded by
 * lddir N+1 carries N, and one loaded by lddir 1 carries 0). Levels 0 and
 * above 4 are reserved: rd receives rj.
 */
LA_OP(lddir)
{
	unsigned int level = (unsigned int)i->imm, base, width;
	uint64_t dir = RJ;

	LA_PRIV_CHECK();
	if (level < 1 || level > 4) {
		RD = dir;
		return LA_NEXT;
	}
	if (dir & LA_PTE_HUGE) {
		if (!(dir & LA_PTE_LEVEL))
			dir |= (uint64_t)(level & 3) << LA_PTE_LEVEL_SHIFT;
		RD = dir;
		return LA_NEXT;
	}
	la64_pw_level(cpu, level, &base, &width);
	RD = la64_pw_entry(cpu, dir,
			   la64_pw_index(cpu->csr.tlbrbadv, base, width));
	return LA_NEXT;
}

/*
 * The TLBRELO value of half seq of the huge page entry pte that the
 * directory at level+1 maps (level from bits [14:13], see lddir): each
 * half is half the directory entry's span, HGlobal (bit 12) becomes G
 * (bit 6), and the odd half starts 2^ps further. *ps receives the size.
 */
static inline uint64_t la64_huge_half(const struct la64_cpu *cpu,
				      uint64_t pte, unsigned int seq,
				      unsigned int *ps)
{
	unsigned int level = (unsigned int)((pte & LA_PTE_LEVEL) >>
					    LA_PTE_LEVEL_SHIFT);
	unsigned int base, width;
	uint64_t lo;

	la64_pw_level(cpu, level + 1, &base, &width);
	*ps = base ? base - 1 : 0;
	lo = pte & ~(LA_PTE_HUGE | LA_PTE_LEVEL | LA_PTE_HGLOBAL);
	if (pte & LA_PTE_HGLOBAL)
		lo |= LA_TLBELO_G;
	if (seq && *ps < LA_PALEN)
		lo += 1ULL << *ps;
	return lo;
}

/*
 * ldpte rj, seq (Vol1 4.2.5.2): fills TLBRELO0 (seq 0) or TLBRELO1 (seq 1)
 * with the even or odd page-table entry for TLBRBADV, and TLBREHI.PS with
 * the page size. A huge-page entry from lddir is split into its halves.
 */
LA_OP(ldpte)
{
	unsigned int seq = (unsigned int)i->imm & 1, base, width, ps;
	uint64_t pt = RJ, pte, index;

	LA_PRIV_CHECK();
	if (pt & LA_PTE_HUGE) {
		pte = la64_huge_half(cpu, pt, seq, &ps);
	} else {
		la64_pw_level(cpu, 0, &base, &width);
		ps = base;
		/* The even or odd entry of the pair holding TLBRBADV. */
		index = la64_pw_index(cpu->csr.tlbrbadv, base, width);
		pte = la64_pw_entry(cpu, pt, (index & ~1ULL) | seq);
	}
	if (seq)
		cpu->csr.tlbrelo1 = pte & LA_TLBELO_MASK;
	else
		cpu->csr.tlbrelo0 = pte & LA_TLBELO_MASK;
	cpu->csr.tlbrehi = (cpu->csr.tlbrehi & ~0x3fULL) | (ps & 0x3f);
	return LA_NEXT;
}

/* TLB maintenance, Vol1 4.2.4; the TLB itself is in tlb.c. */
LA_OP(tlbclr)
{
	LA_PRIV_CHECK();
	la64_tlb_clear(cpu, false);
	return LA_NEXT;
}

LA_OP(tlbflush)
{
	LA_PRIV_CHECK();
	la64_tlb_clear(cpu, true);
	return LA_NEXT;
}

LA_OP(tlbsrch)
{
	LA_PRIV_CHECK();
	la64_tlb_search(cpu);
	return LA_NEXT;
}

LA_OP(tlbrd)
{
	LA_PRIV_CHECK();
	la64_tlb_read(cpu);
	return LA_NEXT;
}

LA_OP(tlbwr)
{
	LA_PRIV_CHECK();
	la64_tlb_write(cpu);
	return LA_NEXT;
}

LA_OP(tlbfill)
{
	LA_PRIV_CHECK();
	la64_tlb_fill(cpu);
	return LA_NEXT;
}

/* invtlb op, rj, rk (Vol1 4.2.4.7): ops 0-6 exist, others are INE. */
LA_OP(invtlb)
{
	LA_PRIV_CHECK();
	if (!la64_tlb_invalidate(cpu, i->rd, RJ, RK))
		return la64_raise(cpu, LA_ECODE_INE, 0);
	return LA_NEXT;
}

#endif /* LOONGVM_CPU_LA64_EXEC_TLB_H */
