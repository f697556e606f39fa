/* SPDX-License-Identifier: MIT */
/*
 * The stable counter and the constant timer (LoongArch Vol1 7.6): a 100 MHz
 * counter derived from the host monotonic clock plus the VM-wide offset, and
 * the TCFG/TVAL countdown that raises TI.
 */
#ifndef LOONGVM_CPU_LA64_TIMER_H
#define LOONGVM_CPU_LA64_TIMER_H

#include <stdint.h>

#define LA_COUNTER_HZ 100000000ULL

struct la64_cpu;

/* The host's counter at 100 MHz, before the VM offset is added. */
uint64_t la64_host_counter(void);
/* What rdtime reads: the guest's counter plus CSR.CNTC (Vol1 7.6.4). */
uint64_t la64_cpu_rdtime(const struct la64_cpu *cpu);
/* Re-arms or stops the timer after a TCFG write; old is the TCFG before. */
void la64_timer_configure(struct la64_cpu *cpu, uint64_t old);
/* Clears a pending timer interrupt (TICLR.CLR). */
void la64_timer_clear(struct la64_cpu *cpu);
/* The current TVAL. */
uint64_t la64_timer_tval(struct la64_cpu *cpu);
/* Sets the remaining count, as the host restores TVAL (kvm/timer.c). */
void la64_timer_set_tval(struct la64_cpu *cpu, uint64_t tval);
/* Raises TI if the deadline has passed; called between blocks. */
void la64_timer_poll(struct la64_cpu *cpu);

#endif /* LOONGVM_CPU_LA64_TIMER_H */
