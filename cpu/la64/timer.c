/* SPDX-License-Identifier: MIT */
/*
 * The constant timer, LoongArch Vol1 7.6.1-7.6.5. Writing TCFG with En set
 * starts a countdown from TCFG.InitVal; when it reaches zero TI is raised
 * in ESTAT.IS[11] and stays up until TICLR.CLR is written (Vol1 6.1.1).
 * In periodic mode the count reloads from InitVal; in one-shot mode it
 * stops, and TVAL then reads -1 in its TimerBits bits, which is how
 * kvm/timer.c (kvm_save_timer, citing 7.6.2) tells that it fired. With En
 * clear the countdown is frozen and TVAL keeps its value.
 *
 * Nothing ticks: a running timer is a deadline in counter units, and TI
 * is raised whenever the CPU polls (every 256 blocks, on ESTAT and TVAL
 * reads, and while the hypervisor waits in idle).
 */
#include <time.h>

#include "cpu.h"
#include "timer.h"

#define TCFG_EN 1ULL
#define TCFG_PERIODIC 2ULL
#define TCFG_INITVAL(t) ((t) & LA_TIMER_MASK & ~3ULL)

uint64_t la64_host_counter(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * LA_COUNTER_HZ + (uint64_t)ts.tv_nsec / 10;
}

uint64_t la64_cpu_counter(const struct la64_cpu *cpu)
{
	return la64_host_counter() +
	       (uint64_t)atomic_load(&cpu->sys->counter_offset);
}

uint64_t la64_cpu_rdtime(const struct la64_cpu *cpu)
{
	return la64_cpu_counter(cpu) + cpu->csr.cntc;
}

/* The count a running timer shows at counter value now. */
static uint64_t running_tval(const struct la64_cpu *cpu, uint64_t now)
{
	uint64_t period = TCFG_INITVAL(cpu->csr.tcfg);

	if (now < cpu->csr.timer_deadline)
		return (cpu->csr.timer_deadline - now) & LA_TIMER_MASK;
	if ((cpu->csr.tcfg & TCFG_PERIODIC) && period)
		return period - (now - cpu->csr.timer_deadline) % period;
	return LA_TIMER_MASK; /* a one-shot timer that fired: -1 */
}

void la64_timer_configure(struct la64_cpu *cpu, uint64_t old)
{
	uint64_t t = cpu->csr.tcfg, now = la64_cpu_counter(cpu);

	if (cpu->csr.timer_armed) {
		/* Freeze the count the old configuration had reached. */
		uint64_t cur = cpu->csr.tcfg;

		cpu->csr.tcfg = old;
		cpu->csr.timer_tval = running_tval(cpu, now);
		cpu->csr.tcfg = cur;
	}
	cpu->csr.timer_armed = (t & TCFG_EN) != 0;
	if (cpu->csr.timer_armed) {
		cpu->csr.timer_deadline = now + TCFG_INITVAL(t);
		cpu->csr.timer_tval = TCFG_INITVAL(t);
	}
}

void la64_timer_clear(struct la64_cpu *cpu)
{
	cpu->csr.estat &= ~(1ULL << LA_IRQ_TI);
}

uint64_t la64_timer_tval(struct la64_cpu *cpu)
{
	la64_timer_poll(cpu);
	if (!cpu->csr.timer_armed)
		return cpu->csr.timer_tval;
	return running_tval(cpu, la64_cpu_counter(cpu));
}

void la64_timer_set_tval(struct la64_cpu *cpu, uint64_t tval)
{
	tval &= LA_TIMER_MASK;
	cpu->csr.timer_tval = tval;
	cpu->csr.timer_armed = (cpu->csr.tcfg & TCFG_EN) &&
			       ((cpu->csr.tcfg & TCFG_PERIODIC) ||
				tval != LA_TIMER_MASK);
	if (cpu->csr.timer_armed)
		cpu->csr.timer_deadline = la64_cpu_counter(cpu) + tval;
}

void la64_timer_poll(struct la64_cpu *cpu)
{
	uint64_t now, period, late;

	if (!cpu->csr.timer_armed)
		return;
	now = la64_cpu_counter(cpu);
	if (now < cpu->csr.timer_deadline)
		return;
	cpu->csr.estat |= 1ULL << LA_IRQ_TI;
	period = TCFG_INITVAL(cpu->csr.tcfg);
	if ((cpu->csr.tcfg & TCFG_PERIODIC) && period) {
		/* Reload; periods missed while not polled raise TI once. */
		late = now - cpu->csr.timer_deadline;
		cpu->csr.timer_deadline += (late / period + 1) * period;
	} else {
		cpu->csr.timer_armed = false;
		cpu->csr.timer_tval = LA_TIMER_MASK;
	}
}
