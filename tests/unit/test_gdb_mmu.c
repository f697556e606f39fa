/* SPDX-License-Identifier: MIT */
/*
 * The GDB stub's software translation (machine/gdb_mmu.h) over a fake
 * guest-physical memory: direct address mode, direct mapping windows
 * (by PLV), and Linux's 3-level 16 KiB page-table layout with a leaf
 * page, a huge page at the middle level, holes, the high half (PGDH),
 * and non-canonical addresses.
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
	if (failures) {
		fprintf(stderr, "test_gdb_mmu: %d failures\n", failures);
		return 1;
	}
	printf("test_gdb_mmu: all checks passed\n");
	return 0;
}
