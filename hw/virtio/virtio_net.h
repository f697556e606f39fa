/* SPDX-License-Identifier: MIT */
/*
 * virtio-net (virtio 1.2 section 5.1): an Ethernet NIC with one receive
 * and one transmit queue, connected to a network backend (hw/net/). A
 * transport exposes virtio_net_dev(); the board creates the device from
 * -device virtio-net-*,netdev=ID[,mac=..] and the matching -netdev.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_NET_H
#define LOONGVM_HW_VIRTIO_VIRTIO_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../guest_mem.h"
#include "../iothread.h"
#include "../net/net_backend.h"
#include "virtio.h"

#define VIRTIO_NET_QUEUE_SIZE 256
#define VIRTIO_NET_HDR_LEN 12 /* struct virtio_net_hdr_v1 (5.1.6) */

/* Feature bits offered (5.1.3). */
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16

struct virtio_net;

struct virtio_net_opts {
	bool has_mac;	/* use mac below */
	uint8_t mac[6]; /* else 52:54:00:12:34:56 plus index */
	unsigned int index;
};

/* Parses "52:54:00:12:34:56" into mac. Returns 0, or -1 if malformed. */
int virtio_net_parse_mac(const char *s, uint8_t mac[6]);

/*
 * Builds the device over guest RAM mem and attaches it to be, which it
 * takes over (even on failure): virtio_net_destroy destroys it. Transmit
 * runs on io; with io NULL it runs on the thread that notifies the queue
 * (tests, fuzzing). Receive runs on the backend's thread. NULL on failure
 * with the reason in err.
 */
struct virtio_net *virtio_net_create(const struct virtio_net_opts *o,
				     struct net_backend *be,
				     const struct guest_mem *mem,
				     struct iothread *io, char *err,
				     size_t errlen);
/* The device for a transport to expose. */
struct virtio_dev *virtio_net_dev(struct virtio_net *n);
/* Stops the backend and the I/O work, and frees n. NULL is fine. */
void virtio_net_destroy(struct virtio_net *n);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_NET_H */
