/* SPDX-License-Identifier: MIT */
/*
 * A generic PCIe host bridge (the DT binding pci-host-ecam-generic, Linux
 * 6.12 drivers/pci/controller/pci-host-generic.c): an ECAM configuration
 * window, one MMIO window and one I/O window through which BARs decode,
 * INTx wires into an interrupt controller and MSI writes into PCH-MSI.
 * Bus 0 only, function 0 of slots 0-31; slot 0 is the host bridge itself.
 *
 * The board registers the three windows on its MMIO bus with pci_ecam_ops,
 * pci_mmio_ops and pci_io_ops (opaque = the host), so every access arrives
 * under the bus lock.
 */
#ifndef LOONGVM_HW_PCI_PCI_HOST_H
#define LOONGVM_HW_PCI_PCI_HOST_H

#include <stdint.h>

#include "../bus.h"
#include "../irq.h"
#include "../pch_msi.h"
#include "pci_dev.h"

#define PCI_SLOTS 32
#define PCI_ECAM_BUS_SHIFT 20
#define PCI_ECAM_DEV_SHIFT 15
#define PCI_ECAM_FN_SHIFT 12

/* The host bridge's ids (the ones QEMU's generic host bridge uses). */
#define PCI_HOST_VENDOR 0x1b36
#define PCI_HOST_DEVICE 0x0008

struct pci_host_config {
	uint64_t mmio_base;   /* CPU address = bus address of the MMIO window */
	uint64_t io_bus_base; /* bus address at the I/O window's offset 0 */
	uint64_t msi_addr;    /* the doorbell MSI messages must target */
	struct pch_msi *msi;  /* NULL: MSI messages are dropped */
	const struct irq_sink *intx; /* NULL: INTx goes nowhere */
	unsigned int intx_base; /* INTA-D of slot 0 on pins intx_base + 0-3 */
};

struct pci_host {
	struct pci_host_config cfg;
	struct pci_dev bridge;
	struct pci_dev *dev[PCI_SLOTS];
	unsigned long msi_dropped; /* messages to another address */
};

void pci_host_init(struct pci_host *h, const struct pci_host_config *cfg);
void pci_host_destroy(struct pci_host *h);
/* Resets every plugged function's PCI state (pci_dev_reset). */
void pci_host_reset(struct pci_host *h);

/*
 * Plugs d into slot (1-31), or the first free slot when slot is -1, and
 * wires its INTx pin. Returns the slot, or -1 when taken or full.
 */
int pci_host_plug(struct pci_host *h, struct pci_dev *d, int slot);

/*
 * The PCH-PIC input INTx pin (1-4 = INTA-D) of slot drives: the standard
 * swizzle, which the device tree's interrupt-map describes.
 */
unsigned int pci_host_intx_irq(const struct pci_host *h, unsigned int slot,
			       unsigned int pin);

/* A device's MSI write: to the doorbell it raises data, else it drops. */
void pci_host_send_msi(struct pci_host *h, uint64_t addr, uint32_t data);

extern const struct bus_ops pci_ecam_ops;
extern const struct bus_ops pci_mmio_ops;
extern const struct bus_ops pci_io_ops;

#endif /* LOONGVM_HW_PCI_PCI_HOST_H */
