/* SPDX-License-Identifier: MIT */
/*
 * The power registers of the virt board's ACPI GED at 0x100e001c: SLEEP_CTL
 * (+0), SLEEP_STS (+1) and RESET (+2), as QEMU's hw/acpi/generic_event_device
 * lays them out. Writing SLP_EN with SLP_TYP 5 (S5) powers off; writing 0x42
 * to RESET reboots.
 *
 * loongvm extension, the test-exit register: SLP_EN with SLP_TYP 7 (0x3c)
 * records a failed test and ends the VMM with status 1. QEMU ignores sleep
 * types it does not know, so a test guest that writes 0x3c and then 0x34
 * fails under loongvm and powers off cleanly under QEMU.
 */
#ifndef LOONGVM_HW_GED_H
#define LOONGVM_HW_GED_H

#include "bus.h"

#define GED_REG_BASE 0x100e001cULL
#define GED_REG_SIZE 3

enum ged_event { GED_POWEROFF, GED_RESET, GED_TEST_FAIL };

struct ged {
	void (*event)(void *opaque, enum ged_event ev);
	void *opaque;
	uint8_t sleep_ctl;
};

void ged_init(struct ged *g, void (*event)(void *, enum ged_event),
	      void *opaque);
extern const struct bus_ops ged_ops;

#endif /* LOONGVM_HW_GED_H */
