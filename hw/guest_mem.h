/* SPDX-License-Identifier: MIT */
/*
 * Guest RAM as devices see it: the board's RAM blocks, through which a
 * DMA-capable device (virtio) turns a guest-physical range into a host
 * pointer. The guest chooses every address it hands a device, so each
 * lookup checks the whole range with overflow-safe arithmetic.
 */
#ifndef LOONGVM_HW_GUEST_MEM_H
#define LOONGVM_HW_GUEST_MEM_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_MEM_MAX_REGIONS 8

struct guest_mem_region {
	uint64_t gpa, size;
	uint8_t *host;
};

struct guest_mem {
	struct guest_mem_region r[GUEST_MEM_MAX_REGIONS];
	unsigned int n;
	/* Told of device writes (guest_mem_wrote); NULL: nobody listens. */
	void (*wrote)(void *opaque, uint64_t gpa, uint64_t len);
	void *wrote_opaque;
};

/*
 * The host address of [gpa, gpa + len) when the whole range lies in one
 * RAM region, else NULL (also for len 0 and for ranges that wrap).
 */
static inline void *guest_mem_ptr(const struct guest_mem *m, uint64_t gpa,
				  uint64_t len)
{
	unsigned int i;

	if (len == 0)
		return NULL;
	for (i = 0; i < m->n; i++) {
		const struct guest_mem_region *r = &m->r[i];

		if (gpa >= r->gpa && gpa - r->gpa < r->size &&
		    len <= r->size - (gpa - r->gpa))
			return r->host + (gpa - r->gpa);
	}
	return NULL;
}

/*
 * A device wrote len bytes at host address p in guest RAM: passes the
 * guest-physical range to m->wrote, which tells the hypervisor, so a CPU
 * that keeps decoded code drops what it had decoded there (the
 * KVM_LOONGVM_GUEST_WRITTEN extension of include/loongvm/kvm.h).
 */
static inline void guest_mem_wrote(const struct guest_mem *m, const void *p,
				   uint64_t len)
{
	uintptr_t a = (uintptr_t)p;
	unsigned int i;

	if (!m->wrote || !len)
		return;
	for (i = 0; i < m->n; i++) {
		const struct guest_mem_region *r = &m->r[i];
		uintptr_t base = (uintptr_t)r->host;

		if (a >= base && a - base < r->size) {
			m->wrote(m->wrote_opaque, r->gpa + (a - base), len);
			return;
		}
	}
}

#endif /* LOONGVM_HW_GUEST_MEM_H */
