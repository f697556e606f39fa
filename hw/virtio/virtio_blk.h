/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (virtio 1.2 section 5.2): a disk over a raw image file, with
 * one request queue served on an I/O thread. A transport (virtio-pci,
 * virtio-mmio) exposes virtio_blk_dev(); the board creates the device
 * from a -drive option.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_BLK_H
#define LOONGVM_HW_VIRTIO_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>

#include "../guest_mem.h"
#include "../iothread.h"
#include "virtio.h"

#define VIRTIO_BLK_ID_BYTES 20 /* GET_ID's serial string (5.2.6) */

struct virtio_blk;

struct virtio_blk_config_opts {
	const char *path;   /* the raw image: a regular file or block device */
	bool readonly;	    /* open read-only and offer VIRTIO_BLK_F_RO */
	const char *serial; /* GET_ID string, at most 20 bytes; NULL: empty */
};

/*
 * Opens the image and builds the device. Requests run on io; with io NULL
 * they run on the thread that notifies the queue (for tests and fuzzing).
 * NULL on failure with the reason in err (a missing file, a directory, an
 * image another VMM holds, a serial over 20 bytes).
 */
struct virtio_blk *virtio_blk_create(const struct virtio_blk_config_opts *o,
				     const struct guest_mem *mem,
				     struct iothread *io, char *err,
				     size_t errlen);
/* The device for a transport to expose. */
struct virtio_dev *virtio_blk_dev(struct virtio_blk *b);
/* Stops request processing, closes the image and frees b. NULL is fine. */
void virtio_blk_destroy(struct virtio_blk *b);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_BLK_H */
