/* SPDX-License-Identifier: MIT */
/*
 * The JIT's register cache: within one block, guest GPRs live in host
 * registers from their first use, and changed ones are stored back to
 * cpu->gpr before a handler call or a way out of the block (jit_priv.h).
 * This removes the load of a GPR that the block read or wrote before, and
 * all but the last store of one it writes several times.
 */
#include "jit.h"

#if defined(__x86_64__)

#include "jit_priv.h"

static const uint8_t cache_reg[JIT_NCACHE] = {
    R12, R13, R14, RDI, R8, R9, R10, R11,
};

void jit_regs_clear(struct jit_regs *regs)
{
	memset(regs->guest, -1, sizeof(regs->guest));
	memset(regs->dirty, 0, sizeof(regs->dirty));
}

void jit_regs_tick(struct jit_regs *regs)
{
	regs->now++;
}

static int find(const struct jit_regs *regs, unsigned int r)
{
	int s;

	for (s = 0; s < JIT_NCACHE; s++)
		if (regs->guest[s] == (int)r)
			return s;
	return -1;
}

/*
 * A free slot, or the least recently used one, stored back first if
 * changed. Slots used by the current instruction are never chosen: an
 * instruction names at most three GPRs.
 */
static int grab(struct jit_tr *t)
{
	struct jit_regs *regs = &t->regs;
	int s, victim = -1;

	for (s = 0; s < JIT_NCACHE; s++) {
		if (regs->guest[s] < 0)
			return s;
		if (victim < 0 || regs->used[s] < regs->used[victim])
			victim = s;
	}
	if (regs->dirty[victim])
		x86_store64(t->e, JIT_CPU, JIT_GPR(regs->guest[victim]),
			    cache_reg[victim]);
	regs->guest[victim] = -1;
	regs->dirty[victim] = false;
	return victim;
}

int jit_src(struct jit_tr *t, unsigned int r)
{
	struct jit_regs *regs = &t->regs;
	int s = find(regs, r);

	if (s < 0) {
		s = grab(t);
		if (r == 0)
			x86_alu_reg(t->e, ALU_XOR, false, cache_reg[s],
				    cache_reg[s]);
		else
			x86_load64(t->e, cache_reg[s], JIT_CPU, JIT_GPR(r));
		regs->guest[s] = (int8_t)r;
	}
	regs->used[s] = regs->now;
	return cache_reg[s];
}

void jit_put(struct jit_tr *t, unsigned int r, int reg)
{
	struct jit_regs *regs = &t->regs;
	int s;

	if (r == LA_REG_SINK)
		return;
	s = find(regs, r);
	if (s < 0)
		s = grab(t);
	x86_mov_reg(t->e, cache_reg[s], reg);
	regs->guest[s] = (int8_t)r;
	regs->dirty[s] = true;
	regs->used[s] = regs->now;
}

void jit_writeback(struct x86_buf *e, struct jit_regs *regs)
{
	int s;

	for (s = 0; s < JIT_NCACHE; s++) {
		if (regs->guest[s] >= 0 && regs->dirty[s])
			x86_store64(e, JIT_CPU, JIT_GPR(regs->guest[s]),
				    cache_reg[s]);
		regs->dirty[s] = false;
	}
}

void jit_reload(struct x86_buf *e, const struct jit_regs *regs)
{
	int s;

	for (s = 0; s < JIT_NCACHE; s++)
		if (regs->guest[s] >= 0)
			x86_load64(e, cache_reg[s], JIT_CPU,
				   JIT_GPR(regs->guest[s]));
}

#endif /* __x86_64__ */
