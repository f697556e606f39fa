/* SPDX-License-Identifier: MIT */
/*
 * The generic half of a PCI function: the type-0 header's writable bits,
 * BAR sizing and programming (write all-ones, read back the size mask;
 * PCI Local Bus 3.0 section 6.2.5.1), the capability list and the INTx
 * wire with the command register's Interrupt Disable bit.
 */
#include <string.h>

#include "msix.h"
#include "pci_dev.h"
#include "pci_host.h"

void pci_dev_init(struct pci_dev *d, const char *name, uint16_t vendor,
		  uint16_t device, uint32_t class_code, uint8_t revision)
{
	memset(d, 0, sizeof(*d));
	d->name = name;
	d->slot = -1;
	d->cap_end = 0x40;
	pthread_mutex_init(&d->intx_lock, NULL);
	pci_set(d, PCI_VENDOR_ID, 2, vendor);
	pci_set(d, PCI_DEVICE_ID, 2, device);
	pci_set(d, PCI_REVISION_ID, 1, revision);
	pci_set(d, PCI_CLASS_PROG, 3, class_code);
	pci_set(d, PCI_HEADER_TYPE, 1, 0);
	d->wmask[PCI_COMMAND] = PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
				PCI_COMMAND_MASTER | PCI_COMMAND_PARITY;
	d->wmask[PCI_COMMAND + 1] =
	    (PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE) >> 8;
	d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	d->wmask[PCI_LATENCY_TIMER] = 0xff;
	d->wmask[PCI_INTERRUPT_LINE] = 0xff;
}

void pci_dev_destroy(struct pci_dev *d)
{
	pthread_mutex_destroy(&d->intx_lock);
}

void pci_dev_set_subsystem(struct pci_dev *d, uint16_t vendor, uint16_t id)
{
	pci_set(d, PCI_SUBSYSTEM_VENDOR_ID, 2, vendor);
	pci_set(d, PCI_SUBSYSTEM_ID, 2, id);
}

void pci_dev_set_intx_pin(struct pci_dev *d, bool intx)
{
	d->cfg[PCI_INTERRUPT_PIN] = intx ? 1 : 0;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* The register values of BAR n (and n + 1 for a 64-bit one). */
static void bar_store(struct pci_dev *d, unsigned int n)
{
	const struct pci_bar *b = &d->bar[n];

	pci_set(d, PCI_BASE_ADDRESS_0 + 4 * n, 4, (uint32_t)b->addr | b->flags);
	if (b->flags & PCI_BAR_MEM64)
		pci_set(d, PCI_BASE_ADDRESS_0 + 4 * (n + 1), 4,
			(uint32_t)(b->addr >> 32));
}

void pci_dev_reset(struct pci_dev *d)
{
	unsigned int i;

	for (i = 0; i < PCI_NUM_BARS; i++) {
		d->bar[i].addr = 0;
		if (d->bar[i].size)
			bar_store(d, i);
	}
	pci_set(d, PCI_COMMAND, 2, 0);
	d->cfg[PCI_CACHE_LINE_SIZE] = d->cfg[PCI_LATENCY_TIMER] = 0;
	d->cfg[PCI_INTERRUPT_LINE] = 0;
	__atomic_store_n(&d->command_shadow, 0, __ATOMIC_RELEASE);
	if (d->msix)
		msix_reset(d->msix);
	pci_dev_set_intx(d, false);
}

int pci_dev_add_bar(struct pci_dev *d, unsigned int n, uint64_t size,
		    uint32_t flags, const struct bus_ops *ops, void *opaque)
{
	bool io = flags & PCI_BAR_IO, wide = flags & PCI_BAR_MEM64;

	if (n >= PCI_NUM_BARS || (wide && n + 1 >= PCI_NUM_BARS) ||
	    !is_pow2(size) || size < (io ? 4u : 16u) ||
	    (io && (flags != PCI_BAR_IO || size > 256)) ||
	    (!wide && size > (1ULL << 31)) || d->bar[n].size ||
	    (n > 0 && (d->bar[n - 1].flags & PCI_BAR_MEM64)) ||
	    (wide && d->bar[n + 1].size))
		return -1;
	d->bar[n] = (struct pci_bar){size, flags, 0, ops, opaque};
	bar_store(d, n);
	return 0;
}

unsigned int pci_dev_add_cap(struct pci_dev *d, uint8_t id, unsigned int len)
{
	unsigned int off = d->cap_end;

	if (len < 2 || off + len > PCI_CFG_SIZE)
		return 0;
	d->cfg[off] = id;
	d->cfg[off + 1] = 0;
	if (d->last_cap)
		d->cfg[d->last_cap + 1] = (uint8_t)off;
	else
		d->cfg[PCI_CAPABILITY_LIST] = (uint8_t)off;
	d->cfg[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
	d->last_cap = (uint8_t)off;
	d->cap_end = (uint8_t)((off + len + 3) & ~3u);
	if (off + len + 3 >= PCI_CFG_SIZE)
		d->cap_end = (uint8_t)(PCI_CFG_SIZE - 4);
	return off;
}

bool pci_dev_bus_master(struct pci_dev *d)
{
	return __atomic_load_n(&d->command_shadow, __ATOMIC_ACQUIRE) &
	       PCI_COMMAND_MASTER;
}

/* Drives the wire from the request and Interrupt Disable. intx_lock held. */
static void intx_update(struct pci_dev *d)
{
	uint16_t cmd = __atomic_load_n(&d->command_shadow, __ATOMIC_ACQUIRE);
	bool level = d->intx_asserted && !(cmd & PCI_COMMAND_INTX_DISABLE);

	if (level == d->intx_level)
		return;
	d->intx_level = level;
	if (d->intx)
		irq_set(d->intx, d->intx_irq, level);
}

void pci_dev_set_intx(struct pci_dev *d, bool level)
{
	pthread_mutex_lock(&d->intx_lock);
	d->intx_asserted = level;
	intx_update(d);
	pthread_mutex_unlock(&d->intx_lock);
}

void pci_dev_send_msi(struct pci_dev *d, uint64_t addr, uint32_t data)
{
	if (d->host && pci_dev_bus_master(d))
		pci_host_send_msi(d->host, addr, data);
}

/*
 * A new value for BAR register r (0-5): keep the address bits the size
 * allows, so that writing all-ones reads back the size mask.
 */
static void bar_reg_write(struct pci_dev *d, unsigned int r, uint32_t val)
{
	struct pci_bar *b = &d->bar[r];
	uint64_t mask;

	if (r > 0 && !b->size && (d->bar[r - 1].flags & PCI_BAR_MEM64)) {
		b = &d->bar[r - 1];
		mask = ~(b->size - 1) >> 32;
		b->addr = (b->addr & 0xffffffffULL) |
			  (uint64_t)(val & (uint32_t)mask) << 32;
		bar_store(d, r - 1);
		return;
	}
	if (!b->size)
		return;
	mask = ~(b->size - 1) & (b->flags & PCI_BAR_IO ? ~3ULL : ~0xfULL);
	b->addr = (b->addr & ~0xffffffffULL) | (val & (uint32_t)mask);
	bar_store(d, r);
}

static bool in_bars(uint32_t off)
{
	return off >= PCI_BASE_ADDRESS_0 && off < PCI_BASE_ADDRESS_0 + 24;
}

uint32_t pci_cfg_read(struct pci_dev *d, uint32_t off, unsigned int size)
{
	uint32_t v;

	if (off >= PCI_CFG_SIZE || size > PCI_CFG_SIZE - off)
		return 0;
	v = pci_get(d, off, size);
	if (off <= PCI_STATUS && off + size > PCI_STATUS) {
		pthread_mutex_lock(&d->intx_lock);
		if (d->intx_asserted)
			v |= (uint32_t)PCI_STATUS_INTERRUPT
			     << (8 * (PCI_STATUS - off));
		pthread_mutex_unlock(&d->intx_lock);
	}
	if (d->ops && d->ops->cfg_read)
		d->ops->cfg_read(d, off, size, &v);
	return v;
}

void pci_cfg_write(struct pci_dev *d, uint32_t off, unsigned int size,
		   uint32_t val)
{
	unsigned int i;

	if (off >= PCI_CFG_SIZE || size > PCI_CFG_SIZE - off)
		return;
	for (i = 0; i < size; i++) {
		uint8_t m = d->wmask[off + i], b = (uint8_t)(val >> (8 * i));

		d->cfg[off + i] = (uint8_t)((d->cfg[off + i] & ~m) | (b & m));
	}
	for (i = 0; i < PCI_NUM_BARS; i++) {
		uint32_t r = PCI_BASE_ADDRESS_0 + 4 * i, v = pci_get(d, r, 4);
		unsigned int j;

		if (!in_bars(off) && !in_bars(off + size - 1))
			break;
		if (off + size <= r || off >= r + 4)
			continue;
		for (j = 0; j < size; j++)
			if (off + j >= r && off + j < r + 4)
				v = (v & ~(0xffu << (8 * (off + j - r)))) |
				    ((val >> (8 * j)) & 0xff)
					<< (8 * (off + j - r));
		bar_reg_write(d, i, v);
	}
	if (off <= PCI_COMMAND + 1 && off + size > PCI_COMMAND) {
		__atomic_store_n(&d->command_shadow, pci_command(d),
				 __ATOMIC_RELEASE);
		pthread_mutex_lock(&d->intx_lock);
		intx_update(d);
		pthread_mutex_unlock(&d->intx_lock);
	}
	if (d->msix)
		msix_cfg_write(d->msix, off, size);
	if (d->ops && d->ops->cfg_write)
		d->ops->cfg_write(d, off, size, val);
}
