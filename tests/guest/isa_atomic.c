/* SPDX-License-Identifier: MIT */
/*
 * ll/sc, the AM* atomics and dbar, LoongArch Vol1 2.2.7.4 and 2.2.8: every
 * AM operation in its plain and _db forms on words and doublewords, the
 * sign extension of .w results (.wu included), rd = $zero, and ll/sc
 * success and failure. The INE and ALE cases need an exception handler and
 * are not covered here.
 */
#include "runtime.h"

static volatile uint32_t w32[4] __attribute__((aligned(16)));
static volatile uint64_t w64[4] __attribute__((aligned(16)));

#define W_OLD 0x80000001U
#define W_VAL 0x7ffffff0U
#define D_OLD 0x8000000000000001ULL
#define D_VAL 0x7ffffffffffffff0ULL
#define SENTINEL32 0xdeadbeefU
#define SENTINEL64 0x0123456789abcdefULL

#define AM(insn, p, v)                                                     \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %2, %1"                        \
				 : "=&r"(r_)                               \
				 : "r"(p), "r"((uint64_t)(v))              \
				 : "memory");                              \
		r_;                                                        \
	})

/* Runs insn on a word holding W_OLD with operand W_VAL. */
#define TEST_W(insn, want_mem)                                             \
	do {                                                               \
		w32[0] = W_OLD;                                            \
		w32[1] = SENTINEL32;                                       \
		CHECK(insn " old", AM(insn, &w32[0], W_VAL),               \
		      0xffffffff80000001ULL);                              \
		CHECK(insn " mem", w32[0], (want_mem));                    \
		CHECK(insn " next", w32[1], SENTINEL32);                   \
	} while (0)

#define TEST_D(insn, want_mem)                                             \
	do {                                                               \
		w64[1] = D_OLD;                                            \
		w64[2] = SENTINEL64;                                       \
		CHECK(insn " old", AM(insn, &w64[1], D_VAL), D_OLD);       \
		CHECK(insn " mem", w64[1], (want_mem));                    \
		CHECK(insn " next", w64[2], SENTINEL64);                   \
	} while (0)

static void test_am(void)
{
	TEST_W("amswap.w", 0x7ffffff0U);
	TEST_W("amadd.w", 0xfffffff1U);
	TEST_W("amand.w", 0x00000000U);
	TEST_W("amor.w", 0xfffffff1U);
	TEST_W("amxor.w", 0xfffffff1U);
	TEST_W("ammax.w", 0x7ffffff0U);
	TEST_W("ammin.w", 0x80000001U);
	TEST_W("ammax.wu", 0x80000001U);
	TEST_W("ammin.wu", 0x7ffffff0U);
	TEST_W("amswap_db.w", 0x7ffffff0U);
	TEST_W("amadd_db.w", 0xfffffff1U);
	TEST_W("amand_db.w", 0x00000000U);
	TEST_W("amor_db.w", 0xfffffff1U);
	TEST_W("amxor_db.w", 0xfffffff1U);
	TEST_W("ammax_db.w", 0x7ffffff0U);
	TEST_W("ammin_db.w", 0x80000001U);
	TEST_W("ammax_db.wu", 0x80000001U);
	TEST_W("ammin_db.wu", 0x7ffffff0U);

	TEST_D("amswap.d", 0x7ffffffffffffff0ULL);
	TEST_D("amadd.d", 0xfffffffffffffff1ULL);
	TEST_D("amand.d", 0);
	TEST_D("amor.d", 0xfffffffffffffff1ULL);
	TEST_D("amxor.d", 0xfffffffffffffff1ULL);
	TEST_D("ammax.d", 0x7ffffffffffffff0ULL);
	TEST_D("ammin.d", 0x8000000000000001ULL);
	TEST_D("ammax.du", 0x8000000000000001ULL);
	TEST_D("ammin.du", 0x7ffffffffffffff0ULL);
	TEST_D("amswap_db.d", 0x7ffffffffffffff0ULL);
	TEST_D("amadd_db.d", 0xfffffffffffffff1ULL);
	TEST_D("amand_db.d", 0);
	TEST_D("amor_db.d", 0xfffffffffffffff1ULL);
	TEST_D("amxor_db.d", 0xfffffffffffffff1ULL);
	TEST_D("ammax_db.d", 0x7ffffffffffffff0ULL);
	TEST_D("ammin_db.d", 0x8000000000000001ULL);
	TEST_D("ammax_db.du", 0x8000000000000001ULL);
	TEST_D("ammin_db.du", 0x7ffffffffffffff0ULL);
}

static void test_am_more(void)
{
	/* Positive .w results are not extended; the add wraps at 32 bits. */
	w32[2] = 0x7fffffffU;
	CHECK("amadd.w pos old", AM("amadd.w", &w32[2], 0x100000001ULL),
	      0x7fffffffU);
	CHECK("amadd.w wrap", w32[2], 0x80000000U);
	CHECK("amswap.w back", AM("amswap.w", &w32[2], 0x12345678U),
	      0xffffffff80000000ULL);
	CHECK("amswap.w mem", w32[2], 0x12345678U);
	/* Equal operands leave max and min unchanged. */
	CHECK("ammax.d eq", AM("ammax.d", &w64[0], 0), 0);
	w64[0] = 5;
	CHECK("ammin.du eq", AM("ammin.du", &w64[0], 5), 5);
	CHECK("ammin.du eq mem", w64[0], 5);

	/* rd = $zero: the update still happens. */
	w64[3] = 40;
	__asm__ volatile("amadd.d $zero, %1, %0" ::"r"(&w64[3]), "r"(2ULL)
			 : "memory");
	CHECK("amadd.d rd=0", w64[3], 42);
	w32[3] = 0xf0f0f0f0U;
	__asm__ volatile("amand_db.w $zero, %1, %0" ::"r"(&w32[3]),
			 "r"(0xff00ff00U)
			 : "memory");
	CHECK("amand_db.w rd=0", w32[3], 0xf000f000U);
	__asm__ volatile("dbar 0" ::: "memory");
}

#define LL(insn, p, off)                                                   \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, " #off                     \
				 : "=r"(r_)                                \
				 : "r"(p)                                  \
				 : "memory");                              \
		r_;                                                        \
	})
#define SC(insn, v, p, off)                                                \
	({                                                                 \
		uint64_t r_ = (v);                                         \
		__asm__ volatile(insn " %0, %1, " #off                     \
				 : "+r"(r_)                                \
				 : "r"(p)                                  \
				 : "memory");                              \
		r_;                                                        \
	})

static void test_llsc(void)
{
	volatile uint32_t *p32 = &w32[0];
	volatile uint64_t *p64 = &w64[0];

	w32[0] = 0x80000002U;
	w32[1] = 0x11111111U;
	CHECK("ll.w", LL("ll.w", p32, 0), 0xffffffff80000002ULL);
	CHECK("sc.w ok", SC("sc.w", 0x100000005ULL, p32, 0), 1);
	CHECK("sc.w ok mem", w32[0], 5);
	CHECK("sc.w ok next", w32[1], 0x11111111U);
	CHECK("sc.w no ll", SC("sc.w", 6, p32, 0), 0);
	CHECK("sc.w no ll mem", w32[0], 5);

	/* An offset form, and a failed sc after a repeated sc. */
	CHECK("ll.w off", LL("ll.w", p32 - 1, 4), 5);
	CHECK("sc.w off", SC("sc.w", 7, p32 + 1, -4), 1);
	CHECK("sc.w off mem", w32[0], 7);
	CHECK("sc.w twice", SC("sc.w", 8, p32, 0), 0);
	CHECK("sc.w twice mem", w32[0], 7);

	/* Another address than the ll's. */
	LL("ll.w", p32, 0);
	CHECK("sc.w other addr", SC("sc.w", 9, p32, 4), 0);
	CHECK("sc.w other addr mem", w32[1], 0x11111111U);

	/* The value changed between ll and sc. */
	LL("ll.w", p32, 0);
	w32[0] = 0x77;
	CHECK("sc.w changed", SC("sc.w", 9, p32, 0), 0);
	CHECK("sc.w changed mem", w32[0], 0x77);

	/* sc.w $zero stores zero and keeps no result. */
	LL("ll.w", p32, 0);
	__asm__ volatile("sc.w $zero, %0, 0" ::"r"(p32) : "memory");
	CHECK("sc.w rd=0 mem", w32[0], 0);

	w64[0] = 0xfedcba9876543210ULL;
	CHECK("ll.d", LL("ll.d", p64, 0), 0xfedcba9876543210ULL);
	CHECK("sc.d ok", SC("sc.d", 0x0f0f0f0f0f0f0f0fULL, p64, 0), 1);
	CHECK("sc.d ok mem", w64[0], 0x0f0f0f0f0f0f0f0fULL);
	CHECK("sc.d no ll", SC("sc.d", 3, p64, 0), 0);
	CHECK("sc.d no ll mem", w64[0], 0x0f0f0f0f0f0f0f0fULL);
	CHECK("ll.d off", LL("ll.d", p64 + 2, -16), 0x0f0f0f0f0f0f0f0fULL);
	w64[0] = 1;
	CHECK("sc.d changed", SC("sc.d", 3, p64, 0), 0);
	CHECK("sc.d changed mem", w64[0], 1);

	/* An atomic increment loop, as compilers emit it. */
	{
		uint64_t old, tmp;

		w64[0] = 100;
		__asm__ volatile("1:\tll.d %0, %2, 0\n\t"
				 "addi.d %1, %0, 1\n\t"
				 "sc.d %1, %2, 0\n\t"
				 "beqz %1, 1b"
				 : "=&r"(old), "=&r"(tmp)
				 : "r"(p64)
				 : "memory");
		CHECK("ll/sc loop old", old, 100);
		CHECK("ll/sc loop mem", w64[0], 101);
	}
}

int main(void)
{
	test_am();
	test_am_more();
	test_llsc();
	return test_done("isa_atomic");
}
