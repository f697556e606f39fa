// SPDX-License-Identifier: MIT
/*
 * virtio-rng (virtio 1.2 section 5.4; the driver is Linux 6.12
 * drivers/char/hw_random/virtio-rng.c): each request is a chain of
 * device-writable buffers, filled with up to VIRTIO_RNG_MAX_REQ bytes of
 * host randomness. getrandom(2) does not block once the host pool is
 * initialised, so requests are served inline under the device lock.
 */
#include <errno.h>
#include <sys/random.h>

#include "virtio_rng.h"

/* Fills len bytes at p; returns how many it could. */
static size_t fill_random(uint8_t *p, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		n = getrandom(p + done, len - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* Serves one chain; returns the bytes written. Lock held. */
static uint32_t rng_serve(const struct vq_req *req)
{
	size_t left = VIRTIO_RNG_MAX_REQ, done = 0, n, got;
	unsigned int i;

	for (i = req->nout; i < req->nout + req->nin && left; i++) {
		n = req->iov[i].iov_len < left ? req->iov[i].iov_len : left;
		got = fill_random(req->iov[i].iov_base, n);
		done += got;
		left -= got;
		if (got < n)
			break;
	}
	return (uint32_t)done;
}

static void rng_queue_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtqueue *vq = &d->vq[q];
	struct vq_req req;
	unsigned int n;

	pthread_mutex_lock(&d->lock);
	for (n = 0; n < VQ_BUDGET && vq_pop(vq, &req) == 1; n++) {
		/* 5.4.6.1: the driver places only writable buffers. */
		if (req.nout) {
			virtio_set_broken(d, "request has a readable buffer");
			break;
		}
		vq_push(vq, &req, rng_serve(&req));
	}
	pthread_mutex_unlock(&d->lock);
	virtio_notify_queue(d, q);
}

static void rng_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			    uint32_t len)
{
	(void)d;
	(void)off;
	(void)buf;
	(void)len; /* no config space (5.4.4) */
}

static const struct virtio_dev_ops rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 1,
    .queue_size_max = VIRTIO_RNG_QUEUE_SIZE,
    .config_size = 0,
    .config_read = rng_config_read,
    .queue_notify = rng_queue_notify,
};

int virtio_rng_init(struct virtio_rng *r, const struct guest_mem *mem)
{
	virtio_dev_init(&r->dev, &rng_ops, r, mem);
	return 0;
}

void virtio_rng_destroy(struct virtio_rng *r)
{
	virtio_dev_destroy(&r->dev);
}
