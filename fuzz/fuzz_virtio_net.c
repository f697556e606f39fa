// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for virtio-net (hw/virtio/virtio_net.c): the input is
 * a guest (fuzz_util.h) whose rings and buffers drive the device, with a
 * loopback backend that feeds every transmitted frame back into the
 * receive queue. Everything runs on the fuzzing thread (no I/O thread).
 * Target ops (low bits 3), chosen by (op >> 2) & 3 with parameter op >> 4:
 *   0  the backend delivers a frame of one of the lengths in frame_lens
 *   1  a config space read of 1..4 bytes at any offset
 *   2  a well-formed receive buffer is added and the rx queue kicked
 *   3  a well-formed transmit chain is added and the tx queue kicked
 * so the receive reservation, MRG_RXBUF merging and flow control are
 * reached without a seed corpus. Crashes are sanitizer reports and the
 * invariants: fuzz_check_dev, no transmit chain left in flight on a live
 * device, at most 64 receive chains held, no frame over NET_MAX_FRAME.
 */
#include <stdio.h>

#include "../hw/virtio/virtio_net.h"
#include "fuzz_util.h"

/* Guest RAM the well-formed ops use (below FUZZ_RAM0, above the rings). */
#define P_RX 0x8000
#define P_RX_SLOTS 8
#define P_RX_SLOT 0x1000
#define P_TX 0x10000
#define P_TX_MAX 0xf000

static const uint32_t frame_lens[16] = {
    0,	  1,	13,    14,    42,    60,    1514,  1515,
    4096, 9000, 16384, 65535, 65536, 65549, 65550, 65551,
};
static const uint32_t rx_lens[4] = {12, 100, 1526, 4096};

static uint8_t frame[NET_MAX_FRAME + 1];

struct loop {
	struct net_backend be;
};

static int loop_send(struct net_backend *be, const void *f, size_t len)
{
	if (len > NET_MAX_FRAME)
		abort();
	be->rx(be->rx_opaque, f, len);
	return 0;
}

static void loop_destroy(struct net_backend *be)
{
	(void)be;
}

static const struct net_backend_ops loop_ops = {
    .kind = "loop",
    .send = loop_send,
    .destroy = loop_destroy,
};

static void put(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Makes chain head (descriptors at head, head + 1 ...) available on q. */
static void make_avail(struct fuzz_env *e, struct virtio_dev *d, unsigned int q,
		       uint16_t head)
{
	uint16_t qs = d->vq[q].size ? d->vq[q].size : 1;
	uint8_t *avail = e->ram0 + fuzz_avail(q);
	uint16_t idx = get16(avail + 2);

	put(avail + 4 + 2u * (idx % qs), head % qs, 2);
	pthread_mutex_lock(&d->lock);
	fuzz_avail_add(e, q, 1);
	pthread_mutex_unlock(&d->lock);
	virtio_queue_kick(d, q);
}

static void put_desc(struct fuzz_env *e, struct virtio_dev *d, unsigned int q,
		     uint16_t i, uint64_t gpa, uint32_t len, uint16_t flags)
{
	uint16_t qs = d->vq[q].size ? d->vq[q].size : 1;
	uint8_t *p = e->ram0 + fuzz_desc(q) + 16u * (i % qs);

	put(p, gpa, 8);
	put(p + 8, len, 4);
	put(p + 12, flags, 2);
	put(p + 14, (i + 1u) % qs, 2);
}

static void add_rx(struct fuzz_env *e, struct virtio_dev *d, unsigned int p)
{
	uint16_t head = get16(e->ram0 + fuzz_avail(0) + 2);
	unsigned int slot = head % P_RX_SLOTS;

	put_desc(e, d, 0, head, P_RX + slot * P_RX_SLOT, rx_lens[p & 3], 2);
	make_avail(e, d, 0, head);
}

/* A header (gso_type from p) and a frame whose length RAM chooses. */
static void add_tx(struct fuzz_env *e, struct virtio_dev *d, unsigned int p)
{
	uint16_t head = get16(e->ram0 + fuzz_avail(1) + 2);
	uint32_t len = get16(e->ram0 + P_TX + 16) % P_TX_MAX;

	e->ram0[P_TX + 1] = (uint8_t)(p >> 2 == 3);
	if (p & 1) { /* header and frame in one buffer */
		put_desc(e, d, 1, head, P_TX, 12 + len, 0);
	} else {
		put_desc(e, d, 1, head, P_TX, 12, len ? 1 : 0);
		if (len)
			put_desc(e, d, 1, head + 1, P_TX + 0x20, len, 0);
	}
	make_avail(e, d, 1, head);
}

static void target_op(struct fuzz_env *e, struct virtio_dev *d, struct loop *l,
		      uint8_t op)
{
	unsigned int p = op >> 4;
	uint8_t cfg[4];

	switch ((op >> 2) & 3) {
	case 0:
		l->be.rx(l->be.rx_opaque, frame, frame_lens[p]);
		break;
	case 1:
		pthread_mutex_lock(&d->lock);
		if (p < d->ops->config_size)
			d->ops->config_read(d, p, cfg,
					    d->ops->config_size - p < 4
						? d->ops->config_size - p
						: 4);
		pthread_mutex_unlock(&d->lock);
		break;
	case 2:
		add_rx(e, d, p);
		break;
	default:
		add_tx(e, d, p);
	}
}

static void check(const struct virtio_dev *d)
{
	fuzz_check_dev(d);
	if (!d->broken && d->vq[1].ready && d->vq[1].inflight)
		abort();
	if (d->vq[0].inflight > 64)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct loop l = {.be = {.ops = &loop_ops}};
	struct virtio_net_opts o = {.index = 0};
	struct virtio_net *n;
	struct virtio_dev *d;
	struct fuzz_env e;
	char err[256];
	size_t i;

	if (fuzz_env_init(&e, data, size) < 0)
		return 0;
	for (i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)(i * 31);
	/* Bits 0..15 (MAC, MRG_RXBUF) come from the header; STATUS too. */
	e.features |= (uint64_t)(data[3] & 1) << VIRTIO_NET_F_STATUS;
	n = virtio_net_create(&o, &l.be, &e.mem, NULL, err, sizeof(err));
	if (!n) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	d = virtio_net_dev(n);
	fuzz_env_start(&e, d);
	for (i = 0; i < e.nops; i++) {
		uint8_t op = e.ops[i];

		if (!fuzz_env_op_common(&e, d, op))
			target_op(&e, d, &l, op);
		check(d);
	}
	virtio_net_destroy(n);
	fuzz_env_free(&e);
	return 0;
}
