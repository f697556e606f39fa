/* SPDX-License-Identifier: MIT */
/*
 * What the paging guests share (LoongArch Vol1 chapter 5, 4.2.4-4.2.5,
 * 6.2, 7.5): CSR access, the page-table entry bits, a Linux-like 3-level
 * table for 16 KiB pages (PWCL: PT 14/11, Dir1 25/11, Dir2 36/11) whose
 * PGD entry 0 identity-maps the low 1 GiB with global 32 MiB huge pages,
 * a TLB refill handler at TLBRENTRY (lddir/ldpte/tlbfill/ertn, as Linux's)
 * and an exception handler at EENTRY. Include once per guest.
 */
#ifndef LOONGVM_TESTS_GUEST_PAGING_H
#define LOONGVM_TESTS_GUEST_PAGING_H

#include <stdbool.h>

#include "runtime.h"

#define CSR_CRMD 0x0
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_EENTRY 0xc
#define CSR_TLBIDX 0x10
#define CSR_TLBEHI 0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_ASID 0x18
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PWCTL0 0x1c
#define CSR_PWCTL1 0x1d
#define CSR_STLBPS 0x1e
#define CSR_RVACFG 0x1f
#define CSR_TLBRENTRY 0x88
#define CSR_TLBRBADV 0x89
#define CSR_TLBRERA 0x8a
#define CSR_TLBRELO0 0x8c
#define CSR_TLBRELO1 0x8d
#define CSR_TLBREHI 0x8e
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181
#define CSR_DMW2 0x182

#define ECODE_PIL 0x1
#define ECODE_PIS 0x2
#define ECODE_PIF 0x3
#define ECODE_PME 0x4
#define ECODE_PNR 0x5
#define ECODE_PNX 0x6
#define ECODE_PPI 0x7
#define ECODE_ADE 0x8
#define ECODE_INE 0xd

/* Page-table and TLBELO bits (Vol1 5.4.6, 7.5.3). */
#define PTE_V (1ULL << 0)
#define PTE_D (1ULL << 1)
#define PTE_PLV3 (3ULL << 2)
#define PTE_CC (1ULL << 4)
#define PTE_G (1ULL << 6)
#define PTE_HUGE (1ULL << 6)
#define PTE_P (1ULL << 7)
#define PTE_W (1ULL << 8)
#define PTE_HGLOBAL (1ULL << 12)
#define PTE_NR (1ULL << 61)
#define PTE_NX (1ULL << 62)
#define PTE_RPLV (1ULL << 63)

#define PAGE_SIZE 16384
#define PT_ENTRIES 2048
#define PA_MASK ((1ULL << 48) - 1)
/* Directory entries hold 0x9000... pointers, as Linux's do. */
#define DIR_PTR(t) (0x9000000000000000ULL | (uint64_t)(uintptr_t)(t))
#define INSN_RET 0x4c000020U /* jirl $zero, $ra, 0 */

#define csr_read(num)                                                      \
	({                                                                 \
		uint64_t v_;                                               \
		__asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(num));    \
		v_;                                                        \
	})

#define csr_write(num, val)                                                \
	({                                                                 \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrwr %0, %1"                            \
				 : "+r"(v_)                                \
				 : "i"(num)                                \
				 : "memory");                              \
		v_;                                                        \
	})

volatile uint64_t exc_estat, exc_era, exc_badv, exc_tlbehi, exc_count;
volatile uint64_t exc_fixup; /* nonzero: the handler returns there */
volatile uint64_t refill_count, refill_badv;
volatile uint64_t refill_limit; /* nonzero: skip the insn after this many */

/*
 * The general handler (ECFG.VS = 0): records ESTAT, ERA, BADV and TLBEHI
 * and returns past the faulting instruction, or to exc_fixup if set.
 */
__asm__(".text\n"
	".balign 4096\n"
	"exc_entry:\n"
	"	csrwr	$t0, 0x30\n"
	"	csrwr	$t1, 0x31\n"
	"	csrrd	$t0, 0x5\n"
	"	la.pcrel $t1, exc_estat\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x6\n"
	"	la.pcrel $t1, exc_era\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x7\n"
	"	la.pcrel $t1, exc_badv\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x11\n"
	"	la.pcrel $t1, exc_tlbehi\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, exc_count\n"
	"	ld.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 1\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, exc_fixup\n"
	"	ld.d	$t0, $t1, 0\n"
	"	beqz	$t0, 1f\n"
	"	st.d	$zero, $t1, 0\n"
	"	b	2f\n"
	"1:	csrrd	$t0, 0x6\n"
	"	addi.d	$t0, $t0, 4\n"
	"2:	csrwr	$t0, 0x6\n"
	"	csrrd	$t0, 0x30\n"
	"	csrrd	$t1, 0x31\n"
	"	ertn\n");

/*
 * The TLB refill handler (Vol1 6.2.4), Linux's sequence for 3 levels,
 * plus bookkeeping: it counts refills, records TLBRBADV, and once
 * refill_limit refills are exceeded steps TLBRERA past the instruction
 * (so that a guest with a broken table still ends). It runs in direct
 * address mode, so la.pcrel yields physical addresses.
 */
__asm__(".text\n"
	".balign 4096\n"
	"tlbr_entry:\n"
	"	csrwr	$t0, 0x8b\n"
	"	csrwr	$t1, 0x37\n"
	"	la.pcrel $t1, refill_count\n"
	"	ld.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 1\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x89\n"
	"	la.pcrel $t1, refill_badv\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, refill_limit\n"
	"	ld.d	$t0, $t1, 0\n"
	"	beqz	$t0, 1f\n"
	"	la.pcrel $t1, refill_count\n"
	"	ld.d	$t1, $t1, 0\n"
	"	bltu	$t1, $t0, 1f\n"
	"	csrrd	$t0, 0x8a\n"
	"	addi.d	$t0, $t0, 4\n"
	"	csrwr	$t0, 0x8a\n"
	"1:	csrrd	$t1, 0x37\n"
	"	csrrd	$t0, 0x1b\n"
	"	lddir	$t0, $t0, 3\n"
	"	lddir	$t0, $t0, 1\n"
	"	ldpte	$t0, 0\n"
	"	ldpte	$t0, 1\n"
	"	tlbfill\n"
	"	csrrd	$t0, 0x8b\n"
	"	ertn\n");

extern char exc_entry[], tlbr_entry[];

static uint64_t pgd[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t pmd0[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t inv_pmd[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t inv_pt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));

static inline void fill_table(uint64_t *t, uint64_t v)
{
	unsigned int k;

	for (k = 0; k < PT_ENTRIES; k++)
		t[k] = v;
}

/* Empty directories point at empty tables, as Linux's invalid_*_table. */
static inline void pg_tables_init(void)
{
	uint64_t k;

	fill_table(inv_pt, 0);
	fill_table(inv_pmd, DIR_PTR(inv_pt));
	fill_table(pgd, DIR_PTR(inv_pmd));
	fill_table(pmd0, DIR_PTR(inv_pt));
	pgd[0] = DIR_PTR(pmd0);
	for (k = 0; k < 32; k++)
		pmd0[k] = (k << 25) | PTE_HUGE | PTE_HGLOBAL | PTE_V | PTE_D |
			  PTE_CC | PTE_P | PTE_W;
}

static inline void invtlb_all(void)
{
	__asm__ volatile("invtlb 0, $zero, $zero" ::: "memory");
}

/*
 * DMW0/1 as Linux sets them, STLBPS, PGD, TLBRENTRY, and PWCL/PWCH as
 * Linux's setup_ptwalker does for 3 levels of 16 KiB pages: PT at bit 14
 * and PMD (Dir1) at bit 25 in PWCL, each 11 bits wide; the PGD at bit 36
 * goes in PWCH's Dir3 (PWCL's 5-bit Dir2_base cannot hold 36), so the
 * refill handler walks lddir 3, lddir 1.
 */
static inline void pg_csrs_init(void)
{
	csr_write(CSR_DMW0, 0x8000000000000001ULL);
	csr_write(CSR_DMW1, 0x9000000000000011ULL);
	csr_write(CSR_STLBPS, 14);
	csr_write(CSR_TLBREHI, 14);
	csr_write(CSR_PWCTL0, 14 | 11 << 5 | 25 << 10 | 11 << 15);
	csr_write(CSR_PWCTL1, 36 | 11 << 6);
	csr_write(CSR_PGDL, DIR_PTR(pgd));
	csr_write(CSR_PGDH, DIR_PTR(pgd));
	csr_write(CSR_TLBRENTRY, (uint64_t)(uintptr_t)tlbr_entry);
	csr_write(CSR_ASID, 0);
	invtlb_all();
}

static inline void exc_install(void)
{
	csr_write(CSR_ECFG, 0);
	csr_write(CSR_EENTRY, (uint64_t)(uintptr_t)exc_entry);
}

/* CRMD: PLV0, IE=0, PG=1, DATF=DATM=CC as Linux (0xb0); back to DA. */
static inline void paging_on(void)
{
	csr_write(CSR_CRMD, 0xb0);
}

static inline void paging_off(void)
{
	csr_write(CSR_CRMD, 0x8);
}

/* Writes one TLB entry at index idx with tlbwr (Vol1 4.2.4.3). */
static inline void tlbwr_at(uint64_t idx, uint64_t ps, uint64_t ehi,
			    uint64_t lo0, uint64_t lo1, bool ne)
{
	csr_write(CSR_TLBEHI, ehi);
	csr_write(CSR_TLBELO0, lo0);
	csr_write(CSR_TLBELO1, lo1);
	csr_write(CSR_TLBIDX, idx | ps << 24 | (ne ? 1ULL << 31 : 0));
	__asm__ volatile("tlbwr" ::: "memory");
}

/* tlbsrch for va under the current ASID: returns TLBIDX. */
static inline uint64_t tlbsrch(uint64_t va)
{
	csr_write(CSR_TLBEHI, va);
	__asm__ volatile("tlbsrch" ::: "memory");
	return csr_read(CSR_TLBIDX);
}

/* tlbrd of index idx: returns TLBIDX (NE in bit 31). */
static inline uint64_t tlbrd_at(uint64_t idx)
{
	csr_write(CSR_TLBIDX, idx);
	__asm__ volatile("tlbrd" ::: "memory");
	return csr_read(CSR_TLBIDX);
}

static inline bool tlb_present(uint64_t idx)
{
	return !((tlbrd_at(idx) >> 31) & 1);
}

/* Calls the code at va (a "ret"). */
static inline void call_va(uint64_t va)
{
	__asm__ volatile("jirl $ra, %0, 0" ::"r"(va) : "memory", "$r1");
}

/*
 * Runs insn at label 1 ($t2 is scratch; the first operand after the
 * format is %1, as %0 is the label's address) and checks that exactly one
 * exception was taken there, with ecode, esubcode and BADV.
 */
#define EXPECT_FAULT(name, ecode, sub, va, insn, ...)                      \
	do {                                                               \
		uint64_t before_ = exc_count, pc_;                         \
		__asm__ volatile("la.pcrel %0, 1f\n"                       \
				 "1:\t" insn "\n"                          \
				 : "=&r"(pc_)                              \
				 : __VA_ARGS__                             \
				 : "memory", "$r14");                      \
		CHECK(name " taken", exc_count - before_, 1);              \
		CHECK(name " ecode", (exc_estat >> 16) & 0x3f, (ecode));   \
		CHECK(name " esubcode", (exc_estat >> 22) & 0x1ff, (sub)); \
		CHECK(name " era", exc_era, pc_);                          \
		CHECK(name " badv", exc_badv, (va));                       \
	} while (0)

/*
 * Jumps to target, which must fault on the fetch; returns via exc_fixup
 * (or, should target run a "ret", through $ra to the same place).
 */
#define EXPECT_FETCH_FAULT(name, target, ecode, sub)                       \
	do {                                                               \
		uint64_t before_ = exc_count;                              \
		__asm__ volatile("la.pcrel $t2, 1f\n\t"                    \
				 "la.pcrel $t3, exc_fixup\n\t"             \
				 "st.d $t2, $t3, 0\n\t"                    \
				 "move $ra, $t2\n\t"                       \
				 "jirl $zero, %0, 0\n"                     \
				 "1:\n" ::"r"(target)                      \
				 : "memory", "$r1", "$r14", "$r15");       \
		CHECK(name " taken", exc_count - before_, 1);              \
		CHECK(name " ecode", (exc_estat >> 16) & 0x3f, (ecode));   \
		CHECK(name " esubcode", (exc_estat >> 22) & 0x1ff, (sub)); \
		CHECK(name " era", exc_era, (target));                     \
		CHECK(name " badv", exc_badv, (target));                   \
	} while (0)

#endif /* LOONGVM_TESTS_GUEST_PAGING_H */
