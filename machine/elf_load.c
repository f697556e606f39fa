/* SPDX-License-Identifier: MIT */
/*
 * A defensive ELF64 loader (System V gABI, LoongArch psABI machine 258):
 * the whole file is read, then each PT_LOAD segment is bounds-checked
 * against the file and against guest RAM before any byte is copied.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_load.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

#define PHYS_MASK ((1ULL << 48) - 1)




static int check_header(const Elf64_Ehdr *eh, size_t len, char *err,
			size_t errlen)
{
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return load_fail(err, errlen, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return load_fail(err, errlen, "not a 64-bit little-endian ELF");
	if (eh->e_machine != EM_LOONGARCH)
		return load_fail(err, errlen,
			    "ELF machine %u is not LoongArch (258)",
			    eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return load_fail(err, errlen, "ELF is not an executable");
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    eh->e_phoff > len ||
	    (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
		return load_fail(err, errlen, "ELF program headers are truncated");
	return 0;
}

static int load_segment(const uint8_t *file, size_t len, const Elf64_Phdr *ph,
			const struct ram_region *ram, size_t nram,
			struct elf_image *img, char *err, size_t errlen)
{
	uint64_t pa = ph->p_paddr & PHYS_MASK;
	uint8_t *dst;

	if (ph->p_filesz > ph->p_memsz || ph->p_offset > len ||
	    ph->p_filesz > len - ph->p_offset)
		return load_fail(err, errlen, "ELF segment lies outside the file");
	dst = ram_host(ram, nram, pa, ph->p_memsz);
	if (!dst)
		return load_fail(err, errlen,
			    "ELF segment at 0x%llx (0x%llx bytes) is outside RAM",
			    (unsigned long long)pa,
			    (unsigned long long)ph->p_memsz);
	memcpy(dst, file + ph->p_offset, ph->p_filesz);
	memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
	if (pa < img->low)
		img->low = pa;
	if (pa + ph->p_memsz > img->high)
		img->high = pa + ph->p_memsz;
	return 0;
}

int elf_load(const char *path, const struct ram_region *ram, size_t nram,
	     struct elf_image *img, char *err, size_t errlen)
{
	size_t len, i, loaded = 0;
	uint8_t *file = load_file("kernel", path, UINT64_MAX, &len, err, errlen);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
	int r = -1;

	if (!file)
		return -1;
	img->low = ~0ULL;
	img->high = 0;
	if (check_header(eh, len, err, errlen))
		goto out;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, file + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (load_segment(file, len, &ph, ram, nram, img, err, errlen))
			goto out;
		loaded++;
	}
	if (!loaded) {
		load_fail(err, errlen, "ELF has nothing to load");
		goto out;
	}
	img->entry = eh->e_entry & PHYS_MASK;
	r = 0;
out:
	free(file);
	return r;
}
