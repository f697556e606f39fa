/* SPDX-License-Identifier: MIT */
/*
 * What instruction handlers are written with. A handler is a static inline
 * function op_NAME(cpu, insn, pc) returning an la64_status; the dispatcher
 * in exec.c inlines each one behind its own computed-goto label, so the
 * operands below compile to plain loads and stores of the CPU struct.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_H
#define LOONGVM_CPU_LA64_EXEC_H

#include "exception.h"

#define LA_OP(name)                                                        \
	static inline __attribute__((always_inline)) int op_##name(       \
		struct la64_cpu *const cpu __attribute__((unused)),        \
		const struct la64_insn *const i __attribute__((unused)),   \
		const uint64_t pc __attribute__((unused)))

/* Operands. */
#define RD (cpu->gpr[i->rd])
#define RJ (cpu->gpr[i->rj])
#define RK (cpu->gpr[i->rk])
#define IMM ((int64_t)i->imm)
#define UIMM ((uint64_t)(uint32_t)i->imm)

/* Sign-extends the low 32 bits, as every .w result is. */
static inline uint64_t la64_sext32(uint64_t v)
{
	return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
}

/* Ends the block and continues at target. */
static inline int la64_jump(struct la64_cpu *cpu, uint64_t target)
{
	cpu->pc = target;
	return LA_JUMP;
}

#endif /* LOONGVM_CPU_LA64_EXEC_H */
