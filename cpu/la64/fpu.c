// SPDX-License-Identifier: MIT
/*
 * The scalar FPU's computing core (LoongArch Vol1 chapter 3).
 *
 * Finite and infinite operands go to the host FPU, which holds the guest's
 * rounding mode while la64_cpu_run runs (fpu_env.h). Plain arithmetic with
 * no exception enabled leaves its flags in the host and only records its
 * operands; the cause of the newest such operation is recomputed when
 * FCSR0 is read (la64_fpu_sync), so FCSR0 reads as if every operation had
 * updated it. Everything else takes the host's flags as it goes, and
 * nothing else here may leave host flags behind.
 *
 * NaN operands never reach the host: which NaN comes out is decided here,
 * since the host's rule (x86: the first operand) is not LoongArch's. An
 * invalid operation yields the default quiet NaN (0x7fc00000 /
 * 0x7ff8000000000000, Vol1 3.1.1.x). Where the manual leaves a choice
 * open, the behaviour of QEMU 7.2 is followed and noted.
 */
#include <math.h>
#include <string.h>

#include "exception.h"
#include "fpu.h"
#include "fpu_env.h"

/* The bit layout of one format, for NaN handling without host FP. */
struct fp_fmt {
	uint64_t sign, inf, quiet, dnan;
};

static const struct fp_fmt fmt_s = {
	0x80000000ULL, 0x7f800000ULL, 0x00400000ULL, 0x7fc00000ULL
};
static const struct fp_fmt fmt_d = {
	0x8000000000000000ULL, 0x7ff0000000000000ULL,
	0x0008000000000000ULL, 0x7ff8000000000000ULL
};

#define BOX_S 0xffffffff00000000ULL

static bool is_nan(const struct fp_fmt *f, uint64_t x)
{
	return (x & ~f->sign) > f->inf;
}

static bool is_snan(const struct fp_fmt *f, uint64_t x)
{
	return is_nan(f, x) && !(x & f->quiet);
}

static bool is_zero(const struct fp_fmt *f, uint64_t x)
{
	return !(x & ~f->sign);
}

/* An order-preserving integer key of a non-NaN value; +0 == -0. */
static int64_t fp_key(const struct fp_fmt *f, uint64_t x)
{
	int64_t m = (int64_t)(x & ~f->sign);

	return (x & f->sign) ? -m : m;
}

/*
 * The NaN result of an operation with NaN operands: a signalling one
 * first, then a quiet one, in operand order; quieted, payload kept. The
 * manual does not fix the order; this is QEMU 7.2's.
 */
static uint64_t pick_nan(const struct fp_fmt *f, const uint64_t *v,
			 unsigned int n, uint32_t *fl)
{
	unsigned int k, pick = n;

	for (k = 0; k < n; k++) {
		if (is_snan(f, v[k])) {
			*fl |= FP_V;
			if (pick == n)
				pick = k;
		}
	}
	for (k = 0; k < n && pick == n; k++)
		if (is_nan(f, v[k]))
			pick = k;
	return v[pick] | f->quiet;
}

static float val_s(uint64_t b)
{
	uint32_t w = (uint32_t)b;
	float x;

	memcpy(&x, &w, sizeof(x));
	return x;
}

static uint64_t bits_s(float x)
{
	uint32_t w;

	memcpy(&w, &x, sizeof(w));
	return w;
}

static double val_d(uint64_t b)
{
	double x;

	memcpy(&x, &b, sizeof(x));
	return x;
}

static uint64_t bits_d(double x)
{
	uint64_t b;

	memcpy(&b, &x, sizeof(b));
	return b;
}

static int fcsr_rm(const struct la64_cpu *cpu)
{
	return (int)((cpu->fcsr & LA_FCSR_RM) >> LA_FCSR_RM_SHIFT);
}

/* FCSR0's cause field: the exceptions of the newest operation alone. */
static void set_cause(struct la64_cpu *cpu, uint32_t fl)
{
	cpu->fcsr = (cpu->fcsr & ~LA_FCSR_CAUSE) | fl << LA_FCSR_CAUSE_SHIFT;
}

/*
 * Records the exceptions of one operation (Vol1 3.1.4): the cause field
 * takes them; an enabled one raises FPE, otherwise they accumulate in the
 * flags. Returns LA_NEXT when the destination is to be written.
 */
static int fp_signal(struct la64_cpu *cpu, uint32_t fl)
{
	cpu->fp_last.pending = false;
	set_cause(cpu, fl);
	if (fl & cpu->fcsr & LA_FCSR_ENABLES)
		return la64_raise(cpu, LA_ECODE_FPE, 0);
	cpu->fcsr |= fl << LA_FCSR_FLAGS_SHIFT;
	return LA_NEXT;
}

/* The flags the host gathered from lazy operations, into FCSR0. */
static void fold_flags(struct la64_cpu *cpu)
{
	cpu->fcsr |= fpu_env_take_flags() << LA_FCSR_FLAGS_SHIFT;
}

static int fp_commit(struct la64_cpu *cpu, unsigned int fd, uint64_t val,
		     uint32_t fl)
{
	int st = fp_signal(cpu, fl);

	if (st == LA_NEXT)
		cpu->fpr[fd].d[0] = val;
	return st;
}

/*
 * The host computations. The volatile operands pin them between the
 * reads of the host's flags, which the compiler may not otherwise respect.
 */
#define HOST_OP(T, SQRT, FMA, SCALBN)                                  \
	volatile T va = a, vb = b, vc = c;                                   \
	T r = 0;                                                             \
                                                                             \
	switch (op) {                                                        \
	case LA_FOP_ADD: r = va + vb; break;                                 \
	case LA_FOP_SUB: r = va - vb; break;                                 \
	case LA_FOP_MUL: r = va * vb; break;                                 \
	case LA_FOP_DIV: r = va / vb; break;                                 \
	case LA_FOP_SCALEB: r = SCALBN(va, n); break;                        \
	case LA_FOP_SQRT: r = SQRT(va); break;                               \
	case LA_FOP_RECIP: r = (T)1 / va; break;                             \
	case LA_FOP_RSQRT: r = SQRT(va); vb = r; r = (T)1 / vb; break;       \
	case LA_FOP_MADD: r = FMA(va, vb, vc); break;                        \
	case LA_FOP_MSUB: r = FMA(va, vb, -vc); break;                       \
	/* -(a*b+c) is rounded as a whole; an exact zero flips sign. */      \
	case LA_FOP_NMADD:                                                   \
		r = FMA(-va, vb, -vc);                                       \
		if (r == 0)                                                  \
			r = -FMA(va, vb, vc);                                \
		break;                                                       \
	case LA_FOP_NMSUB:                                                   \
		r = FMA(-va, vb, vc);                                        \
		if (r == 0)                                                  \
			r = -FMA(va, vb, -vc);                               \
		break;                                                       \
	default: break;                                                      \
	}                                                                    \
	vc = r;                                                              \
	return vc

static __attribute__((noinline)) float host_s(enum la64_fop op, float a,
					      float b, float c, int n)
{
	HOST_OP(float, sqrtf, fmaf, scalbnf);
}

static __attribute__((noinline)) double host_d(enum la64_fop op, double a,
					       double b, double c, int n)
{
	HOST_OP(double, sqrt, fma, scalbn);
}

/* fscaleb's integer operand, clamped beyond any finite scaling. */
static int scale_count(uint64_t b, bool dbl)
{
	int64_t n = dbl ? (int64_t)b : (int64_t)(int32_t)(uint32_t)b;

	if (n > 0x1000)
		return 0x1000;
	if (n < -0x1000)
		return -0x1000;
	return (int)n;
}

/*
 * FMAX/FMIN/FMAXA/FMINA (Vol1 3.2.1.x): IEEE 754-2008 maxNum and friends.
 * A quiet NaN loses to a number; +0 is above -0; equal magnitudes fall
 * back to the signed comparison.
 */
static uint64_t fp_minmax(const struct fp_fmt *f, enum la64_fop op,
			  uint64_t a, uint64_t b, uint32_t *fl)
{
	bool max = op == LA_FOP_MAX || op == LA_FOP_MAXA;
	uint64_t v[2] = { a, b };
	int64_t ka = fp_key(f, a), kb = fp_key(f, b);

	if (is_nan(f, a) || is_nan(f, b)) {
		if (!is_snan(f, a) && !is_snan(f, b) &&
		    !(is_nan(f, a) && is_nan(f, b)))
			return is_nan(f, a) ? b : a;
		return pick_nan(f, v, 2, fl);
	}
	if (op == LA_FOP_MAXA || op == LA_FOP_MINA) {
		uint64_t ma = a & ~f->sign, mb = b & ~f->sign;

		if (ma != mb)
			return (ma > mb) == max ? a : b;
	}
	if (ka != kb)
		return (ka > kb) == max ? a : b;
	return !!(a & f->sign) != max ? a : b;
}

/*
 * FLOGB (Vol1 3.2.1.x): the unbiased exponent. As QEMU 7.2: a zero gives
 * -Inf with no exception, a negative operand (or a negative NaN) Invalid.
 */
static uint64_t fp_logb(const struct fp_fmt *f, bool dbl, uint64_t a,
			uint32_t *fl)
{
	int e;

	if (is_zero(f, a))
		return f->sign | f->inf;
	if (a & f->sign) {
		*fl |= FP_V;
		return f->dnan;
	}
	if (is_nan(f, a))
		return pick_nan(f, &a, 1, fl);
	if (a == f->inf)
		return a;
	e = dbl ? ilogb(val_d(a)) : ilogbf(val_s(a));
	return dbl ? bits_d(e) : bits_s((float)e);
}

static double round_mode(double x, int rm)
{
	switch (rm) {
	case 1:
		return trunc(x);
	case 2:
		return ceil(x);
	case 3:
		return floor(x);
	default:
		return roundeven(x);
	}
}

/*
 * FRINT (Vol1 3.2.3.x): to an integral value in the FCSR mode, Inexact if
 * that changed it. Done with exact libm calls, not the host's rint.
 */
static uint64_t fp_rint(bool dbl, uint64_t a, int rm, uint32_t *fl)
{
	double x = dbl ? val_d(a) : (double)val_s(a);
	double y = round_mode(x, rm);

	if (y != x)
		*fl |= FP_I;
	return dbl ? bits_d(y) : bits_s((float)y);
}

/* Operations decided without the host FPU; false if none applies. */
static bool fp_special(const struct fp_fmt *f, bool dbl, enum la64_fop op,
		       const uint64_t *v, int rm, uint64_t *r, uint32_t *fl)
{
	unsigned int n = op >= LA_FOP_MADD ? 3 : op < LA_FOP_SCALEB ? 2 : 1;
	unsigned int k;

	if (op >= LA_FOP_MAX && op <= LA_FOP_MINA) {
		*r = fp_minmax(f, op, v[0], v[1], fl);
		return true;
	}
	if (op == LA_FOP_LOGB) {
		*r = fp_logb(f, dbl, v[0], fl);
		return true;
	}
	for (k = 0; k < n; k++)
		if (is_nan(f, v[k]))
			break;
	if (k == n && op == LA_FOP_RINT)
		*r = fp_rint(dbl, v[0], rm, fl);
	if (k == n)
		return op == LA_FOP_RINT;
	/* inf * 0 + NaN: Invalid, and the NaN addend (as QEMU 7.2). */
	if (n == 3 && !is_nan(f, v[0]) && !is_nan(f, v[1]) &&
	    ((is_zero(f, v[0]) && (v[1] & ~f->sign) == f->inf) ||
	     (is_zero(f, v[1]) && (v[0] & ~f->sign) == f->inf)))
		*fl |= FP_V;
	*r = pick_nan(f, v, n, fl);
	return true;
}

static uint64_t fp_operand(const struct la64_cpu *cpu, unsigned int r,
			   bool dbl)
{
	uint64_t x = cpu->fpr[r].d[0];

	return dbl ? x : (uint32_t)x;
}

/* op on operands that fp_special left to the host, NaN-boxed if .s. */
static uint64_t host_arith(enum la64_fop op, bool dbl, const uint64_t *v)
{
	int n = scale_count(v[1], dbl);
	uint64_t r;

	if (dbl) {
		r = bits_d(host_d(op, val_d(v[0]), val_d(v[1]), val_d(v[2]), n));
		return is_nan(&fmt_d, r) ? fmt_d.dnan : r;
	}
	r = bits_s(host_s(op, val_s(v[0]), val_s(v[1]), val_s(v[2]), n));
	return (is_nan(&fmt_s, r) ? fmt_s.dnan : r) | BOX_S;
}

int la64_fp_arith(struct la64_cpu *cpu, const struct la64_insn *i,
		  enum la64_fop op, bool dbl)
{
	const struct fp_fmt *f = dbl ? &fmt_d : &fmt_s;
	uint64_t v[3] = { fp_operand(cpu, i->rj, dbl),
			  fp_operand(cpu, i->rk, dbl),
			  fp_operand(cpu, i->ra, dbl) };
	bool libm = op == LA_FOP_LOGB || op == LA_FOP_RINT;
	uint32_t fl = 0;
	uint64_t r;

	/* libm's exact helpers may still raise host flags (glibc's floor). */
	if (libm)
		fold_flags(cpu);
	if (fp_special(f, dbl, op, v, fcsr_rm(cpu), &r, &fl)) {
		if (libm)
			fpu_env_take_flags();
		/* .s results are NaN-boxed; frint.s's are not (QEMU 7.2). */
		if (!dbl && op != LA_FOP_RINT)
			r |= BOX_S;
		return fp_commit(cpu, i->rd, r, fl);
	}
	if (la64_likely(!(cpu->fcsr & LA_FCSR_ENABLES))) {
		/* Lazy: the flags stay in the host, the cause is for later. */
		cpu->fpr[i->rd].d[0] = host_arith(op, dbl, v);
		cpu->fp_last = (struct la64_fp_last){
			true, dbl, (uint8_t)op, { v[0], v[1], v[2] }
		};
		return LA_NEXT;
	}
	fold_flags(cpu);
	r = host_arith(op, dbl, v);
	return fp_commit(cpu, i->rd, r, fpu_env_take_flags());
}

/* FCSR0 up to date: gathered flags folded, the newest cause computed. */
void la64_fpu_sync(struct la64_cpu *cpu)
{
	struct la64_fp_last *l = &cpu->fp_last;

	fold_flags(cpu);
	if (!l->pending)
		return;
	l->pending = false;
	host_arith((enum la64_fop)l->op, l->dbl, l->v);
	set_cause(cpu, fpu_env_take_flags());
}

void la64_fpu_enter(struct la64_cpu *cpu)
{
	cpu->fp_host_env = fpu_env_enter(fcsr_rm(cpu));
	cpu->fp_live = true;
}

void la64_fpu_leave(struct la64_cpu *cpu)
{
	if (!cpu->fp_live)
		return;
	la64_fpu_sync(cpu);
	fpu_env_leave(cpu->fp_host_env);
	cpu->fp_live = false;
}

void la64_fpu_write_fcsr(struct la64_cpu *cpu, uint32_t mask, uint32_t val)
{
	la64_fpu_sync(cpu);
	cpu->fcsr = (cpu->fcsr & ~mask) | (val & mask);
	fpu_env_set_mode(fcsr_rm(cpu));
}

static __attribute__((noinline)) float host_d2s(double a)
{
	volatile double va = a;
	volatile float r = (float)va;

	return r;
}

/* FCVT.S.D / FCVT.D.S (Vol1 3.2.3.x). NaNs keep sign and payload top. */
int la64_fp_fcvt(struct la64_cpu *cpu, const struct la64_insn *i,
		 bool to_dbl)
{
	uint64_t a = cpu->fpr[i->rj].d[0], r;
	uint32_t fl = 0;

	if (to_dbl) {
		a = (uint32_t)a;
		if (is_snan(&fmt_s, a))
			fl |= FP_V;
		if (is_nan(&fmt_s, a))
			r = (a & fmt_s.sign) << 32 | fmt_d.dnan |
			    (a & 0x3fffffULL) << 29;
		else
			r = bits_d((double)val_s(a));
		return fp_commit(cpu, i->rd, r, fl);
	}
	if (is_nan(&fmt_d, a)) {
		if (is_snan(&fmt_d, a))
			fl |= FP_V;
		r = (a & fmt_d.sign) >> 32 | fmt_s.dnan |
		    ((a >> 29) & 0x3fffffULL);
	} else {
		fold_flags(cpu);
		r = bits_s(host_d2s(val_d(a)));
		fl = fpu_env_take_flags();
	}
	return fp_commit(cpu, i->rd, r | BOX_S, fl);
}

static __attribute__((noinline)) uint64_t host_ffint(int64_t x, bool to_dbl)
{
	volatile int64_t vx = x;

	if (to_dbl) {
		volatile double d = (double)vx;

		return bits_d(d);
	}
	volatile float s = (float)vx;

	return bits_s(s) | BOX_S;
}

/* FFINT (Vol1 3.2.3.x): a signed integer in fj to floating point. */
int la64_fp_ffint(struct la64_cpu *cpu, const struct la64_insn *i,
		  bool to_dbl, bool from_long)
{
	uint64_t a = cpu->fpr[i->rj].d[0], r;
	int64_t x = from_long ? (int64_t)a : (int64_t)(int32_t)(uint32_t)a;
	uint32_t fl;

	fold_flags(cpu);
	r = host_ffint(x, to_dbl);
	fl = fpu_env_take_flags();
	return fp_commit(cpu, i->rd, r, fl);
}

/*
 * FTINT (Vol1 3.2.3.x): to a signed integer. NaN gives 0, out of range
 * saturates; both raise Invalid alone (as QEMU 7.2). A .w result is
 * sign-extended to 64 bits, except from ftintrz.w.s and ftintrne.w.s,
 * which zero-extend (the manual leaves the upper half open; QEMU 7.2).
 */
int la64_fp_ftint(struct la64_cpu *cpu, const struct la64_insn *i,
		  bool from_dbl, bool to_long, int rm)
{
	const struct fp_fmt *f = from_dbl ? &fmt_d : &fmt_s;
	uint64_t a = fp_operand(cpu, i->rj, from_dbl);
	double lo = to_long ? -0x1p63 : -0x1p31;
	double hi = to_long ? 0x1p63 : 0x1p31;
	uint32_t fl = 0;
	int64_t r;
	bool zext = !from_dbl && !to_long && (rm == 0 || rm == 1);
	double x, y;

	if (rm < 0)
		rm = fcsr_rm(cpu);
	if (is_nan(f, a))
		return fp_commit(cpu, i->rd, 0, FP_V);
	/* As in la64_fp_arith, the host flags of libm's helpers are dropped. */
	fold_flags(cpu);
	x = from_dbl ? val_d(a) : (double)val_s(a);
	y = round_mode(x, rm);
	fpu_env_take_flags();
	if (!(y >= lo && y < hi)) {
		fl = FP_V;
		if (to_long)
			r = y < 0 ? INT64_MIN : INT64_MAX;
		else
			r = y < 0 ? INT32_MIN : INT32_MAX;
	} else {
		r = (int64_t)y;
		if (y != x)
			fl = FP_I;
	}
	return fp_commit(cpu, i->rd, zext ? (uint32_t)r : (uint64_t)r, fl);
}

/* Relations a fcmp condition can ask for (Vol1 3.2.2.x, Table 3-3). */
enum { REL_LT = 1, REL_EQ = 2, REL_UN = 4, REL_GT = 8 };

static unsigned int cond_rels(unsigned int cond)
{
	unsigned int c = cond >> 1, rels = 0;

	if (c & 1)
		rels |= REL_LT;
	if (c & 2)
		rels |= REL_EQ;
	if (c & 4)
		rels |= REL_UN;
	if (c & 8)
		rels |= REL_LT | REL_GT;
	return rels;
}

/*
 * FCMP.cond (Vol1 3.2.2.x): cond bit 0 set (the S forms) signals Invalid
 * on any NaN, clear (the C forms) only on a signalling NaN.
 */
int la64_fp_cmp(struct la64_cpu *cpu, const struct la64_insn *i, bool dbl)
{
	const struct fp_fmt *f = dbl ? &fmt_d : &fmt_s;
	uint64_t a = fp_operand(cpu, i->rj, dbl);
	uint64_t b = fp_operand(cpu, i->rk, dbl);
	unsigned int rel;
	uint32_t fl = 0;
	int st;

	if (is_nan(f, a) || is_nan(f, b)) {
		rel = REL_UN;
		if ((i->ra & 1) || is_snan(f, a) || is_snan(f, b))
			fl = FP_V;
	} else if (fp_key(f, a) < fp_key(f, b)) {
		rel = REL_LT;
	} else if (fp_key(f, a) > fp_key(f, b)) {
		rel = REL_GT;
	} else {
		rel = REL_EQ;
	}
	st = fp_signal(cpu, fl);
	if (st == LA_NEXT)
		cpu->fcc[i->rd & 7] = !!(rel & cond_rels(i->ra));
	return st;
}

/*
 * FCLASS (Vol1 3.2.1.x): bit 0 sNaN, 1 qNaN, then for negative values
 * 2 Inf, 3 normal, 4 subnormal, 5 zero, and 6-9 the same for positive.
 */
uint64_t la64_fp_class(uint64_t v, bool dbl)
{
	const struct fp_fmt *f = dbl ? &fmt_d : &fmt_s;
	uint64_t a = dbl ? v : (uint32_t)v;
	uint64_t mag = a & ~f->sign;
	unsigned int base = (a & f->sign) ? 2 : 6;

	if (is_nan(f, a))
		return is_snan(f, a) ? 1 : 2;
	if (mag == f->inf)
		return 1ULL << base;
	if (mag == 0)
		return 1ULL << (base + 3);
	if (!(mag & f->inf))
		return 1ULL << (base + 2);
	return 1ULL << (base + 1);
}
