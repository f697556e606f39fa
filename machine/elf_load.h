/* SPDX-License-Identifier: MIT */
/*
 * Loading an ELF64 LoongArch executable into guest RAM, with every header
 * and segment checked against the file and the RAM it must fit in.
 */
#ifndef LOONGVM_MACHINE_ELF_LOAD_H
#define LOONGVM_MACHINE_ELF_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "load_util.h"

struct elf_image {
	uint64_t entry;    /* physical entry address */
	uint64_t low, high; /* physical extent of the loaded segments */
};

/*
 * Loads path; virtual addresses are reduced to physical ones by dropping
 * the direct-map window bits (as 0x9000000000200000 becomes 0x200000).
 * On failure returns -1 with a message in err.
 */
int elf_load(const char *path, const struct ram_region *ram, size_t nram,
	     struct elf_image *img, char *err, size_t errlen);

#endif /* LOONGVM_MACHINE_ELF_LOAD_H */
