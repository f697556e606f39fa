/* SPDX-License-Identifier: MIT */
/*
 * A PCI function as the host bridge sees it: a type-0 configuration
 * header (PCI Local Bus 3.0 chapter 6, Linux 6.12 include/uapi/linux/
 * pci_regs.h), its base address registers, a capability list and its
 * INTx line. Device models (virtio_pci.c) fill the header, add BARs with
 * bus_ops for what they decode, and add capabilities; the host bridge
 * (pci_host.c) routes configuration and BAR accesses here.
 *
 * Threads: configuration and BAR accesses arrive under the MMIO bus lock;
 * pci_dev_set_intx and pci_dev_bus_master may be called from any thread.
 */
#ifndef LOONGVM_HW_PCI_PCI_DEV_H
#define LOONGVM_HW_PCI_PCI_DEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../bus.h"
#include "../irq.h"

#define PCI_CFG_SIZE 256
#define PCI_NUM_BARS 6

/* Header registers (pci_regs.h). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_REVISION_ID 0x08
#define PCI_CLASS_PROG 0x09
#define PCI_CACHE_LINE_SIZE 0x0c
#define PCI_LATENCY_TIMER 0x0d
#define PCI_HEADER_TYPE 0x0e
#define PCI_BASE_ADDRESS_0 0x10
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_ROM_ADDRESS 0x30
#define PCI_CAPABILITY_LIST 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d

#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_PARITY 0x40
#define PCI_COMMAND_SERR 0x100
#define PCI_COMMAND_INTX_DISABLE 0x400

#define PCI_STATUS_INTERRUPT 0x8
#define PCI_STATUS_CAP_LIST 0x10

#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_MSIX 0x11

/* BAR kinds, as the low bits of the register encode them. */
#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM64 0x4
#define PCI_BAR_PREFETCH 0x8

#define PCI_BAR_UNMAPPED (~0ULL)

struct pci_dev;
struct pci_host;
struct msix;

struct pci_bar {
	uint64_t size;	/* a power of two; 0: the BAR is not implemented */
	uint32_t flags; /* PCI_BAR_IO, or PCI_BAR_MEM64 | PCI_BAR_PREFETCH */
	uint64_t addr;	/* what the driver programmed (size-aligned) */
	const struct bus_ops *ops; /* offsets are relative to the BAR */
	void *opaque;
};

/*
 * Device hooks on configuration space, both optional. cfg_read may
 * replace what the generic code read; cfg_write runs after the generic
 * code stored the writable bits.
 */
struct pci_dev_ops {
	void (*cfg_read)(struct pci_dev *d, uint32_t off, unsigned int size,
			 uint32_t *val);
	void (*cfg_write)(struct pci_dev *d, uint32_t off, unsigned int size,
			  uint32_t val);
};

struct pci_dev {
	const char *name;
	const struct pci_dev_ops *ops; /* may be NULL */
	void *opaque;		       /* the device model */
	uint8_t cfg[PCI_CFG_SIZE];
	uint8_t wmask[PCI_CFG_SIZE]; /* bits the driver may write */
	struct pci_bar bar[PCI_NUM_BARS];
	uint8_t cap_end;  /* where the next capability goes */
	uint8_t last_cap; /* offset of the last one, 0: none */
	int slot;	  /* on bus 0; -1 until plugged */
	/* The INTx wire, set when the host plugs the device. */
	pthread_mutex_t intx_lock;
	const struct irq_sink *intx;
	unsigned int intx_irq;	 /* the sink's pin */
	bool intx_asserted;	 /* what the device asks for */
	bool intx_level;	 /* what the wire carries */
	uint16_t command_shadow; /* for other threads, atomically */
	/* Set by the host: MSI writes go through it. */
	struct pci_host *host;
	struct msix *msix; /* set by msix_init; sees every config write */
};

/* Fills a type-0 header: ids, class (base << 16 | sub << 8 | prog-if). */
void pci_dev_init(struct pci_dev *d, const char *name, uint16_t vendor,
		  uint16_t device, uint32_t class_code, uint8_t revision);
void pci_dev_destroy(struct pci_dev *d);
/* Power-on state: decoding off, BARs at 0, MSI-X off, INTx low. */
void pci_dev_reset(struct pci_dev *d);
void pci_dev_set_subsystem(struct pci_dev *d, uint16_t vendor, uint16_t id);
/* Uses INTA when intx is true (else no INTx pin). */
void pci_dev_set_intx_pin(struct pci_dev *d, bool intx);

/*
 * Implements BAR n with a power-of-two size (at least 16 bytes, 4 for
 * I/O). A 64-bit BAR also takes register n + 1. Returns 0 or -1.
 */
int pci_dev_add_bar(struct pci_dev *d, unsigned int n, uint64_t size,
		    uint32_t flags, const struct bus_ops *ops, void *opaque);

/*
 * Appends a capability of len bytes (id, next pointer and body) to the
 * list. Returns its offset in config space, or 0 when it does not fit.
 */
unsigned int pci_dev_add_cap(struct pci_dev *d, uint8_t id, unsigned int len);

/* Configuration accesses within the 256-byte header, 1, 2 or 4 bytes. */
uint32_t pci_cfg_read(struct pci_dev *d, uint32_t off, unsigned int size);
void pci_cfg_write(struct pci_dev *d, uint32_t off, unsigned int size,
		   uint32_t val);

/* Little-endian helpers on config space (no bounds beyond the header). */
static inline uint32_t pci_get(const struct pci_dev *d, uint32_t off,
			       unsigned int size)
{
	uint32_t v = 0;
	unsigned int i;

	for (i = 0; i < size && off + i < PCI_CFG_SIZE; i++)
		v |= (uint32_t)d->cfg[off + i] << (8 * i);
	return v;
}

static inline void pci_set(struct pci_dev *d, uint32_t off, unsigned int size,
			   uint32_t v)
{
	unsigned int i;

	for (i = 0; i < size && off + i < PCI_CFG_SIZE; i++)
		d->cfg[off + i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t pci_command(const struct pci_dev *d)
{
	return (uint16_t)pci_get(d, PCI_COMMAND, 2);
}

/* Whether the device may master the bus (DMA, MSI); any thread. */
bool pci_dev_bus_master(struct pci_dev *d);

/* The device's INTx request; the wire follows unless INTx is disabled. */
void pci_dev_set_intx(struct pci_dev *d, bool level);

/*
 * Sends an MSI message through the host bridge the device is plugged
 * into, if it may master the bus; any thread.
 */
void pci_dev_send_msi(struct pci_dev *d, uint64_t addr, uint32_t data);

#endif /* LOONGVM_HW_PCI_PCI_DEV_H */
