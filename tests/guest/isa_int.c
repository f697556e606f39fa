/* SPDX-License-Identifier: MIT */
/*
 * Every LA64 integer instruction (LoongArch Vol1 2.2), with edge cases.
 * Expected values are hand-derived constants. Division by zero is
 * UNPREDICTABLE in the manual (2.2.1.15); the values checked are what
 * QEMU 7.2 produces (quotient = dividend, remainder = 0).
 */
#include "runtime.h"

#define A 0x0123456789abcdefULL
#define B 0xfedcba9876543210ULL /* ~A */
#define P 0x1122334455667788ULL
#define MIN64 0x8000000000000000ULL
#define M1 0xffffffffffffffffULL

/* rd = op(rj) */
#define T1(insn, a, want)                                                  \
	do {                                                               \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1"                            \
				 : "=r"(r_)                                \
				 : "r"((uint64_t)(a)));                    \
		CHECK(insn, r_, want);                                     \
	} while (0)

/* rd = op(rj, rk) */
#define T2(insn, a, b, want)                                               \
	do {                                                               \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, %2"                        \
				 : "=r"(r_)                                \
				 : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
		CHECK(insn, r_, want);                                     \
	} while (0)

/* rd = op(rj, imm) */
#define TI(insn, a, imm, want)                                             \
	do {                                                               \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, " #imm                     \
				 : "=r"(r_)                                \
				 : "r"((uint64_t)(a)));                    \
		CHECK(insn " " #imm, r_, want);                            \
	} while (0)

/* rd = op(rj, rk, sa) */
#define T2I(insn, a, b, sa, want)                                          \
	do {                                                               \
		uint64_t r_;                                               \
		__asm__ volatile(insn " %0, %1, %2, " #sa                  \
				 : "=r"(r_)                                \
				 : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
		CHECK(insn " " #sa, r_, want);                             \
	} while (0)

/* rd = op(rd, rj, msb, lsb), rd read and written */
#define TB(insn, d, a, msb, lsb, want)                                     \
	do {                                                               \
		uint64_t r_ = (d);                                         \
		__asm__ volatile(insn " %0, %1, " #msb ", " #lsb           \
				 : "+r"(r_)                                \
				 : "r"((uint64_t)(a)));                    \
		CHECK(insn " " #msb " " #lsb, r_, want);                   \
	} while (0)

/* rd = op(imm), rd read and written */
#define TU(insn, d, imm, want)                                             \
	do {                                                               \
		uint64_t r_ = (d);                                         \
		__asm__ volatile(insn " %0, " #imm : "+r"(r_));            \
		CHECK(insn " " #imm, r_, want);                            \
	} while (0)

static void test_arith(void)
{
	T2("add.w", 0x7fffffff, 1, 0xffffffff80000000);
	T2("add.w", 0x100000005, 0x200000003, 8);
	T2("add.w", A, B, M1);
	T2("add.d", MIN64, M1, 0x7fffffffffffffff);
	T2("add.d", A, 1, 0x0123456789abcdf0);
	T2("sub.w", 0x80000000, 1, 0x7fffffff);
	T2("sub.w", 0, 1, M1);
	T2("sub.w", 0x100000000, 0, 0);
	T2("sub.d", 0, MIN64, MIN64);
	T2("sub.d", A, B, 0x02468acf13579bdf);
	TI("addi.w", 0x7fffffff, 1, 0xffffffff80000000);
	TI("addi.w", 0, -2048, 0xfffffffffffff800);
	TI("addi.w", 0x1234500000000, 2047, 0x7ff);
	TI("addi.d", MIN64, -1, 0x7fffffffffffffff);
	TI("addu16i.d", 0, 0x7fff, 0x7fff0000);
	TI("addu16i.d", 0, -1, 0xffffffffffff0000);
	TI("addu16i.d", 0x10000, -1, 0);
	TI("addu16i.d", 0x7fffffff, 1, 0x8000ffff);
	T2I("alsl.w", 1, 2, 1, 4);
	T2I("alsl.w", 1, 2, 2, 6);
	T2I("alsl.w", 1, 2, 3, 10);
	T2I("alsl.w", 1, 2, 4, 18);
	T2I("alsl.w", 0x40000000, 0, 1, 0xffffffff80000000);
	T2I("alsl.w", 0xffffffff, 1, 2, 0xfffffffffffffffd);
	T2I("alsl.wu", 0x40000000, 0, 1, 0x80000000);
	T2I("alsl.wu", 0xffffffff, 1, 2, 0xfffffffd);
	T2I("alsl.wu", 3, 5, 4, 53);
	T2I("alsl.d", 0x8000000000000001, 3, 3, 11);
	T2I("alsl.d", 0x1000000000000000, 0, 4, 0);
	T2I("alsl.d", A, 0, 2, 0x048d159e26af37bc);
	T2I("alsl.d", M1, 1, 1, M1);
}

static void test_compare_logic(void)
{
	T2("slt", MIN64, 0, 1);
	T2("slt", 0, MIN64, 0);
	T2("slt", M1, 0, 1);
	T2("slt", 5, 5, 0);
	T2("sltu", M1, 0, 0);
	T2("sltu", 0, M1, 1);
	T2("sltu", 5, 5, 0);
	TI("slti", M1, 0, 1);
	TI("slti", 0, -2048, 0);
	TI("slti", 0xfffffffffffff7ff, -2048, 1);
	TI("slti", 2046, 2047, 1);
	TI("sltui", 5, -1, 1);
	TI("sltui", 0xfffffffffffff800, -2048, 0);
	TI("sltui", 0xfffffffffffff7ff, -2048, 1);
	TI("sltui", 0, 0, 0);
	TI("sltui", 0x7ff, 2047, 0);
	T2("maskeqz", A, 0, 0);
	T2("maskeqz", A, MIN64, A);
	T2("masknez", A, 0, A);
	T2("masknez", A, 1, 0);
	T2("nor", A, B, 0);
	T2("nor", 0, 0, M1);
	T2("nor", 0xf0, 0x0f, 0xffffffffffffff00);
	T2("and", A, B, 0);
	T2("and", A, 0xff00ff00ff00ff00, 0x010045008900cd00);
	T2("or", A, B, M1);
	T2("or", A, 0, A);
	T2("xor", A, B, M1);
	T2("xor", A, A, 0);
	T2("xor", A, M1, B);
	T2("orn", A, A, M1);
	T2("orn", 0, A, B);
	T2("andn", A, A, 0);
	T2("andn", M1, A, B);
	TI("xori", A, 0xfff, 0x0123456789abc210);
	TI("xori", 0, 0x800, 0x800);
	TI("andi", M1, 0x800, 0x800);
	TI("ori", 0, 0xfff, 0xfff);
	TI("ori", MIN64, 1, 0x8000000000000001);
}

static void test_shift(void)
{
	T2("sll.w", 1, 31, 0xffffffff80000000);
	T2("sll.w", 1, 32, 1);
	T2("sll.w", 1, 63, 0xffffffff80000000);
	T2("sll.w", 0xabcd000080000001, 1, 2);
	T2("sll.w", A, 0, 0xffffffff89abcdef);
	T2("sll.w", 3, M1, 0xffffffff80000000);
	T2("srl.w", 0x80000000, 31, 1);
	T2("srl.w", 0xffffffff80000000, 0, 0xffffffff80000000);
	T2("srl.w", 0x80000000, 32, 0xffffffff80000000);
	T2("srl.w", 0x80000000, 1, 0x40000000);
	T2("srl.w", 0x100000000, 0, 0);
	T2("srl.w", 0xffffffff, 63, 1);
	T2("sra.w", 0x80000000, 31, M1);
	T2("sra.w", 0x80000000, 4, 0xfffffffff8000000);
	T2("sra.w", 0x7fffffff00000010, 63, 0);
	T2("sra.w", 0xffffffff80000000, 32, 0xffffffff80000000);
	T2("sra.w", 0x7fffffff, 0, 0x7fffffff);
	T2("sll.d", 1, 63, MIN64);
	T2("sll.d", 1, 64, 1);
	T2("sll.d", A, 4, 0x123456789abcdef0);
	T2("sll.d", 1, 0xffffffffffffffc3, 8);
	T2("sll.d", A, 0, A);
	T2("srl.d", MIN64, 63, 1);
	T2("srl.d", MIN64, 64, MIN64);
	T2("srl.d", A, 4, 0x00123456789abcde);
	T2("srl.d", M1, 32, 0xffffffff);
	T2("sra.d", MIN64, 63, M1);
	T2("sra.d", MIN64, 4, 0xf800000000000000);
	T2("sra.d", B, 8, 0xfffedcba98765432);
	T2("sra.d", A, 8, 0x000123456789abcd);
	T2("sra.d", MIN64, 64, MIN64);
	T2("rotr.w", 1, 1, 0xffffffff80000000);
	T2("rotr.w", 0x12345678, 8, 0x78123456);
	T2("rotr.w", 0x12345678, 32, 0x12345678);
	T2("rotr.w", 0xabcdef0012345678, 4, 0xffffffff81234567);
	T2("rotr.w", 0x12345678, 63, 0x2468acf0);
	T2("rotr.d", 1, 1, MIN64);
	T2("rotr.d", A, 64, A);
	T2("rotr.d", A, 4, 0xf0123456789abcde);
	T2("rotr.d", A, 60, 0x123456789abcdef0);
	T2("rotr.d", A, 0, A);
	TI("slli.w", A, 0, 0xffffffff89abcdef);
	TI("slli.w", 1, 31, 0xffffffff80000000);
	TI("slli.w", 0x12345678, 4, 0x23456780);
	TI("slli.d", 1, 63, MIN64);
	TI("slli.d", A, 0, A);
	TI("srli.w", 0xffffffff, 0, M1);
	TI("srli.w", 0xffffffff, 31, 1);
	TI("srli.w", 0x80000000, 1, 0x40000000);
	TI("srli.d", M1, 63, 1);
	TI("srli.d", A, 0, A);
	TI("srai.w", 0x80000000, 31, M1);
	TI("srai.w", 0x7fffffff, 31, 0);
	TI("srai.w", 0x80000000, 0, 0xffffffff80000000);
	TI("srai.d", MIN64, 63, M1);
	TI("srai.d", MIN64, 0, MIN64);
	TI("srai.d", 0x4000000000000000, 62, 1);
	TI("rotri.w", 1, 1, 0xffffffff80000000);
	TI("rotri.w", 0x12345678, 0, 0x12345678);
	TI("rotri.w", 0x12345678, 31, 0x2468acf0);
	TI("rotri.d", 1, 63, 2);
	TI("rotri.d", A, 0, A);
	TI("rotri.d", A, 32, 0x89abcdef01234567);
}

static void test_bits(void)
{
	T1("ext.w.b", 0x80, 0xffffffffffffff80);
	T1("ext.w.b", 0x7f, 0x7f);
	T1("ext.w.b", 0x1234567f, 0x7f);
	T1("ext.w.h", 0x8000, 0xffffffffffff8000);
	T1("ext.w.h", 0xffff7fff, 0x7fff);
	T1("clo.w", 0xffffffff, 32);
	T1("clo.w", 0, 0);
	T1("clo.w", 0xf0000000, 4);
	T1("clo.w", 0xffffffff0fffffff, 0);
	T1("clz.w", 0, 32);
	T1("clz.w", 1, 31);
	T1("clz.w", 0xffffffff00000000, 32);
	T1("clz.w", 0x80000000, 0);
	T1("cto.w", 0xffffffff, 32);
	T1("cto.w", 7, 3);
	T1("cto.w", 0, 0);
	T1("cto.w", 0xffffffff00000000, 0);
	T1("ctz.w", 0, 32);
	T1("ctz.w", 0x80000000, 31);
	T1("ctz.w", 0x100000000, 32);
	T1("ctz.w", 1, 0);
	T1("clo.d", M1, 64);
	T1("clo.d", 0xff00000000000000, 8);
	T1("clo.d", 0, 0);
	T1("clz.d", 0, 64);
	T1("clz.d", 1, 63);
	T1("clz.d", MIN64, 0);
	T1("clz.d", 0xffffffff, 32);
	T1("cto.d", M1, 64);
	T1("cto.d", 0x7fffffffffffffff, 63);
	T1("cto.d", 0, 0);
	T1("ctz.d", 0, 64);
	T1("ctz.d", MIN64, 63);
	T1("ctz.d", 0x100000000, 32);
	T1("revb.2h", P, 0x66558877);
	T1("revb.2h", 0x80ff, 0xff80);
	T1("revb.2h", 0x00800000, 0xffffffff80000000);
	T1("revb.4h", P, 0x2211443366558877);
	T1("revb.2w", P, 0x4433221188776655);
	T1("revb.d", P, 0x8877665544332211);
	T1("revh.2w", P, 0x3344112277885566);
	T1("revh.d", P, 0x7788556633441122);
	T1("bitrev.4b", 0x01020380, 0xffffffff8040c001);
	T1("bitrev.4b", 0xff00000000000001, 0x80);
	T1("bitrev.8b", 0x0102038001020380, 0x8040c0018040c001);
	T1("bitrev.w", 1, 0xffffffff80000000);
	T1("bitrev.w", 0x12345678, 0x1e6a2c48);
	T1("bitrev.w", 0xffffffff00000002, 0x40000000);
	T1("bitrev.d", 1, MIN64);
	T1("bitrev.d", A, 0xf7b3d591e6a2c480);
	T2I("bytepick.w", 0x11223344, 0x55667788, 0, 0x55667788);
	T2I("bytepick.w", 0x11223344, 0x55667788, 1, 0x66778811);
	T2I("bytepick.w", 0x11223344, 0x55667788, 2, 0x77881122);
	T2I("bytepick.w", 0x11223344, 0x55667788, 3, 0xffffffff88112233);
	T2I("bytepick.d", P, 0x99aabbccddeeff00, 0, 0x99aabbccddeeff00);
	T2I("bytepick.d", P, 0x99aabbccddeeff00, 1, 0xaabbccddeeff0011);
	T2I("bytepick.d", P, 0x99aabbccddeeff00, 4, 0xddeeff0011223344);
	T2I("bytepick.d", P, 0x99aabbccddeeff00, 7, 0x0011223344556677);
	TB("bstrins.w", 0, 0xff, 7, 4, 0xf0);
	TB("bstrins.w", M1, 0, 31, 0, 0);
	TB("bstrins.w", 0, 1, 31, 31, 0xffffffff80000000);
	TB("bstrins.w", 0x123456789abcdef0, 5, 3, 0, 0xffffffff9abcdef5);
	TB("bstrins.w", 0, M1, 0, 0, 1);
	TB("bstrpick.w", 0, 0x12345678, 15, 8, 0x56);
	TB("bstrpick.w", 0, 0x80000000, 31, 31, 1);
	TB("bstrpick.w", 0, 0x123456789abcdef0, 31, 0, 0xffffffff9abcdef0);
	TB("bstrpick.w", 0, 0x80000000, 31, 1, 0x40000000);
	TB("bstrpick.w", 0, M1, 0, 0, 1);
	TB("bstrins.d", M1, 0, 63, 0, 0);
	TB("bstrins.d", 0, 1, 63, 63, MIN64);
	TB("bstrins.d", A, 0xff, 15, 8, 0x0123456789abffef);
	TB("bstrins.d", 0, 0x1234, 47, 32, 0x0000123400000000);
	TB("bstrpick.d", 0, A, 63, 0, A);
	TB("bstrpick.d", 0, MIN64, 63, 63, 1);
	TB("bstrpick.d", 0, A, 39, 8, 0x6789abcd);
	TB("bstrpick.d", 0, A, 0, 0, 1);
}

static void test_mul(void)
{
	T2("mul.w", 0x7fffffff, 2, 0xfffffffffffffffe);
	T2("mul.w", 0x80000000, M1, 0xffffffff80000000);
	T2("mul.w", 0x100000003, 0x200000005, 15);
	T2("mulh.w", 0x80000000, 0x80000000, 0x40000000);
	T2("mulh.w", M1, 1, M1);
	T2("mulh.w", 0x7fffffff, 0x7fffffff, 0x3fffffff);
	T2("mulh.w", 0x80000000, 0x7fffffff, 0xffffffffc0000000);
	T2("mulh.w", 0x100000002, 3, 0);
	T2("mulh.wu", 0xffffffff, 0xffffffff, 0xfffffffffffffffe);
	T2("mulh.wu", 0x80000000, 2, 1);
	T2("mulh.wu", 0xffffffff80000000, 2, 1);
	T2("mul.d", A, 0, 0);
	T2("mul.d", MIN64, M1, MIN64);
	T2("mul.d", 0x100000001, 0x100000001, 0x200000001);
	T2("mul.d", -3, 5, 0xfffffffffffffff1);
	T2("mulh.d", M1, M1, 0);
	T2("mulh.d", MIN64, MIN64, 0x4000000000000000);
	T2("mulh.d", MIN64, M1, 0);
	T2("mulh.d", M1, 1, M1);
	T2("mulh.d", MIN64, 0x7fffffffffffffff, 0xc000000000000000);
	T2("mulh.du", M1, M1, 0xfffffffffffffffe);
	T2("mulh.du", MIN64, 2, 1);
	T2("mulh.du", M1, 1, 0);
	T2("mulw.d.w", 0x80000000, 0x80000000, 0x4000000000000000);
	T2("mulw.d.w", 0xffffffff, 5, 0xfffffffffffffffb);
	T2("mulw.d.w", 0x7fffffff, 0xffffffff, 0xffffffff80000001);
	T2("mulw.d.w", 0xdead00000002, 3, 6);
	T2("mulw.d.wu", 0xffffffff, 0xffffffff, 0xfffffffe00000001);
	T2("mulw.d.wu", 0xffffffff00000002, 3, 6);
	T2("mulw.d.wu", 0x80000000, 2, 0x100000000);
}

static void test_div(void)
{
	T2("div.w", 7, 2, 3);
	T2("div.w", -7, 2, 0xfffffffffffffffd);
	T2("div.w", 7, -2, 0xfffffffffffffffd);
	T2("div.w", 0x80000000, 0xffffffff, 0xffffffff80000000);
	T2("div.w", 0xffffffff80000000, M1, 0xffffffff80000000);
	T2("div.w", 5, 0, 5);
	T2("div.w", 0xfffffff8, 2, 0xfffffffffffffffc);
	T2("mod.w", -7, 2, M1);
	T2("mod.w", 7, -2, 1);
	T2("mod.w", 0x80000000, 0xffffffff, 0);
	T2("mod.w", 5, 0, 0);
	T2("div.wu", 0xffffffff, 2, 0x7fffffff);
	T2("div.wu", 0xfffffffe, 1, 0xfffffffffffffffe);
	T2("div.wu", 0x80000000, 0xffffffff, 0);
	T2("div.wu", 7, 0, 7);
	T2("div.wu", 0x80000000, 0, 0xffffffff80000000);
	T2("div.wu", 0xffffffff00000009, 0x100000003, 3);
	T2("mod.wu", 0xffffffff, 0x10, 0xf);
	T2("mod.wu", 0x80000000, 0xffffffff, 0xffffffff80000000);
	T2("mod.wu", 7, 0, 0);
	T2("div.d", MIN64, M1, MIN64);
	T2("div.d", -7, 2, 0xfffffffffffffffd);
	T2("div.d", 7, -2, 0xfffffffffffffffd);
	T2("div.d", A, 0, A);
	T2("div.d", MIN64, 2, 0xc000000000000000);
	T2("mod.d", MIN64, M1, 0);
	T2("mod.d", -7, 2, M1);
	T2("mod.d", 7, -2, 1);
	T2("mod.d", A, 0, 0);
	T2("div.du", M1, 2, 0x7fffffffffffffff);
	T2("div.du", MIN64, M1, 0);
	T2("div.du", A, 0, A);
	T2("mod.du", MIN64, M1, MIN64);
	T2("mod.du", M1, 0x10, 0xf);
	T2("mod.du", A, 0, 0);
}

static void test_upper_pc(void)
{
	uint64_t r, s;

	TU("lu12i.w", 0, -524288, 0xffffffff80000000);
	TU("lu12i.w", M1, 0x7ffff, 0x7ffff000);
	TU("lu32i.d", 0x12345678, -524288, 0xfff8000012345678);
	TU("lu32i.d", M1, 0x7ffff, 0x0007ffffffffffff);
	TI("lu52i.d", 0x12345, -2048, 0x8000000000012345);
	TI("lu52i.d", M1, 0x7ff, 0x7fffffffffffffff);
	__asm__ volatile("pcaddu18i %0, 1\n\tpcaddi %1, 0" : "=r"(r), "=r"(s));
	CHECK("pcaddu18i 1", r - s, (1ULL << 18) - 4);
	__asm__ volatile("pcaddu18i %0, -1\n\tpcaddi %1, 0" : "=r"(r), "=r"(s));
	CHECK("pcaddu18i -1", s - r, (1ULL << 18) + 4);
	__asm__ volatile("pcaddu12i %0, -1\n\tpcaddi %1, 0" : "=r"(r), "=r"(s));
	CHECK("pcaddu12i -1", s - r, 0x1000 + 4);
	__asm__ volatile("pcaddi %0, 2\n\tpcaddi %1, 0" : "=r"(r), "=r"(s));
	CHECK("pcaddi 2", r - s, 4);
	__asm__ volatile("pcalau12i %0, 1\n\tpcaddi %1, -1" : "=r"(r), "=r"(s));
	CHECK("pcalau12i 1", r, (s & ~0xfffULL) + 0x1000);
	/* Writes to $zero are discarded, whatever the op. */
	__asm__ volatile("addi.d $zero, $zero, 5\n\t"
			 "div.d $zero, %1, $zero\n\t"
			 "bstrins.d $zero, %1, 63, 0\n\t"
			 "or %0, $zero, $zero"
			 : "=r"(r)
			 : "r"(A));
	CHECK("write to $zero", r, 0);
}

int main(void)
{
	test_arith();
	test_compare_logic();
	test_shift();
	test_bits();
	test_mul();
	test_div();
	test_upper_pc();
	return test_done("isa_int");
}
