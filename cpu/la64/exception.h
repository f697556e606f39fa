/* SPDX-License-Identifier: MIT */
/*
 * Raising and delivering exceptions and interrupts (LoongArch Vol1 6.2):
 * handlers record what went wrong and the dispatcher delivers it at the
 * faulting instruction's boundary, so exceptions are precise.
 */
#ifndef LOONGVM_CPU_LA64_EXCEPTION_H
#define LOONGVM_CPU_LA64_EXCEPTION_H

#include "mmu.h"

static inline int la64_raise(struct la64_cpu *cpu, uint32_t ecode,
			     uint32_t esubcode)
{
	cpu->exc.ecode = ecode;
	cpu->exc.esubcode = esubcode;
	cpu->exc.has_badv = false;
	return LA_EXC;
}

static inline int la64_raise_badv(struct la64_cpu *cpu, uint32_t ecode,
				  uint32_t esubcode, uint64_t badv)
{
	cpu->exc.ecode = ecode;
	cpu->exc.esubcode = esubcode;
	cpu->exc.badv = badv;
	cpu->exc.has_badv = true;
	return LA_EXC;
}

/* Leaves to the hypervisor; the pc stays on the trapping instruction. */
static inline int la64_exit_to_hv(struct la64_cpu *cpu,
				  enum la64_exit_reason reason, uint64_t badv,
				  uint32_t raw)
{
	cpu->exit_info.reason = reason;
	cpu->exit_info.badv = badv;
	cpu->exit_info.badi = raw;
	cpu->exit_info.ecode = 0;
	return LA_EXIT;
}

/*
 * Delivers cpu->exc for the instruction at pc (word raw). Returns false if
 * the guest is stuck re-taking the same exception at its own vector.
 */
bool la64_deliver_exception(struct la64_cpu *cpu, uint64_t pc, uint32_t raw);
/* Takes the highest-priority pending interrupt if enabled. */
void la64_check_interrupts(struct la64_cpu *cpu);

/* True if an interrupt is pending and enabled: the inlined pre-check. */
static inline bool la64_irq_ready(struct la64_cpu *cpu)
{
	uint64_t is = cpu->csr.estat |
		      atomic_load_explicit(&cpu->irq_lines,
					   memory_order_relaxed);

	return (cpu->csr.crmd & LA_CRMD_IE) &&
	       (is & cpu->csr.ecfg & LA_ECFG_LIE);
}

#endif /* LOONGVM_CPU_LA64_EXCEPTION_H */
