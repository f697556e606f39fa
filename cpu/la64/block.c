/* SPDX-License-Identifier: MIT */
/*
 * Finding and decoding blocks. Each guest instruction is decoded once into
 * a struct la64_insn; executing a block only dispatches on those records.
 */
#include <stdlib.h>

#include "block.h"
#include "code_pages.h"
#include "exception.h"
#include "jit.h"

#define ARENA_SIZE (32u << 20)
#define LOOKUP_BITS LA_LOOKUP_BITS
#define HASH_BITS LA_HASH_BITS

int la64_blocks_init(struct la64_cpu *cpu)
{
	struct la64_block_cache *bc = calloc(1, sizeof(*bc));

	if (!bc)
		return -1;
	bc->arena = malloc(ARENA_SIZE);
	if (!bc->arena) {
		free(bc);
		return -1;
	}
	bc->jit = la64_jit_create();
	cpu->blocks = bc;
	return 0;
}

void la64_blocks_destroy(struct la64_cpu *cpu)
{
	if (!cpu->blocks)
		return;
	la64_jit_destroy(cpu->blocks->jit);
	free(cpu->blocks->arena);
	free(cpu->blocks);
	cpu->blocks = NULL;
}

void la64_blocks_flush_lookup(struct la64_cpu *cpu)
{
	if (cpu->blocks)
		memset(cpu->blocks->lookup, 0, sizeof(cpu->blocks->lookup));
}

void la64_blocks_flush(struct la64_cpu *cpu)
{
	struct la64_block_cache *bc = cpu->blocks;

	memset(bc->lookup, 0, sizeof(bc->lookup));
	memset(bc->hash, 0, sizeof(bc->hash));
	bc->used = 0;
	la64_jit_flush(bc->jit);
}

static size_t lookup_index(uint64_t pc)
{
	return (size_t)(pc >> 2) & ((1u << LOOKUP_BITS) - 1);
}

static size_t hash_index(uint64_t pc)
{
	return (size_t)((pc * 0x9e3779b97f4a7c15ULL) >> (64 - HASH_BITS));
}

static struct la64_block *alloc_block(struct la64_cpu *cpu)
{
	struct la64_block_cache *bc = cpu->blocks;
	size_t need = sizeof(struct la64_block) +
		      (LA_BLOCK_MAX + 1) * sizeof(struct la64_insn);

	if (bc->used + need > ARENA_SIZE)
		la64_blocks_flush(cpu);
	return (struct la64_block *)(bc->arena + bc->used);
}

/* Decodes from host (the bytes at pc) to the end of a block or the page. */
static struct la64_block *decode_block(struct la64_cpu *cpu, uint64_t pc,
				       uint64_t pa, const uint8_t *host)
{
	struct la64_block *b = alloc_block(cpu);
	unsigned int n = 0,
		     left =
			 (unsigned int)((LA_PAGE_SIZE - (pc & ~LA_PAGE_MASK)) /
					4);
	unsigned int flags = 0,
		     max = cpu->single_step || cpu->nwp ? 1 : LA_BLOCK_MAX;
	uint32_t word;

	b->pc = pc;
	b->pa = pa;
	b->jit = NULL;
	while (n < max && n < left) {
		if (n && cpu->nbp && la64_is_breakpoint(cpu, pc + 4 * n))
			break;
		memcpy(&word, host + 4 * n, 4);
		la64_decode(word, &b->insns[n]);
		b->insns[n].handler = la64_op_handler(b->insns[n].op);
		flags = la64_op_flags(b->insns[n++].op);
		if (flags & (LA_F_BRANCH | LA_F_END))
			break;
	}
	if (!(flags & LA_F_BRANCH)) {
		b->insns[n] = (struct la64_insn){
		    .op = LA_OP_block_end,
		    .handler = la64_op_handler(LA_OP_block_end),
		};
		n++;
	}
	b->n = n;
	cpu->blocks->used += sizeof(*b) + n * sizeof(struct la64_insn);
	cpu->blocks->used = (cpu->blocks->used + 15) & ~(size_t)15;
	b->next = cpu->blocks->hash[hash_index(pc)];
	cpu->blocks->hash[hash_index(pc)] = b;
	la64_code_pages_add(cpu->sys, pa & LA_PAGE_MASK);
	return b;
}

static struct la64_block *find_block(struct la64_cpu *cpu, uint64_t pc,
				     uint64_t pa)
{
	struct la64_block *b = cpu->blocks->hash[hash_index(pc)];

	for (; b; b = b->next)
		if (b->pc == pc && b->pa == pa)
			return b;
	return NULL;
}

struct la64_block *la64_block_get(struct la64_cpu *cpu, int *status)
{
	uint64_t pc = cpu->pc, pa;
	struct la64_lookup *slot = &cpu->blocks->lookup[lookup_index(pc)];
	struct la64_block *b = slot->b;
	const struct la64_stage2 *s2 = &cpu->sys->stage2;
	uint8_t *host;

	if (la64_likely(b && slot->key == (pc ^ cpu->lookup_ctx)))
		return b;
	if (pc & 3) {
		*status =
		    la64_raise_badv(cpu, LA_ECODE_ADE, LA_ESUBCODE_ADEF, pc);
		return NULL;
	}
	*status = la64_translate(cpu, pc, LA_ACC_FETCH, &pa);
	if (*status != LA_NEXT)
		return NULL;
	b = find_block(cpu, pc, pa);
	if (!b) {
		host = s2->map(s2->opaque, pa & LA_PAGE_MASK, false);
		if (!host) {
			*status =
			    la64_exit_to_hv(cpu, LA_EXIT_GPA_FETCH, pa, 0);
			return NULL;
		}
		b = decode_block(cpu, pc, pa, host + (pa & ~LA_PAGE_MASK));
	}
	*slot = (struct la64_lookup){ pc ^ cpu->lookup_ctx, b };
	return b;
}
