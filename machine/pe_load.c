/* SPDX-License-Identifier: MIT */
/*
 * Loading the LoongArch Linux EFI image (vmlinux.efi), whether given
 * directly or unpacked from a zboot image. Its first 64 bytes are the
 * header of arch/loongarch/kernel/head.S: "MZ", the physical kernel entry
 * at 8, the in-memory image size at 0x10, the load offset from the start
 * of RAM at 0x18 and the LoongArch Linux PE magic at 0x38. Without EFI
 * firmware the image is simply copied to that offset and entered there.
 */
#include <stdlib.h>
#include <string.h>

#include "zboot.h"

#define PE_ENTRY 0x08
#define PE_ASIZE 0x10
#define PE_LOAD 0x18
#define PE_MAGIC_OFF 0x38
#define LINUX_PE_MAGIC 0x818223cdU
#define PE_HDR_SIZE 0x40
#define PHYS_MASK ((1ULL << 48) - 1)

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

bool pe_kernel_detect(const uint8_t *buf, size_t len)
{
	return len >= PE_HDR_SIZE && buf[0] == 'M' && buf[1] == 'Z' &&
	       (uint32_t)get64(buf + PE_MAGIC_OFF) == LINUX_PE_MAGIC;
}

int pe_kernel_load(const uint8_t *buf, size_t len,
		   const struct ram_region *ram, size_t nram,
		   struct elf_image *img, char *err, size_t errlen)
{
	uint64_t entry = get64(buf + PE_ENTRY) & PHYS_MASK;
	uint64_t asize = get64(buf + PE_ASIZE), load = get64(buf + PE_LOAD);
	uint64_t size = asize > len ? asize : len;
	uint8_t *dst;

	if (!pe_kernel_detect(buf, len))
		return load_fail(err, errlen, "not a LoongArch Linux EFI image");
	if (load > PHYS_MASK || size > PHYS_MASK - load ||
	    entry < load || entry >= load + size)
		return load_fail(err, errlen,
				 "EFI image header is corrupt: entry 0x%llx, "
				 "load offset 0x%llx, size 0x%llx",
				 (unsigned long long)entry,
				 (unsigned long long)load,
				 (unsigned long long)asize);
	dst = ram_host(ram, nram, load, size);
	if (!dst)
		return load_fail(err, errlen,
				 "EFI image at 0x%llx (0x%llx bytes) is outside "
				 "RAM",
				 (unsigned long long)load,
				 (unsigned long long)size);
	memcpy(dst, buf, len);
	memset(dst + len, 0, size - len);
	*img = (struct elf_image){ entry, load, load + size };
	return 0;
}

static uint64_t ram_size(const struct ram_region *ram, size_t nram)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < nram; i++)
		sum += ram[i].size;
	return sum;
}

int efi_kernel_load(const char *path, const struct ram_region *ram,
		    size_t nram, struct elf_image *img, char *err,
		    size_t errlen)
{
	uint64_t max = ram_size(ram, nram);
	uint8_t *file, *raw = NULL;
	size_t len, rawlen;
	int r = 1;

	file = load_file("kernel", path, max, &len, err, errlen);
	if (!file)
		return -1;
	if (zboot_detect(file, len)) {
		r = zboot_extract(file, len, max, &raw, &rawlen, err, errlen);
		if (!r)
			r = pe_kernel_load(raw, rawlen, ram, nram, img, err,
					   errlen);
		free(raw);
	} else if (pe_kernel_detect(file, len)) {
		r = pe_kernel_load(file, len, ram, nram, img, err, errlen);
	}
	free(file);
	return r;
}
