/* SPDX-License-Identifier: MIT */
/*
 * Register values of the chip-configuration IOCSRs. Every register is a
 * 64-bit word; narrower naturally aligned accesses see its bytes in
 * little-endian order, as iocsrrd.{b,h,w} do on hardware. Everything but
 * MISC_FUNC is read-only, and MISC_FUNC always reads EXT_IOI_EN set
 * because the EIOINTC is the only interrupt path this board has.
 */
#include "iocsr_misc.h"

#define IOCSR_VERSION_VAL 0x11 /* QEMU hw/loongarch/virt.c */
#define IOCSR_VENDOR_VAL 0x6e6f73676e6f6f4cULL /* "Loongson" */
#define IOCSR_CPUNAME_VAL 0x303030354133ULL /* "3A5000" */

void iocsr_misc_init(struct iocsr_misc *m)
{
	m->misc_func = 0;
}

static uint64_t reg_value(const struct iocsr_misc *m, uint64_t reg)
{
	switch (reg) {
	case IOCSR_VERSION:
		return IOCSR_VERSION_VAL;
	case IOCSR_FEATURES:
		return IOCSRF_MSI | IOCSRF_EXTIOI | IOCSRF_CSRIPI;
	case IOCSR_VENDOR:
		return IOCSR_VENDOR_VAL;
	case IOCSR_CPUNAME:
		return IOCSR_CPUNAME_VAL;
	case IOCSR_MISC_FUNC:
		return m->misc_func | IOCSR_MISC_FUNC_EXT_IOI_EN;
	default:
		return 0;
	}
}

static uint64_t size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static uint64_t misc_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	unsigned int shift = (off & 7) * 8;

	(void)cpu;
	if (off & (size - 1))
		return 0;
	return (reg_value(opaque, off & ~7ULL) >> shift) & size_mask(size);
}

static void misc_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct iocsr_misc *m = opaque;
	unsigned int shift = (off & 7) * 8;
	uint64_t mask = size_mask(size) << shift;

	(void)cpu;
	if ((off & (size - 1)) || (off & ~7ULL) != IOCSR_MISC_FUNC)
		return;
	m->misc_func = (m->misc_func & ~mask) | ((val << shift) & mask);
}

const struct bus_ops iocsr_misc_ops = { misc_read, misc_write };
