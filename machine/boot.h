/* SPDX-License-Identifier: MIT */
/*
 * Direct boot of a Linux kernel without firmware: the kernel, initrd,
 * command line, device tree and a minimal EFI system table are placed in
 * guest RAM, and the boot CPU is entered as Linux 6.12 expects
 * (Documentation/arch/loongarch/booting.rst, arch/loongarch/kernel/head.S
 * and env.c:init_environ).
 */
#ifndef LOONGVM_MACHINE_BOOT_H
#define LOONGVM_MACHINE_BOOT_H

#include <stddef.h>
#include <stdint.h>

#include "elf_load.h"

/* Low RAM below the kernel, which Linux reserves ([0, 2 MiB), mem.c). */
#define BOOT_CMDLINE_BASE 0x0ULL
#define BOOT_CMDLINE_SIZE 512 /* COMMAND_LINE_SIZE */
#define BOOT_SYSTAB_BASE 0x200ULL
#define BOOT_VENDOR_BASE 0x300ULL
#define BOOT_CFGTAB_BASE 0x400ULL
#define BOOT_INITRD_TAB_BASE 0x500ULL

struct virt_fdt_platform;

struct boot_config {
	const char *kernel;
	const char *initrd;  /* NULL: none */
	const char *cmdline; /* NULL: empty */
	const char *dtb;     /* NULL: build the board's own tree */
	unsigned int ncpus;
	/* The board's optional devices (fdt.h); NULL: the PCIe host alone. */
	const struct virt_fdt_platform *platform;
};

/* What the boot CPU starts with. */
struct boot_entry {
	uint64_t pc; /* physical; the CPU starts in direct-address mode */
	uint64_t a0, a1, a2;
};

/*
 * Loads everything into ram and fills in the entry state. On failure
 * returns -1 with a message in err.
 */
int boot_linux(const struct boot_config *cfg, const struct ram_region *ram,
	       size_t nram, struct boot_entry *entry, char *err, size_t errlen);

/* Writes the device tree that boot_linux placed in ram to path. */
int boot_dump_dtb(const struct ram_region *ram, size_t nram, const char *path,
		  char *err, size_t errlen);

#endif /* LOONGVM_MACHINE_BOOT_H */
