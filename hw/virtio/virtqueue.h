/* SPDX-License-Identifier: MIT */
/*
 * A split virtqueue (virtio 1.2 section 2.7) as the device side sees it:
 * pop the next descriptor chain the driver made available, hand its
 * buffers to the device as host iovecs, push the chain back to the used
 * ring. The guest writes the rings at any time and may lie in every field,
 * so the walk follows the hardening rules of issue 6 and every violation
 * marks the device broken (virtio.h) instead of aborting or spinning:
 *   1. a chain walk is bounded by the queue size;
 *   2. the available-index gap is checked on every notify;
 *   3. each whole buffer is range-checked with overflow-safe arithmetic;
 *   4. a chain's total length is capped (VQ_MAX_CHAIN_BYTES);
 *   5. a popped head is always pushed, or the device is marked broken;
 *   6. zero-length buffers and readable-after-writable ones are rejected;
 *   8. the work done per notify is capped (VQ_BUDGET).
 * (Rule 7, the status transitions, lives in virtio.c.)
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTQUEUE_H
#define LOONGVM_HW_VIRTIO_VIRTQUEUE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#define VQ_MAX_SIZE 1024		/* queue sizes are powers of two up to this */
#define VQ_MAX_SEGS 256			/* buffers one chain may hold */
#define VQ_MAX_CHAIN_BYTES (1u << 30)	/* rule 4 */
#define VQ_BUDGET 256			/* chains one notify may process, rule 8 */
#define VIRTIO_MSI_NO_VECTOR 0xffff

struct virtio_dev;

struct virtqueue {
	struct virtio_dev *dev;
	unsigned int index;
	/* Set by the driver through the transport while the queue is off. */
	uint16_t size;	   /* 0: not configured */
	uint16_t size_max; /* what the device offers */
	bool ready;
	uint64_t desc_gpa, avail_gpa, used_gpa;
	uint16_t msix_vector;
	/* Device-side state. */
	uint16_t last_avail; /* next available-ring slot to pop */
	uint16_t used_idx;   /* next used-ring slot to fill */
	uint16_t inflight;   /* popped heads not yet pushed */
	uint32_t gen;	     /* bumped on reset: stale pushes are dropped */
	bool event_idx;	     /* VIRTIO_F_RING_EVENT_IDX negotiated */
	bool signalled_valid;
	uint16_t signalled_used; /* used_idx at the last interrupt */
	uint8_t busy[VQ_MAX_SIZE / 8]; /* heads popped, not yet pushed */
};

/*
 * One popped chain. Readable (driver-to-device) buffers come first, then
 * writable ones, each a host pointer checked to lie wholly in guest RAM.
 */
struct vq_req {
	uint16_t head;
	uint32_t gen;
	unsigned int nout, nin; /* out = readable by the device, in = writable */
	uint64_t out_len, in_len;
	struct iovec iov[VQ_MAX_SEGS]; /* iov[0..nout) out, then nin in */
};

/* Resets the device-side state; called on device or queue reset. */
void vq_reset(struct virtqueue *vq);

/*
 * Why the driver's queue setup (size, ring addresses) is unusable, or NULL
 * when it is fine: the transport checks this when the driver enables the
 * queue and marks the device broken with the reason.
 */
const char *vq_check_config(const struct virtqueue *vq);

/*
 * Rule 2 on a notify: false (device marked broken) when the available
 * index ran more than the queue size ahead. Call with the device lock held.
 */
bool vq_avail_ok(struct virtqueue *vq);

/*
 * Pops the next available chain into req. Returns 1 with a chain, 0 when
 * the ring is empty or the queue is not ready, and -1 after a violation,
 * which has marked the device broken. Call with the device lock held.
 */
int vq_pop(struct virtqueue *vq, struct vq_req *req);

/*
 * Returns req's head to the used ring with written bytes (the count the
 * device wrote into the in buffers). A push for a chain popped before a
 * reset is dropped. Call with the device lock held.
 */
void vq_push(struct virtqueue *vq, const struct vq_req *req, uint32_t written);

/*
 * Pushes n chains like vq_push but publishes them with one used-index
 * store, so the driver sees all of them or none (virtio-net's merged
 * receive buffers, virtio 1.2 section 5.1.6.4). Lock held.
 */
void vq_push_n(struct virtqueue *vq, const struct vq_req *const *reqs,
	       const uint32_t *written, unsigned int n);

/*
 * Whether the driver wants an interrupt for what was pushed since the last
 * one: VIRTQ_AVAIL_F_NO_INTERRUPT, or used_event with EVENT_IDX (2.7.10).
 * Call with the device lock held, after the pushes.
 */
bool vq_should_notify(struct virtqueue *vq);

/* Copies between a chain's buffers and a flat buffer; return bytes copied. */
size_t vq_copy_from_out(const struct vq_req *req, size_t off, void *dst,
			size_t len);
size_t vq_copy_to_in(const struct vq_req *req, size_t off, const void *src,
		     size_t len);

#endif /* LOONGVM_HW_VIRTIO_VIRTQUEUE_H */
