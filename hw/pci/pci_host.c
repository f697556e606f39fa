/* SPDX-License-Identifier: MIT */
/*
 * The host bridge: ECAM decoding (PCIe 3.0 section 7.2.2: bus, device and
 * function in address bits 27-20, 19-15 and 14-12), BAR decoding in the
 * MMIO and I/O windows, INTx swizzling and MSI delivery to PCH-MSI.
 * Functions that do not exist read as all-ones, as Linux's enumeration
 * (drivers/pci/probe.c pci_bus_read_dev_vendor_id) expects.
 */
#include <string.h>

#include "pci_host.h"

void pci_host_init(struct pci_host *h, const struct pci_host_config *cfg)
{
	memset(h, 0, sizeof(*h));
	h->cfg = *cfg;
	pci_dev_init(&h->bridge, "host-bridge", PCI_HOST_VENDOR,
		     PCI_HOST_DEVICE, 0x060000, 0);
	h->bridge.slot = 0;
	h->bridge.host = h;
	h->dev[0] = &h->bridge;
}

void pci_host_destroy(struct pci_host *h)
{
	pci_dev_destroy(&h->bridge);
}

void pci_host_reset(struct pci_host *h)
{
	unsigned int s;

	for (s = 0; s < PCI_SLOTS; s++)
		if (h->dev[s])
			pci_dev_reset(h->dev[s]);
}

unsigned int pci_host_intx_irq(const struct pci_host *h, unsigned int slot,
			       unsigned int pin)
{
	return h->cfg.intx_base + (pin - 1 + slot) % 4;
}

int pci_host_plug(struct pci_host *h, struct pci_dev *d, int slot)
{
	if (slot == -1)
		for (slot = 1; slot < PCI_SLOTS && h->dev[slot]; slot++)
			;
	if (slot < 1 || slot >= PCI_SLOTS || h->dev[slot])
		return -1;
	h->dev[slot] = d;
	d->slot = slot;
	d->host = h;
	if (d->cfg[PCI_INTERRUPT_PIN]) {
		d->intx = h->cfg.intx;
		d->intx_irq = pci_host_intx_irq(h, (unsigned int)slot,
						d->cfg[PCI_INTERRUPT_PIN]);
	}
	return slot;
}

void pci_host_send_msi(struct pci_host *h, uint64_t addr, uint32_t data)
{
	if (h->cfg.msi && addr == h->cfg.msi_addr)
		pch_msi_raise(h->cfg.msi, data);
	else
		__atomic_add_fetch(&h->msi_dropped, 1, __ATOMIC_RELAXED);
}

/* The function an ECAM offset names, or NULL for one that is absent. */
static struct pci_dev *ecam_dev(struct pci_host *h, uint64_t off)
{
	unsigned int bus = (unsigned int)(off >> PCI_ECAM_BUS_SHIFT);
	unsigned int slot = (off >> PCI_ECAM_DEV_SHIFT) & 31;
	unsigned int fn = (off >> PCI_ECAM_FN_SHIFT) & 7;

	if (bus != 0 || fn != 0)
		return NULL;
	return h->dev[slot];
}

static uint64_t ecam_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	struct pci_dev *d = ecam_dev(opaque, off);
	uint32_t reg = off & 0xfff;

	(void)cpu;
	if (size == 8)
		return ecam_read(opaque, cpu, off, 4) |
		       ecam_read(opaque, cpu, off + 4, 4) << 32;
	if (!d || (reg & (size - 1)))
		return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	if (reg >= PCI_CFG_SIZE)
		return 0; /* no extended capabilities */
	return pci_cfg_read(d, reg, size);
}

static void ecam_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct pci_dev *d = ecam_dev(opaque, off);
	uint32_t reg = off & 0xfff;

	if (size == 8) {
		ecam_write(opaque, cpu, off, 4, val & 0xffffffffu);
		ecam_write(opaque, cpu, off + 4, 4, val >> 32);
		return;
	}
	if (!d || (reg & (size - 1)) || reg >= PCI_CFG_SIZE)
		return;
	pci_cfg_write(d, reg, size, (uint32_t)val);
}

const struct bus_ops pci_ecam_ops = {ecam_read, ecam_write};

/*
 * The BAR of an enabled device that decodes [addr, addr + size) in the
 * address space io or memory; *off gets the offset inside it.
 */
static struct pci_bar *decode(struct pci_host *h, bool io, uint64_t addr,
			      unsigned int size, uint64_t *off)
{
	uint16_t enable = io ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY;
	unsigned int s, i;

	for (s = 1; s < PCI_SLOTS; s++) {
		struct pci_dev *d = h->dev[s];

		if (!d || !(pci_command(d) & enable))
			continue;
		for (i = 0; i < PCI_NUM_BARS; i++) {
			struct pci_bar *b = &d->bar[i];

			if (!b->size || !(b->flags & PCI_BAR_IO) != !io)
				continue;
			if (addr >= b->addr && addr - b->addr < b->size &&
			    size <= b->size - (addr - b->addr)) {
				*off = addr - b->addr;
				return b;
			}
		}
	}
	return NULL;
}

static uint64_t window_read(struct pci_host *h, bool io, uint64_t addr,
			    unsigned int cpu, unsigned int size)
{
	uint64_t off;
	struct pci_bar *b = decode(h, io, addr, size, &off);

	if (!b || !b->ops || !b->ops->read)
		return io ? ~0ULL >> (64 - 8 * size) : 0;
	return b->ops->read(b->opaque, cpu, off, size);
}

static void window_write(struct pci_host *h, bool io, uint64_t addr,
			 unsigned int cpu, unsigned int size, uint64_t val)
{
	uint64_t off;
	struct pci_bar *b = decode(h, io, addr, size, &off);

	if (b && b->ops && b->ops->write)
		b->ops->write(b->opaque, cpu, off, size, val);
}

static uint64_t mmio_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	struct pci_host *h = opaque;

	return window_read(h, false, h->cfg.mmio_base + off, cpu, size);
}

static void mmio_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct pci_host *h = opaque;

	window_write(h, false, h->cfg.mmio_base + off, cpu, size, val);
}

const struct bus_ops pci_mmio_ops = {mmio_read, mmio_write};

static uint64_t io_read(void *opaque, unsigned int cpu, uint64_t off,
			unsigned int size)
{
	struct pci_host *h = opaque;

	return window_read(h, true, h->cfg.io_bus_base + off, cpu, size);
}

static void io_write(void *opaque, unsigned int cpu, uint64_t off,
		     unsigned int size, uint64_t val)
{
	struct pci_host *h = opaque;

	window_write(h, true, h->cfg.io_bus_base + off, cpu, size, val);
}

const struct bus_ops pci_io_ops = {io_read, io_write};
