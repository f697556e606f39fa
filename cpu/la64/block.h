/* SPDX-License-Identifier: MIT */
/*
 * The decoded-block cache. A block is a run of decoded instructions from one
 * guest page, ending at a branch, a state-changing instruction or the page
 * end. Blocks are found by virtual pc and translation context through a
 * small direct-mapped lookup table, backed by a hash table keyed by (pc,
 * physical address) that every context shares; they live in
 * an arena that is emptied whole when full or when code is overwritten.
 */
#ifndef LOONGVM_CPU_LA64_BLOCK_H
#define LOONGVM_CPU_LA64_BLOCK_H

#include "cpu.h"

#define LA_BLOCK_MAX 64 /* instructions per block, not counting the end op */

struct la64_block {
	uint64_t pc;
	uint64_t pa;
	struct la64_block *next; /* hash chain */
	void *jit;		 /* compiled code (jit.h), NULL until compiled */
	uint32_t n;		 /* decoded instructions, the end op included */
	uint32_t pad_;
	struct la64_insn insns[];
};

#define LA_LOOKUP_BITS 12
#define LA_HASH_BITS 15

/* A lookup-table entry: key is pc ^ cpu->lookup_ctx; b NULL when empty. */
struct la64_lookup {
	uint64_t key;
	struct la64_block *b;
};

struct la64_block_cache {
	struct la64_lookup lookup[1u << LA_LOOKUP_BITS]; /* by virtual pc */
	struct la64_block *hash[1u << LA_HASH_BITS];	 /* by (pc, pa) */
	uint8_t *arena;
	size_t used;
	struct la64_jit *jit; /* NULL: interpret only */
};

int la64_blocks_init(struct la64_cpu *cpu);
void la64_blocks_destroy(struct la64_cpu *cpu);
/* The block at cpu->pc, or NULL with *status saying why (fault or exit). */
struct la64_block *la64_block_get(struct la64_cpu *cpu, int *status);

/* The lookup-table hit that la64_block_get tries first, inlined. */
static inline struct la64_block *la64_block_find(struct la64_cpu *cpu,
						 int *status)
{
	const struct la64_lookup *l =
	    &cpu->blocks->lookup[(cpu->pc >> 2) & ((1u << LA_LOOKUP_BITS) - 1)];

	if (__builtin_expect(l->key == (cpu->pc ^ cpu->lookup_ctx) && l->b, 1))
		return l->b;
	return la64_block_get(cpu, status);
}
/* Forgets the pc lookups, after a change of translation. */
void la64_blocks_flush_lookup(struct la64_cpu *cpu);
/* The dispatch label of op; valid once la64_cpu_run has been entered. */
const void *la64_op_handler(unsigned int op);
/* Forgets every block, after code was overwritten. */
void la64_blocks_flush(struct la64_cpu *cpu);

#endif /* LOONGVM_CPU_LA64_BLOCK_H */
