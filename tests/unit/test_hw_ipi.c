/* SPDX-License-Identifier: MIT */
/*
 * The IOCSR IPI block and the misc IOCSRs, driven through bus_access as
 * different CPUs: SET/CLEAR/EN and the IPI line, IPI_SEND, MAIL_SEND in
 * two halves as Linux csr_mail_send does (arch/loongarch/kernel/smp.c),
 * the wake hook, ANY_SEND, and bad sizes and alignments.
 */
#include <stdio.h>

#include "../../hw/bus.h"
#include "../../hw/iocsr_misc.h"
#include "../../hw/ipi.h"

#include "expect.h"

static int line[1024], calls;
static unsigned int woken[8], mbuf_events[8];

static void rec_set(void *opaque, unsigned int pin, bool level)
{
	(void)opaque;
	line[pin] = level;
	calls++;
}

static void rec_wake(void *opaque, unsigned int cpu, enum ipi_event ev)
{
	(void)opaque;
	if (ev == IPI_WAKE_IPI)
		woken[cpu]++;
	else
		mbuf_events[cpu]++;
}

static uint64_t rd(struct bus *b, unsigned int cpu, uint64_t a,
		   unsigned int size)
{
	uint64_t v = 0xdead;

	bus_access(b, cpu, a, size, false, &v);
	return v;
}

static void wr(struct bus *b, unsigned int cpu, uint64_t a, unsigned int size,
	       uint64_t v)
{
	bus_access(b, cpu, a, size, true, &v);
}

static const struct irq_sink sink = { rec_set, NULL };

static void mail_send(struct bus *b, unsigned int from, uint64_t data,
		      unsigned int cpu, unsigned int box)
{
	uint64_t hi = 1ULL << 31 | (uint64_t)(box * 2 + 1) << 2 |
		      (uint64_t)cpu << 16 | (data & 0xffffffff00000000ULL);
	uint64_t lo = 1ULL << 31 | (uint64_t)(box * 2) << 2 |
		      (uint64_t)cpu << 16 | data << 32;

	wr(b, from, IPI_MAIL_SEND, 8, hi);
	wr(b, from, IPI_MAIL_SEND, 8, lo);
}

int main(void)
{
	static struct ipi ipi;
	static struct iocsr_misc misc;
	struct bus bus;

	bus_init(&bus);
	ipi_init(&ipi, 4, &sink, &bus);
	ipi_set_wake(&ipi, rec_wake, NULL);
	iocsr_misc_init(&misc);
	EXPECT(bus_add(&bus, "misc", IOCSR_MISC_BASE, IOCSR_MISC_SIZE,
		       &iocsr_misc_ops, &misc) == 0);
	EXPECT(bus_add(&bus, "ipi", IPI_BASE, IPI_SIZE, &ipi_ops, &ipi) == 0);

	/* misc: cpu-probe.c values and MISC_FUNC */
	EXPECT(rd(&bus, 0, 0x8, 8) == 0x1c);
	EXPECT(rd(&bus, 1, 0x10, 8) == 0x6e6f73676e6f6f4cULL);
	EXPECT(rd(&bus, 0, 0x20, 8) == 0x303030354133ULL);
	EXPECT(rd(&bus, 0, 0x24, 4) == 0x3030);
	EXPECT(rd(&bus, 0, 0x21, 4) == 0); /* misaligned */
	EXPECT(rd(&bus, 0, 0x420, 8) == 1ULL << 48);
	wr(&bus, 0, 0x420, 8, 1ULL << 10);
	EXPECT(rd(&bus, 0, 0x420, 8) == (1ULL << 48 | 1ULL << 10));
	wr(&bus, 0, 0x8, 8, 0);
	EXPECT(rd(&bus, 0, 0x8, 8) == 0x1c);

	/* SET raises STATUS; the line follows STATUS & EN */
	wr(&bus, 1, IPI_SET, 4, 0x5);
	EXPECT(rd(&bus, 1, IPI_STATUS, 4) == 0x5);
	EXPECT(rd(&bus, 0, IPI_STATUS, 4) == 0);
	EXPECT(calls == 0 && !line[IPI_CPU_PIN(1)]);
	wr(&bus, 1, IPI_EN, 4, 0xffffffff);
	EXPECT(rd(&bus, 1, IPI_EN, 4) == 0xffffffff);
	EXPECT(line[IPI_CPU_PIN(1)] && calls == 1);
	wr(&bus, 1, IPI_CLEAR, 4, 0x1);
	EXPECT(rd(&bus, 1, IPI_STATUS, 4) == 0x4 && line[IPI_CPU_PIN(1)]);
	wr(&bus, 1, IPI_CLEAR, 4, 0x4);
	EXPECT(!line[IPI_CPU_PIN(1)] && calls == 2);
	EXPECT(line[CPU_IRQ_PIN(1, 12)] == 0 && IPI_CPU_PIN(1) == 0x1c);

	/* IPI_SEND from cpu 0 to cpu 2, vector 3 */
	wr(&bus, 2, IPI_EN, 4, 0x8);
	wr(&bus, 0, IPI_SEND, 4, 1U << 31 | 2U << 16 | 3);
	EXPECT(rd(&bus, 2, IPI_STATUS, 4) == 0x8);
	EXPECT(line[IPI_CPU_PIN(2)] && woken[2] == 1);
	EXPECT(!line[IPI_CPU_PIN(0)]);
	wr(&bus, 0, IPI_SEND, 4, 3U << 16 | 4); /* masked on cpu 3 */
	EXPECT(rd(&bus, 3, IPI_STATUS, 4) == 0x10 && !line[IPI_CPU_PIN(3)]);
	wr(&bus, 0, IPI_SEND, 4, 9U << 16 | 4); /* no such cpu */
	wr(&bus, 2, IPI_CLEAR, 4, rd(&bus, 2, IPI_STATUS, 4));
	EXPECT(!line[IPI_CPU_PIN(2)]);

	/* MAIL_SEND in two halves, as csr_mail_send */
	mail_send(&bus, 0, 0x123456789abcdef0ULL, 3, 0);
	EXPECT(ipi_mailbox(&ipi, 3, 0) == 0x123456789abcdef0ULL);
	EXPECT(rd(&bus, 3, IPI_MBUF0, 8) == 0x123456789abcdef0ULL);
	EXPECT(rd(&bus, 3, IPI_MBUF0, 4) == 0x9abcdef0);
	EXPECT(rd(&bus, 3, IPI_MBUF0 + 4, 4) == 0x12345678);
	EXPECT(rd(&bus, 0, IPI_MBUF0, 8) == 0);
	EXPECT(mbuf_events[3] == 2);
	mail_send(&bus, 1, 0x1122334455667788ULL, 2, 3);
	EXPECT(ipi_mailbox(&ipi, 2, 3) == 0x1122334455667788ULL);
	EXPECT(rd(&bus, 2, 0x1038, 8) == 0x1122334455667788ULL);
	EXPECT(mbuf_events[2] == 0);
	EXPECT(ipi_mailbox(&ipi, 9, 0) == 0 && ipi_mailbox(&ipi, 0, 4) == 0);
	/* a CPU's own MBUF writes */
	wr(&bus, 1, 0x1028, 8, 0xabcdULL << 32 | 0x1234);
	EXPECT(ipi_mailbox(&ipi, 1, 1) == (0xabcdULL << 32 | 0x1234));
	wr(&bus, 1, 0x1020, 4, 0x200000);
	EXPECT(ipi_mailbox(&ipi, 1, 0) == 0x200000 && mbuf_events[1] == 1);

	/* ANY_SEND: write cpu 2's IPI_EN keeping bytes 1-3 (mask bits) */
	wr(&bus, 2, IPI_EN, 4, 0x11223344);
	wr(&bus, 0, IPI_ANY_SEND, 8,
	   1ULL << 31 | IPI_EN | 2ULL << 16 | 0xeULL << 27 | 0xaabbccddULL << 32);
	EXPECT(rd(&bus, 2, IPI_EN, 4) == 0x112233dd);
	wr(&bus, 0, IPI_ANY_SEND, 8, IPI_EN | 2ULL << 16 | 0x55ULL << 32);
	EXPECT(rd(&bus, 2, IPI_EN, 4) == 0x55);
	/* nested and bogus ANY_SENDs are dropped */
	wr(&bus, 0, IPI_ANY_SEND, 8, IPI_ANY_SEND | 0x1234ULL << 32);
	wr(&bus, 0, IPI_ANY_SEND, 8, 0x1002 | 0x1234ULL << 32);
	wr(&bus, 0, IPI_ANY_SEND, 8, 0x9000 | 0x1234ULL << 32);
	EXPECT(rd(&bus, 2, IPI_EN, 4) == 0x55);

	/* bad sizes, alignments and cpus never crash and change nothing */
	wr(&bus, 1, IPI_SET, 1, 0xff);
	wr(&bus, 1, IPI_SET + 2, 2, 0xff);
	wr(&bus, 1, IPI_EN, 8, 0xff);
	EXPECT(rd(&bus, 1, IPI_STATUS, 4) == 0 &&
	       rd(&bus, 1, IPI_EN, 4) == 0xffffffff);
	EXPECT(rd(&bus, 1, IPI_STATUS, 2) == 0);
	EXPECT(rd(&bus, 1, 0x1021, 1) == 0);
	wr(&bus, 700, IPI_SET, 4, 1);
	EXPECT(rd(&bus, 700, IPI_STATUS, 4) == 0);
	wr(&bus, 0, IPI_MAIL_SEND, 4, 0x1234);
	for (uint64_t a = IPI_BASE; a < IPI_BASE + IPI_SIZE; a++) {
		rd(&bus, 0, a, 1);
		rd(&bus, 5, a, 8);
		wr(&bus, 3, a, 1, ~0ULL);
		wr(&bus, 3, a, 2, ~0ULL);
	}

	bus_destroy(&bus);
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures ? 1 : 0;
}
