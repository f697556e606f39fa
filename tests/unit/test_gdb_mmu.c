/* SPDX-License-Identifier: MIT */
/*
 * The GDB stub's software translation (machine/gdb_mmu.h) over a fake
 * guest-physical memory: direct address mode, direct mapping windows
 * (by PLV), Linux's 3-level 16 KiB page-table layout with a leaf
 * page, a huge page at the middle level, holes, the high half (PGDH),
 * and non-canonical addresses, and its 4-level 4 KiB layout.
 */
#include <stdio.h>
#include <string.h>

#include "../../machine/gdb_mmu.h"
#include "expect.h"

#define MEM_SIZE (1u << 20)
static uint64_t mem[MEM_SIZE / 8];

static bool rd(void *opaque, uint64_t pa, uint64_t *val)
{
	(void)opaque;
	if (pa >= MEM_SIZE || (pa & 7))
		return false;
	*val = mem[pa / 8];
	return true;
}

/*
 * As Linux sets them for 16 KiB pages and 3 levels (setup_pw in
 * arch/loongarch/mm/tlb.c): PT base 14 width 11, Dir1 base 25 width 11,
 * and the PGD as Dir3 (PWCH), base 36 width 11; Dir2 unused.
 */
#define PWCL (14u | 11u << 5 | 25u << 10 | 11u << 15)
#define PWCH (36u | 11u << 6)
#define PGD 0x10000u
#define PMD 0x20000u
#define PT 0x30000u
#define PGD_HI 0x40000u
#define V 1u
#define PRESENT (1u << 7)
#define HUGE (1u << 6)
#define HGLOBAL (1u << 12)

static void set(uint64_t pa, uint64_t v)
{
	mem[pa / 8] = v;
}

static bool tr(const struct gdb_mmu_regs *r, uint64_t va, uint64_t *pa,
	       uint64_t *span)
{
	return gdb_mmu_translate(r, va, rd, NULL, pa, span);
}

static void test_direct(void)
{
	struct gdb_mmu_regs r = {.crmd = 1u << 3}; /* DA */
	uint64_t pa, span;

	EXPECT(tr(&r, 0x9000000012345678ULL, &pa, &span) && pa == 0x12345678);
	/* PG with DMW0 = 0x9000...: PLV0 only (bit 0). */
	r.crmd = 1u << 4;
	r.dmw[0] = 0x9000000000000001ULL;
	EXPECT(tr(&r, 0x9000000000201000ULL, &pa, &span) && pa == 0x201000);
	r.crmd |= 3; /* PLV3: the window does not apply, nor any table */
	EXPECT(!tr(&r, 0x9000000000201000ULL, &pa, &span));
	/* A second window for PLV3 (bit 3) with its own segment. */
	r.dmw[1] = 0x8000000000000008ULL;
	EXPECT(tr(&r, 0x8000000000003000ULL, &pa, &span) && pa == 0x3000);
	EXPECT(!tr(&r, 0x9000000000003000ULL, &pa, &span));
}

/*
 * 4 KiB pages, 4 levels (PT 12/9, Dir1 21/9, Dir2 30/9, Dir3 39/9): every
 * level is walked, a 2 MiB huge page sits at Dir1, and a swapped-out
 * leaf (neither valid nor present, other bits set) is not a mapping.
 */
static void test_walk4(void)
{
	struct gdb_mmu_regs r = {.crmd = 1u << 4,
				 .pwcl = 12u | 9u << 5 | 21u << 10 | 9u << 15 |
					 30u << 20 | 9u << 25,
				 .pwch = 39u | 9u << 6,
				 .pgdl = 0x10000};
	uint64_t va =
	    (1ULL << 39) | (2ULL << 30) | (3ULL << 21) | (4ULL << 12) | 0x567;
	uint64_t pa, span;

	memset(mem, 0, sizeof(mem));
	set(0x10000 + 8 * 1, 0x11000);
	set(0x11000 + 8 * 2, 0x12000);
	set(0x12000 + 8 * 3, 0x13000);
	set(0x13000 + 8 * 4, 0x55000ULL | PRESENT | V);
	EXPECT(tr(&r, va, &pa, &span) && pa == 0x55567 && span == 0xa99);
	set(0x13000 + 8 * 5, 0x56000ULL | (1ULL << 8)); /* swapped out */
	EXPECT(!tr(&r, va + 0x1000, &pa, &span));
	set(0x12000 + 8 * 6, 0x400000ULL | HUGE | PRESENT);
	va = (1ULL << 39) | (2ULL << 30) | (6ULL << 21) | 0x12345;
	EXPECT(tr(&r, va, &pa, &span) && pa == 0x412345 &&
	       span == 0x200000 - 0x12345);
}

static void test_walk(void)
{
	struct gdb_mmu_regs r = {.crmd = 1u << 4, .pwcl = PWCL, .pwch = PWCH};
	/* va: PGD index 1, PMD index 2, PT index 3, offset 0x123. */
	uint64_t va = (1ULL << 36) | (2ULL << 25) | (3ULL << 14) | 0x123;
	uint64_t pa, span;

	memset(mem, 0, sizeof(mem));
	r.pgdl = 0x9000000000000000ULL | PGD; /* Linux keeps 0x9000... */
	set(PGD + 8 * 1, 0x9000000000000000ULL | PMD);
	set(PMD + 8 * 2, 0x9000000000000000ULL | PT);
	set(PT + 8 * 3, 0x80000ULL | PRESENT | (1ULL << 62)); /* NX bit */
	EXPECT(tr(&r, va, &pa, &span) && pa == 0x80123);
	EXPECT(span == 0x4000 - 0x123);
	/* The next page has no entry; neither does another PMD slot. */
	EXPECT(!tr(&r, va + 0x4000, &pa, &span));
	EXPECT(!tr(&r, va + (1ULL << 25), &pa, &span));
	/* A valid-only leaf counts too. */
	set(PT + 8 * 4, 0x84000ULL | V);
	EXPECT(tr(&r, va + 0x4000, &pa, &span) && pa == 0x84123);
	/* A huge page at the middle level: 32 MiB, HGLOBAL dropped. */
	set(PMD + 8 * 5, 0x6000000ULL | HUGE | HGLOBAL | PRESENT);
	EXPECT(tr(&r, (1ULL << 36) | (5ULL << 25) | 0x1234567, &pa, &span) &&
	       pa == 0x6000000 + 0x1234567);
	/* The high half walks from PGDH. */
	r.pgdh = PGD_HI;
	set(PGD_HI + 8 * 2047, PMD);
	set(PMD + 8 * 2047, PT);
	set(PT + 8 * 2047, 0x90000ULL | PRESENT);
	EXPECT(tr(&r, 0xffffffffffffff00ULL, &pa, &span) && pa == 0x93f00);
	/* Non-canonical, and tables outside memory. */
	EXPECT(!tr(&r, 0x0001000000000000ULL, &pa, &span));
	r.pgdl = 0xfff00000;
	EXPECT(!tr(&r, va, &pa, &span));
}

int main(void)
{
	test_direct();
	test_walk();
	test_walk4();
	if (failures) {
		fprintf(stderr, "test_gdb_mmu: %d failures\n", failures);
		return 1;
	}
	printf("test_gdb_mmu: all checks passed\n");
	return 0;
}
