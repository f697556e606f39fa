/* SPDX-License-Identifier: MIT */
/*
 * Loads and stores, LoongArch Vol1 2.2.7: every width and extension of
 * ld/st, ldx/stx and ldptr/stptr, misaligned accesses across a 4 KiB page,
 * preld, the non-faulting bound-checked forms, and self-modifying code
 * made visible by ibar. preldx is in isa_preldx.c: QEMU 7.2 lacks it.
 */
#include "runtime.h"

/* Two pages, so that an access can straddle their boundary. */
static uint8_t pages[8192] __attribute__((aligned(4096)));
static uint64_t words[4] __attribute__((aligned(8)));

#define LD(insn, p, off)                                                   \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, " #off                     \
				 : "=r"(r_)                                \
				 : "r"(p)                                  \
				 : "memory");                              \
		r_;                                                        \
	})
#define ST(insn, v, p, off)                                                \
	__asm__ volatile(insn " %0, %1, " #off                             \
			 :                                                 \
			 : "r"((uint64_t)(v)), "r"(p)                      \
			 : "memory")
#define LDX(insn, p, idx)                                                  \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, %2"                        \
				 : "=r"(r_)                                \
				 : "r"(p), "r"((int64_t)(idx))             \
				 : "memory");                              \
		r_;                                                        \
	})
#define STX(insn, v, p, idx)                                               \
	__asm__ volatile(insn " %0, %1, %2"                                \
			 :                                                 \
			 : "r"((uint64_t)(v)), "r"(p), "r"((int64_t)(idx)) \
			 : "memory")

static void fill(uint8_t *p, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(0x80 + i * 7);
}

static void test_loads(void)
{
	uint8_t *b = pages + 64;

	/* b[i] = 0x80 + 7i: 80 87 8e 95 9c a3 aa b1 b8 bf ... */
	fill(b, 16);
	CHECK("ld.b", LD("ld.b", b, 1), 0xffffffffffffff87ULL);
	CHECK("ld.bu", LD("ld.bu", b, 1), 0x87);
	CHECK("ld.h", LD("ld.h", b, 2), 0xffffffffffff958eULL);
	CHECK("ld.hu", LD("ld.hu", b, 2), 0x958e);
	CHECK("ld.w", LD("ld.w", b, 4), 0xffffffffb1aaa39cULL);
	CHECK("ld.wu", LD("ld.wu", b, 4), 0xb1aaa39cULL);
	CHECK("ld.d", LD("ld.d", b, 8), 0xe9e2dbd4cdc6bfb8ULL);
	CHECK("ld.d neg off", LD("ld.d", b + 16, -16), 0xb1aaa39c958e8780ULL);
	CHECK("ld.w misaligned", LD("ld.w", b, 1), 0xffffffff9c958e87ULL);
	CHECK("ld.h misaligned", LD("ld.h", b, 3), 0xffffffffffff9c95ULL);
	CHECK("ld.d misaligned", LD("ld.d", b, 3), 0xc6bfb8b1aaa39c95ULL);

	/* Positive values are not sign-extended. */
	b[32] = 0x7f;
	b[33] = 0x01;
	b[34] = 0x23;
	b[35] = 0x45;
	CHECK("ld.b pos", LD("ld.b", b, 32), 0x7f);
	CHECK("ld.h pos", LD("ld.h", b, 32), 0x017f);
	CHECK("ld.w pos", LD("ld.w", b, 32), 0x4523017f);
}

static void test_stores(void)
{
	uint64_t *w = words;

	w[0] = 0x1122334455667788ULL;
	ST("st.b", 0xabcdef99, w, 0);
	CHECK("st.b", w[0], 0x1122334455667799ULL);
	ST("st.h", 0xabcdefaa, w, 2);
	CHECK("st.h", w[0], 0x11223344efaa7799ULL);
	ST("st.w", 0xfedcba9876543210ULL, w, 4);
	CHECK("st.w", w[0], 0x76543210efaa7799ULL);
	ST("st.d", 0x0123456789abcdefULL, w, 8);
	CHECK("st.d", w[1], 0x0123456789abcdefULL);
	ST("st.w", 0xa5a5a5a5, w, 6); /* misaligned, across two words */
	CHECK("st.w misaligned lo", w[0], 0xa5a53210efaa7799ULL);
	CHECK("st.w misaligned hi", w[1], 0x0123456789aba5a5ULL);
	ST("st.d", 0, w + 1, -8);
	CHECK("st.d neg off", w[0], 0);
}

static void test_indexed(void)
{
	uint8_t *b = pages + 256;
	uint64_t *w = words;

	fill(b, 16);
	CHECK("ldx.b", LDX("ldx.b", b, 1), 0xffffffffffffff87ULL);
	CHECK("ldx.bu", LDX("ldx.bu", b, 1), 0x87);
	CHECK("ldx.h", LDX("ldx.h", b, 2), 0xffffffffffff958eULL);
	CHECK("ldx.hu", LDX("ldx.hu", b, 2), 0x958e);
	CHECK("ldx.w", LDX("ldx.w", b, 4), 0xffffffffb1aaa39cULL);
	CHECK("ldx.wu", LDX("ldx.wu", b, 4), 0xb1aaa39cULL);
	CHECK("ldx.d", LDX("ldx.d", b, 0), 0xb1aaa39c958e8780ULL);
	CHECK("ldx.d neg idx", LDX("ldx.d", b + 8, -8), 0xb1aaa39c958e8780ULL);
	CHECK("ldx.w misaligned", LDX("ldx.w", b, 1), 0xffffffff9c958e87ULL);

	w[2] = 0;
	STX("stx.b", 0x1ff, w, 16);
	STX("stx.h", 0x12345, w, 18);
	STX("stx.w", 0xdeadbeefcafef00dULL, w, 20);
	CHECK("stx.b/h/w", w[2], 0xcafef00d234500ffULL);
	STX("stx.d", 0x8877665544332211ULL, w + 4, -8);
	CHECK("stx.d", w[3], 0x8877665544332211ULL);

	/* The same register as base and index: address 2 * reg. */
	{
		uint64_t half = (uint64_t)(uintptr_t)&w[2] / 2, r;

		__asm__ volatile("ldx.d %0, %1, %1" : "=r"(r) : "r"(half)
				 : "memory");
		CHECK("ldx.d rj == rk", r, 0xcafef00d234500ffULL);
	}
	/* rd == rj: the address is read before the load writes rd. */
	{
		uint64_t r = (uint64_t)(uintptr_t)w;

		__asm__ volatile("ldx.d %0, %0, %1" : "+r"(r) : "r"(24L)
				 : "memory");
		CHECK("ldx.d rd == rj", r, 0x8877665544332211ULL);
	}
}

static void test_ptr(void)
{
	uint64_t *w = words;

	w[0] = 0;
	w[1] = 0;
	ST("stptr.w", 0x80000001, w, 4);
	CHECK("stptr.w", w[0], 0x8000000100000000ULL);
	CHECK("ldptr.w", LD("ldptr.w", w, 4), 0xffffffff80000001ULL);
	ST("stptr.d", 0xfedcba9876543210ULL, w, 8);
	CHECK("stptr.d", w[1], 0xfedcba9876543210ULL);
	CHECK("ldptr.d", LD("ldptr.d", w + 2, -8), 0xfedcba9876543210ULL);
	/* A large offset: si14 << 2 reaches 32 KiB - 4. */
	CHECK("ldptr.d far", LD("ldptr.d", (uint8_t *)w - 8192, 8200),
	      0xfedcba9876543210ULL);
}

/* Misaligned accesses that straddle the 4 KiB boundary inside pages[]. */
static void test_page_cross(void)
{
	uint8_t *e = pages + 4096; /* first byte of the second page */
	int i;

	for (i = -8; i < 8; i++)
		e[i] = (uint8_t)(0x10 + i + 8);
	/* e[-8..7] = 10 11 ... 1f */
	CHECK("ld.h cross", LD("ld.h", e, -1), 0x1817);
	CHECK("ld.hu cross", LD("ld.hu", e, -1), 0x1817);
	CHECK("ld.w cross", LD("ld.w", e, -3), 0x18171615);
	CHECK("ld.w cross 1", LD("ld.w", e, -1), 0x1a191817);
	CHECK("ld.wu cross", LD("ld.wu", e, -2), 0x19181716);
	CHECK("ld.d cross", LD("ld.d", e, -5), 0x1a19181716151413ULL);
	CHECK("ldx.d cross", LDX("ldx.d", e, -7), 0x1817161514131211ULL);
	CHECK("ldx.w cross", LDX("ldx.w", e, -2), 0x19181716);

	e[-1] = 0xff;
	e[0] = 0xfe;
	CHECK("ld.h cross sign", LD("ld.h", e, -1), 0xfffffffffffffeffULL);
	CHECK("ld.w cross sign", LD("ld.w", e, -2), 0x19feff16);

	ST("st.h", 0xa1b2, e, -1);
	CHECK("st.h cross lo", e[-1], 0xb2);
	CHECK("st.h cross hi", e[0], 0xa1);
	ST("st.w", 0xc1c2c3c4, e, -3);
	CHECK("st.w cross", LD("ld.wu", e, -3), 0xc1c2c3c4);
	CHECK("st.w cross byte", e[0], 0xc1);
	ST("st.d", 0x0102030405060708ULL, e, -4);
	CHECK("st.d cross lo", LD("ld.wu", e, -4), 0x05060708);
	CHECK("st.d cross hi", LD("ld.wu", e, 0), 0x01020304);
	STX("stx.d", 0x1122334455667788ULL, e, -6);
	CHECK("stx.d cross", LD("ld.d", e, -6), 0x1122334455667788ULL);
	CHECK("stx.d cross byte", e[1], 0x11);
	CHECK("stx.d untouched", e[2], 0x02);
}

static void test_preld(void)
{
	/* Hints only: even a wild address must not fault. */
	__asm__ volatile("preld 0, %0, 0\n\tpreld 8, %0, 64" ::"r"(pages));
	__asm__ volatile("preld 0, %0, 0" ::"r"(0xdead000000000000ULL));
	CHECK("preld", 1, 1);
}

#define LDB(insn, p, bound)                                                \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, %2"                        \
				 : "=r"(r_)                                \
				 : "r"(p), "r"((uint64_t)(bound))          \
				 : "memory");                              \
		r_;                                                        \
	})

/* The bound-checked forms, with the bound satisfied (Vol1 2.2.7.5). */
static void test_bound(void)
{
	uint64_t *w = words;
	uint8_t *b = (uint8_t *)w;
	uint64_t a = (uint64_t)(uintptr_t)w;

	w[0] = 0x8899aabbccddeeffULL;
	CHECK("ldgt.b", LDB("ldgt.b", b + 1, a), 0xffffffffffffffeeULL);
	CHECK("ldgt.h", LDB("ldgt.h", b + 2, a + 1), 0xffffffffffffccddULL);
	CHECK("ldgt.w", LDB("ldgt.w", b + 4, 0), 0xffffffff8899aabbULL);
	CHECK("ldgt.d", LDB("ldgt.d", b, a - 1), 0x8899aabbccddeeffULL);
	CHECK("ldle.b", LDB("ldle.b", b + 7, a + 7), 0xffffffffffffff88ULL);
	CHECK("ldle.h", LDB("ldle.h", b + 6, a + 100), 0xffffffffffff8899ULL);
	CHECK("ldle.w", LDB("ldle.w", b, a), 0xffffffffccddeeffULL);
	CHECK("ldle.d", LDB("ldle.d", b, -1ULL >> 1), 0x8899aabbccddeeffULL);

	w[1] = 0;
	STX("stgt.b", 0x101, b + 8, a);
	STX("stgt.h", 0x20202, b + 10, a + 9);
	STX("stgt.w", 0x303030303ULL, b + 12, 0);
	CHECK("stgt.b/h/w", w[1], 0x0303030302020001ULL);
	STX("stgt.d", 0x4444444444444444ULL, b + 8, a);
	CHECK("stgt.d", w[1], 0x4444444444444444ULL);
	STX("stle.b", 0x55, b + 8, a + 8);
	STX("stle.h", 0x6666, b + 10, a + 10);
	STX("stle.w", 0x77777777, b + 12, a + 12);
	CHECK("stle.b/h/w", w[1], 0x7777777766664455ULL);
	STX("stle.d", 0x123456789ULL, b + 8, -1ULL >> 1);
	CHECK("stle.d", w[1], 0x123456789ULL);
}

/* A function built in data: addi.d $a0, $zero, N; jirl $zero, $ra, 0. */
static uint32_t code_buf[16] __attribute__((aligned(64)));

#define ADDI_A0(n) (0x02c00004U | ((uint32_t)(n) << 10))
#define RET 0x4c000020U

static uint64_t call_buf(void)
{
	uint64_t r;

	__asm__ volatile("jirl $ra, %1, 0\n\tmove %0, $a0"
			 : "=r"(r)
			 : "r"(code_buf)
			 : "$ra", "$a0", "memory");
	return r;
}

static void test_smc(void)
{
	uint64_t r;

	code_buf[0] = ADDI_A0(1);
	code_buf[1] = RET;
	__asm__ volatile("ibar 0" ::: "memory");
	CHECK("smc first", call_buf(), 1);
	code_buf[0] = ADDI_A0(2);
	__asm__ volatile("ibar 0" ::: "memory");
	CHECK("smc rewritten", call_buf(), 2);
	code_buf[0] = ADDI_A0(0x7ff);
	__asm__ volatile("ibar 0" ::: "memory");
	CHECK("smc rewritten again", call_buf(), 0x7ff);

	/*
	 * Overwrite the instruction right after the store and ibar, in the
	 * same block: addi.d $t1, $zero, 1 becomes addi.d $t1, $zero, 2.
	 */
	__asm__ volatile("pcaddi $t0, 3\n\t"
			 "st.w %1, $t0, 0\n\t"
			 "ibar 0\n\t"
			 "addi.d $t1, $zero, 1\n\t"
			 "move %0, $t1"
			 : "=r"(r)
			 : "r"(0x02c0080dU)
			 : "$t0", "$t1", "memory");
	CHECK("smc same block", r, 2);
}

int main(void)
{
	test_loads();
	test_stores();
	test_indexed();
	test_ptr();
	test_page_cross();
	test_preld();
	test_bound();
	test_smc();
	return test_done("isa_mem");
}
