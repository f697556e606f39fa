/* SPDX-License-Identifier: MIT */
/*
 * The virt board's flattened device tree, built with libfdt. Linux 6.12
 * finds its RAM (/memory), CPUs (/cpus, arch/loongarch/kernel/smp.c
 * fdt_smp_setup), interrupt controllers, console and /chosen here when it
 * boots without ACPI (arch/loongarch/kernel/setup.c fdt_setup). The node
 * names and addresses follow QEMU's LoongArch virt board so that trees
 * and command lines written for QEMU keep working.
 */
#ifndef LOONGVM_MACHINE_FDT_H
#define LOONGVM_MACHINE_FDT_H

#include <stddef.h>
#include <stdint.h>

#include "elf_load.h"

/* QEMU places the tree at 1 MiB and gives it at most 1 MiB. */
#define VIRT_FDT_BASE 0x100000ULL
#define VIRT_FDT_MAX_SIZE 0x100000ULL

#define VIRT_PCH_PIC_BASE 0x10000000ULL
#define VIRT_PCH_PIC_SIZE 0x400ULL
#define VIRT_PCH_PIC_IRQ_NUM 32 /* PCH-PIC inputs, EIOINTC vectors 0-31 */
#define VIRT_EIOINTC_VECS 256
#define VIRT_PCH_MSI_BASE 0x2ff00000ULL
#define VIRT_PCH_MSI_SIZE 8ULL
#define VIRT_RTC_BASE 0x100d0100ULL
#define VIRT_RTC_SIZE 0x100ULL
#define VIRT_GED_REG_BASE 0x100e001cULL
#define VIRT_UART_CLOCK 100000000U
#define VIRT_UART0_IRQ 2 /* PCH-PIC input */
#define VIRT_RTC_IRQ 6

/* PCIe host (QEMU VIRT_PCI_CFG_BASE, VIRT_PCI_IO_*, VIRT_PCI_MEM_*). */
#define VIRT_PCI_ECAM_BASE 0x20000000ULL
#define VIRT_PCI_ECAM_SIZE 0x08000000ULL /* buses 0-127 */
#define VIRT_PCI_IO_BASE 0x18004000ULL
#define VIRT_PCI_IO_BUS_BASE 0x4000ULL
#define VIRT_PCI_IO_SIZE 0xc000ULL
#define VIRT_PCI_MMIO_BASE 0x40000000ULL
#define VIRT_PCI_MMIO_SIZE 0x40000000ULL
#define VIRT_PCI_INTX_IRQ 16 /* INTA-D swizzle onto PCH-PIC 16-19 */

/* virtio-mmio devices in QEMU's platform-bus window, in option order. */
#define VIRT_VIRTIO_MMIO_BASE 0x16000000ULL
#define VIRT_VIRTIO_MMIO_STRIDE 0x200ULL
#define VIRT_VIRTIO_MMIO_MAX 8
#define VIRT_VIRTIO_MMIO_IRQ 20 /* device n on PCH-PIC input 20 + n */

/* The optional devices the tree describes. */
struct virt_fdt_platform {
	int has_pci;	     /* the /pcie node */
	unsigned int n_mmio; /* virtio-mmio windows 0 .. n_mmio - 1 */
};

struct virt_fdt_params {
	const struct ram_region *ram; /* RAM blocks, one /memory node each */
	size_t nram;
	unsigned int ncpus;    /* physical ids 0 .. ncpus - 1 */
	const char *bootargs;  /* NULL: no /chosen/bootargs */
	uint64_t initrd_start; /* with initrd_size 0: no initrd */
	uint64_t initrd_size;
	/* The optional devices; NULL means the PCIe host alone. */
	const struct virt_fdt_platform *platform;
};

/*
 * Writes the tree into buf (len bytes). Returns its size, or -1 with a
 * message in err when it does not fit or libfdt fails.
 */
int virt_fdt_build(const struct virt_fdt_params *p, void *buf, size_t len,
		   char *err, size_t errlen);

#endif /* LOONGVM_MACHINE_FDT_H */
