/* SPDX-License-Identifier: MIT */
/*
 * Builds the virt board's device tree with libfdt. Each node carries what
 * its Linux 6.12 driver reads: drivers/irqchip/irq-loongarch-cpu.c,
 * irq-loongson-eiointc.c, irq-loongson-pch-pic.c and irq-loongson-pch-msi.c;
 * drivers/tty/serial/8250/8250_of.c; drivers/rtc/rtc-loongson.c;
 * drivers/power/reset/syscon-{reboot,poweroff}.c; drivers/pci/controller/
 * pci-host-common.c and drivers/virtio/virtio_mmio.c; and drivers/of/fdt.c
 * for /memory and /chosen.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../hw/ged.h"
#include "fdt.h"
#include "virt.h"

enum phandles {
	PH_CPUINTC = 1,
	PH_EIOINTC,
	PH_PCH_PIC,
	PH_PCH_MSI,
	PH_GED,
};

#define IRQ_TYPE_LEVEL_HIGH 4

static const struct virt_fdt_platform default_platform = {.has_pci = 1};

/* The tree under construction; the first libfdt error sticks. */
struct tree {
	void *fdt;
	int err;
	const char *what; /* the node being built, for the message */
};

static int node(struct tree *t, int parent, const char *name)
{
	int off;

	if (t->err)
		return -1;
	t->what = name;
	off = fdt_add_subnode(t->fdt, parent, name);
	if (off < 0)
		t->err = off;
	return off;
}

static void prop(struct tree *t, int off, const char *name, const void *val,
		 int len)
{
	if (!t->err)
		t->err = fdt_setprop(t->fdt, off, name, val, len);
}

static void prop_str(struct tree *t, int off, const char *name, const char *val)
{
	prop(t, off, name, val, (int)strlen(val) + 1);
}

static void prop_u32(struct tree *t, int off, const char *name, uint32_t v)
{
	fdt32_t be = cpu_to_fdt32(v);

	prop(t, off, name, &be, sizeof(be));
}

static void prop_u64(struct tree *t, int off, const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);

	prop(t, off, name, &be, sizeof(be));
}

/* A list of 32-bit cells, n of them. */
static void prop_cells(struct tree *t, int off, const char *name,
		       const uint32_t *cells, int n)
{
	fdt32_t be[8];
	int i;

	for (i = 0; i < n && i < 8; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	prop(t, off, name, be, n * (int)sizeof(be[0]));
}

/* A longer list of cells (ranges, interrupt-map). */
static void prop_cells_n(struct tree *t, int off, const char *name,
			 const uint32_t *cells, int n)
{
	fdt32_t be[128];
	int i;

	if (n > 128) {
		t->err = -FDT_ERR_NOSPACE;
		return;
	}
	for (i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	prop(t, off, name, be, n * (int)sizeof(be[0]));
}

/* reg = <addr size> with #address-cells = #size-cells = 2. */
static void prop_reg(struct tree *t, int off, uint64_t addr, uint64_t size)
{
	uint32_t c[4] = {(uint32_t)(addr >> 32), (uint32_t)addr,
			 (uint32_t)(size >> 32), (uint32_t)size};

	prop_cells(t, off, "reg", c, 4);
}

/* A node named name@addr with reg and, unless NULL, compatible. */
static int device(struct tree *t, const char *name, const char *compat,
		  uint64_t addr, uint64_t size)
{
	char buf[64];
	int off;

	snprintf(buf, sizeof(buf), "%s@%llx", name, (unsigned long long)addr);
	off = node(t, 0, buf);
	if (compat)
		prop_str(t, off, "compatible", compat);
	prop_reg(t, off, addr, size);
	return off;
}

static void add_memory(struct tree *t, const struct virt_fdt_params *p)
{
	size_t i;

	/* In reverse, as fdt_add_subnode puts a new node first. */
	for (i = p->nram; i-- > 0;) {
		int off =
		    device(t, "memory", NULL, p->ram[i].gpa, p->ram[i].size);

		prop_str(t, off, "device_type", "memory");
	}
}

static void add_cpus(struct tree *t, unsigned int ncpus)
{
	int cpus = node(t, 0, "cpus");
	unsigned int i;

	prop_u32(t, cpus, "#address-cells", 1);
	prop_u32(t, cpus, "#size-cells", 0);
	/* In reverse, as fdt_add_subnode puts a new node first. */
	for (i = ncpus; i-- > 0;) {
		char name[32];
		int off;

		snprintf(name, sizeof(name), "cpu@%u", i);
		off = node(t, cpus, name);
		prop_str(t, off, "device_type", "cpu");
		prop_str(t, off, "compatible", "loongson,la464");
		prop_u32(t, off, "reg", i);
	}
}

static void add_irqchips(struct tree *t)
{
	uint32_t msi_base = VIRT_PCH_PIC_IRQ_NUM;
	int off;

	off = node(t, 0, "cpuic");
	prop_str(t, off, "compatible", "loongson,cpu-interrupt-controller");
	prop(t, off, "interrupt-controller", NULL, 0);
	prop_u32(t, off, "#interrupt-cells", 1);
	prop_u32(t, off, "phandle", PH_CPUINTC);

	/* Its registers are IOCSRs; reg mirrors QEMU's for tools. */
	off = device(t, "eiointc", "loongson,ls2k2000-eiointc", 0x1400, 0x800);
	prop(t, off, "interrupt-controller", NULL, 0);
	prop_u32(t, off, "#interrupt-cells", 1);
	prop_u32(t, off, "interrupt-parent", PH_CPUINTC);
	prop_u32(t, off, "interrupts", 3); /* HWI1 */
	prop_u32(t, off, "phandle", PH_EIOINTC);

	off = device(t, "platic", "loongson,pch-pic-1.0", VIRT_PCH_PIC_BASE,
		     VIRT_PCH_PIC_SIZE);
	prop(t, off, "interrupt-controller", NULL, 0);
	prop_u32(t, off, "#interrupt-cells", 2);
	prop_u32(t, off, "interrupt-parent", PH_EIOINTC);
	prop_u32(t, off, "loongson,pic-base-vec", 0);
	prop_u32(t, off, "phandle", PH_PCH_PIC);

	off = device(t, "msi", "loongson,pch-msi-1.0", VIRT_PCH_MSI_BASE,
		     VIRT_PCH_MSI_SIZE);
	prop(t, off, "interrupt-controller", NULL, 0);
	prop(t, off, "msi-controller", NULL, 0);
	prop_u32(t, off, "interrupt-parent", PH_EIOINTC);
	prop_u32(t, off, "loongson,msi-base-vec", msi_base);
	prop_u32(t, off, "loongson,msi-num-vecs", VIRT_EIOINTC_VECS - msi_base);
	prop_u32(t, off, "phandle", PH_PCH_MSI);
}

static void add_devices(struct tree *t)
{
	uint32_t uart_irq[2] = {VIRT_UART0_IRQ, IRQ_TYPE_LEVEL_HIGH};
	uint32_t rtc_irq[2] = {VIRT_RTC_IRQ, IRQ_TYPE_LEVEL_HIGH};
	int off;

	off = device(t, "serial", "ns16550a", VIRT_UART0_BASE, VIRT_UART_SIZE);
	prop_u32(t, off, "clock-frequency", VIRT_UART_CLOCK);
	prop_u32(t, off, "interrupt-parent", PH_PCH_PIC);
	prop_cells(t, off, "interrupts", uart_irq, 2);

	off =
	    device(t, "rtc", "loongson,ls7a-rtc", VIRT_RTC_BASE, VIRT_RTC_SIZE);
	prop_u32(t, off, "interrupt-parent", PH_PCH_PIC);
	prop_cells(t, off, "interrupts", rtc_irq, 2);

	/* hw/ged.h: SLEEP_CTL +0 (0x34 = SLP_EN | S5), RESET +2 (0x42). */
	off = device(t, "ged", "syscon", VIRT_GED_REG_BASE, GED_REG_SIZE);
	prop_u32(t, off, "reg-io-width", 1);
	prop_u32(t, off, "phandle", PH_GED);

	off = node(t, 0, "reboot");
	prop_str(t, off, "compatible", "syscon-reboot");
	prop_u32(t, off, "regmap", PH_GED);
	prop_u32(t, off, "offset", 2);
	prop_u32(t, off, "value", 0x42);

	off = node(t, 0, "poweroff");
	prop_str(t, off, "compatible", "syscon-poweroff");
	prop_u32(t, off, "regmap", PH_GED);
	prop_u32(t, off, "offset", 0);
	prop_u32(t, off, "value", 0x34);
}

/*
 * interrupt-map: with the mask <0x1800 0 0 7>, the two low slot bits and
 * the pin select PCH-PIC input 16 + (pin - 1 + slot) % 4, level-high
 * (PCI-to-PCI Bridge 1.2 section 9.1's swizzle; pci_host.c drives it).
 */
static void add_pci_irq_map(struct tree *t, int off)
{
	uint32_t map[16 * 7], mask[4] = {0x1800, 0, 0, 7};
	unsigned int slot, pin, n = 0;

	for (slot = 0; slot < 4; slot++) {
		for (pin = 1; pin <= 4; pin++) {
			uint32_t e[7] = {slot << 11,
					 0,
					 0,
					 pin,
					 PH_PCH_PIC,
					 VIRT_PCI_INTX_IRQ +
					     (pin - 1 + slot) % 4,
					 IRQ_TYPE_LEVEL_HIGH};

			memcpy(&map[n], e, sizeof(e));
			n += 7;
		}
	}
	prop_cells_n(t, off, "interrupt-map-mask", mask, 4);
	prop_cells_n(t, off, "interrupt-map", map, (int)n);
}

/* Linux 6.12 drivers/pci/controller/pci-host-common.c reads this node. */
static void add_pcie(struct tree *t)
{
	const uint32_t ranges[14] = {
	    0x01000000,
	    0,
	    (uint32_t)VIRT_PCI_IO_BUS_BASE,
	    (uint32_t)(VIRT_PCI_IO_BASE >> 32),
	    (uint32_t)VIRT_PCI_IO_BASE,
	    0,
	    (uint32_t)VIRT_PCI_IO_SIZE,
	    0x02000000,
	    0,
	    (uint32_t)VIRT_PCI_MMIO_BASE,
	    (uint32_t)(VIRT_PCI_MMIO_BASE >> 32),
	    (uint32_t)VIRT_PCI_MMIO_BASE,
	    0,
	    (uint32_t)VIRT_PCI_MMIO_SIZE,
	};
	const uint32_t bus_range[2] = {0, (uint32_t)(VIRT_PCI_ECAM_SIZE >> 20) -
					      1};
	const uint32_t msi_map[4] = {0, PH_PCH_MSI, 0, 0x10000};
	int off = device(t, "pcie", "pci-host-ecam-generic", VIRT_PCI_ECAM_BASE,
			 VIRT_PCI_ECAM_SIZE);

	prop_str(t, off, "device_type", "pci");
	prop_u32(t, off, "#address-cells", 3);
	prop_u32(t, off, "#size-cells", 2);
	prop_u32(t, off, "#interrupt-cells", 1);
	prop_cells(t, off, "bus-range", bus_range, 2);
	prop_u32(t, off, "linux,pci-domain", 0);
	prop(t, off, "dma-coherent", NULL, 0);
	prop_cells_n(t, off, "ranges", ranges, 14);
	prop_cells(t, off, "msi-map", msi_map, 4);
	add_pci_irq_map(t, off);
}

/* Linux 6.12 drivers/virtio/virtio_mmio.c; hw/virtio/virtio_mmio.c. */
static void add_virtio_mmio(struct tree *t, unsigned int n)
{
	unsigned int i;

	/* In reverse, as fdt_add_subnode puts a new node first. */
	for (i = n; i-- > 0;) {
		uint32_t irq[2] = {VIRT_VIRTIO_MMIO_IRQ + i,
				   IRQ_TYPE_LEVEL_HIGH};
		int off =
		    device(t, "virtio_mmio", "virtio,mmio",
			   VIRT_VIRTIO_MMIO_BASE + i * VIRT_VIRTIO_MMIO_STRIDE,
			   VIRT_VIRTIO_MMIO_STRIDE);

		prop_u32(t, off, "interrupt-parent", PH_PCH_PIC);
		prop_cells(t, off, "interrupts", irq, 2);
		prop(t, off, "dma-coherent", NULL, 0);
	}
}

static void add_chosen(struct tree *t, const struct virt_fdt_params *p)
{
	char path[64];
	int off = node(t, 0, "chosen");

	snprintf(path, sizeof(path), "/serial@%llx",
		 (unsigned long long)VIRT_UART0_BASE);
	prop_str(t, off, "stdout-path", path);
	if (p->bootargs)
		prop_str(t, off, "bootargs", p->bootargs);
	if (p->initrd_size) {
		prop_u64(t, off, "linux,initrd-start", p->initrd_start);
		prop_u64(t, off, "linux,initrd-end",
			 p->initrd_start + p->initrd_size);
	}
}

int virt_fdt_build(const struct virt_fdt_params *p, void *buf, size_t len,
		   char *err, size_t errlen)
{
	struct tree t = {.fdt = buf, .what = "/"};
	const struct virt_fdt_platform *plat =
	    p->platform ? p->platform : &default_platform;

	if (len > INT32_MAX)
		len = INT32_MAX;
	t.err = fdt_create_empty_tree(buf, (int)len);
	prop_str(&t, 0, "compatible", "linux,dummy-loongson3");
	prop_str(&t, 0, "model", "loongvm virt");
	prop_u32(&t, 0, "#address-cells", 2);
	prop_u32(&t, 0, "#size-cells", 2);
	add_chosen(&t, p);
	add_virtio_mmio(&t, plat->n_mmio < VIRT_VIRTIO_MMIO_MAX
				? plat->n_mmio
				: VIRT_VIRTIO_MMIO_MAX);
	if (plat->has_pci)
		add_pcie(&t);
	add_devices(&t);
	add_irqchips(&t);
	add_cpus(&t, p->ncpus);
	add_memory(&t, p);
	if (!t.err)
		t.err = fdt_pack(buf);
	if (t.err) {
		snprintf(err, errlen, "cannot build the device tree at %s: %s",
			 t.what, fdt_strerror(t.err));
		return -1;
	}
	return (int)fdt_totalsize(buf);
}
