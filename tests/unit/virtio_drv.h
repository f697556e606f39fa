/* SPDX-License-Identifier: MIT */
/*
 * A minimal virtio driver for device unit tests (tests/unit/test_virtio_*):
 * a fake guest RAM, the status handshake, and split rings the test fills
 * with chains and reads completions from, as Linux's virtio_ring.c would.
 * Queues are configured by writing the virtqueue fields directly, i.e.
 * what either transport does. Only static inline functions.
 */
#ifndef LOONGVM_TESTS_VIRTIO_DRV_H
#define LOONGVM_TESTS_VIRTIO_DRV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../hw/virtio/virtio.h"

#define VDRV_RAM_GPA 0x40000000ull
#define VDRV_RAM_SIZE (4ull << 20)
#define VDRV_RING_AREA 0x8000ull /* each queue's rings, from RAM start */
#define VDRV_DESC_F_NEXT 1
#define VDRV_DESC_F_WRITE 2

struct vdrv {
	struct guest_mem mem;
	uint8_t *ram;
};

struct vdrv_q {
	struct vdrv *drv;
	uint16_t size, avail_idx, used_seen, next_desc;
	uint64_t desc, avail, used;
};

/* One buffer of a chain: gpa, length, device-writable or not. */
struct vdrv_seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

static inline int vdrv_init(struct vdrv *v)
{
	v->ram = aligned_alloc(4096, VDRV_RAM_SIZE);
	if (!v->ram)
		return -1;
	memset(v->ram, 0, VDRV_RAM_SIZE);
	v->mem = (struct guest_mem){.n = 1};
	v->mem.r[0] =
	    (struct guest_mem_region){VDRV_RAM_GPA, VDRV_RAM_SIZE, v->ram};
	return 0;
}

static inline void vdrv_free(struct vdrv *v)
{
	free(v->ram);
}

static inline uint8_t *vdrv_host(struct vdrv *v, uint64_t gpa)
{
	return v->ram + (gpa - VDRV_RAM_GPA);
}

/* Data area for tests: past every queue's rings. */
static inline uint64_t vdrv_data(unsigned int n)
{
	return VDRV_RAM_GPA + VIRTIO_MAX_QUEUES * VDRV_RING_AREA + n;
}

static inline void vdrv_put(struct vdrv *v, uint64_t gpa, uint64_t val,
			    unsigned int bytes)
{
	unsigned int i;

	for (i = 0; i < bytes; i++)
		vdrv_host(v, gpa)[i] = (uint8_t)(val >> (8 * i));
}

static inline uint64_t vdrv_get(struct vdrv *v, uint64_t gpa,
				unsigned int bytes)
{
	uint64_t val = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		val |= (uint64_t)vdrv_host(v, gpa)[i] << (8 * i);
	return val;
}

/*
 * Drives d to DRIVER_OK accepting features, with each of its queues
 * (size entries) on rings in RAM. Returns d->status.
 */
static inline uint8_t vdrv_start(struct vdrv *v, struct virtio_dev *d,
				 uint64_t features, struct vdrv_q *qs,
				 uint16_t size)
{
	unsigned int i;

	virtio_set_status(d, 0);
	virtio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	virtio_set_driver_features(d, 0, (uint32_t)features);
	virtio_set_driver_features(d, 1, (uint32_t)(features >> 32));
	virtio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK);
	for (i = 0; i < d->ops->num_queues; i++) {
		struct vdrv_q *q = &qs[i];
		uint64_t base = VDRV_RAM_GPA + i * VDRV_RING_AREA;

		memset(q, 0, sizeof(*q));
		q->drv = v;
		q->size = size;
		q->desc = base;
		q->avail = base + 16ull * size;
		q->used = (q->avail + 6 + 2ull * size + 3) & ~3ull;
		memset(vdrv_host(v, base), 0, VDRV_RING_AREA);
		d->vq[i].size = size;
		d->vq[i].desc_gpa = q->desc;
		d->vq[i].avail_gpa = q->avail;
		d->vq[i].used_gpa = q->used;
		d->vq[i].ready = true;
	}
	virtio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK |
				 VIRTIO_STATUS_DRIVER_OK);
	return d->status;
}

/* Makes a chain of n segments available; returns its head. */
static inline uint16_t vdrv_add(struct vdrv_q *q, const struct vdrv_seg *s,
				unsigned int n)
{
	uint16_t head = q->next_desc, i, d;

	for (i = 0; i < n; i++) {
		d = (uint16_t)((head + i) % q->size);
		vdrv_put(q->drv, q->desc + 16ull * d, s[i].gpa, 8);
		vdrv_put(q->drv, q->desc + 16ull * d + 8, s[i].len, 4);
		vdrv_put(q->drv, q->desc + 16ull * d + 12,
			 (i + 1u < n ? VDRV_DESC_F_NEXT : 0) |
			     (s[i].write ? VDRV_DESC_F_WRITE : 0),
			 2);
		vdrv_put(q->drv, q->desc + 16ull * d + 14, (d + 1) % q->size,
			 2);
	}
	q->next_desc = (uint16_t)((head + n) % q->size);
	vdrv_put(q->drv, q->avail + 4 + 2ull * (q->avail_idx % q->size), head,
		 2);
	q->avail_idx++;
	vdrv_put(q->drv, q->avail + 2, q->avail_idx, 2);
	return head;
}

/* The next used element: true with its id and len, false if none. */
static inline bool vdrv_used(struct vdrv_q *q, uint32_t *id, uint32_t *len)
{
	uint64_t e;

	if ((uint16_t)vdrv_get(q->drv, q->used + 2, 2) == q->used_seen)
		return false;
	e = q->used + 4 + 8ull * (q->used_seen % q->size);
	*id = (uint32_t)vdrv_get(q->drv, e, 4);
	*len = (uint32_t)vdrv_get(q->drv, e + 4, 4);
	q->used_seen++;
	return true;
}

#endif /* LOONGVM_TESTS_VIRTIO_DRV_H */
