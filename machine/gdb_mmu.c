/* SPDX-License-Identifier: MIT */
/*
 * The software walk of gdb_mmu.h. Entry formats follow Vol1 5.4 and
 * arch/loongarch/include/asm/pgtable-bits.h: a directory entry holds the
 * next table's address (bits above PALEN, as in Linux's 0x9000...
 * pointers, are ignored) or, with bit 6 (huge) set, maps a huge page; a
 * leaf is usable when valid (bit 0) or present (bit 7, Linux's software
 * bit, set before the first access makes it valid).
 */
#include "gdb_mmu.h"
#include "loongvm/kvm.h"

#define PALEN 48
#define PA_MASK ((1ULL << PALEN) - 1)
#define CRMD_DA (1ULL << 3)
#define CRMD_PLV 3ULL
#define PTE_V (1ULL << 0)
#define PTE_HUGE (1ULL << 6)
#define PTE_PRESENT (1ULL << 7)
#define VALEN 48

enum {
	CSR_CRMD = 0x0,
	CSR_PGDL = 0x19,
	CSR_PGDH = 0x1a,
	CSR_PWCL = 0x1c,
	CSR_PWCH = 0x1d,
	CSR_DMW0 = 0x180
};

static int get_csr(int fd, unsigned int csr, uint64_t *v)
{
	struct kvm_one_reg reg = {.id = KVM_REG_LOONGARCH_CSR |
					KVM_REG_SIZE_U64 | ((uint64_t)csr << 3),
				  .addr = (uint64_t)(uintptr_t)v};

	return kvm_ioctl(fd, KVM_GET_ONE_REG, &reg) < 0 ? -1 : 0;
}

int gdb_mmu_load(int fd, struct gdb_mmu_regs *r)
{
	unsigned int i;
	int e = 0;

	e |= get_csr(fd, CSR_CRMD, &r->crmd);
	for (i = 0; i < 4; i++)
		e |= get_csr(fd, CSR_DMW0 + i, &r->dmw[i]);
	e |= get_csr(fd, CSR_PGDL, &r->pgdl);
	e |= get_csr(fd, CSR_PGDH, &r->pgdh);
	e |= get_csr(fd, CSR_PWCL, &r->pwcl);
	e |= get_csr(fd, CSR_PWCH, &r->pwch);
	return e ? -1 : 0;
}

/* The index base and width of walk level 0 (PT) to 4 (Vol1 7.5.7-8). */
static void level_of(const struct gdb_mmu_regs *r, unsigned int level,
		     unsigned int *base, unsigned int *width)
{
	static const unsigned int shift[5] = {0, 10, 20, 0, 12};

	if (level < 3) {
		*base = (unsigned int)(r->pwcl >> shift[level]) & 0x1f;
		*width = (unsigned int)(r->pwcl >> (shift[level] + 5)) & 0x1f;
	} else {
		*base = (unsigned int)(r->pwch >> shift[level]) & 0x3f;
		*width = (unsigned int)(r->pwch >> (shift[level] + 6)) & 0x3f;
	}
}

/* pa and span of va inside a mapping of 2^bits bytes at entry's address. */
static bool map_in(uint64_t entry, unsigned int bits, uint64_t va, uint64_t *pa,
		   uint64_t *span)
{
	uint64_t size, off;

	if (bits >= 63 || !(entry & (PTE_V | PTE_PRESENT)))
		return false;
	size = 1ULL << bits;
	off = va & (size - 1);
	*pa = ((entry & PA_MASK) & ~(size - 1)) | off;
	*span = size - off;
	return true;
}

static bool walk(const struct gdb_mmu_regs *r, uint64_t va, gdb_phys_read_fn rd,
		 void *opaque, uint64_t *pa, uint64_t *span)
{
	uint64_t table = ((va >> (VALEN - 1)) & 1 ? r->pgdh : r->pgdl);
	unsigned int level, base, width;
	uint64_t entry;

	for (level = 4; level >= 1; level--) {
		level_of(r, level, &base, &width);
		if (!width)
			continue; /* a level the layout does not use */
		if (!rd(opaque,
			(table & PA_MASK & ~7ULL) +
			    8 * ((va >> base) & ((1ULL << width) - 1)),
			&entry))
			return false;
		if (entry & PTE_HUGE)
			return map_in(entry, base, va, pa, span);
		table = entry;
	}
	level_of(r, 0, &base, &width);
	if (!width || !rd(opaque,
			  (table & PA_MASK & ~7ULL) +
			      8 * ((va >> base) & ((1ULL << width) - 1)),
			  &entry))
		return false;
	return map_in(entry, base, va, pa, span);
}

bool gdb_mmu_translate(const struct gdb_mmu_regs *r, uint64_t va,
		       gdb_phys_read_fn rd, void *opaque, uint64_t *pa,
		       uint64_t *span)
{
	unsigned int i, plv = (unsigned int)(r->crmd & CRMD_PLV);
	int64_t top;

	if (r->crmd & CRMD_DA) {
		*pa = va & PA_MASK;
		*span = (1ULL << PALEN) - *pa;
		return true;
	}
	for (i = 0; i < 4; i++) {
		if ((r->dmw[i] & (1ULL << plv)) &&
		    (va >> 60) == (r->dmw[i] >> 60)) {
			*pa = va & PA_MASK;
			*span = (1ULL << PALEN) - *pa;
			return true;
		}
	}
	top = (int64_t)(va << (64 - VALEN)) >> (64 - VALEN);
	if ((uint64_t)top != va)
		return false; /* not a canonical address */
	return walk(r, va, rd, opaque, pa, span);
}
