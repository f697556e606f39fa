/* SPDX-License-Identifier: MIT */
/*
 * Handlers for the scalar floating-point unit (ops/fpu.def), LoongArch
 * Vol1 chapter 3. Rounding and IEEE exceptions are in fpu.c; what is left
 * here moves bits. Every instruction raises FPD while EUEN.FPE is 0
 * (Vol1 7.4.4). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_FPU_H
#define LOONGVM_CPU_LA64_EXEC_FPU_H

#include "exec.h"
#include "fpu.h"

#define FD (cpu->fpr[i->rd].d[0])
#define FJ (cpu->fpr[i->rj].d[0])
#define FK (cpu->fpr[i->rk].d[0])
/* A single-precision result: NaN-boxed, as QEMU 7.2 writes it. */
#define LA_FP_BOX(x) (0xffffffff00000000ULL | (uint32_t)(x))

#define LA_FP_CHECK()                                                      \
	do {                                                               \
		if (la64_unlikely(!(cpu->csr.euen & LA_EUEN_FPE)))         \
			return la64_raise(cpu, LA_ECODE_FPD, 0);           \
		if (la64_unlikely(!cpu->fp_live))                          \
			la64_fpu_enter(cpu);                               \
	} while (0)

/* An op computed by fpu.c: name, call. */
#define LA_FP_OP(name, call)                                               \
	LA_OP(name)                                                        \
	{                                                                  \
		LA_FP_CHECK();                                             \
		return call;                                               \
	}

/* An op that only moves bits: name, statement. */
#define LA_FP_MOVE(name, stmt)                                             \
	LA_OP(name)                                                        \
	{                                                                  \
		LA_FP_CHECK();                                             \
		stmt;                                                      \
		return LA_NEXT;                                            \
	}

/* Arithmetic (Vol1 3.2.1). */
LA_FP_OP(fadd_s, la64_fp_arith(cpu, i, LA_FOP_ADD, false))
LA_FP_OP(fadd_d, la64_fp_arith(cpu, i, LA_FOP_ADD, true))
LA_FP_OP(fsub_s, la64_fp_arith(cpu, i, LA_FOP_SUB, false))
LA_FP_OP(fsub_d, la64_fp_arith(cpu, i, LA_FOP_SUB, true))
LA_FP_OP(fmul_s, la64_fp_arith(cpu, i, LA_FOP_MUL, false))
LA_FP_OP(fmul_d, la64_fp_arith(cpu, i, LA_FOP_MUL, true))
LA_FP_OP(fdiv_s, la64_fp_arith(cpu, i, LA_FOP_DIV, false))
LA_FP_OP(fdiv_d, la64_fp_arith(cpu, i, LA_FOP_DIV, true))
LA_FP_OP(fmax_s, la64_fp_arith(cpu, i, LA_FOP_MAX, false))
LA_FP_OP(fmax_d, la64_fp_arith(cpu, i, LA_FOP_MAX, true))
LA_FP_OP(fmin_s, la64_fp_arith(cpu, i, LA_FOP_MIN, false))
LA_FP_OP(fmin_d, la64_fp_arith(cpu, i, LA_FOP_MIN, true))
LA_FP_OP(fmaxa_s, la64_fp_arith(cpu, i, LA_FOP_MAXA, false))
LA_FP_OP(fmaxa_d, la64_fp_arith(cpu, i, LA_FOP_MAXA, true))
LA_FP_OP(fmina_s, la64_fp_arith(cpu, i, LA_FOP_MINA, false))
LA_FP_OP(fmina_d, la64_fp_arith(cpu, i, LA_FOP_MINA, true))
LA_FP_OP(fscaleb_s, la64_fp_arith(cpu, i, LA_FOP_SCALEB, false))
LA_FP_OP(fscaleb_d, la64_fp_arith(cpu, i, LA_FOP_SCALEB, true))
LA_FP_OP(fsqrt_s, la64_fp_arith(cpu, i, LA_FOP_SQRT, false))
LA_FP_OP(fsqrt_d, la64_fp_arith(cpu, i, LA_FOP_SQRT, true))
LA_FP_OP(frecip_s, la64_fp_arith(cpu, i, LA_FOP_RECIP, false))
LA_FP_OP(frecip_d, la64_fp_arith(cpu, i, LA_FOP_RECIP, true))
LA_FP_OP(frsqrt_s, la64_fp_arith(cpu, i, LA_FOP_RSQRT, false))
LA_FP_OP(frsqrt_d, la64_fp_arith(cpu, i, LA_FOP_RSQRT, true))
LA_FP_OP(flogb_s, la64_fp_arith(cpu, i, LA_FOP_LOGB, false))
LA_FP_OP(flogb_d, la64_fp_arith(cpu, i, LA_FOP_LOGB, true))
LA_FP_OP(frint_s, la64_fp_arith(cpu, i, LA_FOP_RINT, false))
LA_FP_OP(frint_d, la64_fp_arith(cpu, i, LA_FOP_RINT, true))
LA_FP_OP(fmadd_s, la64_fp_arith(cpu, i, LA_FOP_MADD, false))
LA_FP_OP(fmadd_d, la64_fp_arith(cpu, i, LA_FOP_MADD, true))
LA_FP_OP(fmsub_s, la64_fp_arith(cpu, i, LA_FOP_MSUB, false))
LA_FP_OP(fmsub_d, la64_fp_arith(cpu, i, LA_FOP_MSUB, true))
LA_FP_OP(fnmadd_s, la64_fp_arith(cpu, i, LA_FOP_NMADD, false))
LA_FP_OP(fnmadd_d, la64_fp_arith(cpu, i, LA_FOP_NMADD, true))
LA_FP_OP(fnmsub_s, la64_fp_arith(cpu, i, LA_FOP_NMSUB, false))
LA_FP_OP(fnmsub_d, la64_fp_arith(cpu, i, LA_FOP_NMSUB, true))

/* Sign operations and moves: no exceptions, even for sNaN (Vol1 3.2.1). */
LA_FP_MOVE(fabs_s, FD = LA_FP_BOX(FJ & 0x7fffffffU))
LA_FP_MOVE(fabs_d, FD = FJ & ~(1ULL << 63))
LA_FP_MOVE(fneg_s, FD = LA_FP_BOX(FJ ^ 0x80000000U))
LA_FP_MOVE(fneg_d, FD = FJ ^ (1ULL << 63))
/* fcopysign.s keeps fk's upper half, as QEMU 7.2 does. */
LA_FP_MOVE(fcopysign_s, FD = (FK & ~0x7fffffffULL) | (FJ & 0x7fffffffULL))
LA_FP_MOVE(fcopysign_d,
	   FD = (FK & (1ULL << 63)) | (FJ & ~(1ULL << 63)))
LA_FP_MOVE(fclass_s, FD = la64_fp_class(FJ, false))
LA_FP_MOVE(fclass_d, FD = la64_fp_class(FJ, true))
LA_FP_MOVE(fmov_s, FD = LA_FP_BOX(FJ))
LA_FP_MOVE(fmov_d, FD = FJ)
LA_FP_MOVE(fsel, FD = cpu->fcc[i->ra & 7] ? FK : FJ)

/* Moves between register files (Vol1 3.2.4). */
LA_FP_MOVE(movgr2fr_w, FD = (FD & 0xffffffff00000000ULL) | (uint32_t)RJ)
LA_FP_MOVE(movgr2fr_d, FD = RJ)
LA_FP_MOVE(movgr2frh_w, FD = (RJ << 32) | (uint32_t)FD)
LA_FP_MOVE(movfr2gr_s, RD = la64_sext32(FJ))
LA_FP_MOVE(movfr2gr_d, RD = FJ)
LA_FP_MOVE(movfrh2gr_s, RD = la64_sext32(FJ >> 32))
LA_FP_MOVE(movfr2cf, cpu->fcc[i->rd & 7] = FJ & 1)
LA_FP_MOVE(movcf2fr, FD = cpu->fcc[i->rj & 7])
LA_FP_MOVE(movgr2cf, cpu->fcc[i->rd & 7] = RJ & 1)
LA_FP_MOVE(movcf2gr, RD = cpu->fcc[i->rj & 7])

/*
 * FCSR0 and its views (Vol1 3.1.4, 3.2.4.x): FCSR1 the enables, FCSR2
 * the flags and cause, FCSR3 the rounding mode. Reserved bits read as 0.
 * Numbers above 3 are reserved: writes are dropped, reads give 0.
 */
static inline uint32_t la64_fcsr_mask(unsigned int n)
{
	static const uint32_t mask[4] = {
		LA_FCSR_ENABLES | LA_FCSR_RM | LA_FCSR_FLAGS | LA_FCSR_CAUSE,
		LA_FCSR_ENABLES, LA_FCSR_FLAGS | LA_FCSR_CAUSE, LA_FCSR_RM
	};

	return n < 4 ? mask[n] : 0;
}

LA_FP_MOVE(movgr2fcsr,
	   la64_fpu_write_fcsr(cpu, la64_fcsr_mask(i->rd), (uint32_t)RJ))
LA_FP_MOVE(movfcsr2gr, la64_fpu_sync(cpu);
	   RD = cpu->fcsr & la64_fcsr_mask(i->rj))

/* Conversions (Vol1 3.2.3). */
LA_FP_OP(fcvt_s_d, la64_fp_fcvt(cpu, i, false))
LA_FP_OP(fcvt_d_s, la64_fp_fcvt(cpu, i, true))
LA_FP_OP(ffint_s_w, la64_fp_ffint(cpu, i, false, false))
LA_FP_OP(ffint_s_l, la64_fp_ffint(cpu, i, false, true))
LA_FP_OP(ffint_d_w, la64_fp_ffint(cpu, i, true, false))
LA_FP_OP(ffint_d_l, la64_fp_ffint(cpu, i, true, true))
LA_FP_OP(ftintrm_w_s, la64_fp_ftint(cpu, i, false, false, 3))
LA_FP_OP(ftintrm_w_d, la64_fp_ftint(cpu, i, true, false, 3))
LA_FP_OP(ftintrm_l_s, la64_fp_ftint(cpu, i, false, true, 3))
LA_FP_OP(ftintrm_l_d, la64_fp_ftint(cpu, i, true, true, 3))
LA_FP_OP(ftintrp_w_s, la64_fp_ftint(cpu, i, false, false, 2))
LA_FP_OP(ftintrp_w_d, la64_fp_ftint(cpu, i, true, false, 2))
LA_FP_OP(ftintrp_l_s, la64_fp_ftint(cpu, i, false, true, 2))
LA_FP_OP(ftintrp_l_d, la64_fp_ftint(cpu, i, true, true, 2))
LA_FP_OP(ftintrz_w_s, la64_fp_ftint(cpu, i, false, false, 1))
LA_FP_OP(ftintrz_w_d, la64_fp_ftint(cpu, i, true, false, 1))
LA_FP_OP(ftintrz_l_s, la64_fp_ftint(cpu, i, false, true, 1))
LA_FP_OP(ftintrz_l_d, la64_fp_ftint(cpu, i, true, true, 1))
LA_FP_OP(ftintrne_w_s, la64_fp_ftint(cpu, i, false, false, 0))
LA_FP_OP(ftintrne_w_d, la64_fp_ftint(cpu, i, true, false, 0))
LA_FP_OP(ftintrne_l_s, la64_fp_ftint(cpu, i, false, true, 0))
LA_FP_OP(ftintrne_l_d, la64_fp_ftint(cpu, i, true, true, 0))
LA_FP_OP(ftint_w_s, la64_fp_ftint(cpu, i, false, false, -1))
LA_FP_OP(ftint_w_d, la64_fp_ftint(cpu, i, true, false, -1))
LA_FP_OP(ftint_l_s, la64_fp_ftint(cpu, i, false, true, -1))
LA_FP_OP(ftint_l_d, la64_fp_ftint(cpu, i, true, true, -1))

/* Comparisons (Vol1 3.2.2): the condition is decoded from i->ra. */
LA_FP_OP(fcmp_caf_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_caf_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_saf_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_saf_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_clt_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_clt_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_slt_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_slt_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_ceq_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_ceq_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_seq_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_seq_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cle_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cle_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sle_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sle_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cun_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cun_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sun_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sun_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cult_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cult_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sult_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sult_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cueq_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cueq_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sueq_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sueq_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cule_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cule_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sule_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sule_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cne_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cne_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sne_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sne_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cor_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cor_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sor_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sor_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_cune_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_cune_d, la64_fp_cmp(cpu, i, true))
LA_FP_OP(fcmp_sune_s, la64_fp_cmp(cpu, i, false))
LA_FP_OP(fcmp_sune_d, la64_fp_cmp(cpu, i, true))

/*
 * Loads and stores (Vol1 3.2.5). A single-precision load is NaN-boxed
 * (as QEMU 7.2). The bound-checked forms raise BCE with BADV = the
 * address when GR[rj] is not above (gt) / not at most (le) GR[rk],
 * compared unsigned, and ALE when it is not naturally aligned.
 */
static inline int la64_fp_load(struct la64_cpu *cpu,
			       const struct la64_insn *i, uint64_t va,
			       bool dbl)
{
	uint64_t v;
	int st;

	if (dbl) {
		st = la64_ld64(cpu, va, &v, i->raw);
	} else {
		st = la64_ld32(cpu, va, &v, i->raw);
		v = LA_FP_BOX(v);
	}
	if (st == LA_NEXT)
		FD = v;
	return st;
}

static inline int la64_fp_store(struct la64_cpu *cpu,
				const struct la64_insn *i, uint64_t va,
				bool dbl)
{
	if (dbl)
		return la64_st64(cpu, va, FD, i->raw);
	return la64_st32(cpu, va, FD, i->raw);
}

/* The bound check: returns LA_NEXT when the access may go ahead. */
static inline int la64_fp_bound(struct la64_cpu *cpu, uint64_t va,
				uint64_t bound, bool gt, bool dbl)
{
	if (gt ? va <= bound : va > bound)
		return la64_raise_badv(cpu, LA_ECODE_BCE, 0, va);
	if (va & (dbl ? 7 : 3))
		return la64_raise_badv(cpu, LA_ECODE_ALE, 0, va);
	return LA_NEXT;
}

#define LA_FP_BOUND(name, gt, dbl, access)                                 \
	LA_OP(name)                                                        \
	{                                                                  \
		int st;                                                    \
                                                                           \
		LA_FP_CHECK();                                             \
		st = la64_fp_bound(cpu, RJ, RK, gt, dbl);                  \
		if (st != LA_NEXT)                                         \
			return st;                                         \
		return access(cpu, i, RJ, dbl);                            \
	}

LA_FP_OP(fld_s, la64_fp_load(cpu, i, RJ + (uint64_t)IMM, false))
LA_FP_OP(fld_d, la64_fp_load(cpu, i, RJ + (uint64_t)IMM, true))
LA_FP_OP(fst_s, la64_fp_store(cpu, i, RJ + (uint64_t)IMM, false))
LA_FP_OP(fst_d, la64_fp_store(cpu, i, RJ + (uint64_t)IMM, true))
LA_FP_OP(fldx_s, la64_fp_load(cpu, i, RJ + RK, false))
LA_FP_OP(fldx_d, la64_fp_load(cpu, i, RJ + RK, true))
LA_FP_OP(fstx_s, la64_fp_store(cpu, i, RJ + RK, false))
LA_FP_OP(fstx_d, la64_fp_store(cpu, i, RJ + RK, true))
LA_FP_BOUND(fldgt_s, true, false, la64_fp_load)
LA_FP_BOUND(fldgt_d, true, true, la64_fp_load)
LA_FP_BOUND(fldle_s, false, false, la64_fp_load)
LA_FP_BOUND(fldle_d, false, true, la64_fp_load)
LA_FP_BOUND(fstgt_s, true, false, la64_fp_store)
LA_FP_BOUND(fstgt_d, true, true, la64_fp_store)
LA_FP_BOUND(fstle_s, false, false, la64_fp_store)
LA_FP_BOUND(fstle_d, false, true, la64_fp_store)

#undef FD
#undef FJ
#undef FK

#endif /* LOONGVM_CPU_LA64_EXEC_FPU_H */
