/* SPDX-License-Identifier: MIT */
/*
 * The virtio-pci modern transport through bus accesses, as Linux 6.12's
 * virtio_pci_modern_dev.c drives it: ids, the capability walk, feature
 * negotiation and status, queue set-up, notification, MSI-X and INTx
 * interrupts with the ISR, device config, the PCI_CFG window, reset, and
 * hostile register values.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../hw/pch_msi.h"
#include "../../hw/pci/pci_host.h"
#include "../../hw/virtio/virtio_pci.h"
#include "hw_util.h"

#define ECAM 0x20000000ULL
#define MMIO 0x40000000ULL
#define BAR4 0x40000000ULL
#define BAR1 0x40004000ULL
#define CFG(reg) (ECAM + (1ULL << 15) + (reg))
#define RAM_GPA 0x100000ULL
#define RAM_SIZE 0x10000ULL

/* A stand-in device type: two queues and 8 bytes of config. */
struct fake {
	unsigned int kicks[2];
	uint8_t config[8];
	unsigned int resets, starts;
};

static uint64_t fake_features(struct virtio_dev *d)
{
	(void)d;
	return 1ULL << 5;
}

static void fake_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			     uint32_t len)
{
	struct fake *f = d->priv;

	memcpy(buf, f->config + off, len);
}

static void fake_config_write(struct virtio_dev *d, uint32_t off,
			      const void *buf, uint32_t len)
{
	struct fake *f = d->priv;

	memcpy(f->config + off, buf, len);
}

static void fake_notify(struct virtio_dev *d, unsigned int q)
{
	struct fake *f = d->priv;

	f->kicks[q]++;
}

static void fake_start(struct virtio_dev *d)
{
	((struct fake *)d->priv)->starts++;
}

static void fake_reset(struct virtio_dev *d)
{
	((struct fake *)d->priv)->resets++;
}

static const struct virtio_dev_ops fake_ops = {
    .name = "virtio-fake",
    .device_id = VIRTIO_ID_RNG,
    .num_queues = 2,
    .queue_size_max = 64,
    .config_size = 8,
    .features = fake_features,
    .config_read = fake_config_read,
    .config_write = fake_config_write,
    .queue_notify = fake_notify,
    .start = fake_start,
    .reset = fake_reset,
};

struct rig {
	struct bus bus;
	struct rec msi_rec, intx_rec;
	struct irq_sink msi_sink, intx_sink;
	struct pch_msi msi;
	struct pci_host host;
	struct guest_mem mem;
	uint8_t *ram;
	struct fake fake;
	struct virtio_dev vdev;
	struct virtio_pci vp;
	/* Where the capabilities put each structure, as BAR 4 offsets. */
	uint32_t common, notify, isr, device, mult;
	unsigned int pcicfg;
};

static void rig_init(struct rig *r)
{
	struct pci_host_config c = {
	    .mmio_base = MMIO,
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
	r->ram = calloc(1, RAM_SIZE);
	r->mem.r[0] = (struct guest_mem_region){RAM_GPA, RAM_SIZE, r->ram};
	r->mem.n = 1;
	r->mem.wrote = NULL;
	virtio_dev_init(&r->vdev, &fake_ops, &r->fake, &r->mem);
	EXPECT(virtio_pci_init(&r->vp, &r->vdev) == 0);
	EXPECT(pci_host_plug(&r->host, &r->vp.pci, 1) == 1);
	EXPECT(bus_add(&r->bus, "ecam", ECAM, 0x08000000, &pci_ecam_ops,
		       &r->host) == 0);
	EXPECT(bus_add(&r->bus, "mmio", MMIO, 0x40000000, &pci_mmio_ops,
		       &r->host) == 0);
	/* What Linux's resource assignment does. */
	wr(&r->bus, CFG(0x20), 4, (uint32_t)BAR4);
	wr(&r->bus, CFG(0x24), 4, 0);
	wr(&r->bus, CFG(0x14), 4, (uint32_t)BAR1);
	wr(&r->bus, CFG(PCI_COMMAND), 2,
	   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

static void rig_destroy(struct rig *r)
{
	virtio_pci_destroy(&r->vp);
	virtio_dev_destroy(&r->vdev);
	pci_host_destroy(&r->host);
	bus_destroy(&r->bus);
	free(r->ram);
}

/* Walks the capability list as virtio_pci_find_capability does. */
static void find_caps(struct rig *r)
{
	unsigned int p, n = 0, msix = 0;

	for (p = (unsigned int)rd(&r->bus, CFG(PCI_CAPABILITY_LIST), 1);
	     p && n < 16; p = (unsigned int)rd(&r->bus, CFG(p + 1), 1), n++) {
		unsigned int id = (unsigned int)rd(&r->bus, CFG(p), 1);
		unsigned int type = (unsigned int)rd(&r->bus, CFG(p + 3), 1);
		uint32_t off = (uint32_t)rd(&r->bus, CFG(p + 8), 4);

		if (id == PCI_CAP_ID_MSIX) {
			msix = p;
			continue;
		}
		EXPECT(id == PCI_CAP_ID_VNDR);
		EXPECT(rd(&r->bus, CFG(p + 2), 1) >= 16);
		if (type != VIRTIO_PCI_CAP_PCI_CFG)
			EXPECT(rd(&r->bus, CFG(p + 4), 1) == 4);
		if (type == VIRTIO_PCI_CAP_COMMON_CFG) {
			r->common = off;
			EXPECT(rd(&r->bus, CFG(p + 12), 4) >= 0x38);
		} else if (type == VIRTIO_PCI_CAP_NOTIFY_CFG) {
			r->notify = off;
			r->mult = (uint32_t)rd(&r->bus, CFG(p + 16), 4);
		} else if (type == VIRTIO_PCI_CAP_ISR_CFG) {
			r->isr = off;
		} else if (type == VIRTIO_PCI_CAP_DEVICE_CFG) {
			r->device = off;
			EXPECT(rd(&r->bus, CFG(p + 12), 4) == 8);
		} else if (type == VIRTIO_PCI_CAP_PCI_CFG) {
			r->pcicfg = p;
		}
	}
	EXPECT(n == 6 && msix);
	EXPECT(rd(&r->bus, CFG(msix + 2), 2) == 2); /* 3 vectors */
	EXPECT(rd(&r->bus, CFG(msix + 4), 4) == 1); /* BAR 1, offset 0 */
	EXPECT(r->common == 0 && r->isr == 0x1000 && r->device == 0x2000 &&
	       r->notify == 0x3000 && r->mult == 4 && r->pcicfg);
}

static uint64_t cc_rd(struct rig *r, unsigned int off, unsigned int size)
{
	return rd(&r->bus, BAR4 + r->common + off, size);
}

static void cc_wr(struct rig *r, unsigned int off, unsigned int size,
		  uint64_t v)
{
	wr(&r->bus, BAR4 + r->common + off, size, v);
}

/* Negotiation as the driver does it; queue q at the start of RAM. */
static void bring_up(struct rig *r)
{
	unsigned int q;

	cc_wr(r, 0x14, 1, VIRTIO_STATUS_ACKNOWLEDGE);
	cc_wr(r, 0x14, 1, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	cc_wr(r, 0x08, 4, 1);
	cc_wr(r, 0x0c, 4, 1); /* VERSION_1 */
	cc_wr(r, 0x08, 4, 0);
	cc_wr(r, 0x0c, 4, 1u << 5);
	cc_wr(r, 0x14, 1, 0x0b);
	EXPECT(cc_rd(r, 0x14, 1) == 0x0b);
	for (q = 0; q < 2; q++) {
		uint64_t base = RAM_GPA + q * 0x4000;

		cc_wr(r, 0x16, 2, q);
		cc_wr(r, 0x18, 2, 16);
		cc_wr(r, 0x20, 4, (uint32_t)base);
		cc_wr(r, 0x24, 4, 0);
		cc_wr(r, 0x28, 4, (uint32_t)(base + 0x1000));
		cc_wr(r, 0x2c, 4, 0);
		cc_wr(r, 0x30, 4, (uint32_t)(base + 0x2000));
		cc_wr(r, 0x34, 4, 0);
		cc_wr(r, 0x1c, 2, 1);
	}
	cc_wr(r, 0x14, 1, 0x0f);
	EXPECT(cc_rd(r, 0x14, 1) == 0x0f);
}

static void test_ids_and_caps(void)
{
	struct rig r;

	rig_init(&r);
	EXPECT(rd(&r.bus, CFG(0), 4) == 0x10441af4);
	EXPECT(rd(&r.bus, CFG(8), 4) == 0x00ff0001); /* class, revision 1 */
	EXPECT(rd(&r.bus, CFG(PCI_SUBSYSTEM_VENDOR_ID), 4) == 0x10441af4);
	EXPECT(rd(&r.bus, CFG(PCI_INTERRUPT_PIN), 1) == 1);
	wr(&r.bus, CFG(0x20), 4, 0xffffffff);
	wr(&r.bus, CFG(0x24), 4, 0xffffffff);
	EXPECT(rd(&r.bus, CFG(0x20), 4) == 0xffffc00c);
	EXPECT(rd(&r.bus, CFG(0x24), 4) == 0xffffffff);
	wr(&r.bus, CFG(0x20), 4, (uint32_t)BAR4);
	wr(&r.bus, CFG(0x24), 4, 0);
	find_caps(&r);
	rig_destroy(&r);
}

static void test_negotiation(void)
{
	struct rig r;

	rig_init(&r);
	find_caps(&r);
	EXPECT(cc_rd(&r, 0x12, 2) == 2);
	cc_wr(&r, 0x00, 4, 0);
	EXPECT(cc_rd(&r, 0x04, 4) == (1u << 5 | 1u << 28 | 1u << 29));
	cc_wr(&r, 0x00, 4, 1);
	EXPECT(cc_rd(&r, 0x04, 4) == 1);
	cc_wr(&r, 0x00, 4, 7);
	EXPECT(cc_rd(&r, 0x04, 4) == 0);
	/* Queue fields: a bad size is refused, vectors are range-checked. */
	cc_wr(&r, 0x16, 2, 1);
	EXPECT(cc_rd(&r, 0x18, 2) == 64);
	cc_wr(&r, 0x18, 2, 24);
	EXPECT(cc_rd(&r, 0x18, 2) == 64);
	cc_wr(&r, 0x18, 2, 128);
	EXPECT(cc_rd(&r, 0x18, 2) == 64);
	EXPECT(cc_rd(&r, 0x1e, 2) == 1); /* queue_notify_off */
	cc_wr(&r, 0x1a, 2, 2);
	EXPECT(cc_rd(&r, 0x1a, 2) == 2);
	cc_wr(&r, 0x1a, 2, 3);
	EXPECT(cc_rd(&r, 0x1a, 2) == VIRTIO_MSI_NO_VECTOR);
	cc_wr(&r, 0x10, 2, 9);
	EXPECT(cc_rd(&r, 0x10, 2) == VIRTIO_MSI_NO_VECTOR);
	cc_wr(&r, 0x10, 2, 0);
	EXPECT(cc_rd(&r, 0x10, 2) == 0);
	/* A queue that does not exist reads size 0 and ignores writes. */
	cc_wr(&r, 0x16, 2, 5);
	EXPECT(cc_rd(&r, 0x18, 2) == 0);
	cc_wr(&r, 0x1c, 2, 1);
	EXPECT(cc_rd(&r, 0x1c, 2) == 0);
	/* Features not offered make FEATURES_OK fail to stick. */
	cc_wr(&r, 0x14, 1, 1);
	cc_wr(&r, 0x14, 1, 3);
	cc_wr(&r, 0x08, 4, 0);
	cc_wr(&r, 0x0c, 4, 1u << 6);
	cc_wr(&r, 0x14, 1, 0x0b);
	EXPECT(cc_rd(&r, 0x14, 1) == 3);
	/* Reset, then the whole bring-up. */
	cc_wr(&r, 0x14, 1, 0);
	EXPECT(cc_rd(&r, 0x14, 1) == 0 && r.fake.resets == 1);
	EXPECT(cc_rd(&r, 0x10, 2) == VIRTIO_MSI_NO_VECTOR);
	bring_up(&r);
	EXPECT(r.fake.starts == 1);
	cc_wr(&r, 0x16, 2, 1);
	EXPECT(cc_rd(&r, 0x1c, 2) == 1);
	EXPECT(cc_rd(&r, 0x20, 8) == RAM_GPA + 0x4000);
	EXPECT(cc_rd(&r, 0x28, 4) == RAM_GPA + 0x5000);
	EXPECT(cc_rd(&r, 0x18, 2) == 16);
	/* Fields of an enabled queue are frozen. */
	cc_wr(&r, 0x18, 2, 32);
	cc_wr(&r, 0x20, 4, 0x1234000);
	EXPECT(cc_rd(&r, 0x18, 2) == 16 &&
	       cc_rd(&r, 0x20, 4) == RAM_GPA + 0x4000);
	/* Notify: queue 1 at notify + 4; others are ignored. */
	wr(&r.bus, BAR4 + r.notify + 4, 2, 1);
	EXPECT(r.fake.kicks[1] == 1 && r.fake.kicks[0] == 0);
	wr(&r.bus, BAR4 + r.notify, 4, 0);
	EXPECT(r.fake.kicks[0] == 1);
	wr(&r.bus, BAR4 + r.notify + 2, 2, 0);
	wr(&r.bus, BAR4 + r.notify + 8, 2, 2);
	wr(&r.bus, BAR4 + r.notify + 0xffc, 4, 0);
	EXPECT(r.fake.kicks[0] == 1 && r.fake.kicks[1] == 1);
	/* Reset clears the queues and vectors. */
	cc_wr(&r, 0x1a, 2, 1);
	cc_wr(&r, 0x14, 1, 0);
	cc_wr(&r, 0x16, 2, 1);
	EXPECT(cc_rd(&r, 0x1c, 2) == 0 && cc_rd(&r, 0x18, 2) == 64);
	EXPECT(cc_rd(&r, 0x1a, 2) == VIRTIO_MSI_NO_VECTOR);
	EXPECT(cc_rd(&r, 0x20, 8) == 0);
	rig_destroy(&r);
}

static void msix_entry(struct rig *r, unsigned int v, uint32_t data)
{
	wr(&r->bus, BAR1 + 16 * v, 4, (uint32_t)PCH_MSI_BASE);
	wr(&r->bus, BAR1 + 16 * v + 4, 4, 0);
	wr(&r->bus, BAR1 + 16 * v + 8, 4, data);
	wr(&r->bus, BAR1 + 16 * v + 12, 4, 0);
}

static void test_interrupts(void)
{
	struct rig r;
	unsigned int irq = 16 + 1; /* slot 1, INTA */

	rig_init(&r);
	find_caps(&r);
	bring_up(&r);
	/* INTx while MSI-X is off: ISR bit 0, read-to-clear. */
	r.vdev.transport.notify_queue(&r.vdev, 0);
	EXPECT(r.intx_rec.level[irq]);
	EXPECT(rd(&r.bus, BAR4 + r.isr, 1) == 1);
	EXPECT(!r.intx_rec.level[irq]);
	EXPECT(rd(&r.bus, BAR4 + r.isr, 1) == 0);
	r.vdev.transport.notify_config(&r.vdev);
	r.vdev.transport.notify_queue(&r.vdev, 1);
	EXPECT(rd(&r.bus, BAR4 + r.isr, 4) == 3);
	EXPECT(r.intx_rec.rises[irq] == 2 && r.msi_rec.calls == 0);
	/* MSI-X: config on vector 0, queue 1 on 2, queue 0 none. */
	msix_entry(&r, 0, 60);
	msix_entry(&r, 1, 61);
	msix_entry(&r, 2, 62);
	cc_wr(&r, 0x10, 2, 0);
	cc_wr(&r, 0x16, 2, 1);
	cc_wr(&r, 0x1a, 2, 2);
	wr(&r.bus, CFG(0x40 + 2), 2, MSIX_CTRL_ENABLE);
	r.vdev.transport.notify_queue(&r.vdev, 1);
	r.vdev.transport.notify_config(&r.vdev);
	r.vdev.transport.notify_queue(&r.vdev, 0);
	EXPECT(r.msi_rec.rises[62] == 1 && r.msi_rec.rises[60] == 1);
	EXPECT(r.msi_rec.calls == 2);
	EXPECT(!r.intx_rec.level[irq] && rd(&r.bus, BAR4 + r.isr, 1) == 0);
	/* A masked vector pends in the PBA until unmasked. */
	wr(&r.bus, BAR1 + 32 + 12, 4, 1);
	r.vdev.transport.notify_queue(&r.vdev, 1);
	EXPECT(rd(&r.bus, BAR1 + VIRTIO_PCI_MSIX_PBA_OFF, 4) == 4);
	EXPECT(r.msi_rec.calls == 2);
	wr(&r.bus, BAR1 + 32 + 12, 4, 0);
	EXPECT(r.msi_rec.calls == 3);
	rig_destroy(&r);
}

static void test_config_windows(void)
{
	struct rig r;
	unsigned int c;

	rig_init(&r);
	find_caps(&r);
	c = r.pcicfg;
	memcpy(r.fake.config, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	EXPECT(rd(&r.bus, BAR4 + r.device, 4) == 0x44332211);
	EXPECT(rd(&r.bus, BAR4 + r.device + 6, 2) == 0x8877);
	EXPECT(rd(&r.bus, BAR4 + r.device, 8) == 0x8877665544332211ULL);
	EXPECT(rd(&r.bus, BAR4 + r.device + 8, 4) == 0); /* past the end */
	EXPECT(rd(&r.bus, BAR4 + r.device + 6, 4) == 0); /* straddles it */
	wr(&r.bus, BAR4 + r.device + 1, 1, 0xaa);
	EXPECT(r.fake.config[1] == 0xaa);
	wr(&r.bus, BAR4 + r.device + 7, 2, 0xbbbb);
	EXPECT(r.fake.config[7] == 0x88);
	/* The PCI_CFG capability: num_queues through config space. */
	wr(&r.bus, CFG(c + 4), 1, 4);
	wr(&r.bus, CFG(c + 8), 4, 0x12);
	wr(&r.bus, CFG(c + 12), 4, 2);
	EXPECT(rd(&r.bus, CFG(c + 16), 2) == 2);
	/* ... and a write: queue_select = 1, then read it back. */
	wr(&r.bus, CFG(c + 8), 4, 0x16);
	wr(&r.bus, CFG(c + 16), 2, 1);
	EXPECT(cc_rd(&r, 0x16, 2) == 1);
	/* A bad window (misaligned, bad length, bad BAR) does nothing. */
	wr(&r.bus, CFG(c + 8), 4, 0x13);
	wr(&r.bus, CFG(c + 16), 2, 0);
	wr(&r.bus, CFG(c + 12), 4, 3);
	wr(&r.bus, CFG(c + 16), 4, 0);
	wr(&r.bus, CFG(c + 4), 1, 9);
	wr(&r.bus, CFG(c + 12), 4, 4);
	wr(&r.bus, CFG(c + 16), 4, 0);
	wr(&r.bus, CFG(c + 4), 1, 4);
	wr(&r.bus, CFG(c + 8), 4, 0x4000);
	wr(&r.bus, CFG(c + 16), 4, 0);
	EXPECT(rd(&r.bus, CFG(c + 16), 4) == 0);
	EXPECT(cc_rd(&r, 0x16, 2) == 1);
	/* Unused parts of the BAR read 0; the device did not break. */
	EXPECT(rd(&r.bus, BAR4 + 0x38, 4) == 0);
	EXPECT(rd(&r.bus, BAR4 + 0x1004, 4) == 0);
	EXPECT(rd(&r.bus, BAR4 + 0x3000, 4) == 0);
	EXPECT(!r.vdev.broken);
	rig_destroy(&r);
}

/* Garbage in every register must not crash or wedge the transport. */
static void test_garbage(void)
{
	struct rig r;
	unsigned int i;
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	rig_init(&r);
	find_caps(&r);
	for (i = 0; i < 20000; i++) {
		unsigned int size = 1u << (x % 4);
		uint64_t off = (x >> 8) % 0x4000 & ~(uint64_t)(size - 1);

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		if ((x & 3) == 0)
			rd(&r.bus, BAR4 + off, size);
		else
			wr(&r.bus, BAR4 + off, size, x);
		if ((x & 0xff) == 1)
			wr(&r.bus, CFG(x >> 8 & 0xfc), 4, x >> 32);
		wr(&r.bus, CFG(PCI_COMMAND), 2,
		   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
		wr(&r.bus, CFG(0x20), 4, (uint32_t)BAR4);
		wr(&r.bus, CFG(0x24), 4, 0);
	}
	cc_wr(&r, 0x14, 1, 0);
	EXPECT(cc_rd(&r, 0x14, 1) == 0);
	bring_up(&r);
	rig_destroy(&r);
}

int main(void)
{
	test_ids_and_caps();
	test_negotiation();
	test_interrupts();
	test_config_windows();
	test_garbage();
	if (failures)
		fprintf(stderr, "test_virtio_pci: %d failure(s)\n", failures);
	return failures != 0;
}
