/* SPDX-License-Identifier: MIT */
/*
 * The guest TLB. Paging is completed with the privileged architecture
 * (issue 3); until then every mapped access misses and takes TLBR, which is
 * what an empty TLB does.
 */
#include "exception.h"
#include "tlb.h"

int la64_tlb_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		       uint64_t *pa)
{
	(void)acc;
	*pa = 0;
	return la64_raise_badv(cpu, LA_ECODE_TLBR, 0, va);
}
