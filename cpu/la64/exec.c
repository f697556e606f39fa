/* SPDX-License-Identifier: MIT */
/*
 * The interpreter's dispatch loop. Between blocks it checks for requests
 * from other threads, the timer and interrupts; within a block it runs the
 * decoded instructions with threaded dispatch (one computed goto per
 * instruction, every handler inlined behind its own label).
 */
#include "exec.h"
#include "block.h"
#include "exec_atomic.h"
#include "exec_branch.h"
#include "exec_fpu.h"
#include "exec_int.h"
#include "exec_mem.h"
#include "exec_misc.h"
#include "exec_priv.h"
#include "exec_tlb.h"
#include "jit.h"
#include "timer.h"

/* Blocks between polls of the host clock for the timer. */
#define TIMER_POLL_BLOCKS 256

LA_OP(ine)
{
	return la64_raise(cpu, LA_ECODE_INE, 0);
}

LA_OP(block_end)
{
	return la64_jump(cpu, pc);
}

/*
 * Cross-thread housekeeping, done on entry and every TIMER_POLL_BLOCKS
 * blocks. It need not be sooner: a vCPU sees code another vCPU wrote once
 * it executes ibar, which drops its own blocks (Vol1 2.2.8.2).
 */
static void sync_system(struct la64_cpu *cpu)
{
	struct la64_system *sys = cpu->sys;
	uint64_t gen =
	    atomic_load_explicit(&sys->code_gen, memory_order_acquire);

	if (la64_unlikely(gen != cpu->code_gen)) {
		/* Code or stage 2 changed: nothing decoded or mapped holds. */
		cpu->code_gen = gen;
		la64_blocks_flush(cpu);
		la64_mmu_flush(cpu);
	}
	gen = atomic_load_explicit(&sys->wp_gen, memory_order_acquire);
	if (la64_unlikely(gen != cpu->wp_gen)) {
		cpu->wp_gen = gen;
		la64_mmu_drop_writes(cpu);
	}
}

static void stuck_exit(struct la64_cpu *cpu, struct la64_exit *exit)
{
	exit->reason = LA_EXIT_STUCK;
	exit->ecode = cpu->exc.ecode;
	exit->badv = cpu->exc.badv;
	exit->badi = 0;
}

/* The host's exit request (cpu.h): a relaxed load, as READ_ONCE. */
static bool exit_requested(const struct la64_cpu *cpu)
{
	const uint8_t *p = cpu->exit_request;

	return p && __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* A watchpoint hit by the last instruction, or a breakpoint at pc. */
static bool debug_stop(struct la64_cpu *cpu, struct la64_exit *exit)
{
	if (cpu->watch_hit.pending) {
		cpu->watch_hit.pending = false;
		exit->reason = LA_EXIT_WATCH;
		return true;
	}
	if (la64_is_breakpoint(cpu, cpu->pc)) {
		exit->reason = LA_EXIT_BREAK;
		return true;
	}
	return false;
}

/* Every handler out of line, for compiled code to call (jit.h). */
#define LA_OUT_OF_LINE(name, mn, match, mask, imm, flags)                 \
	static int call_##name(struct la64_cpu *cpu,                      \
			       const struct la64_insn *i, uint64_t pc)    \
	{                                                                 \
		return op_##name(cpu, i, pc);                             \
	}
LA_OPS_INTERNAL(LA_OUT_OF_LINE)
LA_OP_LISTS(LA_OUT_OF_LINE)
#undef LA_OUT_OF_LINE

const la64_op_fn la64_op_fns[LA_OP_COUNT] = {
#define LA_FN(name, mn, match, mask, imm, flags) [LA_OP_##name] = call_##name,
	LA_OPS_INTERNAL(LA_FN) LA_OP_LISTS(LA_FN)
#undef LA_FN
};

/*
 * Runs b as compiled code, compiling it on its first run, and chains on
 * while the poll budget lasts. Returns false if b is to be interpreted
 * this once, the code buffer having filled up.
 */
static bool run_compiled(struct la64_cpu *cpu, struct la64_block *b,
			 unsigned int *poll, int *st)
{
	struct la64_jit *jit = cpu->blocks->jit;

	if (!b->jit) {
		b->jit = la64_jit_compile(jit, b);
		if (!b->jit) {
			/* b stays readable until the next decode. */
			la64_blocks_flush(cpu);
			return false;
		}
	}
	cpu->chain_left = (int32_t)*poll;
	*st = la64_jit_run(cpu, jit, b->jit);
	*poll = cpu->chain_left > 0 ? (unsigned int)cpu->chain_left : 1;
	return true;
}

/* la64_cpu_run's dispatch labels, published for the decoder. */
static const void *const *_Atomic dispatch_labels;

const void *la64_op_handler(unsigned int op)
{
	return atomic_load_explicit(&dispatch_labels, memory_order_relaxed)[op];
}

static void run_blocks(struct la64_cpu *cpu, struct la64_exit *exit)
{
	static const void *const labels[LA_OP_COUNT] = {
#define LA_LABEL(name, mn, match, mask, imm, flags) [LA_OP_##name] = &&L_##name,
	    LA_OPS_INTERNAL(LA_LABEL) LA_OP_LISTS(LA_LABEL)
#undef LA_LABEL
	};
	struct la64_block *b;
	const struct la64_insn *ip;
	unsigned int poll = TIMER_POLL_BLOCKS;
	bool stepped = false;
	/* Debugging needs the interpreter's instruction-by-instruction view. */
	const bool jit = cpu->blocks->jit && !cpu->single_step && !cpu->nbp &&
			 !cpu->nwp;
	int st;

	atomic_store_explicit(&dispatch_labels, labels, memory_order_relaxed);
	sync_system(cpu);
	la64_timer_poll(cpu);
	for (;;) {
		if (la64_unlikely(atomic_load_explicit(&cpu->kick,
						       memory_order_relaxed))) {
			atomic_store(&cpu->kick, 0);
			exit->reason = LA_EXIT_KICK;
			return;
		}
		if (la64_unlikely(exit_requested(cpu))) {
			exit->reason = LA_EXIT_KICK;
			return;
		}
		if (la64_unlikely(stepped)) {
			exit->reason = LA_EXIT_STEP;
			return;
		}
		if (la64_unlikely(cpu->nbp | cpu->nwp) && debug_stop(cpu, exit))
			return;
		stepped = cpu->single_step;
		if (la64_unlikely(--poll == 0)) {
			poll = TIMER_POLL_BLOCKS;
			la64_timer_poll(cpu);
			sync_system(cpu);
		}
		if (la64_unlikely(la64_irq_ready(cpu)))
			la64_check_interrupts(cpu);
		b = la64_block_find(cpu, &st);
		if (la64_unlikely(!b)) {
			if (st == LA_EXIT)
				goto leave;
			if (!la64_deliver_exception(cpu, cpu->pc, 0))
				goto stuck;
			continue;
		}
		if (jit && run_compiled(cpu, b, &poll, &st)) {
			if (st == LA_JUMP)
				continue;
			if (st == LA_EXIT)
				goto leave;
			if (!la64_deliver_exception(cpu, cpu->pc, cpu->jit_raw))
				goto stuck;
			continue;
		}
		cpu->insns_retired += b->n;
		ip = b->insns;
		goto * ip->handler;

/* st is written only on the way out, so the fast path stores nothing. */
#define LA_BODY(name, mn, match, mask, imm, flags)                            \
	L_##name:                                                             \
	{                                                                     \
		int s_ = op_##name(cpu, ip,                                   \
				   b->pc + ((uint64_t)(ip - b->insns) << 2)); \
		if (la64_unlikely(s_ != LA_NEXT)) {                           \
			st = s_;                                              \
			goto done;                                            \
		}                                                             \
	}                                                                     \
	ip++;                                                                 \
	goto * ip->handler;
		LA_OPS_INTERNAL(LA_BODY)
		LA_OP_LISTS(LA_BODY)
#undef LA_BODY

	done:
		if (st == LA_JUMP)
			continue;
		cpu->pc = b->pc + ((uint64_t)(ip - b->insns) << 2);
		if (st == LA_EXIT)
			goto leave;
		if (!la64_deliver_exception(cpu, cpu->pc, ip->raw))
			goto stuck;
	}
leave:
	*exit = cpu->exit_info;
	return;
stuck:
	stuck_exit(cpu, exit);
}

void la64_cpu_run(struct la64_cpu *cpu, struct la64_exit *exit)
{
	run_blocks(cpu, exit);
	la64_fpu_leave(cpu);
}
