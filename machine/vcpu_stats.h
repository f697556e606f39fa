/* SPDX-License-Identifier: MIT */
/*
 * Reads a vCPU's binary statistics (KVM_GET_STATS_FD, Linux
 * Documentation/virt/kvm/api.rst 4.133): the header, the descriptors and
 * the values, so QMP and the monitor can show the exit counters.
 */
#ifndef LOONGVM_MACHINE_VCPU_STATS_H
#define LOONGVM_MACHINE_VCPU_STATS_H

#include <stdint.h>

/* Called for each single-value statistic, in descriptor order. */
typedef void (*vcpu_stat_fn)(void *opaque, const char *name, uint64_t value);

/* Reads every statistic of stats fd; 0, or -1 on a bad file. */
int vcpu_stats_read(int fd, vcpu_stat_fn fn, void *opaque);

#endif /* LOONGVM_MACHINE_VCPU_STATS_H */
