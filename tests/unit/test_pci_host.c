/* SPDX-License-Identifier: MIT */
/*
 * The PCI host bridge and the generic PCI function through bus accesses,
 * as Linux's enumeration does them: ECAM reads of present and absent
 * functions, BAR sizing and decoding in the MMIO and I/O windows, the
 * capability list, MSI-X masking and delivery into PCH-MSI, and INTx.
 */
#include <stdint.h>

#include "../../hw/pch_msi.h"
#include "../../hw/pci/msix.h"
#include "../../hw/pci/pci_host.h"
#include "hw_util.h"

#define ECAM 0x20000000ULL
#define MMIO 0x40000000ULL
#define IO 0x18004000ULL
#define IO_BUS 0x4000ULL
#define SLOT 3

#define CFG(slot, reg) (ECAM + ((uint64_t)(slot) << 15) + (reg))

/* A device model that records its BAR accesses. */
struct fake {
	uint64_t last_off, last_val;
	unsigned int reads, writes;
};

static uint64_t fake_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	struct fake *f = opaque;

	(void)cpu;
	(void)size;
	f->reads++;
	f->last_off = off;
	return 0xab00 + off;
}

static void fake_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct fake *f = opaque;

	(void)cpu;
	(void)size;
	f->writes++;
	f->last_off = off;
	f->last_val = val;
}

static const struct bus_ops fake_ops = {fake_read, fake_write};

struct rig {
	struct bus bus;
	struct rec msi_rec, intx_rec;
	struct irq_sink msi_sink, intx_sink;
	struct pch_msi msi;
	struct pci_host host;
	struct pci_dev dev;
	struct msix msix;
	struct fake mem32, mem64, io;
};

static void rig_init(struct rig *r)
{
	struct pci_host_config c = {
	    .mmio_base = MMIO,
	    .io_bus_base = IO_BUS,
	    .msi_addr = PCH_MSI_BASE,
	    .msi = &r->msi,
	    .intx = &r->intx_sink,
	    .intx_base = 16,
	};

	memset(r, 0, sizeof(*r));
	bus_init(&r->bus);
	r->msi_sink = rec_sink(&r->msi_rec);
	r->intx_sink = rec_sink(&r->intx_rec);
	pch_msi_init(&r->msi, &r->msi_sink);
	pci_host_init(&r->host, &c);
	pci_dev_init(&r->dev, "fake", 0x1234, 0x5678, 0x028000, 7);
	pci_dev_set_intx_pin(&r->dev, true);
	EXPECT(pci_dev_add_bar(&r->dev, 0, 0x1000, 0, &fake_ops, &r->mem32) ==
	       0);
	EXPECT(pci_dev_add_bar(&r->dev, 2, 0x4000,
			       PCI_BAR_MEM64 | PCI_BAR_PREFETCH, &fake_ops,
			       &r->mem64) == 0);
	EXPECT(pci_dev_add_bar(&r->dev, 4, 32, PCI_BAR_IO, &fake_ops, &r->io) ==
	       0);
	/* Taken, out of range, not a power of two, 64-bit at the end. */
	EXPECT(pci_dev_add_bar(&r->dev, 3, 0x1000, 0, &fake_ops, NULL) < 0);
	EXPECT(pci_dev_add_bar(&r->dev, 6, 0x1000, 0, &fake_ops, NULL) < 0);
	EXPECT(pci_dev_add_bar(&r->dev, 5, 0x1800, 0, &fake_ops, NULL) < 0);
	EXPECT(pci_dev_add_bar(&r->dev, 5, 0x1000, PCI_BAR_MEM64, &fake_ops,
			       NULL) < 0);
	EXPECT(pci_dev_add_cap(&r->dev, PCI_CAP_ID_VNDR, 8) == 0x40);
	/* MSI-X: 4 vectors in BAR 5, the table at 0x0, the PBA at 0x800. */
	EXPECT(msix_init(&r->msix, &r->dev, 4, 5, 0, 0x800) == 0);
	EXPECT(pci_dev_add_bar(&r->dev, 5, 0x1000, 0, &msix_ops, &r->msix) ==
	       0);
	EXPECT(pci_host_plug(&r->host, &r->dev, SLOT) == SLOT);
	EXPECT(bus_add(&r->bus, "ecam", ECAM, 0x08000000, &pci_ecam_ops,
		       &r->host) == 0);
	EXPECT(bus_add(&r->bus, "mmio", MMIO, 0x40000000, &pci_mmio_ops,
		       &r->host) == 0);
	EXPECT(bus_add(&r->bus, "io", IO, 0xc000, &pci_io_ops, &r->host) == 0);
}

static void rig_destroy(struct rig *r)
{
	msix_destroy(&r->msix);
	pci_dev_destroy(&r->dev);
	pci_host_destroy(&r->host);
	bus_destroy(&r->bus);
}

static void test_enumeration(void)
{
	struct rig r;
	struct pci_dev other;

	rig_init(&r);
	EXPECT(rd(&r.bus, CFG(0, 0), 4) == 0x00081b36);
	EXPECT(rd(&r.bus, CFG(0, 8), 4) >> 8 == 0x060000);
	EXPECT(rd(&r.bus, CFG(0, PCI_HEADER_TYPE), 1) == 0);
	EXPECT(rd(&r.bus, CFG(SLOT, 0), 2) == 0x1234);
	EXPECT(rd(&r.bus, CFG(SLOT, 2), 2) == 0x5678);
	EXPECT(rd(&r.bus, CFG(SLOT, 0), 4) == 0x56781234);
	EXPECT(rd(&r.bus, CFG(SLOT, 8), 4) == 0x02800007);
	EXPECT(rd(&r.bus, CFG(SLOT, 0), 8) == 0x0010000056781234ULL);
	/* Absent slots, functions and buses read as all-ones. */
	EXPECT(rd(&r.bus, CFG(5, 0), 4) == 0xffffffff);
	EXPECT(rd(&r.bus, CFG(5, 0), 2) == 0xffff);
	EXPECT(rd(&r.bus, CFG(5, 0), 1) == 0xff);
	EXPECT(rd(&r.bus, CFG(SLOT, 0) + (1 << 12), 4) == 0xffffffff);
	EXPECT(rd(&r.bus, ECAM + (1ULL << 20), 4) == 0xffffffff);
	/* Misaligned: all-ones; extended space: zero; writes ignored. */
	EXPECT(rd(&r.bus, CFG(SLOT, 1), 2) == 0xffff);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x100), 4) == 0);
	wr(&r.bus, CFG(SLOT, 0), 4, 0);
	EXPECT(rd(&r.bus, CFG(SLOT, 0), 4) == 0x56781234);
	wr(&r.bus, CFG(9, 4), 2, 0xffff);
	/* Plugging: a taken slot, slot 0, then the first free one. */
	pci_dev_init(&other, "other", 1, 2, 0, 0);
	EXPECT(pci_host_plug(&r.host, &other, SLOT) < 0);
	EXPECT(pci_host_plug(&r.host, &other, 0) < 0);
	EXPECT(pci_host_plug(&r.host, &other, -1) == 1);
	EXPECT(rd(&r.bus, CFG(1, 0), 4) == 0x00020001);
	pci_dev_destroy(&other);
	rig_destroy(&r);
}

static void test_bar_sizing(void)
{
	struct rig r;
	unsigned int i;

	rig_init(&r);
	for (i = 0; i < 6; i++)
		wr(&r.bus, CFG(SLOT, 0x10 + 4 * i), 4, 0xffffffff);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x10), 4) == 0xfffff000);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x14), 4) == 0); /* not implemented */
	EXPECT(rd(&r.bus, CFG(SLOT, 0x18), 4) == 0xffffc00c);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x1c), 4) == 0xffffffff);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x20), 4) == 0xffffffe1);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x24), 4) == 0xfffff000);
	/* No ROM BAR: it reads 0 whatever is written. */
	wr(&r.bus, CFG(SLOT, PCI_ROM_ADDRESS), 4, 0xfffff800);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_ROM_ADDRESS), 4) == 0);
	/* Programming keeps only the aligned address bits. */
	wr(&r.bus, CFG(SLOT, 0x10), 4, 0x40001234);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x10), 4) == 0x40001000);
	wr(&r.bus, CFG(SLOT, 0x18), 4, 0x40010000);
	wr(&r.bus, CFG(SLOT, 0x1c), 4, 0);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x18), 4) == 0x4001000c);
	EXPECT(r.dev.bar[2].addr == 0x40010000);
	/* Byte writes into a BAR merge with the rest of the register. */
	wr(&r.bus, CFG(SLOT, 0x13), 1, 0x50);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x10), 4) == 0x50001000);
	wr(&r.bus, CFG(SLOT, 0x13), 1, 0x40);
	wr(&r.bus, CFG(SLOT, 0x20), 4, 0x4020);
	rig_destroy(&r);
}

static void test_decode(void)
{
	struct rig r;

	rig_init(&r);
	wr(&r.bus, CFG(SLOT, 0x10), 4, 0x40001000);
	wr(&r.bus, CFG(SLOT, 0x18), 4, 0x40010000);
	wr(&r.bus, CFG(SLOT, 0x1c), 4, 0);
	wr(&r.bus, CFG(SLOT, 0x20), 4, 0x4020);
	/* Memory decode off: nothing reaches the device. */
	EXPECT(rd(&r.bus, 0x40001010, 4) == 0);
	EXPECT(r.mem32.reads == 0);
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2, PCI_COMMAND_MEMORY);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_COMMAND), 2) == PCI_COMMAND_MEMORY);
	EXPECT(rd(&r.bus, 0x40001010, 4) == 0xab10);
	EXPECT(r.mem32.reads == 1 && r.mem32.last_off == 0x10);
	wr(&r.bus, 0x40013ff8, 8, 0x1122334455667788ULL);
	EXPECT(r.mem64.writes == 1 && r.mem64.last_off == 0x3ff8 &&
	       r.mem64.last_val == 0x1122334455667788ULL);
	/* Straddling the BAR's end, or past it: no device. */
	EXPECT(rd(&r.bus, 0x40013ffc, 8) == 0);
	EXPECT(rd(&r.bus, 0x40014000, 4) == 0);
	EXPECT(r.mem64.reads == 0);
	/* I/O decode is separate; bus 0x4020 is CPU IO + 0x20. */
	EXPECT(rd(&r.bus, IO + 0x24, 1) == 0xff);
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2,
	   PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
	EXPECT(rd(&r.bus, IO + 0x24, 1) == 0xab04);
	/* Moving the BAR moves the decode. */
	wr(&r.bus, CFG(SLOT, 0x10), 4, 0x40200000);
	EXPECT(rd(&r.bus, 0x40001010, 4) == 0);
	EXPECT(rd(&r.bus, 0x40200008, 4) == 0xab08);
	/* A 64-bit BAR above the window is not reachable through it. */
	wr(&r.bus, CFG(SLOT, 0x1c), 4, 1);
	EXPECT(r.dev.bar[2].addr == 0x140010000ULL);
	EXPECT(rd(&r.bus, 0x40010000, 4) == 0);
	rig_destroy(&r);
}

static void test_capabilities(void)
{
	struct rig r;
	unsigned int p, ids[8], n = 0;

	rig_init(&r);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_STATUS), 2) & PCI_STATUS_CAP_LIST);
	for (p = (unsigned int)rd(&r.bus, CFG(SLOT, PCI_CAPABILITY_LIST), 1);
	     p && n < 8; p = (unsigned int)rd(&r.bus, CFG(SLOT, p + 1), 1)) {
		EXPECT(p >= 0x40 && !(p & 3));
		ids[n++] = (unsigned int)rd(&r.bus, CFG(SLOT, p), 1);
	}
	EXPECT(n == 2);
	EXPECT(ids[0] == PCI_CAP_ID_VNDR && ids[1] == PCI_CAP_ID_MSIX);
	/* MSI-X: table size 4 - 1, table and PBA in BAR 0. */
	EXPECT(rd(&r.bus, CFG(SLOT, 0x48 + 2), 2) == 3);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x48 + 4), 4) == 5);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x48 + 8), 4) == 0x805);
	/* The capability list pointer and ids are read-only. */
	wr(&r.bus, CFG(SLOT, PCI_CAPABILITY_LIST), 1, 0x80);
	wr(&r.bus, CFG(SLOT, 0x48), 4, 0);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_CAPABILITY_LIST), 1) == 0x40);
	EXPECT(rd(&r.bus, CFG(SLOT, 0x48), 1) == PCI_CAP_ID_MSIX);
	/* The bridge has no capabilities. */
	EXPECT(!(rd(&r.bus, CFG(0, PCI_STATUS), 2) & PCI_STATUS_CAP_LIST));
	rig_destroy(&r);
}

#define TABLE 0x40002000ULL
#define PBA 0x40002800ULL

static void msix_entry(struct rig *r, unsigned int v, uint64_t addr,
		       uint32_t data, uint32_t ctrl)
{
	wr(&r->bus, TABLE + 16 * v, 4, (uint32_t)addr);
	wr(&r->bus, TABLE + 16 * v + 4, 4, addr >> 32);
	wr(&r->bus, TABLE + 16 * v + 8, 4, data);
	wr(&r->bus, TABLE + 16 * v + 12, 4, ctrl);
}

static void test_msix(void)
{
	struct rig r;

	rig_init(&r);
	wr(&r.bus, CFG(SLOT, 0x24), 4, TABLE);
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2, PCI_COMMAND_MEMORY);
	/* Vectors start masked. */
	EXPECT(rd(&r.bus, TABLE + 12, 4) == 1);
	msix_entry(&r, 0, PCH_MSI_BASE, 40, 0);
	msix_entry(&r, 1, PCH_MSI_BASE, 41, 1);
	msix_entry(&r, 2, 0xfee00000, 42, 0);
	EXPECT(rd(&r.bus, TABLE + 8, 4) == 40);
	EXPECT(rd(&r.bus, TABLE, 8) == PCH_MSI_BASE);
	/* Disabled: notifications do nothing, not even pending bits. */
	msix_notify(&r.msix, 0);
	EXPECT(r.msi_rec.calls == 0 && rd(&r.bus, PBA, 4) == 0);
	EXPECT(!msix_enabled(&r.msix));
	wr(&r.bus, CFG(SLOT, 0x4a), 2, MSIX_CTRL_ENABLE);
	EXPECT(msix_enabled(&r.msix));
	EXPECT(rd(&r.bus, CFG(SLOT, 0x4a), 2) == (MSIX_CTRL_ENABLE | 3));
	/* No bus mastering: the write cannot go out. */
	msix_notify(&r.msix, 0);
	EXPECT(r.msi_rec.rises[40] == 0);
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2,
	   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	msix_notify(&r.msix, 0);
	EXPECT(r.msi_rec.rises[40] == 1);
	/* A masked vector pends, and fires when unmasked. */
	msix_notify(&r.msix, 1);
	EXPECT(r.msi_rec.rises[41] == 0);
	EXPECT(rd(&r.bus, PBA, 4) == 2);
	wr(&r.bus, PBA, 4, 0); /* the PBA is read-only */
	EXPECT(rd(&r.bus, PBA, 8) == 2);
	wr(&r.bus, TABLE + 16 + 12, 4, 0);
	EXPECT(r.msi_rec.rises[41] == 1);
	EXPECT(rd(&r.bus, PBA, 4) == 0);
	/* Function mask: everything pends until it is cleared. */
	wr(&r.bus, CFG(SLOT, 0x4a), 2, MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
	r.msi_rec.level[40] = r.msi_rec.level[41] = false;
	msix_notify(&r.msix, 0);
	msix_notify(&r.msix, 1);
	EXPECT(r.msi_rec.rises[40] == 1 && r.msi_rec.rises[41] == 1);
	EXPECT(rd(&r.bus, PBA, 4) == 3);
	wr(&r.bus, CFG(SLOT, 0x4b), 1, MSIX_CTRL_ENABLE >> 8);
	EXPECT(r.msi_rec.rises[40] == 2 && r.msi_rec.rises[41] == 2);
	EXPECT(rd(&r.bus, PBA, 4) == 0);
	/* Not the PCH-MSI doorbell: dropped and counted. */
	msix_notify(&r.msix, 2);
	EXPECT(r.msi_rec.rises[42] == 0 && r.host.msi_dropped == 1);
	/* Out-of-range vectors and table offsets are ignored. */
	msix_notify(&r.msix, 4);
	msix_notify(&r.msix, 1000);
	wr(&r.bus, TABLE + 16 * 4, 4, 123);
	EXPECT(rd(&r.bus, TABLE + 16 * 4, 4) == 0);
	EXPECT(rd(&r.bus, TABLE + 2, 2) == 0); /* not a dword access */
	EXPECT(r.msi_rec.calls == 4);
	rig_destroy(&r);
}

static void test_intx(void)
{
	struct rig r;
	unsigned int irq = 16 + (0 + SLOT) % 4;

	rig_init(&r);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_INTERRUPT_PIN), 1) == 1);
	EXPECT(pci_host_intx_irq(&r.host, SLOT, 1) == irq);
	EXPECT(pci_host_intx_irq(&r.host, 1, 4) == 16);
	wr(&r.bus, CFG(SLOT, PCI_INTERRUPT_LINE), 1, 0x2a);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_INTERRUPT_LINE), 1) == 0x2a);
	pci_dev_set_intx(&r.dev, true);
	EXPECT(r.intx_rec.level[irq] && r.intx_rec.rises[irq] == 1);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_STATUS), 2) & PCI_STATUS_INTERRUPT);
	/* Interrupt Disable lowers the wire; the status bit stays. */
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2, PCI_COMMAND_INTX_DISABLE);
	EXPECT(!r.intx_rec.level[irq]);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_STATUS), 2) & PCI_STATUS_INTERRUPT);
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2, 0);
	EXPECT(r.intx_rec.level[irq] && r.intx_rec.rises[irq] == 2);
	pci_dev_set_intx(&r.dev, false);
	EXPECT(!r.intx_rec.level[irq]);
	EXPECT(!(rd(&r.bus, CFG(SLOT, PCI_STATUS), 2) & PCI_STATUS_INTERRUPT));
	/* Read-only command bits stay clear. */
	wr(&r.bus, CFG(SLOT, PCI_COMMAND), 2, 0xffff);
	EXPECT(rd(&r.bus, CFG(SLOT, PCI_COMMAND), 2) == 0x547);
	rig_destroy(&r);
}

int main(void)
{
	test_enumeration();
	test_bar_sizing();
	test_decode();
	test_capabilities();
	test_msix();
	test_intx();
	if (failures)
		fprintf(stderr, "test_pci_host: %d failure(s)\n", failures);
	return failures != 0;
}
