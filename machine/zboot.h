/* SPDX-License-Identifier: MIT */
/*
 * Linux EFI kernel images without an ELF header: the compressed EFI zboot
 * image (vmlinuz.efi, a gzip or zstd payload behind a small PE stub) and
 * the raw vmlinux.efi PE image it contains. Distributions ship these, so
 * loongvm loads them the way the EFI stub would place the kernel.
 */
#ifndef LOONGVM_MACHINE_ZBOOT_H
#define LOONGVM_MACHINE_ZBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "elf_load.h"

/* True when buf starts with the zboot header ("MZ" ... "zimg"). */
bool zboot_detect(const uint8_t *buf, size_t len);

/*
 * Decompresses a zboot image's payload into a new buffer (*out, free it)
 * of *outlen bytes, at most max; -1 with a message in err.
 */
int zboot_extract(const uint8_t *buf, size_t len, uint64_t max,
		  uint8_t **out, size_t *outlen, char *err, size_t errlen);

/* True when buf starts with the LoongArch Linux PE header (vmlinux.efi). */
bool pe_kernel_detect(const uint8_t *buf, size_t len);

/*
 * Copies a vmlinux.efi image to its load offset in RAM, zeroes the rest of
 * its in-memory size, and reports its physical entry and extent.
 */
int pe_kernel_load(const uint8_t *buf, size_t len,
		   const struct ram_region *ram, size_t nram,
		   struct elf_image *img, char *err, size_t errlen);

/*
 * Loads path when it is a zboot or vmlinux.efi image; returns 1 when it
 * is neither (the caller reports), 0 when loaded, -1 on an error.
 */
int efi_kernel_load(const char *path, const struct ram_region *ram,
		    size_t nram, struct elf_image *img, char *err,
		    size_t errlen);

#endif /* LOONGVM_MACHINE_ZBOOT_H */
