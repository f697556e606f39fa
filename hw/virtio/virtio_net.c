/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio 1.2 section 5.1; the driver is Linux 6.12
 * drivers/net/virtio_net.c) without offloads: queue 0 receives, queue 1
 * transmits, and every packet carries the 12-byte struct virtio_net_hdr_v1
 * (with VERSION_1 the header has num_buffers whether or not MRG_RXBUF is
 * negotiated, 5.1.6).
 *
 * Transmit: a notify only signals an eventfd; the I/O thread pops each
 * chain under the device lock, copies the frame out without it and hands
 * it to the backend, then pushes the chain.
 *
 * Receive runs on the backend's thread, wholly under the device lock (it
 * only copies into guest RAM). Chains are popped into a reservation until
 * they hold the header and the frame; if the ring runs dry first, the
 * chains stay reserved, the backend is told NET_RX_FULL, and the next rx
 * notify resumes it. A frame that can never fit the buffers is dropped.
 */
#include "virtio_net.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define RXQ 0
#define TXQ 1
/* Chains one received frame may span with MRG_RXBUF: 64 buffers of the
 * 1518 bytes Linux posts at least hold the largest frame. */
#define RX_MAX_CHAINS 64

/* struct virtio_net_hdr_v1 offsets (5.1.6). */
#define HDR_GSO_TYPE 1
#define HDR_NUM_BUFFERS 10
#define VIRTIO_NET_HDR_GSO_NONE 0

/* struct virtio_net_config (5.1.4): mac, status, max_virtqueue_pairs. */
#define CFG_MAC 0
#define CFG_STATUS 6
#define CFG_MAX_PAIRS 8
#define CFG_SIZE 10
#define VIRTIO_NET_S_LINK_UP 1

struct virtio_net {
	struct virtio_dev dev;
	struct net_backend *be;
	struct iothread *io;
	int kickfd;
	uint8_t mac[6];
	/* Receive state, under dev.lock. */
	bool rx_blocked;    /* told the backend FULL; resume on an rx notify */
	unsigned int nres;  /* chains popped and held for the next frame */
	uint64_t res_bytes; /* their writable bytes */
	struct vq_req rx[RX_MAX_CHAINS];
	/* Transmit state, under tx_lock. */
	pthread_mutex_t tx_lock;
	struct vq_req tx;
	uint8_t txbuf[NET_MAX_FRAME];
	bool warned_big, warned_gso;
};

static struct virtio_net *to_net(struct virtio_dev *d)
{
	return d->priv;
}

int virtio_net_parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int v[6], i;
	char end;

	if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &end) != 6 ||
	    strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (uint8_t)v[i];
	return 0;
}

static uint64_t net_features(struct virtio_dev *d)
{
	(void)d;
	return 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS |
	       1ull << VIRTIO_NET_F_MRG_RXBUF;
}

static void net_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			    uint32_t len)
{
	struct virtio_net *n = to_net(d);
	uint8_t cfg[CFG_SIZE];
	uint16_t v;

	memcpy(cfg + CFG_MAC, n->mac, 6);
	v = htole16(VIRTIO_NET_S_LINK_UP);
	memcpy(cfg + CFG_STATUS, &v, 2);
	v = htole16(1);
	memcpy(cfg + CFG_MAX_PAIRS, &v, 2);
	if (off > CFG_SIZE || len > CFG_SIZE - off) {
		memset(buf, 0, len);
		return;
	}
	memcpy(buf, cfg + off, len);
}

static void kick(struct virtio_net *n)
{
	uint64_t one = 1;

	/* EAGAIN: the counter is already non-zero, so a wake is due. */
	while (write(n->kickfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

/*
 * Checks and sends the frame in n->tx. Returns 0 (sent or dropped), or
 * the violation that must mark the device broken.
 */
static const char *tx_frame(struct virtio_net *n)
{
	const struct vq_req *q = &n->tx;
	uint8_t hdr[VIRTIO_NET_HDR_LEN];
	uint64_t len;

	/* 5.1.6.2: the header and packet are device-readable only. */
	if (q->nin)
		return "transmit chain has a writable buffer";
	if (q->out_len < VIRTIO_NET_HDR_LEN)
		return "transmit chain is shorter than the 12-byte header";
	len = q->out_len - VIRTIO_NET_HDR_LEN;
	if (len > NET_MAX_FRAME) {
		if (!n->warned_big)
			fprintf(stderr,
				"virtio-net: dropping a %llu-byte frame "
				"(limit %d)\n",
				(unsigned long long)len, NET_MAX_FRAME);
		n->warned_big = true;
		return NULL;
	}
	vq_copy_from_out(q, 0, hdr, sizeof(hdr));
	/* No HOST_TSO/UFO offered: a GSO packet cannot be sent as is. */
	if (hdr[HDR_GSO_TYPE] != VIRTIO_NET_HDR_GSO_NONE) {
		if (!n->warned_gso)
			fprintf(stderr, "virtio-net: dropping a GSO packet "
					"(no segmentation offload offered)\n");
		n->warned_gso = true;
		return NULL;
	}
	if (len == 0)
		return NULL;
	vq_copy_from_out(q, VIRTIO_NET_HDR_LEN, n->txbuf, (size_t)len);
	net_backend_send(n->be, n->txbuf, (size_t)len);
	return NULL;
}

/* Pops the next transmit chain into n->tx; 1 with one, else 0. */
static int tx_pop(struct virtio_net *n)
{
	struct virtio_dev *d = &n->dev;
	int r = 0;

	pthread_mutex_lock(&d->lock);
	if (virtio_queue_live(d, TXQ))
		r = vq_pop(&d->vq[TXQ], &n->tx);
	pthread_mutex_unlock(&d->lock);
	return r > 0;
}

/* Sends up to VQ_BUDGET frames (rule 8), re-arming if more remain. */
static void tx_process(struct virtio_net *n)
{
	struct virtio_dev *d = &n->dev;
	unsigned int done = 0;
	const char *why;

	pthread_mutex_lock(&n->tx_lock);
	while (done < VQ_BUDGET && tx_pop(n)) {
		why = tx_frame(n);
		pthread_mutex_lock(&d->lock);
		if (why)
			virtio_set_broken(d, why);
		else
			vq_push(&d->vq[TXQ], &n->tx, 0);
		pthread_mutex_unlock(&d->lock);
		done++;
	}
	pthread_mutex_unlock(&n->tx_lock);
	if (done)
		virtio_notify_queue(d, TXQ);
	if (done == VQ_BUDGET && n->io)
		kick(n);
}

static void tx_io_ready(void *opaque, uint32_t events)
{
	struct virtio_net *n = opaque;
	uint64_t v;

	(void)events;
	while (read(n->kickfd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	tx_process(n);
}

/*
 * Pops chains into the reservation until it holds need bytes. Returns 1
 * when it does, 0 when the ring ran dry first, 2 when the frame can never
 * fit (the reservation is full), -1 after a violation. Lock held.
 */
static int rx_reserve(struct virtio_net *n, uint64_t need)
{
	struct virtio_dev *d = &n->dev;
	unsigned int cap =
	    virtio_has_feature(d, VIRTIO_NET_F_MRG_RXBUF) ? RX_MAX_CHAINS : 1;
	struct vq_req *q;
	int r;

	while (n->res_bytes < need && n->nres < cap) {
		q = &n->rx[n->nres];
		r = vq_pop(&d->vq[RXQ], q);
		if (r <= 0)
			return r;
		n->nres++;
		/* 5.1.6.3: receive buffers are device-writable only. */
		if (q->nout) {
			virtio_set_broken(d, "receive chain has a readable "
					     "buffer");
			return -1;
		}
		/* 5.1.6.3.1: every buffer holds at least the header. */
		if (q->in_len < VIRTIO_NET_HDR_LEN) {
			virtio_set_broken(d, "receive buffer is smaller than "
					     "the 12-byte header");
			return -1;
		}
		n->res_bytes += q->in_len;
	}
	return n->res_bytes >= need ? 1 : 2;
}

/*
 * Writes header and frame over the first reserved chains, pushes them and
 * drops them from the reservation. Lock held.
 */
static void rx_fill(struct virtio_net *n, const uint8_t *frame, size_t len)
{
	struct virtio_dev *d = &n->dev;
	uint8_t hdr[VIRTIO_NET_HDR_LEN] = {0};
	uint32_t used[RX_MAX_CHAINS];
	const struct vq_req *reqs[RX_MAX_CHAINS];
	uint64_t left = len, take, room;
	unsigned int k = 0, i;
	uint16_t nb;
	size_t off = 0;

	/* Chain i carries the header (i == 0) and then frame bytes. */
	while (left && k < n->nres) {
		room = n->rx[k].in_len - (k ? 0 : VIRTIO_NET_HDR_LEN);
		take = left < room ? left : room;
		if (take)
			vq_copy_to_in(&n->rx[k], k ? 0 : VIRTIO_NET_HDR_LEN,
				      frame + off, (size_t)take);
		used[k] = (uint32_t)(take + (k ? 0 : VIRTIO_NET_HDR_LEN));
		off += (size_t)take;
		left -= take;
		k++;
	}
	if (k == 0)
		used[k++] = VIRTIO_NET_HDR_LEN;
	/* 5.1.6.4: num_buffers is 1 unless MRG_RXBUF merges several. */
	nb = htole16((uint16_t)k);
	memcpy(hdr + HDR_NUM_BUFFERS, &nb, 2);
	vq_copy_to_in(&n->rx[0], 0, hdr, sizeof(hdr));
	for (i = 0; i < k; i++) {
		reqs[i] = &n->rx[i];
		n->res_bytes -= n->rx[i].in_len;
	}
	/* One used-index store: the driver never sees part of a frame. */
	vq_push_n(&d->vq[RXQ], reqs, used, k);
	n->nres -= k;
	if (n->nres)
		memmove(n->rx, n->rx + k, n->nres * sizeof(n->rx[0]));
}

/* The backend's rx callback: one frame into the receive queue. */
static enum net_rx_result net_rx(void *opaque, const void *frame, size_t len)
{
	struct virtio_net *n = opaque;
	struct virtio_dev *d = &n->dev;
	enum net_rx_result res = NET_RX_DONE;
	bool notify = false;
	int r;

	if (len > NET_MAX_FRAME)
		return NET_RX_DONE;
	pthread_mutex_lock(&d->lock);
	/* Driver not ready (or device broken): the frame is dropped. */
	if (!virtio_queue_live(d, RXQ))
		goto out;
	r = rx_reserve(n, VIRTIO_NET_HDR_LEN + (uint64_t)len);
	if (r == 0) {
		n->rx_blocked = true;
		res = NET_RX_FULL;
	} else if (r == 1) {
		rx_fill(n, frame, len);
		notify = true;
	}
out:
	pthread_mutex_unlock(&d->lock);
	if (notify)
		virtio_notify_queue(d, RXQ);
	return res;
}

static void net_queue_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_net *n = to_net(d);
	bool blocked;

	if (q == RXQ) {
		/* New receive buffers: let a paused backend retry. */
		pthread_mutex_lock(&d->lock);
		blocked = n->rx_blocked;
		n->rx_blocked = false;
		pthread_mutex_unlock(&d->lock);
		if (blocked)
			net_backend_rx_resume(n->be);
		return;
	}
	if (q != TXQ)
		return;
	if (!n->io) {
		tx_process(n);
		return;
	}
	kick(n);
}

/* DRIVER_OK: frames queued before it go out, and reception resumes. */
static void net_start(struct virtio_dev *d)
{
	struct virtio_net *n = to_net(d);

	if (n->io)
		kick(n);
	n->rx_blocked = false;
	net_backend_rx_resume(n->be);
}

/* Reset: reserved chains are stale; a paused backend may drop again. */
static void net_reset(struct virtio_dev *d)
{
	struct virtio_net *n = to_net(d);

	n->nres = 0;
	n->res_bytes = 0;
	if (n->rx_blocked) {
		n->rx_blocked = false;
		net_backend_rx_resume(n->be);
	}
}

static const struct virtio_dev_ops net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .num_queues = 2,
    .queue_size_max = VIRTIO_NET_QUEUE_SIZE,
    .config_size = CFG_SIZE,
    .features = net_features,
    .config_read = net_config_read,
    .queue_notify = net_queue_notify,
    .start = net_start,
    .reset = net_reset,
};

static void default_mac(uint8_t mac[6], unsigned int index)
{
	uint32_t nic = 0x123456 + index;

	mac[0] = 0x52;
	mac[1] = 0x54;
	mac[2] = 0x00;
	mac[3] = (uint8_t)(nic >> 16);
	mac[4] = (uint8_t)(nic >> 8);
	mac[5] = (uint8_t)nic;
}

static int net_setup_io(struct virtio_net *n, char *err, size_t errlen)
{
	n->kickfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (n->kickfd < 0) {
		snprintf(err, errlen, "virtio-net: eventfd: %s",
			 strerror(errno));
		return -1;
	}
	if (n->io &&
	    iothread_add_fd(n->io, n->kickfd, EPOLLIN, tx_io_ready, n) < 0) {
		snprintf(err, errlen, "virtio-net: iothread: %s",
			 strerror(errno));
		close(n->kickfd);
		return -1;
	}
	return 0;
}

struct virtio_net *virtio_net_create(const struct virtio_net_opts *o,
				     struct net_backend *be,
				     const struct guest_mem *mem,
				     struct iothread *io, char *err,
				     size_t errlen)
{
	struct virtio_net *n = calloc(1, sizeof(*n));

	if (!n) {
		snprintf(err, errlen, "virtio-net: out of memory");
		net_backend_destroy(be);
		return NULL;
	}
	if (o && o->has_mac)
		memcpy(n->mac, o->mac, 6);
	else
		default_mac(n->mac, o ? o->index : 0);
	n->be = be;
	n->io = io;
	pthread_mutex_init(&n->tx_lock, NULL);
	virtio_dev_init(&n->dev, &net_ops, n, mem);
	if (net_setup_io(n, err, errlen) < 0)
		goto fail;
	if (net_backend_attach(be, net_rx, n) < 0) {
		snprintf(err, errlen, "virtio-net: cannot start the %s backend",
			 be->ops->kind);
		if (io)
			iothread_del_fd(io, n->kickfd);
		close(n->kickfd);
		goto fail;
	}
	return n;
fail:
	net_backend_destroy(be);
	virtio_dev_destroy(&n->dev);
	pthread_mutex_destroy(&n->tx_lock);
	free(n);
	return NULL;
}

struct virtio_dev *virtio_net_dev(struct virtio_net *n)
{
	return &n->dev;
}

void virtio_net_destroy(struct virtio_net *n)
{
	if (!n)
		return;
	net_backend_destroy(n->be); /* no rx callback after this */
	if (n->io)
		iothread_del_fd(n->io, n->kickfd);
	close(n->kickfd);
	virtio_dev_destroy(&n->dev);
	pthread_mutex_destroy(&n->tx_lock);
	free(n);
}
