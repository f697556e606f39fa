/* SPDX-License-Identifier: MIT */
/*
 * Shared input layout for the virtio libFuzzer targets (fuzz/fuzz_*.c):
 * the fuzzer's bytes become a guest that drives one device. An input is
 *
 *   header   FUZZ_HDR bytes: queue size (log2), transport features,
 *            device feature bits 0..15 (little-endian)
 *   script   FUZZ_OPS bytes: one operation per byte, the target's own
 *   RAM      the rest: copied over guest RAM from GPA 0, so descriptor
 *            tables, rings and buffers are whatever the fuzzer wrote
 *
 * Queue q's rings sit at fixed GPAs (fuzz_desc(q), ...) that the device
 * is told about, so ring contents come from the RAM image. Guest RAM is
 * two regions (0 .. FUZZ_RAM0 and a small one far above it) to exercise
 * lookups across regions. A new target (fuzz_virtio_blk.c, ...) follows
 * fuzz_virtio_rng.c: fuzz_env_init, init the device on env.mem,
 * fuzz_env_start, run the script with fuzz_env_op_common for the shared
 * operations, then check invariants and free everything.
 */
#ifndef LOONGVM_FUZZ_FUZZ_UTIL_H
#define LOONGVM_FUZZ_FUZZ_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../hw/virtio/virtio.h"

#define FUZZ_HDR 4
#define FUZZ_OPS 24
#define FUZZ_RAM0 0x20000ull	  /* region 0: GPA 0 .. 128 KiB */
#define FUZZ_RAM1_GPA 0x100000ull /* region 1: 4 KiB at 1 MiB */
#define FUZZ_RAM1 0x1000ull
#define FUZZ_QAREA 0x3000ull /* per queue: desc 4K, avail 4K, used 4K */

struct fuzz_env {
	struct guest_mem mem;
	uint8_t *ram0, *ram1;
	uint16_t qsize;
	uint64_t features;
	const uint8_t *ops;
	size_t nops;
};

static inline uint64_t fuzz_desc(unsigned int q)
{
	return q * FUZZ_QAREA;
}

static inline uint64_t fuzz_avail(unsigned int q)
{
	return q * FUZZ_QAREA + 0x1000;
}

static inline uint64_t fuzz_used(unsigned int q)
{
	return q * FUZZ_QAREA + 0x2000;
}

/* Whether [p, p + len) lies inside guest RAM's host buffers. */
static inline int fuzz_in_ram(const struct fuzz_env *e, const void *p,
			      size_t len)
{
	const uint8_t *b = p;

	return (b >= e->ram0 && len <= FUZZ_RAM0 &&
		(size_t)(b - e->ram0) <= FUZZ_RAM0 - len) ||
	       (b >= e->ram1 && len <= FUZZ_RAM1 &&
		(size_t)(b - e->ram1) <= FUZZ_RAM1 - len);
}

/* Splits an input; returns -1 when it is too short to use. */
static inline int fuzz_env_init(struct fuzz_env *e, const uint8_t *data,
				size_t size)
{
	size_t n;

	if (size < FUZZ_HDR + FUZZ_OPS)
		return -1;
	static uint8_t *ram0, *ram1;

	/* Allocated once: a fresh mapping per input costs more than a run. */
	if (!ram0) {
		ram0 = aligned_alloc(4096, FUZZ_RAM0);
		ram1 = aligned_alloc(4096, FUZZ_RAM1);
		if (!ram0 || !ram1)
			abort();
	}
	memset(e, 0, sizeof(*e));
	e->ram0 = ram0;
	e->ram1 = ram1;
	memset(ram0, 0, FUZZ_RAM0);
	memset(ram1, 0, FUZZ_RAM1);
	e->mem = (struct guest_mem){.n = 2};
	e->mem.r[0] = (struct guest_mem_region){0, FUZZ_RAM0, e->ram0};
	e->mem.r[1] =
	    (struct guest_mem_region){FUZZ_RAM1_GPA, FUZZ_RAM1, e->ram1};
	/* Sizes 1 .. 256 (a 256-entry table fills the 4 KiB slot). */
	e->qsize = (uint16_t)(1u << (data[0] % 9));
	e->features = 1ull << VIRTIO_F_VERSION_1;
	if (data[1] & 1)
		e->features |= 1ull << VIRTIO_F_INDIRECT_DESC;
	if (data[1] & 2)
		e->features |= 1ull << VIRTIO_F_RING_EVENT_IDX;
	e->features |= (uint64_t)(data[2] | data[3] << 8);
	e->ops = data + FUZZ_HDR;
	e->nops = FUZZ_OPS;
	data += FUZZ_HDR + FUZZ_OPS;
	size -= FUZZ_HDR + FUZZ_OPS;
	n = size < FUZZ_RAM0 ? size : FUZZ_RAM0;
	memcpy(e->ram0, data, n);
	if (size > n)
		memcpy(e->ram1, data + n,
		       size - n < FUZZ_RAM1 ? size - n : FUZZ_RAM1);
	return 0;
}

/* Ends an input (the RAM buffers are reused by the next one). */
static inline void fuzz_env_free(struct fuzz_env *e)
{
	e->ram0 = e->ram1 = NULL;
}

/*
 * The driver's side of initialisation: the status handshake with the
 * features the header chose (only those the device offers), then every
 * queue on its fixed rings. Takes the device lock. Returns d->status.
 */
static inline uint8_t fuzz_env_start(struct fuzz_env *e, struct virtio_dev *d)
{
	uint8_t s = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;
	uint64_t f = e->features & d->host_features;
	unsigned int q;

	pthread_mutex_lock(&d->lock);
	virtio_set_status(d, 0);
	virtio_set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_set_status(d, s);
	virtio_set_driver_features(d, 0, (uint32_t)f);
	virtio_set_driver_features(d, 1, (uint32_t)(f >> 32));
	virtio_set_status(d, s | VIRTIO_STATUS_FEATURES_OK);
	for (q = 0; q < d->ops->num_queues; q++) {
		struct virtqueue *vq = &d->vq[q];

		vq->size = e->qsize < vq->size_max ? e->qsize : vq->size_max;
		vq->desc_gpa = fuzz_desc(q);
		vq->avail_gpa = fuzz_avail(q);
		vq->used_gpa = fuzz_used(q);
		vq->ready = true;
	}
	virtio_set_status(d, s | VIRTIO_STATUS_FEATURES_OK |
				 VIRTIO_STATUS_DRIVER_OK);
	s = d->status;
	pthread_mutex_unlock(&d->lock);
	return s;
}

/* The guest's avail->idx of queue q, advanced by n. */
static inline void fuzz_avail_add(struct fuzz_env *e, unsigned int q,
				  unsigned int n)
{
	uint8_t *p = e->ram0 + fuzz_avail(q) + 2;
	uint16_t idx = (uint16_t)(p[0] | p[1] << 8);

	idx = (uint16_t)(idx + n);
	p[0] = (uint8_t)idx;
	p[1] = (uint8_t)(idx >> 8);
}

/*
 * Operations every target shares, chosen by the op byte's low 2 bits:
 * 0 kicks queue (op >> 2) % num_queues, 1 advances that queue's avail
 * index by op >> 5 (as a guest adding chains), 2 resets and restarts the
 * device (op >> 2 == 63, else kicks like 0). Returns 1 when it handled
 * op, 0 for 3, which the target interprets itself.
 */
static inline int fuzz_env_op_common(struct fuzz_env *e, struct virtio_dev *d,
				     uint8_t op)
{
	unsigned int q = (op >> 2) % d->ops->num_queues;

	switch (op & 3) {
	case 1:
		pthread_mutex_lock(&d->lock);
		fuzz_avail_add(e, q, op >> 5);
		pthread_mutex_unlock(&d->lock);
		return 1;
	case 2:
		if (op >> 2 == 63) {
			fuzz_env_start(e, d);
			return 1;
		}
		/* fall through */
	case 0:
		virtio_queue_kick(d, q);
		return 1;
	}
	return 0;
}

/* Checks that hold whatever the guest did; abort() is the crash signal. */
static inline void fuzz_check_dev(const struct virtio_dev *d)
{
	unsigned int q;

	if (d->broken && !(d->status & VIRTIO_STATUS_NEEDS_RESET))
		abort();
	for (q = 0; q < VIRTIO_MAX_QUEUES; q++) {
		const struct virtqueue *vq = &d->vq[q];

		/* A disabled queue's size is whatever the driver wrote. */
		if (vq->inflight > vq->size_max ||
		    (vq->ready && vq->size > vq->size_max))
			abort();
		if (vq->ready && !d->broken &&
		    (uint16_t)(vq->used_idx + vq->inflight) != vq->last_avail)
			abort();
	}
}

#endif /* LOONGVM_FUZZ_FUZZ_UTIL_H */
