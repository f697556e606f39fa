/* SPDX-License-Identifier: MIT */
/*
 * The constant timer, LoongArch Vol1 7.6.2-7.6.4. TCFG.En starts a countdown
 * from TCFG.InitVal; at zero TI is raised, and in periodic mode the count
 * reloads. The deadline is kept as a counter value, so nothing ticks.
 */
#include <time.h>

#include "cpu.h"
#include "timer.h"

#define TCFG_EN 1ULL
#define TCFG_PERIODIC 2ULL
#define TCFG_INITVAL(t) ((t) & 0xfffffffffffcULL)

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

void la64_timer_configure(struct la64_cpu *cpu)
{
	uint64_t t = cpu->csr.tcfg;

	cpu->csr.timer_armed = (t & TCFG_EN) != 0;
	if (cpu->csr.timer_armed)
		cpu->csr.timer_deadline = la64_cpu_counter(cpu) + TCFG_INITVAL(t);
}

void la64_timer_clear(struct la64_cpu *cpu)
{
	cpu->csr.estat &= ~(1ULL << LA_IRQ_TI);
}

uint64_t la64_timer_tval(struct la64_cpu *cpu)
{
	uint64_t now;

	if (!cpu->csr.timer_armed)
		return 0;
	now = la64_cpu_counter(cpu);
	if (now >= cpu->csr.timer_deadline)
		return 0;
	return cpu->csr.timer_deadline - now;
}

void la64_timer_poll(struct la64_cpu *cpu)
{
	uint64_t now, period;

	if (!cpu->csr.timer_armed)
		return;
	now = la64_cpu_counter(cpu);
	if (now < cpu->csr.timer_deadline)
		return;
	cpu->csr.estat |= 1ULL << LA_IRQ_TI;
	period = TCFG_INITVAL(cpu->csr.tcfg);
	if ((cpu->csr.tcfg & TCFG_PERIODIC) && period) {
		uint64_t late = now - cpu->csr.timer_deadline;

		cpu->csr.timer_deadline = now + period - late % period;
	} else {
		cpu->csr.timer_armed = false;
	}
}
