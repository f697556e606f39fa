/* SPDX-License-Identifier: MIT */
/*
 * The PCH-MSI doorbell at 0x2ff00000: a PCI device's MSI write of a vector
 * number raises that EIOINTC input. Linux 6.12 drivers/irqchip/
 * irq-loongson-pch-msi.c composes the message as address = the doorbell
 * (the node's reg), data = the EIOINTC vector (msi-base-vec 32 and up on
 * the virt board).
 */
#ifndef LOONGVM_HW_PCH_MSI_H
#define LOONGVM_HW_PCH_MSI_H

#include "bus.h"
#include "irq.h"

#define PCH_MSI_BASE 0x2ff00000ULL
#define PCH_MSI_SIZE 8ULL
#define PCH_MSI_VECTORS 256 /* EIOINTC inputs */

/*
 * Convention with the EIOINTC input sink (hw/eiointc.h): an MSI is a
 * message, delivered as one irq_set(out, vector, true). The EIOINTC
 * latches it in its ISR, which the guest clears; every further message
 * latches it again. No level-false call follows, since for the EIOINTC
 * that withdraws a request the guest has not yet taken.
 */
struct pch_msi {
	const struct irq_sink *out; /* NULL: not connected, writes dropped */
};

void pch_msi_init(struct pch_msi *m, const struct irq_sink *out);
/* Raises vector (0-255) as if the guest had written it to the doorbell. */
void pch_msi_raise(struct pch_msi *m, uint32_t vector);
extern const struct bus_ops pch_msi_ops;

#endif /* LOONGVM_HW_PCH_MSI_H */
