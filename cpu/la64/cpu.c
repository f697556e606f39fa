/* SPDX-License-Identifier: MIT */
/*
 * CPU lifecycle and the calls other threads may make on a CPU: kick,
 * interrupt lines, exception injection by the hypervisor.
 */
#include <stdlib.h>

#include "block.h"
#include "code_pages.h"
#include "exception.h"
#include "tlb.h"

int la64_system_init(struct la64_system *sys, struct la64_stage2 stage2)
{
	sys->stage2 = stage2;
	atomic_init(&sys->counter_offset, 0);
	atomic_init(&sys->code_gen, 0);
	atomic_init(&sys->wp_gen, 0);
	sys->code_pages = la64_code_pages_new();
	return sys->code_pages ? 0 : -1;
}

void la64_system_destroy(struct la64_system *sys)
{
	la64_code_pages_free(sys->code_pages);
	sys->code_pages = NULL;
}

int la64_cpu_init(struct la64_cpu *cpu, struct la64_system *sys, uint32_t index)
{
	*cpu = (struct la64_cpu){0};
	cpu->sys = sys;
	cpu->csr.tmid = index;
	if (la64_blocks_init(cpu))
		return -1;
	la64_cpu_reset(cpu);
	return 0;
}

void la64_cpu_destroy(struct la64_cpu *cpu)
{
	la64_blocks_destroy(cpu);
}

void la64_cpu_reset(struct la64_cpu *cpu)
{
	memset(cpu->gpr, 0, sizeof(cpu->gpr));
	memset(cpu->fpr, 0, sizeof(cpu->fpr));
	memset(cpu->fcc, 0, sizeof(cpu->fcc));
	cpu->fcsr = 0;
	cpu->pc = 0;
	cpu->llbit = false;
	atomic_store(&cpu->irq_lines, 0);
	la64_csr_reset(cpu);
	la64_tlb_reset(cpu);
	cpu->last_vector = ~0ULL;
	cpu->repeat_count = 0;
	la64_mmu_reset_contexts(cpu);
	la64_blocks_flush(cpu);
}

void la64_cpu_kick(struct la64_cpu *cpu)
{
	atomic_store(&cpu->kick, 1);
}

/* Blocks end before each breakpoint: decode them again. */
void la64_cpu_set_breakpoints(struct la64_cpu *cpu, const uint64_t *pc,
			      unsigned int n)
{
	if (n > LA_MAX_BREAKPOINTS)
		n = LA_MAX_BREAKPOINTS;
	memcpy(cpu->bp, pc, n * sizeof(*pc));
	cpu->nbp = n;
	la64_blocks_flush(cpu);
}

/* Blocks are decoded one instruction long while stepping: start afresh. */
void la64_cpu_set_single_step(struct la64_cpu *cpu, bool on)
{
	if (cpu->single_step == on)
		return;
	cpu->single_step = on;
	la64_blocks_flush(cpu);
}

void la64_cpu_set_irq(struct la64_cpu *cpu, unsigned int irq, bool level)
{
	if (irq >= LA_IRQ_COUNT)
		return;
	if (level)
		atomic_fetch_or(&cpu->irq_lines, 1U << irq);
	else
		atomic_fetch_and(&cpu->irq_lines, ~(1U << irq));
}

void la64_cpu_inject_exception(struct la64_cpu *cpu, uint32_t ecode,
			       uint32_t esubcode, uint32_t badi)
{
	la64_raise(cpu, ecode, esubcode);
	if (ecode == LA_ECODE_ADE) {
		cpu->exc.has_badv = true;
		cpu->exc.badv = cpu->pc;
	}
	la64_deliver_exception(cpu, cpu->pc, badi);
}

void la64_cpu_flush_tlb(struct la64_cpu *cpu)
{
	la64_mmu_flush(cpu);
}
