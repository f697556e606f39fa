/* SPDX-License-Identifier: MIT */
/*
 * Handlers for branches and jumps
 * (ops/branch.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_BRANCH_H
#define LOONGVM_CPU_LA64_EXEC_BRANCH_H

#include "exec.h"

LA_OP(beq)
{
	return RJ == RD ? la64_jump(cpu, pc + (uint64_t)IMM) : la64_jump(cpu, pc + 4);
}

LA_OP(bne)
{
	return RJ != RD ? la64_jump(cpu, pc + (uint64_t)IMM) : la64_jump(cpu, pc + 4);
}

LA_OP(beqz)
{
	return RJ == 0 ? la64_jump(cpu, pc + (uint64_t)IMM) : la64_jump(cpu, pc + 4);
}

LA_OP(bnez)
{
	return RJ != 0 ? la64_jump(cpu, pc + (uint64_t)IMM) : la64_jump(cpu, pc + 4);
}

LA_OP(b)
{
	return la64_jump(cpu, pc + (uint64_t)IMM);
}

LA_OP(bl)
{
	cpu->gpr[1] = pc + 4;
	return la64_jump(cpu, pc + (uint64_t)IMM);
}

LA_OP(jirl)
{
	uint64_t target = RJ + (uint64_t)IMM;

	RD = pc + 4;
	return la64_jump(cpu, target);
}
LA_STUB(bceqz)
LA_STUB(bcnez)
LA_STUB(blt)
LA_STUB(bge)
LA_STUB(bltu)
LA_STUB(bgeu)

#endif /* LOONGVM_CPU_LA64_EXEC_BRANCH_H */
