/* SPDX-License-Identifier: MIT */
/*
 * The guest TLB (STLB + MTLB) and its maintenance instructions, LoongArch
 * Vol1 5.4. Stage-1 translation for page-mapped addresses ends here.
 */
#ifndef LOONGVM_CPU_LA64_TLB_H
#define LOONGVM_CPU_LA64_TLB_H

#include "mmu.h"

/* Translates a mapped va through the TLB, raising TLBR or a page fault. */
int la64_tlb_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		       uint64_t *pa);

#endif /* LOONGVM_CPU_LA64_TLB_H */
