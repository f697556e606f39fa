/* SPDX-License-Identifier: MIT */
/*
 * The guest TLB (STLB + MTLB) and its maintenance instructions, LoongArch
 * Vol1 5.4. Stage-1 translation for page-mapped addresses ends here.
 *
 * Index numbering (Vol1 4.2.4.1): STLB way w, set s is index w * 256 + s
 * (0-2047); MTLB entry m is index 2048 + m (2048-2111).
 */
#ifndef LOONGVM_CPU_LA64_TLB_H
#define LOONGVM_CPU_LA64_TLB_H

#include "mmu.h"

/* TLBELO / TLBRELO fields, Vol1 7.5.3. */
#define LA_TLBELO_V (1ULL << 0)
#define LA_TLBELO_D (1ULL << 1)
#define LA_TLBELO_PLV_SHIFT 2
#define LA_TLBELO_G (1ULL << 6)
#define LA_TLBELO_PPN (LA_PA_MASK & ~0xfffULL)
#define LA_TLBELO_NR (1ULL << 61)
#define LA_TLBELO_NX (1ULL << 62)
#define LA_TLBELO_RPLV (1ULL << 63)
#define LA_TLBELO_MASK 0xe000fffffffff07fULL

/* TLBIDX fields, Vol1 7.5.1. */
#define LA_TLBIDX_INDEX 0xffffULL
#define LA_TLBIDX_PS_SHIFT 24
#define LA_TLBIDX_PS (0x3fULL << LA_TLBIDX_PS_SHIFT)
#define LA_TLBIDX_NE (1ULL << 31)

#define LA_TLBRERA_ISTLBR 1ULL
#define LA_ASID_MASK 0x3ffULL

/* Translates a mapped va through the TLB, raising TLBR or a page fault. */
int la64_tlb_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		       uint64_t *pa);

/* Empties the TLB, as at power-on. */
void la64_tlb_reset(struct la64_cpu *cpu);

/* The TLB maintenance instructions, Vol1 4.2.4. */
void la64_tlb_search(struct la64_cpu *cpu);
void la64_tlb_read(struct la64_cpu *cpu);
void la64_tlb_write(struct la64_cpu *cpu);
void la64_tlb_fill(struct la64_cpu *cpu);
/* tlbclr (all == false) and tlbflush (all == true). */
void la64_tlb_clear(struct la64_cpu *cpu, bool all);
/* invtlb op, asid, va; false for an op that does not exist (INE). */
bool la64_tlb_invalidate(struct la64_cpu *cpu, unsigned int op, uint64_t asid,
			 uint64_t va);

#endif /* LOONGVM_CPU_LA64_TLB_H */
