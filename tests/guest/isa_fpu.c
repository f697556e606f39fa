/* SPDX-License-Identifier: MIT */
/*
 * The scalar FPU (LoongArch Vol1 chapter 3): arithmetic under every
 * rounding mode, FCSR flags and cause, NaN propagation, signed zeros,
 * conversions, comparisons, moves, loads and stores. Every expected value
 * is a literal bit pattern. Exceptions and the bound-checked accesses are
 * in isa_fpu_manual.c.
 */
#include "fpu_util.h"
#include "runtime.h"

/* FCSR0 exception bits (Vol1 3.1.4): as flags (<< 16) and cause (<< 24). */
#define I_ 0x01010000ULL
#define U_ 0x02020000ULL
#define O_ 0x04040000ULL
#define Z_ 0x08080000ULL
#define V_ 0x10100000ULL
/* Rounding modes in FCSR0.RM. */
#define RNE 0x000
#define RZ 0x100
#define RP 0x200
#define RM 0x300

/* Runs ins under rounding mode rm and checks the result and FCSR0. */
#define T(name, ins, rm, a, b, c, want, fcsr)                               \
	do {                                                                \
		set_fcsr(rm);                                               \
		CHECK(name, RUN3(ins, a, b, c, 0x5555555555555555ULL), want); \
		CHECK(name " fcsr", get_fcsr(), (rm) | (fcsr));             \
	} while (0)

#define T2(name, ins, rm, a, b, want, fcsr)                                 \
	T(name, ins " $fa3, $fa0, $fa1", rm, a, b, 0, want, fcsr)
#define T1(name, ins, rm, a, want, fcsr)                                    \
	T(name, ins " $fa3, $fa0", rm, a, 0, 0, want, fcsr)
#define T3(name, ins, rm, a, b, c, want, fcsr)                              \
	T(name, ins " $fa3, $fa0, $fa1, $fa2", rm, a, b, c, want, fcsr)

/* Single-precision results are NaN-boxed (QEMU 7.2). */
#define BX(x) (0xffffffff00000000ULL | (x))

static void test_arith_s(void)
{
	T2("fadd.s", "fadd.s", RNE, 0x3f800000, 0x40000000, BX(0x40400000), 0);
	T2("fadd.s tie rne", "fadd.s", RNE, 0x3f800000, 0x33800000,
	   BX(0x3f800000), I_);
	T2("fadd.s rp", "fadd.s", RP, 0x3f800000, 0x33800000, BX(0x3f800001),
	   I_);
	T2("fadd.s rz", "fadd.s", RZ, 0x3f800000, 0x33800001, BX(0x3f800000),
	   I_);
	T2("fadd.s rm", "fadd.s", RM, 0xbf800000, 0xb3800000, BX(0xbf800001),
	   I_);
	T2("fadd.s rne up", "fadd.s", RNE, 0x3f800000, 0x33800001,
	   BX(0x3f800001), I_);
	T2("fsub.s zero rne", "fsub.s", RNE, 0x3f800000, 0x3f800000, BX(0), 0);
	T2("fsub.s zero rm", "fsub.s", RM, 0x3f800000, 0x3f800000,
	   BX(0x80000000), 0);
	T2("fadd.s -0+-0", "fadd.s", RNE, 0x80000000, 0x80000000,
	   BX(0x80000000), 0);
	T2("fmul.s ovf", "fmul.s", RNE, 0x7f000000, 0x40000000, BX(0x7f800000),
	   O_ | I_);
	T2("fmul.s ovf rz", "fmul.s", RZ, 0x7f000000, 0x40000000,
	   BX(0x7f7fffff), O_ | I_);
	T2("fmul.s ovf rm", "fmul.s", RM, 0xff000000, 0x40000000,
	   BX(0xff800000), O_ | I_);
	T2("fmul.s unf", "fmul.s", RNE, 0x00800000, 0x3f000001, BX(0x00400000),
	   U_ | I_);
	T2("fmul.s unf rp", "fmul.s", RP, 0x00800000, 0x3f000001,
	   BX(0x00400001), U_ | I_);
	T2("fmul.s exact sub", "fmul.s", RNE, 0x00800000, 0x3f000000,
	   BX(0x00400000), 0);
	T2("fmul.s -0", "fmul.s", RNE, 0x80000000, 0x3f800000, BX(0x80000000),
	   0);
	T2("fdiv.s", "fdiv.s", RNE, 0x3f800000, 0x40400000, BX(0x3eaaaaab), I_);
	T2("fdiv.s rz", "fdiv.s", RZ, 0x3f800000, 0x40400000, BX(0x3eaaaaaa),
	   I_);
	T2("fdiv.s 1/0", "fdiv.s", RNE, 0x3f800000, 0, BX(0x7f800000), Z_);
	T2("fdiv.s -1/0", "fdiv.s", RNE, 0xbf800000, 0, BX(0xff800000), Z_);
	T2("fdiv.s 1/-0", "fdiv.s", RNE, 0x3f800000, 0x80000000,
	   BX(0xff800000), Z_);
	T2("fdiv.s 0/0", "fdiv.s", RNE, 0, 0, BX(0x7fc00000), V_);
	T2("fsub.s inf-inf", "fsub.s", RNE, 0x7f800000, 0x7f800000,
	   BX(0x7fc00000), V_);
	T2("fmul.s inf*0", "fmul.s", RNE, 0xff800000, 0, BX(0x7fc00000), V_);
	/* NaN operands: sNaN before qNaN, fj before fk, quieted. */
	T2("fadd.s qnan", "fadd.s", RNE, 0x7fc12345, 0x3f800000,
	   BX(0x7fc12345), 0);
	T2("fadd.s qnan fk", "fadd.s", RNE, 0x3f800000, 0xffc12345,
	   BX(0xffc12345), 0);
	T2("fadd.s snan", "fadd.s", RNE, 0x3f800000, 0x7f812345,
	   BX(0x7fc12345), V_);
	T2("fmul.s q,s", "fmul.s", RNE, 0xffc00001, 0x7f800002,
	   BX(0x7fc00002), V_);
	T2("fsub.s q,q", "fsub.s", RNE, 0x7fc00001, 0xffc00002,
	   BX(0x7fc00001), 0);
	T2("fdiv.s s,s", "fdiv.s", RNE, 0xff800003, 0x7f800002,
	   BX(0xffc00003), V_);
}

static void test_minmax(void)
{
	T2("fmax.s +0 -0", "fmax.s", RNE, 0, 0x80000000, BX(0), 0);
	T2("fmax.s -0 +0", "fmax.s", RNE, 0x80000000, 0, BX(0), 0);
	T2("fmin.s +0 -0", "fmin.s", RNE, 0, 0x80000000, BX(0x80000000), 0);
	T2("fmin.s -0 +0", "fmin.s", RNE, 0x80000000, 0, BX(0x80000000), 0);
	T2("fmax.s 1 2", "fmax.s", RNE, 0x3f800000, 0x40000000, BX(0x40000000),
	   0);
	T2("fmin.s -1 2", "fmin.s", RNE, 0xbf800000, 0x40000000,
	   BX(0xbf800000), 0);
	T2("fmax.s qnan", "fmax.s", RNE, 0x7fc00001, 0x3f800000,
	   BX(0x3f800000), 0);
	T2("fmin.s qnan", "fmin.s", RNE, 0x3f800000, 0xffc00001,
	   BX(0x3f800000), 0);
	T2("fmax.s snan", "fmax.s", RNE, 0x7f800001, 0x3f800000,
	   BX(0x7fc00001), V_);
	T2("fmax.s both qnan", "fmax.s", RNE, 0x7fc00001, 0x7fc00002,
	   BX(0x7fc00001), 0);
	T2("fmaxa.s", "fmaxa.s", RNE, 0xc0400000, 0x40000000, BX(0xc0400000),
	   0);
	T2("fmina.s", "fmina.s", RNE, 0xc0400000, 0x40000000, BX(0x40000000),
	   0);
	T2("fmaxa.s eq", "fmaxa.s", RNE, 0xc0000000, 0x40000000,
	   BX(0x40000000), 0);
	T2("fmina.s eq", "fmina.s", RNE, 0x40000000, 0xc0000000,
	   BX(0xc0000000), 0);
	T2("fmax.d", "fmax.d", RNE, 0x8000000000000000ULL, 0, 0, 0);
	T2("fmin.d", "fmin.d", RNE, 0, 0x8000000000000000ULL,
	   0x8000000000000000ULL, 0);
	T2("fmaxa.d", "fmaxa.d", RNE, 0xc008000000000000ULL,
	   0x4000000000000000ULL, 0xc008000000000000ULL, 0);
	T2("fmina.d", "fmina.d", RNE, 0xc008000000000000ULL,
	   0x4000000000000000ULL, 0x4000000000000000ULL, 0);
	T2("fmin.d snan", "fmin.d", RNE, 0x3ff0000000000000ULL,
	   0x7ff0000000000001ULL, 0x7ff8000000000001ULL, V_);
}

static void test_unary(void)
{
	T2("fscaleb.s", "fscaleb.s", RNE, 0x3f800000, 3, BX(0x41000000), 0);
	T2("fscaleb.s neg", "fscaleb.s", RNE, 0x3f800000, 0xfffffffd,
	   BX(0x3e000000), 0);
	T2("fscaleb.s ovf", "fscaleb.s", RNE, 0x7f000000, 2, BX(0x7f800000),
	   O_ | I_);
	T2("fscaleb.s sub", "fscaleb.s", RNE, 0x3f800000, (uint32_t)-149,
	   BX(0x00000001), 0);
	T2("fscaleb.s unf", "fscaleb.s", RNE, 0x3f800000, (uint32_t)-150,
	   BX(0), U_ | I_);
	T2("fscaleb.d", "fscaleb.d", RNE, 0x3ff0000000000000ULL, 10,
	   0x4090000000000000ULL, 0);
	T1("fsqrt.s 4", "fsqrt.s", RNE, 0x40800000, BX(0x40000000), 0);
	T1("fsqrt.s 2", "fsqrt.s", RNE, 0x40000000, BX(0x3fb504f3), I_);
	T1("fsqrt.s 2 rp", "fsqrt.s", RP, 0x40000000, BX(0x3fb504f4), I_);
	T1("fsqrt.s -1", "fsqrt.s", RNE, 0xbf800000, BX(0x7fc00000), V_);
	T1("fsqrt.s -0", "fsqrt.s", RNE, 0x80000000, BX(0x80000000), 0);
	T1("fsqrt.d 2", "fsqrt.d", RNE, 0x4000000000000000ULL,
	   0x3ff6a09e667f3bcdULL, I_);
	T1("fsqrt.d 2 rz", "fsqrt.d", RZ, 0x4000000000000000ULL,
	   0x3ff6a09e667f3bccULL, I_);
	T1("frecip.s 4", "frecip.s", RNE, 0x40800000, BX(0x3e800000), 0);
	T1("frecip.s 3", "frecip.s", RNE, 0x40400000, BX(0x3eaaaaab), I_);
	T1("frecip.s 0", "frecip.s", RNE, 0, BX(0x7f800000), Z_);
	T1("frecip.d -0", "frecip.d", RNE, 0x8000000000000000ULL,
	   0xfff0000000000000ULL, Z_);
	T1("frsqrt.s 4", "frsqrt.s", RNE, 0x40800000, BX(0x3f000000), 0);
	T1("frsqrt.s 0", "frsqrt.s", RNE, 0, BX(0x7f800000), Z_);
	T1("frsqrt.d 4", "frsqrt.d", RNE, 0x4010000000000000ULL,
	   0x3fe0000000000000ULL, 0);
	T1("frsqrt.s snan", "frsqrt.s", RNE, 0x7f800005, BX(0x7fc00005), V_);
	T1("flogb.s 8", "flogb.s", RNE, 0x41000000, BX(0x40400000), 0);
	T1("flogb.s .75", "flogb.s", RNE, 0x3f400000, BX(0xbf800000), 0);
	T1("flogb.s sub", "flogb.s", RNE, 0x00000001, BX(0xc3150000), 0);
	T1("flogb.s max", "flogb.s", RNE, 0x7f7fffff, BX(0x42fe0000), 0);
	T1("flogb.s inf", "flogb.s", RNE, 0x7f800000, BX(0x7f800000), 0);
	T1("flogb.d 1", "flogb.d", RNE, 0x3ff8000000000000ULL, 0, 0);
	T1("flogb.d 1024", "flogb.d", RNE, 0x4090000000000000ULL,
	   0x4024000000000000ULL, 0);
	T1("frint.s rne", "frint.s", RNE, 0x40200000, 0x40000000, I_);
	T1("frint.s rp", "frint.s", RP, 0x40200000, 0x40400000, I_);
	T1("frint.s rz", "frint.s", RZ, 0xc0200000, 0xc0000000, I_);
	T1("frint.s exact", "frint.s", RM, 0x40400000, 0x40400000, 0);
	T1("frint.d rm", "frint.d", RM, 0xc004000000000000ULL,
	   0xc008000000000000ULL, I_);
	T1("frint.d rne", "frint.d", RNE, 0x400c000000000000ULL,
	   0x4010000000000000ULL, I_);
	T1("frint.d -0.5 rne", "frint.d", RNE, 0xbfe0000000000000ULL,
	   0x8000000000000000ULL, I_);
}

static void test_fma(void)
{
	T3("fmadd.s", "fmadd.s", RNE, 0x40000000, 0x40400000, 0x3f800000,
	   BX(0x40e00000), 0);
	T3("fmsub.s", "fmsub.s", RNE, 0x40000000, 0x40400000, 0x3f800000,
	   BX(0x40a00000), 0);
	T3("fnmadd.s", "fnmadd.s", RNE, 0x40000000, 0x40400000, 0x3f800000,
	   BX(0xc0e00000), 0);
	T3("fnmsub.s", "fnmsub.s", RNE, 0x40000000, 0x40400000, 0x3f800000,
	   BX(0xc0a00000), 0);
	/* One rounding: (1 + 2^-12)^2 - 1 keeps the 2^-24 term. */
	T3("fmadd.s fused", "fmadd.s", RNE, 0x3f800800, 0x3f800800, 0xbf800000,
	   BX(0x3a000400), 0);
	T3("fmadd.d fused", "fmadd.d", RNE, 0x3ff0000010000000ULL,
	   0x3ff0000010000000ULL, 0xbff0000000000000ULL,
	   0x3e80000008000000ULL, 0);
	T3("fnmadd.s -0", "fnmadd.s", RNE, 0x3f800000, 0x3f800000, 0xbf800000,
	   BX(0x80000000), 0);
	T3("fnmsub.s -0", "fnmsub.s", RNE, 0x3f800000, 0x3f800000, 0x3f800000,
	   BX(0x80000000), 0);
	T3("fmsub.s +0", "fmsub.s", RNE, 0x3f800000, 0x3f800000, 0x3f800000,
	   BX(0), 0);
	T3("fmsub.s -0 rm", "fmsub.s", RM, 0x3f800000, 0x3f800000, 0x3f800000,
	   BX(0x80000000), 0);
	T3("fnmadd.s rp", "fnmadd.s", RP, 0x3f800000, 0x3f800000, 0x33800000,
	   BX(0xbf800000), I_);
	T3("fnmadd.s rm", "fnmadd.s", RM, 0x3f800000, 0x3f800000, 0x33800000,
	   BX(0xbf800001), I_);
	T3("fmadd.s inf*0+q", "fmadd.s", RNE, 0x7f800000, 0, 0x7fc00003,
	   BX(0x7fc00003), V_);
	T3("fmadd.s inf*0+1", "fmadd.s", RNE, 0, 0xff800000, 0x3f800000,
	   BX(0x7fc00000), V_);
	T3("fnmadd.s nan", "fnmadd.s", RNE, 0xffc00001, 0x3f800000, 0x3f800000,
	   BX(0xffc00001), 0);
	T3("fmadd.s q,s,q", "fmadd.s", RNE, 0x7fc00001, 0x7f800002, 0x7fc00003,
	   BX(0x7fc00002), V_);
	T3("fmadd.s c snan", "fmadd.s", RNE, 0x7fc00001, 0x3f800000,
	   0xff800004, BX(0xffc00004), V_);
	T3("fmadd.d ovf", "fmadd.d", RNE, 0x7fe0000000000000ULL,
	   0x4000000000000000ULL, 0, 0x7ff0000000000000ULL, O_ | I_);
}

static void test_class(void)
{
	static const uint32_t s[10] = { 0x7f800001, 0x7fc00000, 0xff800000,
					0xbf800000, 0x80000001, 0x80000000,
					0x7f800000, 0x3f800000, 0x00000001,
					0x00000000 };
	static const uint64_t d[10] = {
		0x7ff0000000000001ULL, 0xfff8000000000000ULL,
		0xfff0000000000000ULL, 0x8010000000000000ULL,
		0x800fffffffffffffULL, 0x8000000000000000ULL,
		0x7ff0000000000000ULL, 0x7fefffffffffffffULL,
		0x0000000000000001ULL, 0x0000000000000000ULL
	};
	static const uint64_t want[10] = { 0x1, 0x2, 0x4, 0x8, 0x10,
					   0x20, 0x40, 0x80, 0x100, 0x200 };
	int k;

	for (k = 0; k < 10; k++) {
		T1("fclass.s", "fclass.s", RNE, s[k], want[k], 0);
		T1("fclass.d", "fclass.d", RNE, d[k], want[k], 0);
	}
}

/* Relations: LT 1, EQ 2, GT 4, UN 8; a condition is the set it accepts. */
#define CMP(cond, mask)                                                     \
	static void cmp_##cond(uint64_t a, uint64_t b, int rel, int dbl,    \
			       int snan)                                    \
	{                                                                   \
		uint64_t r;                                                 \
		int sig;                                                    \
                                                                            \
		set_fcsr(RNE);                                              \
		if (dbl)                                                    \
			__asm__ volatile("movgr2fr.d $fa0, %1\n"            \
					 "movgr2fr.d $fa1, %2\n"            \
					 "movgr2cf $fcc5, %3\n"             \
					 "fcmp." #cond ".d $fcc5, $fa0, $fa1\n" \
					 "movcf2gr %0, $fcc5"               \
					 : "=r"(r)                          \
					 : "r"(a), "r"(b), "r"(~(uint64_t)(mask & rel ? 1 : 0)) \
					 : "$fa0", "$fa1");                 \
		else                                                        \
			__asm__ volatile("movgr2fr.d $fa0, %1\n"            \
					 "movgr2fr.d $fa1, %2\n"            \
					 "movgr2cf $fcc5, %3\n"             \
					 "fcmp." #cond ".s $fcc5, $fa0, $fa1\n" \
					 "movcf2gr %0, $fcc5"               \
					 : "=r"(r)                          \
					 : "r"(a), "r"(b), "r"(~(uint64_t)(mask & rel ? 1 : 0)) \
					 : "$fa0", "$fa1");                 \
		CHECK("fcmp." #cond, r, (mask & rel) ? 1 : 0);              \
		sig = (#cond[0] == 's' && rel == 8) || snan;                \
		CHECK("fcmp." #cond " fcsr", get_fcsr(), sig ? V_ : 0);     \
	}

CMP(caf, 0x0)
CMP(saf, 0x0)
CMP(clt, 0x1)
CMP(slt, 0x1)
CMP(ceq, 0x2)
CMP(seq, 0x2)
CMP(cle, 0x3)
CMP(sle, 0x3)
CMP(cun, 0x8)
CMP(sun, 0x8)
CMP(cult, 0x9)
CMP(sult, 0x9)
CMP(cueq, 0xa)
CMP(sueq, 0xa)
CMP(cule, 0xb)
CMP(sule, 0xb)
CMP(cne, 0x5)
CMP(sne, 0x5)
CMP(cor, 0x7)
CMP(sor, 0x7)
CMP(cune, 0xd)
CMP(sune, 0xd)

static void (*const cmps[22])(uint64_t, uint64_t, int, int, int) = {
	cmp_caf, cmp_saf, cmp_clt, cmp_slt, cmp_ceq, cmp_seq, cmp_cle,
	cmp_sle, cmp_cun, cmp_sun, cmp_cult, cmp_sult, cmp_cueq, cmp_sueq,
	cmp_cule, cmp_sule, cmp_cne, cmp_sne, cmp_cor, cmp_sor, cmp_cune,
	cmp_sune
};

static void test_cmp(void)
{
	/* fj, fk, relation, double, signalling NaN among them. */
	static const struct {
		uint64_t a, b;
		int rel, dbl, snan;
	} v[] = {
		{ 0x3f800000, 0x40000000, 1, 0, 0 },
		{ 0x40000000, 0x40000000, 2, 0, 0 },
		{ 0x80000000, 0x00000000, 2, 0, 0 },
		{ 0x40000000, 0xbf800000, 4, 0, 0 },
		{ 0xff800000, 0x7f800000, 1, 0, 0 },
		{ 0x7fc00000, 0x3f800000, 8, 0, 0 },
		{ 0x3f800000, 0x7f800001, 8, 0, 1 },
		{ 0x3ff0000000000000ULL, 0xbff0000000000000ULL, 4, 1, 0 },
		{ 0x0000000000000001ULL, 0x0000000000000002ULL, 1, 1, 0 },
		{ 0x8000000000000000ULL, 0x0000000000000000ULL, 2, 1, 0 },
		{ 0xfff8000000000000ULL, 0x0000000000000000ULL, 8, 1, 0 },
		{ 0x7ff0000000000001ULL, 0x7ff8000000000000ULL, 8, 1, 1 },
	};
	unsigned int k, c;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		for (c = 0; c < 22; c++)
			cmps[c](v[k].a, v[k].b, v[k].rel, v[k].dbl, v[k].snan);
}

static void test_convert(void)
{
	T1("fcvt.s.d", "fcvt.s.d", RNE, 0x3fd5555555555555ULL, BX(0x3eaaaaab),
	   I_);
	T1("fcvt.s.d rz", "fcvt.s.d", RZ, 0x3fd5555555555555ULL,
	   BX(0x3eaaaaaa), I_);
	T1("fcvt.s.d ovf", "fcvt.s.d", RNE, 0x47f0000000000000ULL,
	   BX(0x7f800000), O_ | I_);
	T1("fcvt.s.d ovf rz", "fcvt.s.d", RZ, 0x47f0000000000000ULL,
	   BX(0x7f7fffff), O_ | I_);
	T1("fcvt.s.d unf", "fcvt.s.d", RNE, 0x3680000000000000ULL, BX(0),
	   U_ | I_);
	T1("fcvt.s.d snan", "fcvt.s.d", RNE, 0x7ff4000000000001ULL,
	   BX(0x7fe00000), V_);
	T1("fcvt.s.d qnan", "fcvt.s.d", RNE, 0xfff8000020000000ULL,
	   BX(0xffc00001), 0);
	T1("fcvt.d.s", "fcvt.d.s", RNE, 0x3fc00000, 0x3ff8000000000000ULL, 0);
	T1("fcvt.d.s sub", "fcvt.d.s", RNE, 0x80000001, 0xb6a0000000000000ULL,
	   0);
	T1("fcvt.d.s snan", "fcvt.d.s", RNE, 0x7fa00001,
	   0x7ffc000020000000ULL, V_);
	T1("ffint.s.w", "ffint.s.w", RNE, 0x01000001, BX(0x4b800000), I_);
	T1("ffint.s.w rp", "ffint.s.w", RP, 0x01000001, BX(0x4b800001), I_);
	T1("ffint.s.w -1", "ffint.s.w", RNE, 0x12345678ffffffffULL,
	   BX(0xbf800000), 0);
	T1("ffint.s.l", "ffint.s.l", RM, 0xfffffffffeffffffULL, BX(0xcb800001),
	   I_);
	T1("ffint.d.w", "ffint.d.w", RNE, 0x80000000, 0xc1e0000000000000ULL, 0);
	T1("ffint.d.l", "ffint.d.l", RNE, 0x0020000000000001ULL,
	   0x4340000000000000ULL, I_);
	T1("ffint.d.l rp", "ffint.d.l", RP, 0x0020000000000001ULL,
	   0x4340000000000001ULL, I_);
	T1("ffint.d.l min", "ffint.d.l", RNE, 0x8000000000000000ULL,
	   0xc3e0000000000000ULL, 0);
}

static void test_ftint(void)
{
	/* 2.5 and -2.5 under each explicit and FCSR rounding. */
	T1("ftintrne.w.s", "ftintrne.w.s", RP, 0x40200000, 2, I_);
	T1("ftintrm.w.s", "ftintrm.w.s", RP, 0x40200000, 2, I_);
	T1("ftintrp.w.s", "ftintrp.w.s", RM, 0x40200000, 3, I_);
	T1("ftintrz.w.s", "ftintrz.w.s", RP, 0x40200000, 2, I_);
	T1("ftintrne.l.s", "ftintrne.l.s", RNE, 0xc0200000, -2, I_);
	T1("ftintrm.l.s", "ftintrm.l.s", RNE, 0xc0200000, -3, I_);
	T1("ftintrp.l.s", "ftintrp.l.s", RNE, 0xc0200000, -2, I_);
	T1("ftintrz.l.s", "ftintrz.l.s", RNE, 0xc0200000, -2, I_);
	T1("ftint.w.s rne", "ftint.w.s", RNE, 0x40600000, 4, I_);
	T1("ftint.w.s rz", "ftint.w.s", RZ, 0x40600000, 3, I_);
	T1("ftint.w.s rp", "ftint.w.s", RP, 0xc0600000, -3, I_);
	T1("ftint.w.s rm", "ftint.w.s", RM, 0xc0600000, -4, I_);
	T1("ftint.w.s exact", "ftint.w.s", RM, 0x40400000, 3, 0);
	T1("ftint.l.s rm", "ftint.l.s", RM, 0x3f000000, 0, I_);
	T1("ftint.w.s ovf", "ftintrz.w.s", RNE, 0x4f000000, 0x7fffffff, V_);
	/* ftintrz/rne.w.s zero-extend, the others sign-extend (QEMU 7.2). */
	T1("ftint.w.s min", "ftintrz.w.s", RNE, 0xcf000000, 0x80000000, 0);
	T1("ftint.w.s -inf", "ftintrz.w.s", RNE, 0xff800000, 0x80000000, V_);
	T1("ftintrne.w.s neg", "ftintrne.w.s", RNE, 0xc0600000, 0xfffffffc,
	   I_);
	T1("ftintrm.w.s neg", "ftintrm.w.s", RNE, 0xc0600000,
	   0xfffffffffffffffcULL, I_);
	T1("ftint.w.s nan", "ftint.w.s", RNE, 0x7fc00000, 0, V_);
	T1("ftint.l.s snan", "ftintrm.l.s", RNE, 0xff800001, 0, V_);
	T1("ftintrne.w.d", "ftintrne.w.d", RNE, 0x4004000000000000ULL, 2, I_);
	T1("ftintrm.w.d", "ftintrm.w.d", RNE, 0xc004000000000000ULL,
	   0xfffffffffffffffdULL, I_);
	T1("ftintrp.w.d", "ftintrp.w.d", RNE, 0x4004000000000000ULL, 3, I_);
	T1("ftintrz.w.d", "ftintrz.w.d", RNE, 0xc004000000000000ULL,
	   0xfffffffffffffffeULL, I_);
	T1("ftint.w.d rne", "ftint.w.d", RNE, 0x400c000000000000ULL, 4, I_);
	T1("ftint.w.d rne ovf", "ftint.w.d", RNE, 0x41dfffffffe00000ULL,
	   0x7fffffff, V_);
	T1("ftint.w.d rz", "ftint.w.d", RZ, 0x41dfffffffe00000ULL, 0x7fffffff,
	   I_);
	T1("ftint.w.d -ovf", "ftintrm.w.d", RNE, 0xc1e0000000100000ULL,
	   0xffffffff80000000ULL, V_);
	T1("ftintrne.l.d", "ftintrne.l.d", RNE, 0x4016000000000000ULL, 6, I_);
	T1("ftintrm.l.d", "ftintrm.l.d", RNE, 0xbff8000000000000ULL,
	   0xfffffffffffffffeULL, I_);
	T1("ftintrp.l.d", "ftintrp.l.d", RNE, 0x3fb0000000000000ULL, 1, I_);
	T1("ftintrz.l.d ovf", "ftintrz.l.d", RNE, 0x43e0000000000000ULL,
	   0x7fffffffffffffffULL, V_);
	T1("ftintrz.l.d min", "ftintrz.l.d", RNE, 0xc3e0000000000000ULL,
	   0x8000000000000000ULL, 0);
	T1("ftint.l.d rm", "ftint.l.d", RM, 0xbff8000000000000ULL,
	   0xfffffffffffffffeULL, I_);
	T1("ftint.l.d nan", "ftint.l.d", RNE, 0xfff8000000000000ULL, 0, V_);
}

static void test_moves(void)
{
	const uint64_t x = 0x123456783f800000ULL, y = 0xabcdef01c0000000ULL;
	uint64_t r;

	T1("fabs.s", "fabs.s", RNE, 0xff800001, BX(0x7f800001), 0);
	T1("fabs.d", "fabs.d", RNE, 0xfff0000000000001ULL,
	   0x7ff0000000000001ULL, 0);
	T1("fneg.s", "fneg.s", RNE, x, BX(0xbf800000), 0);
	T1("fneg.d", "fneg.d", RNE, 0x7ff0000000000001ULL,
	   0xfff0000000000001ULL, 0);
	T1("fmov.s", "fmov.s", RNE, x, BX(0x3f800000), 0);
	T1("fmov.d", "fmov.d", RNE, x, x, 0);
	T2("fcopysign.s", "fcopysign.s", RNE, x, y, 0xabcdef01bf800000ULL, 0);
	T2("fcopysign.d", "fcopysign.d", RNE, x, y, 0x923456783f800000ULL, 0);
	T2("fcopysign.d +", "fcopysign.d", RNE, y, x, 0x2bcdef01c0000000ULL,
	   0);
	CHECK("fabs.s fcsr kept", get_fcsr(), 0);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movgr2fr.w $fa0, %2\n"
			 "movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(x), "r"(y) : "$fa0");
	CHECK("movgr2fr.w", r, 0x12345678c0000000ULL);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movgr2frh.w $fa0, %2\n"
			 "movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(x), "r"(y) : "$fa0");
	CHECK("movgr2frh.w", r, 0xc00000003f800000ULL);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movfr2gr.s %0, $fa0"
			 : "=r"(r) : "r"(y) : "$fa0");
	CHECK("movfr2gr.s", r, 0xffffffffc0000000ULL);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movfrh2gr.s %0, $fa0"
			 : "=r"(r) : "r"(y) : "$fa0");
	CHECK("movfrh2gr.s", r, 0xffffffffabcdef01ULL);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movfrh2gr.s %0, $fa0"
			 : "=r"(r) : "r"(x) : "$fa0");
	CHECK("movfrh2gr.s +", r, 0x12345678);
	__asm__ volatile("movgr2cf $fcc3, %1\n movcf2gr %0, $fcc3"
			 : "=r"(r) : "r"(3ULL));
	CHECK("movgr2cf 1", r, 1);
	__asm__ volatile("movgr2cf $fcc3, %1\n movcf2gr %0, $fcc3"
			 : "=r"(r) : "r"(2ULL));
	CHECK("movgr2cf 0", r, 0);
	__asm__ volatile("movgr2fr.d $fa0, %1\n movfr2cf $fcc7, $fa0\n"
			 "movcf2fr $fa1, $fcc7\n movfr2gr.d %0, $fa1"
			 : "=r"(r) : "r"(0xffULL) : "$fa0", "$fa1");
	CHECK("movfr2cf/movcf2fr", r, 1);
	__asm__ volatile("movgr2cf $fcc2, $zero\n movgr2fr.d $fa0, %1\n"
			 "movgr2fr.d $fa1, %2\n fsel $fa2, $fa0, $fa1, $fcc2\n"
			 "movfr2gr.d %0, $fa2"
			 : "=r"(r) : "r"(x), "r"(y) : "$fa0", "$fa1", "$fa2");
	CHECK("fsel 0", r, x);
	__asm__ volatile("movgr2cf $fcc2, %3\n movgr2fr.d $fa0, %1\n"
			 "movgr2fr.d $fa1, %2\n fsel $fa2, $fa0, $fa1, $fcc2\n"
			 "movfr2gr.d %0, $fa2"
			 : "=r"(r) : "r"(x), "r"(y), "r"(1ULL)
			 : "$fa0", "$fa1", "$fa2");
	CHECK("fsel 1", r, y);
}

static uint64_t read_fcsr(int n)
{
	uint64_t v = 0;

	switch (n) {
	case 1: __asm__ volatile("movfcsr2gr %0, $fcsr1" : "=r"(v)); break;
	case 2: __asm__ volatile("movfcsr2gr %0, $fcsr2" : "=r"(v)); break;
	case 3: __asm__ volatile("movfcsr2gr %0, $fcsr3" : "=r"(v)); break;
	}
	return v;
}

static void test_fcsr(void)
{
	set_fcsr(0x1f1f031fULL);
	CHECK("fcsr0", get_fcsr(), 0x1f1f031f);
	CHECK("fcsr1", read_fcsr(1), 0x1f);
	CHECK("fcsr2", read_fcsr(2), 0x1f1f0000);
	CHECK("fcsr3", read_fcsr(3), 0x300);
	set_fcsr(0);
	__asm__ volatile("movgr2fcsr $fcsr1, %0" ::"r"(~0ULL));
	CHECK("fcsr1 write", get_fcsr(), 0x1f);
	__asm__ volatile("movgr2fcsr $fcsr2, %0" ::"r"(~0ULL));
	CHECK("fcsr2 write", get_fcsr(), 0x1f1f001f);
	__asm__ volatile("movgr2fcsr $fcsr3, %0" ::"r"(0x200ULL));
	CHECK("fcsr3 write", get_fcsr(), 0x1f1f021f);
	__asm__ volatile("movgr2fcsr $fcsr2, $zero");
	CHECK("fcsr2 clear", get_fcsr(), 0x21f);
	/* Flags accumulate; the cause holds the last operation's alone. */
	set_fcsr(0);
	RUN3("fdiv.s $fa3, $fa0, $fa1", 0x3f800000, 0, 0, 0);
	RUN3("fadd.s $fa3, $fa0, $fa1", 0x3f800000, 0x33800000, 0, 0);
	CHECK("flags accumulate", get_fcsr(), 0x01090000);
	RUN3("fadd.s $fa3, $fa0, $fa1", 0x3f800000, 0x3f800000, 0, 0);
	CHECK("cause cleared", get_fcsr(), 0x00090000);
	RUN3("fmov.s $fa3, $fa0", 0x7f800001, 0, 0, 0);
	CHECK("fmov keeps cause", get_fcsr(), 0x00090000);
	set_fcsr(0);
}

/*
 * FCSR0 after runs of operations with no reset in between: loongvm leaves
 * plain arithmetic's flags in the host FPU and works out the cause only
 * when FCSR0 is read, so each read here must see what per-operation
 * updates would have left, also across an exit to the VMM (the UART).
 */
static void test_fcsr_runs(void)
{
	uint64_t r;

	set_fcsr(0);
	RUN3("fdiv.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL,
	     0x4008000000000000ULL, 0, 0); /* 1/3: I */
	RUN3("fmul.d $fa3, $fa0, $fa1", 0x7fe0000000000000ULL,
	     0x4000000000000000ULL, 0, 0); /* overflow: O I */
	RUN3("fadd.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL,
	     0x3ff0000000000000ULL, 0, 0); /* exact */
	CHECK("run: flags of all, no cause", get_fcsr(), 0x00050000);
	RUN3("fdiv.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL, 0, 0, 0);
	puts_uart("fcsr runs: flag and cause over an exit to the VMM\n");
	CHECK("run: flag and cause kept over an exit", get_fcsr(), 0x080d0000);
	CHECK("run: fcsr2 view", read_fcsr(2), 0x080d0000);
	/* A new rounding mode applies to the next operation at once. */
	__asm__ volatile("movgr2fcsr $fcsr3, %0" ::"r"((uint64_t)RP));
	r = RUN3("fadd.s $fa3, $fa0, $fa1", 0x3f800000, 0x33800000, 0, 0);
	CHECK("run: rp result", r, BX(0x3f800001));
	__asm__ volatile("movgr2fcsr $fcsr3, %0" ::"r"((uint64_t)RZ));
	r = RUN3("fadd.s $fa3, $fa0, $fa1", 0x3f800000, 0x33800001, 0, 0);
	CHECK("run: rz result", r, BX(0x3f800000));
	CHECK("run: flags kept over mode writes", get_fcsr(),
	      RZ | 0x010d0000);
	/* A comparison decided in software, then host arithmetic again. */
	RUN3("fcmp.sle.d $fcc0, $fa0, $fa1", 0x7ff8000000000000ULL, 0, 0, 0);
	CHECK("run: fcmp cause", get_fcsr(), RZ | 0x101d0000);
	RUN3("fdiv.s $fa3, $fa0, $fa1", 0x3f800000, 0, 0, 0); /* 1/0: Z */
	RUN3("frint.d $fa3, $fa0", 0xc1e0000000100000ULL, 0, 0, 0);
	CHECK("run: frint after fdiv", get_fcsr(), RZ | 0x011d0000);
	RUN3("ftintrm.w.d $fa3, $fa0", 0xc1e0000000100000ULL, 0, 0, 0);
	RUN3("fadd.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL,
	     0x3ff0000000000000ULL, 0, 0);
	CHECK("run: ftint then exact", get_fcsr(), RZ | 0x001d0000);
	__asm__ volatile("movgr2fcsr $fcsr2, $zero");
	RUN3("fadd.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL,
	     0x3ff0000000000000ULL, 0, 0);
	CHECK("run: flags cleared by fcsr2", get_fcsr(), RZ);
	set_fcsr(0);
}

float mem_s[4] __attribute__((aligned(16)));
double mem_d[4] __attribute__((aligned(16)));

static void test_mem(void)
{
	uint64_t r;
	uint32_t w;

	mem_s[1] = 1.5f;
	mem_d[1] = 2.5;
	__asm__ volatile("fld.s $fa0, %1, 4\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(mem_s) : "$fa0", "memory");
	CHECK("fld.s", r, BX(0x3fc00000));
	__asm__ volatile("fld.d $fa0, %1, 8\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(mem_d) : "$fa0", "memory");
	CHECK("fld.d", r, 0x4004000000000000ULL);
	__asm__ volatile("fldx.s $fa0, %1, %2\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(mem_s), "r"(4ULL) : "$fa0", "memory");
	CHECK("fldx.s", r, BX(0x3fc00000));
	__asm__ volatile("fldx.d $fa0, %1, %2\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(mem_d), "r"(8ULL) : "$fa0", "memory");
	CHECK("fldx.d", r, 0x4004000000000000ULL);
	__asm__ volatile("movgr2fr.d $fa0, %0\n fst.s $fa0, %1, 8\n"
			 "fstx.d $fa0, %2, %3"
			 :: "r"(0x11223344aabbccddULL), "r"(mem_s), "r"(mem_d),
			 "r"(16ULL) : "memory");
	__builtin_memcpy(&w, &mem_s[2], 4);
	CHECK("fst.s", w, 0xaabbccdd);
	__builtin_memcpy(&r, &mem_d[2], 8);
	CHECK("fstx.d", r, 0x11223344aabbccddULL);
	__asm__ volatile("movgr2fr.d $fa0, %0\n fst.d $fa0, %1, 24\n"
			 "fstx.s $fa0, %2, %3"
			 :: "r"(0x5566778899aabbccULL), "r"(mem_d), "r"(mem_s),
			 "r"(12ULL) : "memory");
	__builtin_memcpy(&r, &mem_d[3], 8);
	CHECK("fst.d", r, 0x5566778899aabbccULL);
	__builtin_memcpy(&w, &mem_s[3], 4);
	CHECK("fstx.s", w, 0x99aabbcc);

}

int main(void)
{
	__asm__ volatile("li.w $t0, 1\n csrwr $t0, 0x2" ::: "$t0");
	test_arith_s();
	test_minmax();
	test_unary();
	test_fma();
	test_class();
	test_cmp();
	test_convert();
	test_ftint();
	test_moves();
	test_fcsr();
	test_fcsr_runs();
	test_mem();
	return test_done("isa_fpu");
}
