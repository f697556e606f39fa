/* SPDX-License-Identifier: MIT */
/*
 * The chip-configuration IOCSRs that Linux reads while probing the CPU
 * (arch/loongarch/kernel/cpu-probe.c, env.c) and that the EIOINTC driver
 * writes to switch extended I/O interrupts on (irq-loongson-eiointc.c,
 * eiointc_enable): VERSION, FEATURES, VENDOR, CPUNAME and MISC_FUNC.
 * The values are those QEMU's virt board reports without KVM.
 */
#ifndef LOONGVM_HW_IOCSR_MISC_H
#define LOONGVM_HW_IOCSR_MISC_H

#include <stdint.h>

#include "bus.h"

/* arch/loongarch/include/asm/loongarch.h */
#define IOCSR_MISC_BASE 0x0ULL
#define IOCSR_MISC_SIZE 0x428ULL
#define IOCSR_VERSION 0x0
#define IOCSR_FEATURES 0x8
#define IOCSR_VENDOR 0x10
#define IOCSR_CPUNAME 0x20
#define IOCSR_MISC_FUNC 0x420

#define IOCSRF_MSI (1ULL << 2)
#define IOCSRF_EXTIOI (1ULL << 3)
#define IOCSRF_CSRIPI (1ULL << 4)
#define IOCSR_MISC_FUNC_EXT_IOI_EN (1ULL << 48)

struct iocsr_misc {
	uint64_t misc_func;
};

void iocsr_misc_init(struct iocsr_misc *m);
extern const struct bus_ops iocsr_misc_ops;

#endif /* LOONGVM_HW_IOCSR_MISC_H */
