/* SPDX-License-Identifier: MIT */
/*
 * The device-tree nodes of the PCIe host and of virtio-mmio devices
 * (machine/fdt.c), read back with libfdt: what Linux 6.12's
 * pci-host-common.c, of_irq_parse_raw (the interrupt-map) and
 * virtio_mmio.c need, at the addresses docs/memory-map.md gives.
 */
#include <libfdt.h>
#include <stdlib.h>

#include "../../machine/fdt.h"
#include "expect.h"

static uint8_t buf[0x100000];

static void build(const struct virt_fdt_platform *plat)
{
	struct ram_region ram = {0, 0x10000000, NULL};
	struct virt_fdt_params p = {
	    .ram = &ram, .nram = 1, .ncpus = 1, .platform = plat};
	char err[256];

	EXPECT(virt_fdt_build(&p, buf, sizeof(buf), err, sizeof(err)) > 0);
}

static uint32_t cell(const char *path, const char *name, int i, int *len)
{
	int off = fdt_path_offset(buf, path);
	const fdt32_t *v = off < 0 ? NULL : fdt_getprop(buf, off, name, len);

	if (!v || *len < 4 * (i + 1))
		return ~0u;
	return fdt32_to_cpu(v[i]);
}

static uint32_t c(const char *path, const char *name, int i)
{
	int len;

	return cell(path, name, i, &len);
}

static uint32_t phandle_of(const char *path)
{
	return c(path, "phandle", 0);
}

static void test_pcie(void)
{
	const char *n = "/pcie@20000000";
	uint32_t pic;
	int len, off, slot, pin;

	build(&(struct virt_fdt_platform){.has_pci = 1});
	pic = phandle_of("/platic@10000000");
	EXPECT(pic != ~0u);
	off = fdt_path_offset(buf, n);
	EXPECT(off >= 0);
	EXPECT(!fdt_node_check_compatible(buf, off, "pci-host-ecam-generic"));
	EXPECT(c(n, "reg", 1) == 0x20000000 && c(n, "reg", 3) == 0x08000000);
	EXPECT(c(n, "bus-range", 0) == 0 && c(n, "bus-range", 1) == 127);
	EXPECT(c(n, "#address-cells", 0) == 3 && c(n, "#size-cells", 0) == 2);
	EXPECT(c(n, "#interrupt-cells", 0) == 1);
	EXPECT(c(n, "linux,pci-domain", 0) == 0);
	EXPECT(fdt_getprop(buf, off, "dma-coherent", &len) && len == 0);
	/* ranges: I/O bus 0x4000 at 0x18004000, MEM32 1:1 at 1 GiB. */
	EXPECT(c(n, "ranges", 0) == 0x01000000 && c(n, "ranges", 2) == 0x4000);
	EXPECT(c(n, "ranges", 4) == 0x18004000 && c(n, "ranges", 6) == 0xc000);
	EXPECT(c(n, "ranges", 7) == 0x02000000 &&
	       c(n, "ranges", 9) == 0x40000000);
	EXPECT(c(n, "ranges", 11) == 0x40000000 &&
	       c(n, "ranges", 13) == 0x40000000);
	cell(n, "ranges", 0, &len);
	EXPECT(len == 14 * 4);
	/* MSI through PCH-MSI for every requester id. */
	EXPECT(c(n, "msi-map", 1) == phandle_of("/msi@2ff00000"));
	EXPECT(c(n, "msi-map", 3) == 0x10000);
	/* interrupt-map: slot s pin p -> PCH-PIC 16 + (p - 1 + s) % 4. */
	EXPECT(c(n, "interrupt-map-mask", 0) == 0x1800 &&
	       c(n, "interrupt-map-mask", 3) == 7);
	cell(n, "interrupt-map", 0, &len);
	EXPECT(len == 16 * 7 * 4);
	for (slot = 0; slot < 4; slot++) {
		for (pin = 1; pin <= 4; pin++) {
			int e = (slot * 4 + pin - 1) * 7;

			EXPECT(c(n, "interrupt-map", e) == (uint32_t)slot
							       << 11);
			EXPECT(c(n, "interrupt-map", e + 3) == (uint32_t)pin);
			EXPECT(c(n, "interrupt-map", e + 4) == pic);
			EXPECT(c(n, "interrupt-map", e + 5) ==
			       16 + (uint32_t)(pin - 1 + slot) % 4);
			EXPECT(c(n, "interrupt-map", e + 6) == 4);
		}
	}
	/* The PCH-PIC parent has no #address-cells: 0 parent address cells. */
	EXPECT(fdt_getprop(buf, fdt_path_offset(buf, "/platic@10000000"),
			   "#address-cells", &len) == NULL);
	EXPECT(c("/platic@10000000", "#interrupt-cells", 0) == 2);
	EXPECT(fdt_path_offset(buf, "/virtio_mmio@16000000") < 0);
}

static void test_virtio_mmio(void)
{
	uint32_t pic;
	char path[64];
	int i;

	build(&(struct virt_fdt_platform){.has_pci = 0, .n_mmio = 3});
	pic = phandle_of("/platic@10000000");
	EXPECT(fdt_path_offset(buf, "/pcie@20000000") < 0);
	for (i = 0; i < 3; i++) {
		int off;

		snprintf(path, sizeof(path), "/virtio_mmio@%x",
			 0x16000000 + i * 0x200);
		off = fdt_path_offset(buf, path);
		EXPECT(off >= 0);
		EXPECT(!fdt_node_check_compatible(buf, off, "virtio,mmio"));
		EXPECT(c(path, "reg", 1) == 0x16000000u + i * 0x200u);
		EXPECT(c(path, "reg", 3) == 0x200);
		EXPECT(c(path, "interrupts", 0) == 20u + (uint32_t)i);
		EXPECT(c(path, "interrupts", 1) == 4);
		EXPECT(c(path, "interrupt-parent", 0) == pic);
	}
	EXPECT(fdt_path_offset(buf, "/virtio_mmio@16000600") < 0);
	/* No platform given: the PCIe host alone. */
	build(NULL);
	EXPECT(fdt_path_offset(buf, "/virtio_mmio@16000000") < 0);
	EXPECT(fdt_path_offset(buf, "/pcie@20000000") >= 0);
}

int main(void)
{
	test_pcie();
	test_virtio_mmio();
	if (failures)
		fprintf(stderr, "test_pci_fdt: %d failure(s)\n", failures);
	return failures != 0;
}
