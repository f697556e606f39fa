/* SPDX-License-Identifier: MIT */
/*
 * The la464 CPU model as userspace configures it through ONE_REG, the way
 * QEMU's target/loongarch does for KVM: the CPUCFG words (KVM starts them at
 * zero) and the CPUID of each vCPU.
 */
#ifndef LOONGVM_MACHINE_LA464_H
#define LOONGVM_MACHINE_LA464_H

#include <stdint.h>

/* Writes CPUCFG0-20 and CPUID for the vCPU; returns 0 or -1 with errno. */
int la464_configure(int vcpu_fd, uint32_t cpu_index);

#endif /* LOONGVM_MACHINE_LA464_H */
