/* SPDX-License-Identifier: MIT */
/*
 * Bad guest behaviour must not hurt the host (LoongArch Vol1 4.2.4.3-4
 * leave these undefined): TLB entries with page sizes PRCFG2 does not
 * list (0, 11, 63), an STLBPS of 0 or 63, a directory that points to
 * itself, and a huge entry whose level field selects an absent level.
 * Only what the manual defines is checked; the rest must merely end. The
 * refill handler gives up on an instruction after refill_limit refills.
 */
#include "paging.h"

#define VA_R 0x2000000000ULL /* PGD index 2: the loop table */

static uint64_t loop[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pmd_bad[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static void test_bad_ps(void)
{
	static const uint64_t ps[] = { 0, 11, 30, 63 };
	unsigned int k;

	for (k = 0; k < 4; k++) {
		tlbwr_at(2048 + k, ps[k], VA_R, PTE_V | PTE_D, PTE_V | PTE_D,
			 false);
		tlbsrch(VA_R);
		tlbrd_at(2048 + k);
		csr_write(CSR_TLBIDX, ps[k] << 24);
		__asm__ volatile("tlbfill" ::: "memory");
	}
	csr_write(CSR_STLBPS, 63);
	tlbsrch(VA_R);
	csr_write(CSR_TLBIDX, 63ULL << 24);
	__asm__ volatile("tlbfill" ::: "memory");
	csr_write(CSR_STLBPS, 0);
	tlbsrch(VA_R);
	csr_write(CSR_TLBIDX, 0);
	__asm__ volatile("tlbfill" ::: "memory");
	csr_write(CSR_STLBPS, 14);
	/* Translate with whatever those left, then start clean. */
	refill_limit = refill_count + 50;
	paging_on();
	*(volatile uint64_t *)(VA_R + 0x40);
	paging_off();
	refill_limit = 0;
	invtlb_all();
	CHECK("bad page sizes survived", 1, 1);
}

/*
 * A directory whose every entry points to itself: lddir keeps returning
 * it and ldpte reads the pointer as a PTE with V = 0, so the access takes
 * PIL after one refill.
 */
static void test_loop(void)
{
	uint64_t before = exc_count;

	fill_table(loop, DIR_PTR(loop));
	pgd[2] = DIR_PTR(loop);
	refill_limit = refill_count + 50;
	paging_on();
	EXPECT_FAULT("loop pil", ECODE_PIL, 0, VA_R + 0x88, "ld.d $t2, %1, 8",
		     "r"(VA_R + 0x80));
	paging_off();
	refill_limit = 0;
	CHECK("loop one fault", exc_count - before, 1);
	invtlb_all();
}

/* A huge entry with level 3 (an absent Dir4): whatever it maps, it ends. */
static void test_bad_huge(void)
{
	fill_table(pmd_bad, (0x4000000ULL | PTE_HUGE | PTE_V | PTE_D) |
				    (3ULL << 13));
	pgd[3] = DIR_PTR(pmd_bad);
	refill_limit = refill_count + 50;
	paging_on();
	*(volatile uint64_t *)(0x3000000000ULL + 0x40);
	paging_off();
	refill_limit = 0;
	invtlb_all();
	CHECK("bad huge survived", 1, 1);
}

int main(void)
{
	exc_install();
	pg_tables_init();
	pg_csrs_init();
	test_bad_ps();
	test_loop();
	test_bad_huge();
	return test_done("tlb_robust");
}
