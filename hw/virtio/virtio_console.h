/* SPDX-License-Identifier: MIT */
/*
 * virtio-console with a single port (virtio 1.2 section 5.3, no
 * MULTIPORT): queue 0 carries host input to the guest, queue 1 the
 * guest's output, which goes to a host file descriptor. The board feeds
 * input with virtio_console_input; bytes wait in a small buffer until the
 * guest posts receive buffers.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_CONSOLE_H
#define LOONGVM_HW_VIRTIO_VIRTIO_CONSOLE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio.h"

#define VIRTIO_CONSOLE_QUEUE_SIZE 64
#define VIRTIO_CONSOLE_RX_HOLD 4096 /* input bytes held for the guest */
#define VIRTIO_CONSOLE_RXQ 0
#define VIRTIO_CONSOLE_TXQ 1

struct virtio_console {
	struct virtio_dev dev; /* hand &c->dev to a transport */
	int out_fd;	       /* < 0: output is discarded */
	/* Serialises transmit so output keeps the guest's order. */
	pthread_mutex_t tx_lock;
	/* Pending input, a ring guarded by dev.lock. */
	uint8_t rx[VIRTIO_CONSOLE_RX_HOLD];
	size_t rx_head, rx_count;
};

/* Sets up c over guest RAM mem, writing guest output to out_fd. */
int virtio_console_init(struct virtio_console *c, const struct guest_mem *mem,
			int out_fd);
void virtio_console_destroy(struct virtio_console *c);

/*
 * Host input for the guest, from any thread. Returns the bytes accepted;
 * the rest did not fit in the hold buffer and were dropped.
 */
size_t virtio_console_input(struct virtio_console *c, const void *buf,
			    size_t len);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_CONSOLE_H */
