/* SPDX-License-Identifier: MIT */
/*
 * PCH-MSI doorbell: a 32-bit write at offset 0 (or a 64-bit one, whose low
 * half is the message data) raises the EIOINTC input it names; see
 * pch_msi.h for the delivery convention. Reads return zero; other sizes,
 * offsets and vectors beyond the EIOINTC are ignored.
 */
#include "pch_msi.h"

void pch_msi_init(struct pch_msi *m, const struct irq_sink *out)
{
	m->out = out;
}

void pch_msi_raise(struct pch_msi *m, uint32_t vector)
{
	if (vector >= PCH_MSI_VECTORS)
		return;
	irq_set(m->out, vector, true);
}

static uint64_t pch_msi_read(void *opaque, unsigned int cpu, uint64_t off,
			     unsigned int size)
{
	(void)opaque;
	(void)cpu;
	(void)off;
	(void)size;
	return 0;
}

static void pch_msi_write(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size, uint64_t val)
{
	(void)cpu;
	if (off != 0 || (size != 4 && size != 8))
		return;
	pch_msi_raise(opaque, (uint32_t)val);
}

const struct bus_ops pch_msi_ops = {pch_msi_read, pch_msi_write};
