/* SPDX-License-Identifier: MIT */
/*
 * Firmware-free Linux boot. Linux 6.12 takes a0 = EFI boot flag, a1 = the
 * command line's physical address and a2 = an EFI system table's
 * (arch/loongarch/kernel/env.c). Without a system table efi_init() finds
 * no device tree and the kernel stays silent, so, as QEMU's LoongArch
 * direct boot does, we fabricate one whose configuration tables point at
 * the device tree and the initrd (arch/loongarch/kernel/efi.c,
 * drivers/firmware/efi/efi.c:efi_config_parse_tables). Everything but the
 * initrd lives in [0, 2 MiB), which the kernel reserves (mem.c).
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "fdt.h"
#include "zboot.h"

#define SZ_64K 0x10000ULL

/* efi_system_table_64_t (include/linux/efi.h): 120 bytes. */
#define EFI_SYSTAB_SIGNATURE 0x5453595320494249ULL /* "IBI SYST" */
#define EFI_SYSTAB_REVISION ((2U << 16) | 100U)     /* 2.100 */
#define SYSTAB_SIZE 120
#define SYSTAB_FW_VENDOR 24
#define SYSTAB_NR_TABLES 104
#define SYSTAB_TABLES 112
#define CFGTAB_ENTRY 24 /* efi_config_table_64_t: guid, u64 table */

/* efi_guid_t byte order: the first three fields little-endian. */
#define GUID(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)                      \
	{ (a) & 0xff, ((a) >> 8) & 0xff, ((a) >> 16) & 0xff, (a) >> 24,     \
	  (b) & 0xff, (b) >> 8, (c) & 0xff, (c) >> 8, d0, d1, d2, d3, d4, d5, \
	  d6, d7 }

static const uint8_t device_tree_guid[16] = GUID(
	0xb1b621d5U, 0xf19cU, 0x41a5U, 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69,
	0xaa, 0xe0);
static const uint8_t initrd_media_guid[16] = GUID(
	0x5568e427U, 0x68fcU, 0x4f3dU, 0xac, 0x74, 0xca, 0x55, 0x52, 0x31,
	0xcc, 0x68);

_Static_assert(BOOT_SYSTAB_BASE >= BOOT_CMDLINE_BASE + BOOT_CMDLINE_SIZE &&
		       BOOT_VENDOR_BASE >= BOOT_SYSTAB_BASE + SYSTAB_SIZE &&
		       BOOT_CFGTAB_BASE >= BOOT_VENDOR_BASE + 32 &&
		       BOOT_INITRD_TAB_BASE >= BOOT_CFGTAB_BASE +
						       2 * CFGTAB_ENTRY &&
		       BOOT_INITRD_TAB_BASE + 16 <= VIRT_FDT_BASE,
	       "the boot tables overlap");



static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}


static uint64_t ram_total(const struct ram_region *ram, size_t nram)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < nram; i++)
		sum += ram[i].size;
	return sum;
}

/* An ELF vmlinux first, else an EFI zboot or vmlinux.efi image. */
static int load_image(const char *path, const struct ram_region *ram,
		      size_t nram, struct elf_image *img, char *msg,
		      size_t len)
{
	int r = elf_load(path, ram, nram, img, msg, len);

	if (r && !strcmp(msg, "not an ELF file")) {
		r = efi_kernel_load(path, ram, nram, img, msg, len);
		if (r > 0)
			load_fail(msg, len, "not an ELF, EFI zboot or "
				  "vmlinux.efi kernel image");
	}
	return r ? -1 : 0;
}

static int load_kernel(const struct boot_config *cfg,
		       const struct ram_region *ram, size_t nram,
		       struct elf_image *img, char *err, size_t errlen)
{
	/* Room for the kernel's early allocations past its image. */
	const uint64_t slack = 32ULL << 20;
	char msg[256];

	if (load_image(cfg->kernel, ram, nram, img, msg, sizeof(msg))) {
		if (strstr(msg, "outside RAM"))
			return load_fail(err, errlen,
				    "%s: %s: -m %llu MiB is too small for it",
				    cfg->kernel, msg,
				    (unsigned long long)(ram_total(ram, nram) >>
							 20));
		return load_fail(err, errlen, "%s: %s", cfg->kernel, msg);
	}
	if (img->low < VIRT_FDT_BASE + VIRT_FDT_MAX_SIZE)
		return load_fail(err, errlen,
			    "%s: the kernel loads at 0x%llx, over the boot "
			    "tables and device tree below 0x%llx",
			    cfg->kernel, (unsigned long long)img->low,
			    (unsigned long long)(VIRT_FDT_BASE +
						 VIRT_FDT_MAX_SIZE));
	if (!ram_host(ram, nram, img->low, img->high - img->low + slack))
		return load_fail(err, errlen,
			    "-m %llu MiB is too small: this kernel needs "
			    "RAM up to 0x%llx (at least %llu MiB)",
			    (unsigned long long)(ram_total(ram, nram) >> 20),
			    (unsigned long long)(img->high + slack),
			    (unsigned long long)((img->high + slack +
						  (1ULL << 20) - 1) >>
						 20));
	return 0;
}

/*
 * Puts the initrd high above the kernel in low RAM, leaving the kernel
 * room to grow as QEMU does (four times its size), else at the start of
 * the RAM above 4 GiB's first half.
 */
static int load_initrd(const struct boot_config *cfg,
		       const struct ram_region *ram, size_t nram,
		       const struct elf_image *img, uint64_t *base,
		       uint64_t *size, char *err, size_t errlen)
{
	uint64_t ksize = img->high - img->low, best = 0, start;
	uint8_t *buf, *dst = NULL;
	size_t len, i;

	for (i = 0; i < nram; i++)
		if (ram[i].size > best)
			best = ram[i].size;
	buf = load_file("initrd", cfg->initrd, best, &len, err, errlen);
	if (!buf)
		return -1;
	start = (img->high + 4 * ksize + SZ_64K - 1) & ~(SZ_64K - 1);
	for (i = 0; i < nram && !dst; i++) {
		uint64_t at = ram[i].gpa;

		if (img->high > ram[i].gpa &&
		    img->high <= ram[i].gpa + ram[i].size)
			at = start;
		dst = ram_host(ram, nram, at, len);
		if (dst)
			*base = at;
	}
	if (!dst) {
		free(buf);
		return load_fail(err, errlen,
			    "initrd '%s' (%zu bytes) does not fit in RAM "
			    "beside the kernel: raise -m (now %llu MiB)",
			    cfg->initrd, len,
			    (unsigned long long)(ram_total(ram, nram) >> 20));
	}
	memcpy(dst, buf, len);
	free(buf);
	*size = len;
	return 0;
}

static int place_dtb(const struct boot_config *cfg, uint8_t *dst,
		     const struct virt_fdt_params *fp, char *err,
		     size_t errlen)
{
	uint8_t *buf;
	size_t len;

	if (!cfg->dtb)
		return virt_fdt_build(fp, dst, VIRT_FDT_MAX_SIZE, err, errlen) <
			       0 ?
			       -1 :
			       0;
	buf = load_file("device tree", cfg->dtb, VIRT_FDT_MAX_SIZE, &len, err,
		    errlen);
	if (!buf)
		return -1;
	if (len < FDT_V17_SIZE || fdt_check_header(buf) ||
	    fdt_totalsize(buf) > len) {
		free(buf);
		return load_fail(err, errlen, "'%s' is not a valid device tree blob",
			    cfg->dtb);
	}
	memcpy(dst, buf, len);
	free(buf);
	return 0;
}

/* The system table, its vendor string and configuration tables. */
static void build_systab(uint8_t *low, uint64_t initrd_base,
			 uint64_t initrd_size)
{
	static const char vendor[] = "loongvm";
	uint8_t *st = low + BOOT_SYSTAB_BASE, *ct = low + BOOT_CFGTAB_BASE;
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < sizeof(vendor); i++) /* UCS-2 */
		low[BOOT_VENDOR_BASE + 2 * i] = (uint8_t)vendor[i];
	put64(st, EFI_SYSTAB_SIGNATURE);
	put32(st + 8, EFI_SYSTAB_REVISION);
	put32(st + 12, SYSTAB_SIZE);
	put64(st + SYSTAB_FW_VENDOR, BOOT_VENDOR_BASE);
	/* Console handles, runtime and boot services stay 0: none. */
	memcpy(ct, device_tree_guid, 16);
	put64(ct + 16, VIRT_FDT_BASE);
	n++;
	if (initrd_size) {
		memcpy(ct + CFGTAB_ENTRY, initrd_media_guid, 16);
		put64(ct + CFGTAB_ENTRY + 16, BOOT_INITRD_TAB_BASE);
		put64(low + BOOT_INITRD_TAB_BASE, initrd_base);
		put64(low + BOOT_INITRD_TAB_BASE + 8, initrd_size);
		n++;
	}
	put64(st + SYSTAB_NR_TABLES, n);
	put64(st + SYSTAB_TABLES, BOOT_CFGTAB_BASE);
}

int boot_linux(const struct boot_config *cfg, const struct ram_region *ram,
	       size_t nram, struct boot_entry *entry, char *err,
	       size_t errlen)
{
	const char *cmdline = cfg->cmdline ? cfg->cmdline : "";
	uint8_t *low = ram_host(ram, nram, 0, VIRT_FDT_BASE + VIRT_FDT_MAX_SIZE);
	struct virt_fdt_params fp = {
		.ram = ram,
		.nram = nram,
		.ncpus = cfg->ncpus ? cfg->ncpus : 1,
		.bootargs = cmdline[0] ? cmdline : NULL,
		.platform = cfg->platform,
	};
	struct elf_image img;

	if (!low)
		return load_fail(err, errlen, "no RAM at 0 for the boot tables");
	if (strlen(cmdline) >= BOOT_CMDLINE_SIZE)
		return load_fail(err, errlen,
			    "the command line is %zu bytes; Linux takes at "
			    "most %d",
			    strlen(cmdline), BOOT_CMDLINE_SIZE - 1);
	if (load_kernel(cfg, ram, nram, &img, err, errlen))
		return -1;
	if (cfg->initrd &&
	    load_initrd(cfg, ram, nram, &img, &fp.initrd_start,
			&fp.initrd_size, err, errlen))
		return -1;
	memset(low, 0, VIRT_FDT_BASE + VIRT_FDT_MAX_SIZE);
	memcpy(low + BOOT_CMDLINE_BASE, cmdline, strlen(cmdline) + 1);
	if (place_dtb(cfg, low + VIRT_FDT_BASE, &fp, err, errlen))
		return -1;
	build_systab(low, fp.initrd_start, fp.initrd_size);
	*entry = (struct boot_entry){
		.pc = img.entry,
		.a0 = 1,
		.a1 = BOOT_CMDLINE_BASE,
		.a2 = BOOT_SYSTAB_BASE,
	};
	return 0;
}

int boot_dump_dtb(const struct ram_region *ram, size_t nram,
		  const char *path, char *err, size_t errlen)
{
	const uint8_t *fdt = ram_host(ram, nram, VIRT_FDT_BASE,
				     VIRT_FDT_MAX_SIZE);
	FILE *f;
	int bad;

	if (!fdt || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > VIRT_FDT_MAX_SIZE)
		return load_fail(err, errlen, "no device tree to dump");
	f = fopen(path, "wb");
	if (!f)
		return load_fail(err, errlen, "cannot create '%s': %s", path,
			    strerror(errno));
	bad = fwrite(fdt, 1, fdt_totalsize(fdt), f) != fdt_totalsize(fdt);
	bad |= fclose(f) != 0;
	if (bad)
		return load_fail(err, errlen, "cannot write '%s'", path);
	return 0;
}
