/* SPDX-License-Identifier: MIT */
/*
 * TLB behaviour that QEMU 7.2 does not follow (listed in
 * tests/diff-skip.txt): tlbrd loads CSR.ASID from the entry and leaves it
 * alone for an empty entry (Vol1 4.2.4.2, 7.5.4); an entry is global only
 * if both TLBELO0.G and TLBELO1.G are set, and tlbrd then sets both
 * (Vol1 7.5.3); the page checks come in the manual's order, PLV before
 * NR (Vol1 5.4.4); RVACFG.RDVA narrows the legal addresses (Vol1 5.2.4);
 * bits [63:47] of a mapped address must be equal (Vol1 5.2); ldpte
 * keeps NR/NX/RPLV and drops the PTE's P/W bits, which TLBRELO does not
 * have (Vol1 7.5.3, 7.5.17); a huge entry passed through lddir records its
 * level and HGlobal becomes G (Vol1 4.2.5, 5.4.6).
 */
#include "paging.h"

#define VA_S 0x3000400000ULL
#define IDX (3 * 256 + 0x80)
#define LO(pa) ((pa) | PTE_V | PTE_D | PTE_CC)

static uint8_t page[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static void test_tlbrd_asid(void)
{
	invtlb_all();
	csr_write(CSR_ASID, 5);
	tlbwr_at(IDX, 14, VA_S, LO(0), LO(0), false);
	csr_write(CSR_ASID, 9);
	tlbrd_at(IDX);
	CHECK("tlbrd sets asid", csr_read(CSR_ASID) & 0x3ff, 5);
	csr_write(CSR_ASID, 9);
	tlbrd_at(2048 + 3);
	CHECK("empty tlbrd keeps asid", csr_read(CSR_ASID) & 0x3ff, 9);
}

static void test_g_rule(void)
{
	csr_write(CSR_ASID, 6);
	tlbwr_at(IDX, 14, VA_S, LO(0x10000) | PTE_G, LO(0x14000), false);
	csr_write(CSR_ASID, 7);
	CHECK("one g: not global", tlbsrch(VA_S) >> 31, 1);
	tlbrd_at(IDX);
	CHECK("one g: lo0 reads g=0", csr_read(CSR_TLBELO0) & PTE_G, 0);
	csr_write(CSR_ASID, 6);
	tlbwr_at(IDX, 14, VA_S, LO(0x10000), LO(0x14000) | PTE_G, false);
	csr_write(CSR_ASID, 7);
	CHECK("odd g only: not global", tlbsrch(VA_S) >> 31, 1);
	invtlb_all();
}

/* An NR page of PLV0 read at PLV0 with RPLV=1, PLV=3: PPI, not PNR. */
static void test_order(void)
{
	uint64_t pa = (uint64_t)(uintptr_t)page[0];
	unsigned int set = (unsigned int)(VA_S >> 15) & 0xff;

	csr_write(CSR_ASID, 0);
	tlbwr_at(set, 14, VA_S,
		 pa | PTE_V | PTE_D | PTE_PLV3 | PTE_RPLV | PTE_NR, 0, false);
	paging_on();
	EXPECT_FAULT("ppi before pnr", ECODE_PPI, 0, VA_S, "ld.d $t2, %1, 0",
		     "r"(VA_S));
	paging_off();
	invtlb_all();
}

static void test_va_range(void)
{
	paging_on();
	/* Bit 47 set, bits 63:48 clear: not a legal mapped address. */
	EXPECT_FAULT("va bit 47", ECODE_ADE, 1, 0x0000800000000000ULL,
		     "ld.d $t2, %1, 0", "r"(0x0000800000000000ULL));
	/* RDVA = 8 leaves 40 bits: bit 40 set is illegal. */
	csr_write(CSR_RVACFG, 8);
	EXPECT_FAULT("rdva 8", ECODE_ADE, 1, 0x0000010000000000ULL,
		     "ld.d $t2, %1, 0", "r"(0x0000010000000000ULL));
	csr_write(CSR_RVACFG, 0);
	paging_off();
}

static uint64_t pt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static void test_walk_bits(void)
{
	uint64_t huge = 0x4000000ULL | PTE_HUGE | PTE_V | PTE_D | PTE_CC, r;

	pt[2] = 0x8000ULL | PTE_V | PTE_CC | PTE_P | PTE_W | PTE_NR;
	pt[3] = 0xc000ULL | PTE_V | PTE_D | PTE_NX | PTE_RPLV;
	csr_write(CSR_TLBRBADV, 2 * PAGE_SIZE);
	__asm__ volatile("ldpte %0, 0\n\tldpte %0, 1" ::"r"(DIR_PTR(pt))
			 : "memory");
	CHECK("ldpte nr, no p/w", csr_read(CSR_TLBRELO0),
	      0x8000ULL | PTE_V | PTE_CC | PTE_NR);
	CHECK("ldpte nx rplv", csr_read(CSR_TLBRELO1),
	      0xc000ULL | PTE_V | PTE_D | PTE_NX | PTE_RPLV);
	__asm__ volatile("lddir %0, %1, 1" : "=r"(r) : "r"(huge));
	CHECK("lddir huge level", r, huge | (1ULL << 13));
	r = huge | PTE_HGLOBAL;
	__asm__ volatile("ldpte %0, 0" ::"r"(r) : "memory");
	CHECK("hglobal to g", csr_read(CSR_TLBRELO0),
	      0x4000000ULL | PTE_V | PTE_D | PTE_CC | PTE_G);
}

/* NX on a fetch: PNX (Vol1 5.4.4); QEMU 7.2 runs the code. */
static void test_pnx(void)
{
	uint32_t *code = (uint32_t *)page[1];
	uint64_t va = VA_S + PAGE_SIZE;
	unsigned int set = (unsigned int)(VA_S >> 15) & 0xff;

	code[0] = INSN_RET;
	__asm__ volatile("ibar 0" ::: "memory");
	csr_write(CSR_ASID, 0);
	tlbwr_at(set, 14, VA_S, 0,
		 (uint64_t)(uintptr_t)page[1] | PTE_V | PTE_CC | PTE_NX,
		 false);
	paging_on();
	EXPECT_FETCH_FAULT("pnx", va, ECODE_PNX, 0);
	/* A page fault records VPPN in TLBEHI (Vol1 7.5.2). */
	CHECK("pnx tlbehi", exc_tlbehi, va & ~0x1fffULL);
	paging_off();
	invtlb_all();
}

int main(void)
{
	exc_install();
	pg_tables_init();
	pg_csrs_init();
	test_tlbrd_asid();
	test_g_rule();
	test_order();
	test_va_range();
	test_walk_bits();
	test_pnx();
	return test_done("tlb_manual");
}
