/* SPDX-License-Identifier: MIT */
/*
 * The TLB instructions in direct-address mode, where no refill runs
 * (LoongArch Vol1 4.2.4): tlbwr/tlbrd/tlbsrch round trips in the STLB
 * (index = way * 256 + set, set = va[22:15] for 16 KiB pages) and the
 * MTLB (2048 + n), reading an empty entry, TLBIDX.NE on write, G,
 * tlbclr, tlbflush and every invtlb op (7 and up are INE). tlbrd's
 * effect on CSR.ASID and the two-halves G rule are in tlb_manual.c, as
 * QEMU 7.2 departs from the manual there. CSR.ASID is set before each
 * search for the same reason.
 */
#include "paging.h"

#define VA_S 0x3000400000ULL /* STLB set 0x80 with STLBPS = 14 */
#define SET_S 0x80
#define MTLB(n) (2048 + (n))
#define LO(pa) ((pa) | PTE_V | PTE_D | PTE_CC)

static void test_roundtrip(void)
{
	uint64_t lo0 = 0x12340000ULL | 0x1f | PTE_NX;
	uint64_t lo1 = 0x56780000ULL | PTE_V | PTE_NR | PTE_RPLV;
	uint64_t idx = 3 * 256 + SET_S;

	invtlb_all();
	CHECK("empty read ne", tlbrd_at(MTLB(7)), 1ULL << 31 | MTLB(7));
	CHECK("empty read ehi", csr_read(CSR_TLBEHI), 0);
	CHECK("empty read lo0", csr_read(CSR_TLBELO0), 0);
	CHECK("empty read lo1", csr_read(CSR_TLBELO1), 0);

	csr_write(CSR_ASID, 5);
	tlbwr_at(idx, 14, VA_S, lo0, lo1, false);
	csr_write(CSR_ASID, 9);
	csr_write(CSR_TLBEHI, 0);
	CHECK("tlbrd idx", tlbrd_at(idx), 14ULL << 24 | idx);
	CHECK("tlbrd ehi", csr_read(CSR_TLBEHI), VA_S);
	CHECK("tlbrd lo0", csr_read(CSR_TLBELO0), lo0);
	CHECK("tlbrd lo1", csr_read(CSR_TLBELO1), lo1);
	csr_write(CSR_ASID, 5);
	CHECK("search even", tlbsrch(VA_S), 14ULL << 24 | idx);
	CHECK("search odd", tlbsrch(VA_S + 0x4000 + 0x123), 14ULL << 24 | idx);
	CHECK("search next pair", tlbsrch(VA_S + 0x8000) >> 31, 1);
	csr_write(CSR_ASID, 6);
	CHECK("search other asid", tlbsrch(VA_S) >> 31, 1);

	/* A global entry matches under any ASID. */
	tlbwr_at(idx, 14, VA_S, LO(0x10000) | PTE_G, LO(0x14000) | PTE_G,
		 false);
	csr_write(CSR_ASID, 7);
	CHECK("g: any asid", tlbsrch(VA_S) & 0xfff, idx);
	tlbrd_at(idx);
	CHECK("g read lo0", csr_read(CSR_TLBELO0), LO(0x10000) | PTE_G);
	CHECK("g read lo1", csr_read(CSR_TLBELO1), LO(0x14000) | PTE_G);

	/* NE = 1 writes an empty entry. */
	tlbwr_at(idx, 14, VA_S, LO(0), LO(0), true);
	CHECK("ne write", tlb_present(idx), 0);

	/* A 2 MiB MTLB entry. */
	tlbwr_at(MTLB(10), 21, 0x5000000000ULL, LO(0x200000), LO(0x400000),
		 false);
	CHECK("mtlb search", tlbsrch(0x5000000000ULL + 0x3fff00),
	      21ULL << 24 | MTLB(10));
	CHECK("mtlb odd", tlbsrch(0x5000000000ULL + 0x200000) & 0xfff,
	      MTLB(10));
	CHECK("mtlb past", tlbsrch(0x5000000000ULL + 0x400000) >> 31, 1);
	CHECK("mtlb ps", (tlbrd_at(MTLB(10)) >> 24) & 0x3f, 21);
	invtlb_all();
}

/* tlbclr and tlbflush on one STLB set and on the MTLB (Vol1 4.2.4.5-6). */
static void test_clr_flush(void)
{
	csr_write(CSR_ASID, 5);
	tlbwr_at(0 * 256 + SET_S, 14, VA_S, LO(0), LO(0), false);
	tlbwr_at(1 * 256 + SET_S, 14, VA_S + 0x10000, LO(0) | PTE_G,
		 LO(0) | PTE_G, false);
	tlbwr_at(2 * 256 + SET_S + 1, 14, VA_S + 0x8000, LO(0), LO(0), false);
	tlbwr_at(MTLB(0), 21, 0x5000000000ULL, LO(0), LO(0), false);
	csr_write(CSR_ASID, 6);
	tlbwr_at(MTLB(1), 21, 0x5000400000ULL, LO(0), LO(0), false);
	csr_write(CSR_ASID, 5);

	csr_write(CSR_ASID, 5);
	csr_write(CSR_TLBIDX, 7 * 256 + SET_S);
	__asm__ volatile("tlbclr" ::: "memory");
	CHECK("tlbclr asid entry", tlb_present(0 * 256 + SET_S), 0);
	CHECK("tlbclr keeps g", tlb_present(1 * 256 + SET_S), 1);
	CHECK("tlbclr keeps other set", tlb_present(2 * 256 + SET_S + 1), 1);
	CHECK("tlbclr keeps mtlb", tlb_present(MTLB(0)), 1);
	csr_write(CSR_ASID, 5);
	csr_write(CSR_TLBIDX, MTLB(40));
	__asm__ volatile("tlbclr" ::: "memory");
	CHECK("tlbclr mtlb asid", tlb_present(MTLB(0)), 0);
	CHECK("tlbclr mtlb other asid", tlb_present(MTLB(1)), 1);
	csr_write(CSR_TLBIDX, SET_S);
	__asm__ volatile("tlbflush" ::: "memory");
	CHECK("tlbflush set", tlb_present(1 * 256 + SET_S), 0);
	CHECK("tlbflush keeps other set", tlb_present(2 * 256 + SET_S + 1),
	      1);
	csr_write(CSR_TLBIDX, MTLB(0));
	__asm__ volatile("tlbflush" ::: "memory");
	CHECK("tlbflush mtlb", tlb_present(MTLB(1)), 0);
	CHECK("tlbflush keeps stlb", tlb_present(2 * 256 + SET_S + 1), 1);
	invtlb_all();
}

/*
 * Four MTLB entries: 0 global at VA1, 1 ASID 1 at VA2, 2 ASID 2 at VA3,
 * 3 ASID 1 at VA4. Returns which survive invtlb op as bits 0-3.
 */
#define VA(n) (0x7000000000ULL + (uint64_t)(n) * 0x800000)

static void inv_setup(void)
{
	invtlb_all();
	csr_write(CSR_ASID, 1);
	tlbwr_at(MTLB(20), 21, VA(1), LO(0) | PTE_G, LO(0) | PTE_G, false);
	tlbwr_at(MTLB(21), 21, VA(2), LO(0), LO(0), false);
	tlbwr_at(MTLB(23), 21, VA(4), LO(0), LO(0), false);
	csr_write(CSR_ASID, 2);
	tlbwr_at(MTLB(22), 21, VA(3), LO(0), LO(0), false);
	csr_write(CSR_ASID, 3);
}

static unsigned int inv_left(void)
{
	unsigned int k, m = 0;

	for (k = 0; k < 4; k++)
		m |= (unsigned int)tlb_present(MTLB(20 + k)) << k;
	return m;
}

#define INV(op, asid, va)                                                  \
	__asm__ volatile("invtlb " #op ", %0, %1" ::"r"(asid), "r"(va)     \
			 : "memory")

static void test_invtlb(void)
{
	inv_setup();
	INV(0, 0UL, 0UL);
	CHECK("invtlb 0", inv_left(), 0);
	inv_setup();
	INV(1, 0UL, 0UL);
	CHECK("invtlb 1", inv_left(), 0);
	inv_setup();
	INV(2, 0UL, 0UL);
	CHECK("invtlb 2", inv_left(), 0xe);
	inv_setup();
	INV(3, 0UL, 0UL);
	CHECK("invtlb 3", inv_left(), 0x1);
	inv_setup();
	INV(4, 1UL, 0UL);
	CHECK("invtlb 4", inv_left(), 0x5);
	inv_setup();
	INV(5, 1UL, VA(2) + 0x300000);
	CHECK("invtlb 5", inv_left(), 0xd);
	inv_setup();
	INV(5, 1UL, VA(1));
	CHECK("invtlb 5 spares g", inv_left(), 0xf);
	inv_setup();
	INV(6, 2UL, VA(1) + 0x10);
	CHECK("invtlb 6 g", inv_left(), 0xe);
	inv_setup();
	INV(6, 2UL, VA(3));
	CHECK("invtlb 6 asid", inv_left(), 0xb);
	inv_setup();
	INV(6, 1UL, VA(3));
	CHECK("invtlb 6 other asid", inv_left(), 0xf);
	/* tlbsrch agrees: with ASID 1, VA2 is found until op 5 drops it. */
	csr_write(CSR_ASID, 1);
	CHECK("search before", tlbsrch(VA(2)) & 0xfff, MTLB(21));
	INV(5, 1UL, VA(2));
	CHECK("search after", tlbsrch(VA(2)) >> 31, 1);
	EXPECT_FAULT("invtlb 7", ECODE_INE, 0, exc_badv, "invtlb 7, $zero, $zero",
		     "i"(0));
	EXPECT_FAULT("invtlb 31", ECODE_INE, 0, exc_badv,
		     "invtlb 31, $zero, $zero", "i"(0));
	invtlb_all();
}

int main(void)
{
	exc_install();
	pg_tables_init();
	pg_csrs_init();
	test_roundtrip();
	test_clr_flush();
	test_invtlb();
	csr_write(CSR_ASID, 0);
	return test_done("tlb_insn");
}
