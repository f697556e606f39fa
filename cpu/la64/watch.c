/* SPDX-License-Identifier: MIT */
/*
 * Data watchpoints (watch.h): range checks on the memory slow path.
 */
#include <string.h>

#include "block.h"
#include "mmu.h"
#include "watch.h"

void la64_cpu_set_watchpoints(struct la64_cpu *cpu,
			      const struct la64_watchpoint *wp, unsigned int n)
{
	if (n > LA_MAX_WATCHPOINTS)
		n = LA_MAX_WATCHPOINTS;
	memcpy(cpu->wp, wp, n * sizeof(*wp));
	cpu->nwp = n;
	cpu->watch_hit.pending = false;
	/* Drop fast entries for watched pages and re-decode (block.c). */
	la64_mmu_flush(cpu);
	la64_blocks_flush(cpu);
}

/* Whether [a, a + alen) and [b, b + blen) overlap; lengths are nonzero. */
static bool overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a - b < blen || b - a < alen;
}

static void record(struct la64_cpu *cpu, unsigned int i, uint32_t type,
		   uint64_t va)
{
	if (cpu->watch_hit.pending)
		return; /* the first hit of the instruction is reported */
	cpu->watch_hit.pending = true;
	cpu->watch_hit.index = i;
	cpu->watch_hit.type = type;
	cpu->watch_hit.addr = va;
}

bool la64_watch_access(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		       bool read, bool write)
{
	uint64_t page = va & LA_PAGE_MASK;
	bool watched = false;
	unsigned int i;

	for (i = 0; i < cpu->nwp; i++) {
		const struct la64_watchpoint *w = &cpu->wp[i];
		uint64_t first = w->addr & LA_PAGE_MASK;
		uint64_t last = (w->addr + w->len - 1) & LA_PAGE_MASK;

		if (page - first <= last - first)
			watched = true;
		if (!overlap(va, size, w->addr, w->len))
			continue;
		if (write && (w->type & LA_WATCH_WRITE))
			record(cpu, i, LA_WATCH_WRITE, va);
		else if (read && (w->type & LA_WATCH_READ))
			record(cpu, i, LA_WATCH_READ, va);
	}
	return watched;
}
