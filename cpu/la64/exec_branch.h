/* SPDX-License-Identifier: MIT */
/*
 * Handlers for branches and jumps (ops/branch.def), LoongArch Vol1 2.2.6.
 * Every handler ends the block through la64_jump, taken or not, with the
 * not-taken target pc + 4. Offsets arrive already scaled (insn.h).
 * Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_BRANCH_H
#define LOONGVM_CPU_LA64_EXEC_BRANCH_H

#include "exec.h"

/* Continues at pc + offset if cond holds, else at the next instruction. */
static inline int la64_branch(struct la64_cpu *cpu, uint64_t pc, bool cond,
			      int64_t offs)
{
	return la64_jump(cpu, cond ? pc + (uint64_t)offs : pc + 4);
}

/* The two-register forms compare GR[rj] with GR[rd]. */
LA_OP(beq)
{
	return la64_branch(cpu, pc, RJ == RD, IMM);
}

LA_OP(bne)
{
	return la64_branch(cpu, pc, RJ != RD, IMM);
}

LA_OP(blt)
{
	return la64_branch(cpu, pc, (int64_t)RJ < (int64_t)RD, IMM);
}

LA_OP(bge)
{
	return la64_branch(cpu, pc, (int64_t)RJ >= (int64_t)RD, IMM);
}

LA_OP(bltu)
{
	return la64_branch(cpu, pc, RJ < RD, IMM);
}

LA_OP(bgeu)
{
	return la64_branch(cpu, pc, RJ >= RD, IMM);
}

LA_OP(beqz)
{
	return la64_branch(cpu, pc, RJ == 0, IMM);
}

LA_OP(bnez)
{
	return la64_branch(cpu, pc, RJ != 0, IMM);
}

/*
 * bceqz/bcnez test FCC[cj], cj in bits [7:5] (the low bits of rj); they
 * are FP instructions, so EUEN.FPE = 0 raises FPD (Vol1 3.2.4, 7.4.4).
 */
LA_OP(bceqz)
{
	if (!(cpu->csr.euen & LA_EUEN_FPE))
		return la64_raise(cpu, LA_ECODE_FPD, 0);
	return la64_branch(cpu, pc, !cpu->fcc[i->rj & 7], IMM);
}

LA_OP(bcnez)
{
	if (!(cpu->csr.euen & LA_EUEN_FPE))
		return la64_raise(cpu, LA_ECODE_FPD, 0);
	return la64_branch(cpu, pc, cpu->fcc[i->rj & 7] != 0, IMM);
}

LA_OP(b)
{
	return la64_jump(cpu, pc + (uint64_t)IMM);
}

/* bl links through $ra (r1). */
LA_OP(bl)
{
	cpu->gpr[1] = pc + 4;
	return la64_jump(cpu, pc + (uint64_t)IMM);
}

/* The target is read before rd is written: rd may equal rj. */
LA_OP(jirl)
{
	uint64_t target = RJ + (uint64_t)IMM;

	RD = pc + 4;
	return la64_jump(cpu, target);
}

#endif /* LOONGVM_CPU_LA64_EXEC_BRANCH_H */
