// SPDX-License-Identifier: MIT
/*
 * virtio-console, single port (virtio 1.2 section 5.3; the driver is
 * Linux 6.12 drivers/char/virtio_console.c, an hvc console when
 * MULTIPORT is absent). Output is written to the host fd without the
 * device lock held; input waits in a hold ring until receive buffers
 * arrive.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "virtio_console.h"

/* Config layout (5.3.4): cols, rows, max_nr_ports, emerg_wr; all unused. */
#define CONSOLE_CONFIG_SIZE 12

static struct virtio_console *to_console(struct virtio_dev *d)
{
	return d->priv;
}

/* Moves held input into one receive chain; returns bytes moved. */
static size_t rx_fill(struct virtio_console *c, const struct vq_req *req)
{
	size_t done = 0, n, room = req->in_len;

	while (c->rx_count && done < room) {
		n = VIRTIO_CONSOLE_RX_HOLD - c->rx_head;
		if (n > c->rx_count)
			n = c->rx_count;
		if (n > room - done)
			n = room - done;
		vq_copy_to_in(req, done, c->rx + c->rx_head, n);
		done += n;
		c->rx_head = (c->rx_head + n) % VIRTIO_CONSOLE_RX_HOLD;
		c->rx_count -= n;
	}
	return done;
}

/* Delivers held input while receive buffers last. dev.lock held. */
static void rx_flush(struct virtio_console *c)
{
	struct virtio_dev *d = &c->dev;
	struct virtqueue *vq = &d->vq[VIRTIO_CONSOLE_RXQ];
	struct vq_req req;
	unsigned int n;

	if (!virtio_queue_live(d, VIRTIO_CONSOLE_RXQ))
		return;
	for (n = 0; n < VQ_BUDGET && c->rx_count; n++) {
		if (vq_pop(vq, &req) != 1)
			return;
		/* 5.3.6.1: receive buffers are device-writable only. */
		if (req.nout) {
			virtio_set_broken(d, "receive buffer is readable");
			return;
		}
		vq_push(vq, &req, (uint32_t)rx_fill(c, &req));
	}
}

size_t virtio_console_input(struct virtio_console *c, const void *buf,
			    size_t len)
{
	size_t room, tail, n, i;

	pthread_mutex_lock(&c->dev.lock);
	room = VIRTIO_CONSOLE_RX_HOLD - c->rx_count;
	n = len < room ? len : room;
	for (i = 0; i < n; i++) {
		tail = (c->rx_head + c->rx_count) % VIRTIO_CONSOLE_RX_HOLD;
		c->rx[tail] = ((const uint8_t *)buf)[i];
		c->rx_count++;
	}
	rx_flush(c);
	pthread_mutex_unlock(&c->dev.lock);
	virtio_notify_queue(&c->dev, VIRTIO_CONSOLE_RXQ);
	return n;
}

/* Writes one buffer to the host; a failing fd drops the rest. */
static void tx_write(int fd, const uint8_t *p, size_t len)
{
	ssize_t n;

	while (fd >= 0 && len) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* Pops one transmit chain; 1 with req, 0 when done. */
static int tx_pop(struct virtio_dev *d, struct vq_req *req)
{
	int r = 0;

	pthread_mutex_lock(&d->lock);
	if (virtio_queue_live(d, VIRTIO_CONSOLE_TXQ))
		r = vq_pop(&d->vq[VIRTIO_CONSOLE_TXQ], req);
	/* 5.3.6.1: transmit buffers are device-readable only. */
	if (r == 1 && req->nin) {
		virtio_set_broken(d, "transmit buffer is writable");
		r = 0;
	}
	pthread_mutex_unlock(&d->lock);
	return r == 1;
}

static void tx_process(struct virtio_console *c)
{
	struct virtio_dev *d = &c->dev;
	struct vq_req req;
	unsigned int n, i;

	pthread_mutex_lock(&c->tx_lock);
	for (n = 0; n < VQ_BUDGET && tx_pop(d, &req); n++) {
		for (i = 0; i < req.nout; i++)
			tx_write(c->out_fd, req.iov[i].iov_base,
				 req.iov[i].iov_len);
		/* A reset meanwhile makes this push a no-op (gen). */
		pthread_mutex_lock(&d->lock);
		vq_push(&d->vq[VIRTIO_CONSOLE_TXQ], &req, 0);
		pthread_mutex_unlock(&d->lock);
	}
	pthread_mutex_unlock(&c->tx_lock);
	virtio_notify_queue(d, VIRTIO_CONSOLE_TXQ);
}

static void console_queue_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_console *c = to_console(d);

	if (q == VIRTIO_CONSOLE_TXQ) {
		tx_process(c);
		return;
	}
	pthread_mutex_lock(&d->lock);
	rx_flush(c);
	pthread_mutex_unlock(&d->lock);
	virtio_notify_queue(d, VIRTIO_CONSOLE_RXQ);
}

static void console_config_read(struct virtio_dev *d, uint32_t off, void *buf,
				uint32_t len)
{
	(void)d;
	(void)off;
	memset(buf, 0, len); /* no SIZE, MULTIPORT or EMERG_WRITE */
}

static const struct virtio_dev_ops console_ops = {
    .name = "virtio-console",
    .device_id = VIRTIO_ID_CONSOLE,
    .num_queues = 2,
    .queue_size_max = VIRTIO_CONSOLE_QUEUE_SIZE,
    .config_size = CONSOLE_CONFIG_SIZE,
    .config_read = console_config_read,
    .queue_notify = console_queue_notify,
};

int virtio_console_init(struct virtio_console *c, const struct guest_mem *mem,
			int out_fd)
{
	memset(c, 0, sizeof(*c));
	c->out_fd = out_fd;
	pthread_mutex_init(&c->tx_lock, NULL);
	virtio_dev_init(&c->dev, &console_ops, c, mem);
	return 0;
}

void virtio_console_destroy(struct virtio_console *c)
{
	virtio_dev_destroy(&c->dev);
	pthread_mutex_destroy(&c->tx_lock);
}
