/* SPDX-License-Identifier: MIT */
/*
 * The JIT's code buffer and the stubs every compiled block shares: entry
 * from C, exit back to it, and chaining to the next block through the
 * block-lookup table (the same table and key la64_block_find uses, so a
 * change of translation context or a flush of the table is honoured).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "jit.h"
#include "mmu.h"

#if defined(__x86_64__)

#include "jit_priv.h"

/* 64 MiB of address space per vCPU; only the pages used are backed. */
#define JIT_BUFFER_SIZE (64u << 20)

static void emit_enter_exit(struct x86_buf *e, struct la64_jit *jit)
{
	static const uint8_t saved[] = {RBX, RBP, R12, R13, R14, R15};
	int k;

	/* enter(cpu, code): save callee-saved registers, align the stack. */
	jit->enter = (int (*)(struct la64_cpu *, void *))(void *)e->p;
	for (k = 0; k < 6; k++) {
		x86_rex(e, false, 0, saved[k], false);
		x86_byte(e, 0x50 + (saved[k] & 7));
	}
	x86_alu_imm(e, ALU_SUB, true, RSP, 8);
	x86_mov_reg(e, JIT_CPU, RDI);
	x86_op_mem(e, false, false, 0x8b, JIT_BUDGET, JIT_CPU,
		   JIT_OFF(chain_left));
	x86_alu_reg(e, ALU_XOR, false, JIT_RETIRED, JIT_RETIRED);
	x86_jmp_reg(e, RSI);

	jit->exit_jump = e->p;
	x86_mov_imm(e, RAX, LA_JUMP);
	jit->exit = e->p;
	x86_op_mem(e, false, false, 0x89, JIT_BUDGET, JIT_CPU,
		   JIT_OFF(chain_left));
	x86_op_mem(e, true, false, 0x01, JIT_RETIRED, JIT_CPU,
		   JIT_OFF(insns_retired)); /* add [cpu->insns_retired], r15 */
	x86_alu_imm(e, ALU_ADD, true, RSP, 8);
	for (k = 5; k >= 0; k--) {
		x86_rex(e, false, 0, saved[k], false);
		x86_byte(e, 0x58 + (saved[k] & 7));
	}
	x86_byte(e, 0xc3);
}

/*
 * With the pc in rax (already stored in cpu->pc): rdx = the compiled code
 * of the pc's lookup-table entry for this translation context, or leave
 * through exit_jump if there is none. Clobbers rax and rcx.
 */
static void emit_lookup(struct x86_buf *e, struct la64_jit *jit)
{
	const int32_t lookup =
	    (int32_t)offsetof(struct la64_block_cache, lookup);

	x86_load64(e, RDX, JIT_CPU, JIT_OFF(blocks));
	x86_mov_reg(e, RCX, RAX);
	x86_shift_imm(e, SH_SHR, true, RCX, 2);
	x86_alu_imm(e, ALU_AND, false, RCX, (1 << LA_LOOKUP_BITS) - 1);
	x86_shift_imm(e, SH_SHL, false, RCX, 4);
	x86_alu_reg(e, ALU_ADD, true, RDX, RCX);
	x86_alu_mem(e, ALU_XOR, true, RAX, JIT_CPU, JIT_OFF(lookup_ctx));
	x86_alu_mem(e, ALU_CMP, true, RAX, RDX,
		    lookup + (int32_t)offsetof(struct la64_lookup, key));
	x86_jcc_to(e, CC_NE, jit->exit_jump);
	x86_load64(e, RDX, RDX,
		   lookup + (int32_t)offsetof(struct la64_lookup, b));
	x86_test(e, RDX, RDX);
	x86_jcc_to(e, CC_E, jit->exit_jump);
	x86_load64(e, RDX, RDX, (int32_t)offsetof(struct la64_block, jit));
	x86_test(e, RDX, RDX);
	x86_jcc_to(e, CC_E, jit->exit_jump);
}

/*
 * chain (rax = next pc): store the pc; leave if the chain budget is spent
 * or no compiled block is found for the pc; else jump to its code.
 */
static void emit_chain(struct x86_buf *e, struct la64_jit *jit)
{
	jit->chain = e->p;
	x86_store64(e, JIT_CPU, JIT_OFF(pc), RAX);
	x86_alu_imm(e, ALU_SUB, false, JIT_BUDGET, 1);
	x86_jcc_to(e, CC_LE, jit->exit_jump);
	emit_lookup(e, jit);
	x86_jmp_reg(e, RDX);
}

/*
 * link (rax = next pc, rsi = the end of a jmp rel32 to a pc in the same
 * page; the budget is already paid): find the block as chain does, then
 * point that jmp straight at it, so later runs skip the lookup. Same-page
 * targets translate alike in every context the jumping block runs in, and
 * compiled code only goes away all at once (la64_jit_flush).
 */
static void emit_link(struct x86_buf *e, struct la64_jit *jit)
{
	jit->link = e->p;
	x86_store64(e, JIT_CPU, JIT_OFF(pc), RAX);
	emit_lookup(e, jit);
	x86_mov_reg(e, RCX, RDX);
	x86_alu_reg(e, ALU_SUB, true, RCX, RSI);
	x86_op_mem(e, false, false, 0x89, RCX, RSI, -4); /* mov [rsi-4], ecx */
	x86_jmp_reg(e, RDX);
}

/*
 * LOONGVM_PERF_MAP=1 names each compiled block after its guest pc in
 * /tmp/perf-PID.map, the file perf reads to symbolise JIT code.
 */
static FILE *perf_map(void)
{
	static FILE *f;
	static bool tried;
	const char *env = getenv("LOONGVM_PERF_MAP");
	char path[64];

	if (!tried && env && !strcmp(env, "1")) {
		snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
		f = fopen(path, "a");
		if (f)
			setvbuf(f, NULL, _IOLBF, 0);
	}
	tried = true;
	return f;
}

struct la64_jit *la64_jit_create(void)
{
	const char *env = getenv("LOONGVM_JIT");
	struct la64_jit *jit;
	struct x86_buf e;
	void *p;

	if (env && !strcmp(env, "0"))
		return NULL;
	p = mmap(NULL, JIT_BUFFER_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return NULL; /* no executable memory here: interpret */
	jit = calloc(1, sizeof(*jit));
	if (!jit) {
		munmap(p, JIT_BUFFER_SIZE);
		return NULL;
	}
	jit->base = p;
	jit->size = JIT_BUFFER_SIZE;
	e = (struct x86_buf){.p = jit->base, .end = jit->base + jit->size};
	emit_enter_exit(&e, jit);
	emit_chain(&e, jit);
	emit_link(&e, jit);
	jit->blocks = e.p;
	jit->used = e.p;
	jit->map = perf_map();
	if (jit->map)
		fprintf(jit->map, "%lx %lx loongvm_jit_stubs\n",
			(unsigned long)jit->base,
			(unsigned long)(jit->blocks - jit->base));
	return jit;
}

void la64_jit_destroy(struct la64_jit *jit)
{
	if (!jit)
		return;
	munmap(jit->base, jit->size);
	free(jit);
}

void la64_jit_flush(struct la64_jit *jit)
{
	if (jit)
		jit->used = jit->blocks;
}

void *la64_jit_compile(struct la64_jit *jit, const struct la64_block *b)
{
	struct x86_buf e = {.p = jit->used, .end = jit->base + jit->size};
	uint8_t *code = e.p;

	la64_jit_translate(&e, jit, b);
	if (e.full)
		return NULL;
	jit->used = (uint8_t *)(((uintptr_t)e.p + 15) & ~(uintptr_t)15);
	if (jit->map)
		fprintf(jit->map, "%lx %lx la64_%llx\n", (unsigned long)code,
			(unsigned long)(e.p - code), (unsigned long long)b->pc);
	return code;
}

int la64_jit_run(struct la64_cpu *cpu, struct la64_jit *jit, void *code)
{
	return jit->enter(cpu, code);
}

#else /* !__x86_64__ */

struct la64_jit *la64_jit_create(void)
{
	return NULL;
}

void la64_jit_destroy(struct la64_jit *jit)
{
	(void)jit;
}

void la64_jit_flush(struct la64_jit *jit)
{
	(void)jit;
}

void *la64_jit_compile(struct la64_jit *jit, const struct la64_block *b)
{
	(void)jit;
	(void)b;
	return NULL;
}

int la64_jit_run(struct la64_cpu *cpu, struct la64_jit *jit, void *code)
{
	(void)cpu;
	(void)jit;
	(void)code;
	return LA_EXC;
}

#endif
