/* SPDX-License-Identifier: MIT */
/*
 * virtio-rng, the entropy device (virtio 1.2 section 5.4): one request
 * queue whose writable buffers the device fills from the host's
 * getrandom(2). Requests are served inline on the notifying thread.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_RNG_H
#define LOONGVM_HW_VIRTIO_VIRTIO_RNG_H

#include "virtio.h"

#define VIRTIO_RNG_QUEUE_SIZE 64
#define VIRTIO_RNG_MAX_REQ (64 * 1024) /* bytes filled per request, at most */

struct virtio_rng {
	struct virtio_dev dev; /* hand &r->dev to a transport */
};

/* Sets up r over guest RAM mem. Returns 0. */
int virtio_rng_init(struct virtio_rng *r, const struct guest_mem *mem);
void virtio_rng_destroy(struct virtio_rng *r);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_RNG_H */
