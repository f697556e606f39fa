/* SPDX-License-Identifier: MIT */
/*
 * An address space of device regions: the MMIO bus and the IOCSR bus are
 * each one of these. Devices register a region with read/write callbacks;
 * the vCPU loop routes KVM_EXIT_MMIO and KVM_EXIT_LOONGARCH_IOCSR here.
 * An access no device claims reads as zero and is otherwise ignored.
 */
#ifndef LOONGVM_HW_BUS_H
#define LOONGVM_HW_BUS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * size is 1, 2, 4 or 8 and off + size <= the region size; cpu is the
 * physical id of the accessing vCPU (per-CPU views such as IOCSR IPI
 * registers need it; most devices ignore it).
 */
struct bus_ops {
	uint64_t (*read)(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size);
	void (*write)(void *opaque, unsigned int cpu, uint64_t off,
		      unsigned int size, uint64_t val);
};

struct bus_region {
	const char *name;
	uint64_t base, size;
	const struct bus_ops *ops;
	void *opaque;
};

#define BUS_MAX_REGIONS 64

struct bus {
	pthread_mutex_t lock; /* devices are serialised on their bus */
	struct bus_region regions[BUS_MAX_REGIONS];
	unsigned int count;
};

void bus_init(struct bus *bus);
void bus_destroy(struct bus *bus);
/* Adds a region; fails if it overlaps another or the bus is full. */
int bus_add(struct bus *bus, const char *name, uint64_t base, uint64_t size,
	    const struct bus_ops *ops, void *opaque);
/* Performs an access; returns false if no device claimed it. */
bool bus_access(struct bus *bus, unsigned int cpu, uint64_t addr,
		unsigned int size, bool is_write, uint64_t *val);

#endif /* LOONGVM_HW_BUS_H */
