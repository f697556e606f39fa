/* SPDX-License-Identifier: MIT */
/*
 * The memory-bound kernel with TLB pressure: paging on (16 KiB pages,
 * Linux's 3-level layout and refill handler, tests/guest/paging.h), a
 * 64 MiB region of 4096 pages touched in a random order, so that almost
 * every access misses the 2048-entry STLB and goes through a refill.
 */
#include "bench.h"
#include "../../tests/guest/paging.h"

#define REGION_VA 0x40000000ULL /* pmd0 entry 32 onwards */
#define REGION_PA 0x8000000ULL	/* 128 MiB, inside low RAM */
#define PAGES 4096
#define ACCESSES 1600000

static uint64_t pts[2][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static void map_region(void)
{
	uint64_t i, pa;

	for (i = 0; i < PAGES; i++) {
		pa = REGION_PA + i * PAGE_SIZE;
		pts[i / PT_ENTRIES][i % PT_ENTRIES] =
			pa | PTE_V | PTE_D | PTE_CC | PTE_P | PTE_W;
	}
	pmd0[32] = DIR_PTR(pts[0]);
	pmd0[33] = DIR_PTR(pts[1]);
}

static uint64_t walk(void)
{
	volatile uint64_t *base = (volatile uint64_t *)REGION_VA;
	uint64_t seed = 99, sum = 0, i, page, off;

	for (i = 0; i < ACCESSES; i++) {
		page = bench_rand(&seed) % PAGES;
		off = (i * 8) % PAGE_SIZE / 8;
		sum += base[page * (PAGE_SIZE / 8) + off];
		base[page * (PAGE_SIZE / 8) + off] = sum ^ i;
	}
	return sum;
}

int main(void)
{
	uint64_t t0, sum;

	pg_tables_init();
	map_region();
	exc_install();
	pg_csrs_init();
	paging_on();
	t0 = bench_now();
	sum = walk();
	t0 = bench_now() - t0;
	paging_off();
	bench_report("mem_tlb", sum, t0);
	test_exit(0);
}
