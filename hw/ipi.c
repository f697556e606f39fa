/* SPDX-License-Identifier: MIT */
/*
 * IOCSR IPI and mailbox registers (Loongson 3A5000 user manual, "inter-
 * processor interrupts and communication"; register numbers and send
 * formats from Linux arch/loongarch/include/asm/loongarch.h):
 *   - STATUS (RO), EN (RW), SET and CLEAR (write-only, 1s act);
 *   - MBUF0-3, 64-bit, also accessible as 32-bit halves;
 *   - IPI_SEND: vector [4:0], target cpu [25:16] (bit 31 "blocking" is
 *     meaningless here, as every write completes at once);
 *   - MAIL_SEND: half-mailbox index [4:2] (box * 2 + 1 for the high half),
 *     target cpu [25:16], 32 bits of data [63:32];
 *   - ANY_SEND: IOCSR address [15:0], target cpu [25:16], byte-keep mask
 *     [30:27] (a set bit keeps that byte), 32 bits of data [63:32]; the
 *     write lands on whatever device of the bus decodes that address, in
 *     the target CPU's view (Linux uses it for EIOINTC ROUTE and ENABLE).
 */
#include <string.h>

#include "ipi.h"

void ipi_init(struct ipi *ipi, unsigned int ncpus, const struct irq_sink *sink,
	      struct bus *bus)
{
	memset(ipi, 0, sizeof(*ipi));
	ipi->ncpus = ncpus < IPI_MAX_CPUS ? ncpus : IPI_MAX_CPUS;
	ipi->sink = sink;
	ipi->bus = bus;
}

void ipi_set_wake(struct ipi *ipi,
		  void (*wake)(void *opaque, unsigned int cpu,
			       enum ipi_event ev),
		  void *opaque)
{
	ipi->wake = wake;
	ipi->wake_opaque = opaque;
}

uint64_t ipi_mailbox(struct ipi *ipi, unsigned int cpu, unsigned int box)
{
	if (cpu >= ipi->ncpus || box >= 4)
		return 0;
	return ipi->cpu[cpu].mbuf[box];
}

static void wake(struct ipi *ipi, unsigned int cpu, enum ipi_event ev)
{
	if (ipi->wake)
		ipi->wake(ipi->wake_opaque, cpu, ev);
}

static void update(struct ipi *ipi, unsigned int cpu)
{
	struct ipi_cpu *c = &ipi->cpu[cpu];
	bool level = (c->status & c->en) != 0;

	if (level != c->line) {
		c->line = level;
		irq_set(ipi->sink, IPI_CPU_PIN(cpu), level);
	}
}

static void send_ipi(struct ipi *ipi, unsigned int cpu, unsigned int vector)
{
	if (cpu >= ipi->ncpus)
		return;
	ipi->cpu[cpu].status |= 1U << vector;
	update(ipi, cpu);
	wake(ipi, cpu, IPI_WAKE_IPI);
}

/* Writes 32 bits at byte offset off (4-aligned) of a CPU's mailboxes. */
static void write_mbuf32(struct ipi *ipi, unsigned int cpu, unsigned int off,
			 uint32_t data)
{
	uint64_t *box = &ipi->cpu[cpu].mbuf[off / 8];
	unsigned int shift = (off & 4) * 8;

	*box = (*box & ~(0xffffffffULL << shift)) | (uint64_t)data << shift;
}

static void mail_send(struct ipi *ipi, uint64_t val)
{
	unsigned int half = (val >> 2) & 7;
	unsigned int cpu = (val >> 16) & 0x3ff;

	if (cpu >= ipi->ncpus)
		return;
	write_mbuf32(ipi, cpu, half * 4, (uint32_t)(val >> 32));
	if (half < 2)
		wake(ipi, cpu, IPI_WAKE_MBUF0);
}

/*
 * The bus lock is already held by the access that got here, so the
 * target region is looked up and called directly. A nested ANY_SEND
 * (an ANY_SEND aimed at ANY_SEND) is dropped.
 */
static void any_send(struct ipi *ipi, uint64_t val)
{
	uint64_t addr = val & 0xffff;
	unsigned int cpu = (val >> 16) & 0x3ff;
	unsigned int keep = (val >> 27) & 0xf;
	uint32_t data = (uint32_t)(val >> 32);
	const struct bus_region *r = NULL;
	uint32_t old = 0, mask = 0;
	unsigned int i;

	if (!ipi->bus || ipi->any_depth || cpu >= ipi->ncpus || (addr & 3))
		return;
	for (i = 0; i < ipi->bus->count && i < BUS_MAX_REGIONS; i++) {
		const struct bus_region *c = &ipi->bus->regions[i];

		if (addr >= c->base && addr - c->base < c->size &&
		    c->size - (addr - c->base) >= 4)
			r = c;
	}
	if (!r || !r->ops->write)
		return;
	for (i = 0; i < 4; i++)
		if (keep & (1U << i))
			mask |= 0xffU << (i * 8);
	ipi->any_depth++;
	if (mask && r->ops->read)
		old = (uint32_t)r->ops->read(r->opaque, cpu, addr - r->base, 4);
	r->ops->write(r->opaque, cpu, addr - r->base, 4,
		      (old & mask) | (data & ~mask));
	ipi->any_depth--;
}

static uint64_t ipi_read(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size)
{
	struct ipi *ipi = opaque;
	uint64_t reg = IPI_BASE + off;
	struct ipi_cpu *c;

	if (cpu >= ipi->ncpus || (off & (size - 1)))
		return 0;
	c = &ipi->cpu[cpu];
	if (reg >= IPI_MBUF0 && reg < IPI_MBUF_END && size >= 4) {
		uint64_t v = c->mbuf[(reg - IPI_MBUF0) / 8];

		return size == 8 ? v : (uint32_t)(v >> ((reg & 4) * 8));
	}
	if (size != 4)
		return 0;
	switch (reg) {
	case IPI_STATUS:
		return c->status;
	case IPI_EN:
		return c->en;
	default:
		return 0; /* SET, CLEAR and the send registers read as 0 */
	}
}

static void ipi_write(void *opaque, unsigned int cpu, uint64_t off,
		      unsigned int size, uint64_t val)
{
	struct ipi *ipi = opaque;
	uint64_t reg = IPI_BASE + off;
	struct ipi_cpu *c;

	if (cpu >= ipi->ncpus || size < 4 || (off & (size - 1)))
		return;
	c = &ipi->cpu[cpu];
	if (reg >= IPI_MBUF0 && reg < IPI_MBUF_END) {
		unsigned int boff = (unsigned int)(reg - IPI_MBUF0);

		write_mbuf32(ipi, cpu, boff, (uint32_t)val);
		if (size == 8)
			write_mbuf32(ipi, cpu, boff + 4, (uint32_t)(val >> 32));
		if (boff < 8)
			wake(ipi, cpu, IPI_WAKE_MBUF0);
		return;
	}
	switch (reg) {
	case IPI_EN:
		if (size == 4) {
			c->en = (uint32_t)val;
			update(ipi, cpu);
		}
		break;
	case IPI_SET:
		if (size == 4) {
			c->status |= (uint32_t)val;
			update(ipi, cpu);
			if (val)
				wake(ipi, cpu, IPI_WAKE_IPI);
		}
		break;
	case IPI_CLEAR:
		if (size == 4) {
			c->status &= ~(uint32_t)val;
			update(ipi, cpu);
		}
		break;
	case IPI_SEND:
		send_ipi(ipi, (val >> 16) & 0x3ff, val & 0x1f);
		break;
	case IPI_MAIL_SEND:
		if (size == 8)
			mail_send(ipi, val);
		break;
	case IPI_ANY_SEND:
		if (size == 8)
			any_send(ipi, val);
		break;
	default:
		break;
	}
}

const struct bus_ops ipi_ops = { ipi_read, ipi_write };
