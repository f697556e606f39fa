/* SPDX-License-Identifier: MIT */
/*
 * A virtio 1.x device, independent of its transport (virtio 1.2 sections
 * 2 and 3): the device status state machine, feature negotiation, the
 * device-specific config space and the queues. A transport (virtio-pci in
 * virtio_pci.c, virtio-mmio in virtio_mmio.c) maps guest register accesses
 * onto these calls and delivers the device's interrupts; a device type
 * (virtio_blk.c, virtio_net.c, ...) supplies struct virtio_dev_ops.
 *
 * Threads: transport register accesses arrive on vCPU threads; a device
 * may process queues on its own I/O thread. dev->lock guards the status,
 * the features and every virtqueue field. Devices never block on I/O with
 * the lock held, and call virtio_notify_queue after dropping it.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_H
#define LOONGVM_HW_VIRTIO_VIRTIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../guest_mem.h"
#include "virtqueue.h"

#define VIRTIO_MAX_QUEUES 8

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 0x40
#define VIRTIO_STATUS_FAILED 0x80

/* Transport-independent feature bits (6). */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33

/* Device ids (5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4

struct virtio_dev;

struct virtio_dev_ops {
	const char *name; /* "virtio-blk", for messages */
	uint32_t device_id;
	uint16_t num_queues;
	uint16_t queue_size_max; /* a power of two, at most VQ_MAX_SIZE */
	uint32_t config_size;	 /* bytes of device-specific config */
	/*
	 * Device feature bits; virtio.c adds VERSION_1, INDIRECT_DESC and
	 * RING_EVENT_IDX, which the queue code implements for every device.
	 */
	uint64_t (*features)(struct virtio_dev *d);
	/* off + len <= config_size, checked by the transport. Lock held. */
	void (*config_read)(struct virtio_dev *d, uint32_t off, void *buf,
			    uint32_t len);
	void (*config_write)(struct virtio_dev *d, uint32_t off,
			     const void *buf, uint32_t len); /* may be NULL */
	/*
	 * The driver notified queue q. Called without the lock, on the thread
	 * that saw the notify; a device that blocks hands the work to its
	 * I/O thread.
	 */
	void (*queue_notify)(struct virtio_dev *d, unsigned int q);
	/* DRIVER_OK was set: queues are configured. Lock held. May be NULL. */
	void (*start)(struct virtio_dev *d);
	/* The driver reset the device. Lock held. May be NULL. */
	void (*reset)(struct virtio_dev *d);
};

/* How a device's interrupts reach the guest; set up by the transport. */
struct virtio_transport {
	/* Used buffers on queue q (MSI-X vector or INTx with ISR bit 0). */
	void (*notify_queue)(struct virtio_dev *d, unsigned int q);
	/* The config space changed, or NEEDS_RESET was set (ISR bit 1). */
	void (*notify_config)(struct virtio_dev *d);
	void *opaque;
};

struct virtio_dev {
	const struct virtio_dev_ops *ops;
	void *priv; /* the device type's state */
	const struct guest_mem *mem;
	struct virtio_transport transport;
	pthread_mutex_t lock;
	uint8_t status;
	bool broken; /* a violation: NEEDS_RESET set, queues dead until reset */
	uint64_t host_features, driver_features;
	bool driver_features_high; /* accepted a bit above 63: never offered */
	uint32_t config_generation;
	struct virtqueue vq[VIRTIO_MAX_QUEUES];
};

/* Sets up d for ops over mem; priv is the device type's state. */
void virtio_dev_init(struct virtio_dev *d, const struct virtio_dev_ops *ops,
		     void *priv, const struct guest_mem *mem);
void virtio_dev_destroy(struct virtio_dev *d);

/*
 * The driver wrote the status register (lock held). Enforces 3.1.1's
 * order (rule 7): ACKNOWLEDGE, DRIVER, FEATURES_OK (refused unless the
 * accepted features are a subset of the offered ones and include
 * VERSION_1), DRIVER_OK; no bit may be cleared except by writing 0, which
 * resets the device. An out-of-order write marks the device broken.
 */
void virtio_set_status(struct virtio_dev *d, uint8_t status);

/* The driver wrote 32 bits of its features at sel (0 or 1). Lock held. */
void virtio_set_driver_features(struct virtio_dev *d, unsigned int sel,
				uint32_t val);

/* Marks the device broken: NEEDS_RESET and a config interrupt. Lock held. */
void virtio_set_broken(struct virtio_dev *d, const char *why);

/* Whether the driver accepted feature bit f. */
static inline bool virtio_has_feature(const struct virtio_dev *d,
				      unsigned int f)
{
	return (d->driver_features >> f) & 1;
}

/* Whether the queue can carry requests: DRIVER_OK, ready, not broken. */
bool virtio_queue_live(struct virtio_dev *d, unsigned int q);

/*
 * Tells the driver about pushed buffers on queue q when vq_should_notify
 * says so. Call without the lock.
 */
void virtio_notify_queue(struct virtio_dev *d, unsigned int q);

/* Called by the transport when the driver notifies queue q. */
void virtio_queue_kick(struct virtio_dev *d, unsigned int q);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_H */
