/* SPDX-License-Identifier: MIT */
/*
 * What jit.c (the code buffer and the shared stubs) and jit_translate.c
 * (block translation) share. x86-64 hosts only.
 */
#ifndef LOONGVM_CPU_LA64_JIT_PRIV_H
#define LOONGVM_CPU_LA64_JIT_PRIV_H

#include <stddef.h>
#include <stdio.h>

#include "jit.h"
#include "jit_emit.h"

/*
 * Register use in compiled code: rbx holds the CPU for the whole run, ebp
 * the chain budget (cpu->chain_left) and r15 the instructions retired
 * since entry, both stored on the way out: kept in memory, their updates
 * would chain every block to the last through a store and a load. rax,
 * rcx, rdx and rsi are scratch within one guest instruction; the other
 * eight cache guest GPRs within a block (jit_regs.c). cpu->gpr is brought
 * up to date before every handler call and at every way out of a block.
 */
#define JIT_CPU RBX
#define JIT_BUDGET RBP
#define JIT_RETIRED R15
#define JIT_NCACHE 8

struct la64_jit {
	uint8_t *base;
	size_t size;
	uint8_t *blocks; /* where block code starts, after the stubs */
	uint8_t *used;	 /* the next free byte */
	/* int enter(struct la64_cpu *cpu, void *code): sets up rbx. */
	int (*enter)(struct la64_cpu *cpu, void *code);
	uint8_t *exit;	    /* leaves with the status in eax */
	uint8_t *exit_jump; /* leaves with LA_JUMP (cpu->pc is set) */
	uint8_t *chain;	    /* rax = next pc: on to its block, or leave */
	uint8_t *link;	    /* the same, patching a direct jump (jit.c) */
	FILE *map;	    /* LOONGVM_PERF_MAP's file, or NULL */
};

/* Which guest GPR each cache register holds (-1: none), and if changed. */
struct jit_regs {
	int8_t guest[JIT_NCACHE];
	bool dirty[JIT_NCACHE];
	uint32_t used[JIT_NCACHE]; /* when last used, for eviction */
	uint32_t now;
};

/* An out-of-line path, emitted after the block's main body. */
struct jit_stub {
	uint8_t *site; /* the end of the branch that goes to it */
	uint8_t *back; /* where a handled slow path resumes; NULL for a fault */
	unsigned int k;		   /* the instruction's index in the block */
	struct jit_regs pre, post; /* the cache at site and at back */
};

/* One block's translation. */
struct jit_tr {
	struct x86_buf *e;
	const struct la64_jit *jit;
	const struct la64_block *b;
	struct jit_regs regs;
	unsigned int nstub;
	struct jit_stub stub[2 * (LA_BLOCK_MAX + 1)];
};

/* A branch at site to an out-of-line path for instruction k (a fault). */
void jit_add_stub(struct jit_tr *t, uint8_t *site, unsigned int k);
/* Calls instruction k's handler: eax = its status. */
void jit_call_handler(struct jit_tr *t, unsigned int k);
/*
 * Instruction k through its handler, out of line: the cache as in before
 * is stored, then reloaded as in after (the handler may change GPRs).
 */
void jit_slow_call(struct jit_tr *t, unsigned int k, struct jit_regs before,
		   const struct jit_regs *after);
/* Scalar FP arithmetic (jit_fpu.c): op is the SSE opcode, dbl the format. */
void jit_emit_fp(struct jit_tr *t, const struct la64_insn *ip, unsigned int k,
		 unsigned int op, bool dbl);

/* The host register holding guest GPR r, loaded on first use. */
int jit_src(struct jit_tr *t, unsigned int r);
/* GPR r = reg (the sink register 32 is dropped). */
void jit_put(struct jit_tr *t, unsigned int r, int reg);
/* Stores every changed cached GPR to cpu->gpr; the cache stays valid. */
void jit_writeback(struct x86_buf *e, struct jit_regs *regs);
/* Reloads every cached GPR from cpu->gpr. */
void jit_reload(struct x86_buf *e, const struct jit_regs *regs);
/* Forgets the cache (after a handler call, which may change any GPR). */
void jit_regs_clear(struct jit_regs *regs);
/* Marks the start of a guest instruction, for eviction order. */
void jit_regs_tick(struct jit_regs *regs);

#define JIT_OFF(field) ((int32_t)offsetof(struct la64_cpu, field))
#define JIT_GPR(r) (JIT_OFF(gpr) + 8 * (int32_t)(r))

/* Emits b's code at e (e->full says if it did not fit). */
void la64_jit_translate(struct x86_buf *e, const struct la64_jit *jit,
			const struct la64_block *b);

#endif /* LOONGVM_CPU_LA64_JIT_PRIV_H */
