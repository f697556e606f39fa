/* SPDX-License-Identifier: MIT */
/*
 * The virt board's I/O devices: the PCIe host bridge (always present, as
 * on QEMU's virt board) and the virtio devices the command line asked for
 * (devices.h), each behind virtio-pci or virtio-mmio, with the I/O thread
 * that block and network requests run on.
 */
#ifndef LOONGVM_MACHINE_VIRT_IO_H
#define LOONGVM_MACHINE_VIRT_IO_H

#include <stddef.h>

#include "../hw/bus.h"
#include "../hw/guest_mem.h"
#include "../hw/irq.h"
#include "../hw/pch_msi.h"
#include "../hw/pci/pci_host.h"
#include "devices.h"
#include "fdt.h"
#include "load_util.h"

struct virtio_pci;
struct virtio_mmio;
struct iothread;

struct virt_io_dev {
	enum vdev_kind kind;
	void *model; /* struct virtio_rng / _console / _blk / _net */
	struct virtio_dev *vdev;
	struct virtio_pci *pci; /* one of these two */
	struct virtio_mmio *mmio;
};

struct virt_io {
	struct pci_host host;
	struct guest_mem mem;
	int vm_fd;
	struct iothread *io;
	struct virt_fdt_platform plat; /* what the device tree describes */
	struct virt_io_dev dev[DEVICES_MAX];
	unsigned int ndev;
};

struct virt_io_wiring {
	struct bus *mmio;	    /* where the windows are registered */
	struct pch_msi *msi;	    /* MSI target of PCI devices */
	const struct irq_sink *pic; /* PCH-PIC inputs: INTx, virtio-mmio */
	const struct ram_region *ram;
	size_t nram;
	int vm_fd; /* for KVM_LOONGVM_GUEST_WRITTEN */
};

/*
 * Builds the PCIe host and the devices of devs, registers them on
 * w->mmio and the device tree description (virt_fdt_set_platform).
 * Returns 0, or -1 with a message in err (an unreadable image, a TAP
 * device that cannot be opened); virt_io_destroy is due either way.
 */
int virt_io_setup(struct virt_io *x, const struct virt_devices *devs,
		  const struct virt_io_wiring *w, char *err, size_t errlen);

/* A board reset: PCI functions back to power-on, virtio devices reset. */
void virt_io_reset(struct virt_io *x);

/* Stops the devices' I/O and frees them. */
void virt_io_destroy(struct virt_io *x);

#endif /* LOONGVM_MACHINE_VIRT_IO_H */
