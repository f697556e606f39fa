// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the split virtqueue and the status machine
 * (hw/virtio/virtqueue.c, virtio.c): a fuzzer-written guest RAM with the
 * rings, and a script of kicks, pops, pushes (including double pushes and
 * pushes across a reset) and notifications. Every chain handed out must
 * lie in guest RAM within the hardening bounds, and every violation must
 * end as a broken device, never as a crash.
 */
#include <stdint.h>
#include <stdlib.h>

#include "fuzz_util.h"

#define HELD 4

static struct fuzz_env env;

/* The bounds virtqueue.h promises for a popped chain. */
static void check_req(const struct virtqueue *vq, const struct vq_req *req)
{
	uint64_t out = 0, in = 0;
	unsigned int i, n = req->nout + req->nin;

	if (req->head >= vq->size || n == 0 || n > VQ_MAX_SEGS)
		abort();
	for (i = 0; i < n; i++) {
		if (req->iov[i].iov_len == 0 ||
		    !fuzz_in_ram(&env, req->iov[i].iov_base,
				 req->iov[i].iov_len))
			abort();
		if (i < req->nout)
			out += req->iov[i].iov_len;
		else
			in += req->iov[i].iov_len;
	}
	if (out != req->out_len || in != req->in_len ||
	    out + in > VQ_MAX_CHAIN_BYTES)
		abort();
}

/* A device that completes every chain at once, filling its in part. */
static void fz_queue_notify(struct virtio_dev *d, unsigned int q)
{
	static const char pattern[64] = "device data";
	struct vq_req req;
	unsigned int n;

	pthread_mutex_lock(&d->lock);
	for (n = 0; n < VQ_BUDGET && vq_pop(&d->vq[q], &req) == 1; n++) {
		check_req(&d->vq[q], &req);
		vq_push(
		    &d->vq[q], &req,
		    (uint32_t)vq_copy_to_in(&req, 0, pattern, sizeof(pattern)));
	}
	pthread_mutex_unlock(&d->lock);
	virtio_notify_queue(d, q);
}

static uint64_t fz_features(struct virtio_dev *d)
{
	(void)d;
	return 0xffff;
}

static void fz_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			   uint32_t len)
{
	(void)d;
	(void)off;
	memset(buf, 0, len);
}

static const struct virtio_dev_ops fz_ops = {
    .name = "virtio-fuzz",
    .device_id = 0x3f,
    .num_queues = 2,
    .queue_size_max = 256,
    .config_size = 4,
    .features = fz_features,
    .config_read = fz_config_read,
    .queue_notify = fz_queue_notify,
};

static uint16_t used_idx_in_ram(unsigned int q)
{
	const uint8_t *p = env.ram0 + fuzz_used(q) + 2;

	return (uint16_t)(p[0] | p[1] << 8);
}

/* Pushes req, twice when asked: the second must break the device. */
static void push_held(struct virtio_dev *d, struct vq_req *req, uint8_t op)
{
	struct virtqueue *vq = &d->vq[0];
	bool live, twice = op & 0x80;

	pthread_mutex_lock(&d->lock);
	live = req->gen == vq->gen && vq->ready && !d->broken;
	vq_push(vq, req, (uint32_t)(op >> 4) * 1000);
	if (live && (d->broken || used_idx_in_ram(0) != vq->used_idx))
		abort();
	if (twice) {
		vq_push(vq, req, 0);
		if (live && !d->broken)
			abort();
	}
	pthread_mutex_unlock(&d->lock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtio_dev dev;
	static struct vq_req held[HELD];
	unsigned int nheld = 0, i;
	int r;

	if (fuzz_env_init(&env, data, size))
		return 0;
	virtio_dev_init(&dev, &fz_ops, NULL, &env.mem);
	fuzz_env_start(&env, &dev);
	for (i = 0; i < env.nops; i++) {
		uint8_t op = env.ops[i];

		if (fuzz_env_op_common(&env, &dev, op)) {
			fuzz_check_dev(&dev);
			continue;
		}
		switch ((op >> 2) & 3) {
		case 0: /* pop one and hold it */
			if (nheld == HELD)
				break;
			pthread_mutex_lock(&dev.lock);
			r = vq_pop(&dev.vq[0], &held[nheld]);
			if (r == 1)
				check_req(&dev.vq[0], &held[nheld++]);
			if (r < 0 && !dev.broken)
				abort();
			pthread_mutex_unlock(&dev.lock);
			break;
		case 1: /* push the oldest held chain */
			if (!nheld)
				break;
			push_held(&dev, &held[0], op);
			memmove(held, held + 1, --nheld * sizeof(held[0]));
			break;
		case 2:
			virtio_notify_queue(&dev, 0);
			break;
		case 3: /* a raw status write */
			pthread_mutex_lock(&dev.lock);
			virtio_set_status(&dev, op);
			pthread_mutex_unlock(&dev.lock);
			break;
		}
		fuzz_check_dev(&dev);
	}
	virtio_dev_destroy(&dev);
	fuzz_env_free(&env);
	return 0;
}
