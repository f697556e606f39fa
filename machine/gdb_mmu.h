/* SPDX-License-Identifier: MIT */
/*
 * Guest virtual to guest physical, for the GDB stub's memory packets. The
 * VMM cannot ask the CPU (KVM_TRANSLATE is EINVAL on LoongArch), so it
 * walks like the hardware would from the vCPU's CSRs: direct address
 * mode, the direct mapping windows, then the page tables that PGDL/PGDH
 * point to, with the level layout in PWCL/PWCH (LoongArch Vol1 5.2, 7.5).
 * Mappings that live only in the TLB are not found.
 */
#ifndef LOONGVM_MACHINE_GDB_MMU_H
#define LOONGVM_MACHINE_GDB_MMU_H

#include <stdbool.h>
#include <stdint.h>

/* The CSRs a translation looks at. */
struct gdb_mmu_regs {
	uint64_t crmd, dmw[4], pgdl, pgdh, pwcl, pwch;
};

/* Reads the 8 bytes at guest-physical pa; false where there is no RAM. */
typedef bool (*gdb_phys_read_fn)(void *opaque, uint64_t pa, uint64_t *val);

/* Reads the CSRs of the vCPU fd with KVM_GET_ONE_REG; 0 or -1. */
int gdb_mmu_load(int vcpu_fd, struct gdb_mmu_regs *r);

/*
 * Translates va; on success sets *pa and *span (bytes from va to the end
 * of its page or window, at least 1) and returns true.
 */
bool gdb_mmu_translate(const struct gdb_mmu_regs *r, uint64_t va,
		       gdb_phys_read_fn rd, void *opaque, uint64_t *pa,
		       uint64_t *span);

#endif /* LOONGVM_MACHINE_GDB_MMU_H */
