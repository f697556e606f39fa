/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio transport, version 2 (virtio 1.2 section 4.2.2): one
 * 0x200-byte register window per device on the MMIO bus, its interrupt a
 * level line (a PCH-PIC input) held high while InterruptStatus is nonzero.
 * The board describes each window in the device tree ("virtio,mmio").
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_MMIO_H
#define LOONGVM_HW_VIRTIO_VIRTIO_MMIO_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"
#include "../irq.h"
#include "virtio.h"

#define VIRTIO_MMIO_SIZE 0x200
#define VIRTIO_MMIO_MAGIC 0x74726976  /* "virt" */
#define VIRTIO_MMIO_VENDOR 0x004d564c /* "LVM" */

/* InterruptStatus bits (4.2.2). */
#define VIRTIO_MMIO_INT_VRING 1
#define VIRTIO_MMIO_INT_CONFIG 2

struct virtio_mmio {
	struct virtio_dev *dev;
	const struct irq_sink *irq;
	unsigned int pin;
	/* Guards isr and level: I/O threads raise, vCPUs acknowledge. */
	pthread_mutex_t irq_lock;
	uint32_t isr;
	bool level;
	/* Selectors; accessed only under the bus lock. */
	uint32_t dev_features_sel, drv_features_sel, queue_sel;
};

/*
 * Binds the transport to d (setting d->transport) and its interrupt to
 * pin of irq. Register the window with
 * bus_add(bus, name, base, VIRTIO_MMIO_SIZE, &virtio_mmio_ops, m).
 */
void virtio_mmio_init(struct virtio_mmio *m, struct virtio_dev *d,
		      const struct irq_sink *irq, unsigned int pin);
void virtio_mmio_destroy(struct virtio_mmio *m);
extern const struct bus_ops virtio_mmio_ops;

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_MMIO_H */
