/* SPDX-License-Identifier: MIT */
/*
 * The JIT: decoded blocks compiled to x86-64 host code. A compiled block
 * keeps the interpreter's semantics exactly, because every instruction it
 * does not translate itself is a call to that instruction's interpreter
 * handler, and its loads and stores use the same software TLB. Compiled
 * blocks chain to each other through the block-lookup table, returning to
 * the dispatch loop (exec.c) at most every chain_left blocks so that
 * interrupts, the timer and host requests are still seen. Other hosts, or
 * LOONGVM_JIT=0 in the environment, run the interpreter alone.
 */
#ifndef LOONGVM_CPU_LA64_JIT_H
#define LOONGVM_CPU_LA64_JIT_H

#include "block.h"

struct la64_jit;

/* An interpreter handler called out of line (exec.c). */
typedef int (*la64_op_fn)(struct la64_cpu *cpu, const struct la64_insn *i,
			  uint64_t pc);
extern const la64_op_fn la64_op_fns[LA_OP_COUNT];

/* NULL when the host has no JIT or it is switched off. */
struct la64_jit *la64_jit_create(void);
void la64_jit_destroy(struct la64_jit *jit);
/* Forgets all compiled code; called whenever the blocks are forgotten. */
void la64_jit_flush(struct la64_jit *jit);
/* Compiles b; NULL if the code buffer is full (flush the blocks). */
void *la64_jit_compile(struct la64_jit *jit, const struct la64_block *b);
/*
 * Runs compiled code from code until a block leaves it. Returns the
 * status: LA_JUMP with cpu->pc set, or LA_EXC / LA_EXIT with cpu->pc at the
 * instruction and cpu->jit_raw holding its word.
 */
int la64_jit_run(struct la64_cpu *cpu, struct la64_jit *jit, void *code);

#endif /* LOONGVM_CPU_LA64_JIT_H */
