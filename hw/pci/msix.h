/* SPDX-License-Identifier: MIT */
/*
 * MSI-X for a PCI function (PCI Local Bus 3.0 section 6.8.2): the
 * capability in config space, and the vector table and pending-bit array
 * that a memory BAR exposes. A vector fires as a memory write of its
 * message data to its message address, unless the function or the vector
 * is masked, in which case its pending bit is set and the message goes out
 * when it is unmasked.
 *
 * Threads: msix_notify may come from any thread (an I/O thread completing
 * a request); table, PBA and config accesses come under the MMIO bus lock.
 * m->lock serialises them.
 */
#ifndef LOONGVM_HW_PCI_MSIX_H
#define LOONGVM_HW_PCI_MSIX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"
#include "pci_dev.h"

#define MSIX_MAX_VECTORS 64
#define MSIX_ENTRY_SIZE 16
#define MSIX_CAP_LEN 12

/* Message Control bits (the 16-bit register at cap + 2). */
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000
#define MSIX_ENTRY_MASKED 0x1 /* Vector Control bit 0 */

struct msix {
	struct pci_dev *dev;
	pthread_mutex_t lock;
	unsigned int nvec;
	unsigned int cap;	     /* config-space offset of the capability */
	uint32_t table_off, pba_off; /* inside the BAR */
	bool enabled, masked;	     /* mirrors of Message Control */
	uint32_t table[MSIX_MAX_VECTORS][4]; /* addr lo, addr hi, data, ctrl */
	uint64_t pba;			     /* one bit per vector */
	unsigned long sent;		     /* messages delivered, for tests */
};

/*
 * Adds the capability to dev with nvec vectors (1 to MSIX_MAX_VECTORS);
 * the table at table_off and the PBA at pba_off of BAR bar, which the
 * caller implements with msix_ops (offsets relative to the BAR) or
 * forwards to msix_bar_read/msix_bar_write. Every vector starts masked.
 * Returns 0 or -1; msix_destroy is due either way.
 */
int msix_init(struct msix *m, struct pci_dev *dev, unsigned int nvec,
	      unsigned int bar, uint32_t table_off, uint32_t pba_off);
void msix_destroy(struct msix *m);
/* Power-on state: disabled, every vector masked, nothing pending. */
void msix_reset(struct msix *m);

/* pci_cfg_write calls this after every config write. */
void msix_cfg_write(struct msix *m, uint32_t off, unsigned int size);

/* Whether MSI-X is enabled (the device then must not use INTx). */
bool msix_enabled(struct msix *m);

/*
 * Fires vector vec: sends its message, or sets its pending bit while it
 * is masked. Ignored when MSI-X is disabled or vec is out of range.
 */
void msix_notify(struct msix *m, unsigned int vec);

/* Accesses to the table and PBA; off relative to the BAR. */
uint64_t msix_bar_read(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size);
void msix_bar_write(void *opaque, unsigned int cpu, uint64_t off,
		    unsigned int size, uint64_t val);
extern const struct bus_ops msix_ops;

#endif /* LOONGVM_HW_PCI_MSIX_H */
