/* SPDX-License-Identifier: MIT */
/*
 * The guest's clock stops while the board is paused, as QEMU stops its
 * virtual clock: the stable counter is saved through vCPU 0 when the
 * board stops and put back when it runs again, so a guest paused for a
 * minute sees no minute pass (no RCU stall or soft-lockup reports). The
 * timers are deadlines in counter units, so they stop with it. QEMU's
 * kvm_loongarch_vm_stage_change does the same with
 * KVM_REG_LOONGARCH_COUNTER.
 */
#ifndef LOONGVM_MACHINE_GUEST_CLOCK_H
#define LOONGVM_MACHINE_GUEST_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct guest_clock {
	bool stopped;
	uint64_t counter; /* the counter when it stopped */
};

/* Stops (stop) or restarts the clock of the VM that vcpu_fd belongs to. */
void guest_clock_set_running(struct guest_clock *c, int vcpu_fd, bool run);

#endif /* LOONGVM_MACHINE_GUEST_CLOCK_H */
