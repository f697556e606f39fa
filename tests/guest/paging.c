/* SPDX-License-Identifier: MIT */
/*
 * Paging as Linux sets it up with 16 KiB pages (LoongArch Vol1 chapter 5,
 * 4.2.4-4.2.5, 7.5): a 3-level page table walked by a TLB refill handler
 * with lddir/ldpte/tlbfill, DMW windows, the page faults
 * PIL/PIS/PIF/PME/PNR/PPI and ADEF/ADEM (PNX is in tlb_manual.c), huge pages, and the TLB
 * tlbsrch/tlbrd/tlbwr used for ASIDs (tlb_insn.c has the rest).
 *
 * The low 1 GiB is identity-mapped by global 32 MiB huge pages, so the code,
 * stack, UART and GED keep working once CRMD.PG is set. Entries written
 * with tlbwr use STLB sets no refill here touches, as tlbfill picks a
 * random way under QEMU.
 */
#include "paging.h"

#define TVA 0x1000000000ULL	/* PGD index 1: pmd1, then pt1 */
#define HUGE_VA (TVA + (1ULL << 25)) /* pmd1[1]: a huge page */
#define HUGE_PA 0x4000000ULL

static uint64_t pmd1[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pt1[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint8_t frames[12][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static uint64_t tva(unsigned int page)
{
	return TVA + (uint64_t)page * PAGE_SIZE;
}

static uint64_t frame(unsigned int k)
{
	return (uint64_t)(uintptr_t)frames[k];
}

/* Sets a PTE and drops what the TLB holds for its page (invtlb op 6). */
static void map(unsigned int page, uint64_t pte)
{
	pt1[page] = pte;
	__asm__ volatile("invtlb 6, %0, %1" ::"r"(csr_read(CSR_ASID)),
			 "r"(tva(page))
			 : "memory");
}

/*
 * Writes the pair of pages even, even + 1 with tlbwr into way 7 of its
 * STLB set: for NR, NX and RPLV, which QEMU 7.2's ldpte drops (see
 * tlb_manual.c). No refill here uses those sets.
 */
static void tlb_set(unsigned int even, uint64_t lo0, uint64_t lo1)
{
	uint64_t set = (tva(even) >> 15) & 0xff;

	tlbwr_at(7 * 256 + set, 14, tva(even), lo0, lo1, false);
}

static void setup(void)
{
	pg_tables_init();
	pgd[1] = DIR_PTR(pmd1);
	fill_table(pmd1, DIR_PTR(inv_pt));
	fill_table(pt1, 0);
	pmd1[0] = DIR_PTR(pt1);
	pmd1[1] = HUGE_PA | PTE_HUGE | PTE_V | PTE_D | PTE_CC;
	pg_csrs_init();
}

/* Loads, stores and a refill through 16 KiB pages. */
static void test_basic(void)
{
	volatile uint64_t *va = (volatile uint64_t *)tva(0);
	uint64_t refills = refill_count;

	map(0, frame(0) | PTE_V | PTE_D | PTE_CC);
	map(1, frame(1) | PTE_V | PTE_D | PTE_CC);
	va[3] = 0x1122334455667788ULL;
	CHECK("refill taken", refill_count - refills, 1);
	CHECK("refill tlbrbadv", refill_badv, tva(0) + 24);
	CHECK("store reaches frame 0", ((uint64_t *)frames[0])[3],
	      0x1122334455667788ULL);
	((volatile uint64_t *)frames[1])[5] = 42;
	CHECK("odd page reads frame 1",
	      ((volatile uint64_t *)tva(1))[5], 42);
	CHECK("pair needs one refill", refill_count - refills, 1);
	CHECK("tlbsrch finds the pair", tlbsrch(tva(1)) >> 31, 0);
	CHECK("page offset", *(volatile uint8_t *)(tva(0) + 24), 0x88);
}

static void test_faults(void)
{
	map(2, 0);
	map(3, frame(3) | PTE_V | PTE_CC); /* D = 0 */
	EXPECT_FAULT("pil", ECODE_PIL, 0, tva(2) + 8, "ld.d $t2, %1, 8",
		     "r"(tva(2)));
	CHECK("pil tlbehi", exc_tlbehi, tva(2) & ~0x1fffULL);
	EXPECT_FAULT("pis", ECODE_PIS, 0, tva(2) + 16, "st.w $zero, %1, 16",
		     "r"(tva(2)));
	EXPECT_FAULT("pme", ECODE_PME, 0, tva(3) + 4, "st.w $zero, %1, 4",
		     "r"(tva(3)));
	((volatile uint32_t *)frames[3])[1] = 7;
	CHECK("d=0 still readable", ((volatile uint32_t *)tva(3))[1], 7);

	tlb_set(4, frame(4) | PTE_V | PTE_D | PTE_CC | PTE_NR,
		frame(5) | PTE_V | PTE_D | PTE_CC | PTE_PLV3 | PTE_RPLV);
	EXPECT_FAULT("pnr", ECODE_PNR, 0, tva(4), "ld.b $t2, %1, 0",
		     "r"(tva(4)));
	*(volatile uint8_t *)tva(4) = 1; /* NR pages stay writable */
	CHECK("nr store", frames[4][0], 1);
	EXPECT_FAULT("ppi rplv", ECODE_PPI, 0, tva(5) + 8, "ld.d $t2, %1, 8",
		     "r"(tva(5)));
	tlb_set(4, frame(4) | PTE_V | PTE_D | PTE_CC | PTE_NR,
		frame(5) | PTE_V | PTE_D | PTE_CC | PTE_PLV3);
	((volatile uint64_t *)frames[5])[1] = 9;
	CHECK("plv3 page at plv0", ((volatile uint64_t *)tva(5))[1], 9);
}

/* Fetches: a page holding "ret", executable or invalid (PNX: tlb_manual). */
static void test_fetch(void)
{
	uint32_t *code = (uint32_t *)frames[6];
	uint64_t before;

	code[0] = INSN_RET;
	code[1] = INSN_RET;
	__asm__ volatile("ibar 0" ::: "memory");
	tlb_set(6, frame(6) | PTE_V | PTE_D | PTE_CC, 0);
	map(8, 0);
	before = exc_count;
	call_va(tva(6) + 4);
	CHECK("fetch from a page", exc_count - before, 0);
	EXPECT_FETCH_FAULT("pif", tva(8) + 4, ECODE_PIF, 0);
	CHECK("pif tlbehi", exc_tlbehi, tva(8) & ~0x1fffULL);
	EXPECT_FETCH_FAULT("adef", 0x4000000000000000ULL, ECODE_ADE, 0);
}

/* A 32 MiB huge page from pmd1[1]: two 16 MiB halves in the MTLB. */
static void test_huge(void)
{
	volatile uint64_t *lo = (volatile uint64_t *)(HUGE_VA + 0x1000);
	volatile uint64_t *hi = (volatile uint64_t *)(HUGE_VA + 0x1800008);
	uint64_t idx;

	*lo = 0xabc;
	*hi = 0xdef;
	CHECK("huge even half", *(volatile uint64_t *)(HUGE_PA + 0x1000),
	      0xabc);
	CHECK("huge odd half", *(volatile uint64_t *)(HUGE_PA + 0x1800008),
	      0xdef);
	idx = tlbsrch(HUGE_VA);
	CHECK("huge found", idx >> 31, 0);
	CHECK("huge in mtlb", (idx & 0xfff) >= 2048, 1);
	csr_write(CSR_TLBIDX, idx);
	__asm__ volatile("tlbrd" ::: "memory");
	CHECK("huge ps", (csr_read(CSR_TLBIDX) >> 24) & 0x3f, 24);
	CHECK("huge lo0", csr_read(CSR_TLBELO0) & ~0x7fULL, HUGE_PA);
	CHECK("huge lo1", csr_read(CSR_TLBELO1) & ~0x7fULL,
	      HUGE_PA + (1ULL << 24));
	CHECK("huge flags", csr_read(CSR_TLBELO0) & 0x7f,
	      PTE_V | PTE_D | PTE_CC);
	CHECK("huge ehi", csr_read(CSR_TLBEHI), HUGE_VA);
}

/*
 * Every other ASID in turn, with ASIDs 1 and 2 in between: more address
 * spaces than loongvm keeps contexts for at once. Returns the misreads.
 */
static unsigned int asid_rounds(uint64_t va, uint64_t g_va)
{
	unsigned int a, bad = 0;

	for (a = 3; a < 1024; a++) {
		csr_write(CSR_ASID, a);
		bad += *(volatile uint64_t *)g_va != 0x1111;
		csr_write(CSR_ASID, 1);
		bad += *(volatile uint64_t *)va != 0x99;
		csr_write(CSR_ASID, 2);
		bad += *(volatile uint64_t *)va != 0x1010;
	}
	csr_write(CSR_ASID, 0);
	return bad;
}

/* ASIDs: two entries for one VA, told apart by ASID, and a G page. */
static void test_asid(void)
{
	uint64_t va = 0x3000400000ULL, g_va = 0x3000410000ULL;
	unsigned int set = (unsigned int)(va >> 15) & 0xff;
	unsigned int gset = (unsigned int)(g_va >> 15) & 0xff;

	csr_write(CSR_ASID, 1);
	tlbwr_at(0 * 256 + set, 14, va, frame(9) | PTE_V | PTE_D | PTE_CC,
		 0, false);
	csr_write(CSR_ASID, 2);
	tlbwr_at(1 * 256 + set, 14, va, frame(10) | PTE_V | PTE_D | PTE_CC,
		 0, false);
	tlbwr_at(0 * 256 + gset, 14, g_va,
		 frame(11) | PTE_V | PTE_D | PTE_CC | PTE_G, PTE_G, false);
	((volatile uint64_t *)frames[9])[0] = 0x99;
	((volatile uint64_t *)frames[10])[0] = 0x1010;
	((volatile uint64_t *)frames[11])[0] = 0x1111;
	CHECK("asid 2", *(volatile uint64_t *)va, 0x1010);
	CHECK("asid 2 global", *(volatile uint64_t *)g_va, 0x1111);
	csr_write(CSR_ASID, 1);
	CHECK("asid 1", *(volatile uint64_t *)va, 0x99);
	CHECK("asid 1 global", *(volatile uint64_t *)g_va, 0x1111);
	csr_write(CSR_ASID, 0);
	CHECK("asid 0 global", *(volatile uint64_t *)g_va, 0x1111);
	CHECK("asids 1 and 2 among a thousand others", asid_rounds(va, g_va),
	      0);
	invtlb_all();
}

/* DMW (Vol1 5.2.1): cached 0x9000..., uncached 0x8000..., PLV bits. */
static void test_dmw(void)
{
	uint64_t pa = frame(2) + 0x40;

	*(volatile uint64_t *)(0x9000000000000000ULL | pa) = 0x5a5a;
	CHECK("dmw1 to dmw0", *(volatile uint64_t *)(0x8000000000000000ULL | pa),
	      0x5a5a);
	CHECK("dmw to identity", *(volatile uint64_t *)pa, 0x5a5a);
	/* A window for PLV3 only does not serve PLV0: ADEM. */
	csr_write(CSR_DMW2, 0xa000000000000000ULL | 8);
	EXPECT_FAULT("dmw plv3 only", ECODE_ADE, 1, 0xa000000000000000ULL | pa,
		     "ld.d $t2, %1, 0", "r"(0xa000000000000000ULL | pa));
	csr_write(CSR_DMW2, 0xa000000000000000ULL | 1);
	CHECK("dmw2 plv0", *(volatile uint64_t *)(0xa000000000000000ULL | pa),
	      0x5a5a);
	csr_write(CSR_DMW2, 0);
	EXPECT_FAULT("adem", ECODE_ADE, 1, 0x4000000000000008ULL,
		     "st.d $zero, %1, 8", "r"(0x4000000000000000ULL));
}

/* lddir/ldpte run directly, with TLBRBADV set by hand. */
static void test_walk(void)
{
	uint64_t r;

	pt1[10] = frame(0) | PTE_V | PTE_CC;
	pt1[11] = frame(1) | PTE_V | PTE_D;
	csr_write(CSR_TLBRBADV, tva(11) + 0x18);
	__asm__ volatile("lddir %0, %1, 3" : "=r"(r) : "r"(DIR_PTR(pgd)));
	CHECK("lddir 3", r & PA_MASK, (uint64_t)(uintptr_t)pmd1);
	__asm__ volatile("lddir %0, %1, 1" : "=r"(r) : "r"(r));
	CHECK("lddir 1", r & PA_MASK, (uint64_t)(uintptr_t)pt1);
	__asm__ volatile("ldpte %0, 0\n\tldpte %0, 1" ::"r"(r) : "memory");
	CHECK("ldpte 0", csr_read(CSR_TLBRELO0), frame(0) | PTE_V | PTE_CC);
	CHECK("ldpte 1", csr_read(CSR_TLBRELO1), frame(1) | PTE_V | PTE_D);
	CHECK("ldpte ps", csr_read(CSR_TLBREHI) & 0x3f, 14);

	csr_write(CSR_TLBRBADV, HUGE_VA + 0x1000000 + 0x100);
	__asm__ volatile("lddir %0, %1, 3\n\tlddir %0, %0, 1"
			 : "=&r"(r)
			 : "r"(DIR_PTR(pgd)));
	CHECK("lddir huge", r, pmd1[1]);
	__asm__ volatile("ldpte %0, 0\n\tldpte %0, 1" ::"r"(r) : "memory");
	CHECK("ldpte huge 0", csr_read(CSR_TLBRELO0),
	      HUGE_PA | PTE_V | PTE_D | PTE_CC);
	CHECK("ldpte huge 1", csr_read(CSR_TLBRELO1),
	      (HUGE_PA + (1ULL << 24)) | PTE_V | PTE_D | PTE_CC);
	CHECK("ldpte huge ps", csr_read(CSR_TLBREHI) & 0x3f, 24);
	pt1[10] = 0;
	pt1[11] = 0;
}

/*
 * One address, two translations: in direct-address mode HIGH_VA is high
 * RAM itself, in mapped mode a huge page puts it at HIGH_MAPPED_PA. Each
 * switch of CRMD.DA must change what the same load returns.
 */
#define HIGH_VA 0x90000000ULL	     /* the virt board's high RAM */
#define HIGH_MAPPED_PA 0x8000000ULL /* 128 MiB, in low RAM */

#define HIGH_CODE 0x100 /* "ori $a0, $zero, N; jr $ra" at this offset */

/* Writes the function returning n at pa + HIGH_CODE. */
static void put_ret_fn(uint64_t pa, uint32_t n)
{
	volatile uint32_t *code = (volatile uint32_t *)(pa + HIGH_CODE);

	code[0] = 0x03800004 | n << 10; /* ori $a0, $zero, n */
	code[1] = 0x4c000020;		 /* jirl $zero, $ra, 0 */
}

static uint64_t call_ret_fn(void)
{
	register uint64_t a0 __asm__("$a0");

	__asm__ volatile("jirl $ra, %1, 0"
			 : "=r"(a0)
			 : "r"(HIGH_VA + HIGH_CODE)
			 : "memory", "$r1");
	return a0;
}

static void test_da_and_mapped(void)
{
	volatile uint64_t *p = (volatile uint64_t *)HIGH_VA;

	pmd0[HIGH_VA >> 25] = HIGH_MAPPED_PA | PTE_HUGE | PTE_HGLOBAL | PTE_V |
			      PTE_D | PTE_CC | PTE_P | PTE_W;
	*p = 0xda;
	*(volatile uint64_t *)HIGH_MAPPED_PA = 0x96;
	put_ret_fn(HIGH_VA, 0xda);
	put_ret_fn(HIGH_MAPPED_PA, 0x96);
	__asm__ volatile("ibar 0" ::: "memory");
	CHECK("da: high ram", *p, 0xda);
	CHECK("da: code in high ram", call_ret_fn(), 0xda);
	paging_on();
	CHECK("mapped: the huge page", *p, 0x96);
	CHECK("mapped: code in the huge page", call_ret_fn(), 0x96);
	paging_off();
	CHECK("da again: high ram", *p, 0xda);
	CHECK("da again: code in high ram", call_ret_fn(), 0xda);
	paging_on();
	CHECK("mapped again: the huge page", *p, 0x96);
	CHECK("mapped again: code in the huge page", call_ret_fn(), 0x96);
	paging_off();
}

int main(void)
{
	exc_install();
	setup();
	test_walk();
	test_da_and_mapped();
	paging_on();
	test_basic();
	test_faults();
	test_fetch();
	test_huge();
	test_asid();
	test_dmw();
	paging_off();
	CHECK("da again", csr_read(CSR_CRMD) & 0x18, 0x8);
	return test_done("paging");
}
