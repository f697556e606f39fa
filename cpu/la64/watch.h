/* SPDX-License-Identifier: MIT */
/*
 * Data watchpoints for a debugger: guest virtual ranges whose loads or
 * stores stop the CPU once the access has completed. Pages that hold a
 * watched range never get software-TLB entries, so every access to them
 * takes the slow path, which checks the ranges; blocks are one instruction
 * long while any watchpoint is set, so the CPU stops right after the
 * instruction that hit, as GDB expects of a watchpoint.
 */
#ifndef LOONGVM_CPU_LA64_WATCH_H
#define LOONGVM_CPU_LA64_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

/*
 * Checks an access of size bytes at va against the watchpoints (kind: true
 * for a store, read-modify-write counts as both) and records a hit. Returns
 * true when va's page holds a watched range, so no software-TLB entry may
 * be installed for it.
 */
bool la64_watch_access(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		       bool read, bool write);

#endif /* LOONGVM_CPU_LA64_WATCH_H */
