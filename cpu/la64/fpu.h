/* SPDX-License-Identifier: MIT */
/*
 * The scalar FPU's computing core (LoongArch Vol1 3.1-3.2): the operations
 * that round or raise IEEE 754 exceptions. They run the host FPU under the
 * guest's FCSR rounding mode, pick NaNs in software, and update FCSR0
 * (Vol1 3.1.4) or raise FPE before anything is written.
 */
#ifndef LOONGVM_CPU_LA64_FPU_H
#define LOONGVM_CPU_LA64_FPU_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/* FCSR0 fields, Vol1 3.1.4. Exception bits: V Z O U I from bit 4 down. */
#define LA_FCSR_ENABLES 0x0000001fU
#define LA_FCSR_RM 0x00000300U
#define LA_FCSR_FLAGS 0x001f0000U
#define LA_FCSR_CAUSE 0x1f000000U
#define LA_FCSR_RM_SHIFT 8
#define LA_FCSR_FLAGS_SHIFT 16
#define LA_FCSR_CAUSE_SHIFT 24

enum la64_fop {
	/* two operands, fj op fk */
	LA_FOP_ADD,
	LA_FOP_SUB,
	LA_FOP_MUL,
	LA_FOP_DIV,
	LA_FOP_MAX,
	LA_FOP_MIN,
	LA_FOP_MAXA,
	LA_FOP_MINA,
	LA_FOP_SCALEB,
	/* one operand, fj */
	LA_FOP_SQRT,
	LA_FOP_RECIP,
	LA_FOP_RSQRT,
	LA_FOP_LOGB,
	LA_FOP_RINT,
	/* three operands, fj * fk +- fa */
	LA_FOP_MADD,
	LA_FOP_MSUB,
	LA_FOP_NMADD,
	LA_FOP_NMSUB,
};

/* fd = op(fj, fk, fa) in single (dbl false) or double precision. */
int la64_fp_arith(struct la64_cpu *cpu, const struct la64_insn *i,
		  enum la64_fop op, bool dbl);
/* fcvt.d.s (to_dbl) or fcvt.s.d. */
int la64_fp_fcvt(struct la64_cpu *cpu, const struct la64_insn *i,
		 bool to_dbl);
/* ffint.{s,d}.{w,l}. */
int la64_fp_ffint(struct la64_cpu *cpu, const struct la64_insn *i,
		  bool to_dbl, bool from_long);
/* ftint[rm|rp|rz|rne].{w,l}.{s,d}; rm < 0 takes FCSR.RM. */
int la64_fp_ftint(struct la64_cpu *cpu, const struct la64_insn *i,
		  bool from_dbl, bool to_long, int rm);
/* fcmp.cond.{s,d}: the condition is in bits [19:15] (i->ra). */
int la64_fp_cmp(struct la64_cpu *cpu, const struct la64_insn *i, bool dbl);
/*
 * The first FP instruction in a la64_cpu_run enters: the host FPU takes
 * the guest's rounding mode and gathers flags (fpu_env.h). la64_cpu_run
 * leaves on its way out, if entered: FCSR0 is brought up to date and the
 * host gets its own state back. FP code without I/O pays for this once.
 */
void la64_fpu_enter(struct la64_cpu *cpu);
void la64_fpu_leave(struct la64_cpu *cpu);
/* Inside la64_cpu_run: FCSR0 up to date, before the guest reads it. */
void la64_fpu_sync(struct la64_cpu *cpu);
/* Inside la64_cpu_run: the guest writes the mask bits of FCSR0. */
void la64_fpu_write_fcsr(struct la64_cpu *cpu, uint32_t mask, uint32_t val);
/* The fclass bit mask of v (Vol1 3.2.1.x, FCLASS). */
uint64_t la64_fp_class(uint64_t v, bool dbl);

#endif /* LOONGVM_CPU_LA64_FPU_H */
