/* SPDX-License-Identifier: MIT */
/*
 * The virtio-pci modern transport (virtio 1.2 section 4.1): a virtio
 * device as a non-transitional PCI function, vendor 0x1af4, device
 * 0x1040 + the virtio device id, revision 1. Its registers sit in one
 * 64-bit memory BAR that vendor capabilities describe; its interrupts are
 * MSI-X (a config vector and one per queue) or, while MSI-X is off, INTx
 * with the ISR status register.
 *
 * BAR 4 (16 KiB, 64-bit, prefetchable): common config at 0x0000, ISR at
 * 0x1000, device config at 0x2000, notifications at 0x3000 (queue q at
 * 0x3000 + 4 * q: queue_notify_off = q, notify_off_multiplier = 4).
 * BAR 1 (4 KiB): the MSI-X table at 0 and the PBA at 0x800.
 */
#ifndef LOONGVM_HW_VIRTIO_VIRTIO_PCI_H
#define LOONGVM_HW_VIRTIO_VIRTIO_PCI_H

#include <pthread.h>
#include <stdint.h>

#include "../pci/msix.h"
#include "../pci/pci_dev.h"
#include "virtio.h"

#define VIRTIO_PCI_VENDOR 0x1af4
#define VIRTIO_PCI_DEVICE_BASE 0x1040

/* virtio_pci_cap.cfg_type (4.1.4). */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5

#define VIRTIO_PCI_BAR 4
#define VIRTIO_PCI_BAR_SIZE 0x4000
#define VIRTIO_PCI_COMMON_OFF 0x0000
#define VIRTIO_PCI_COMMON_LEN 0x38
#define VIRTIO_PCI_ISR_OFF 0x1000
#define VIRTIO_PCI_DEVICE_OFF 0x2000
#define VIRTIO_PCI_DEVICE_MAX 0x1000
#define VIRTIO_PCI_NOTIFY_OFF 0x3000
#define VIRTIO_PCI_NOTIFY_MULT 4
#define VIRTIO_PCI_MSIX_BAR 1
#define VIRTIO_PCI_MSIX_BAR_SIZE 0x1000
#define VIRTIO_PCI_MSIX_PBA_OFF 0x800

struct virtio_pci {
	struct pci_dev pci;
	struct msix msix;
	struct virtio_dev *vdev;
	/* Guards the ISR and the vector shadows: I/O threads notify. */
	pthread_mutex_t irq_lock;
	uint8_t isr;
	uint16_t config_vector;
	uint16_t queue_vector[VIRTIO_MAX_QUEUES];
	/* Selectors; accessed only under the bus lock. */
	uint32_t dev_features_sel, drv_features_sel;
	uint16_t queue_sel;
	unsigned int pci_cfg_cap; /* config offset of the PCI_CFG capability */
};

/*
 * Builds the PCI function for vdev and binds the transport (setting
 * vdev->transport). Plug vp->pci into a host with pci_host_plug.
 * Returns 0, or -1 when the device does not fit (too many queues, a
 * config space over 4 KiB).
 */
int virtio_pci_init(struct virtio_pci *vp, struct virtio_dev *vdev);
void virtio_pci_destroy(struct virtio_pci *vp);

/* A board reset: the virtio device, the transport and the PCI function. */
void virtio_pci_reset(struct virtio_pci *vp);

#endif /* LOONGVM_HW_VIRTIO_VIRTIO_PCI_H */
