/* SPDX-License-Identifier: MIT */
/*
 * EIOINTC through bus_access as different CPUs, set up the way Linux
 * eiointc_router_init does (irq-loongson-eiointc.c): ENABLE, IPMAP and
 * ROUTE, the per-core ISR view and its write-1-to-clear, the HWI output
 * levels, re-routing by ANY_SEND byte writes, and bad accesses.
 */
#include <stdio.h>

#include "../../hw/bus.h"
#include "../../hw/eiointc.h"

#include "expect.h"

static int line[1024], calls;

static void rec_set(void *opaque, unsigned int pin, bool level)
{
	(void)opaque;
	line[pin] = level;
	calls++;
}

static const struct irq_sink sink = { rec_set, NULL };

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

/* eiointc_router_init for 256 vectors on node 0, all to core 0 on IP1. */
static void linux_init(struct bus *b)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		wr(b, 0, EIOINTC_NODEMAP + i * 4, 4,
		   ((1U << (i * 2 + 1)) << 16) | (1U << (i * 2)));
	for (i = 0; i < 2; i++)
		wr(b, 0, EIOINTC_IPMAP + i * 4, 4, 0x02020202);
	for (i = 0; i < 64; i++)
		wr(b, 0, EIOINTC_ROUTE + i * 4, 4, 0x01010101);
	for (i = 0; i < 8; i++) {
		wr(b, 0, EIOINTC_ENABLE + i * 4, 4, 0xffffffff);
		wr(b, 0, EIOINTC_BOUNCE + i * 4, 4, 0xffffffff);
	}
}

int main(void)
{
	static struct eiointc e;
	const struct irq_sink *in;
	struct bus bus;

	bus_init(&bus);
	eiointc_init(&e, 4, &sink);
	in = eiointc_input(&e);
	EXPECT(bus_add(&bus, "eiointc", EIOINTC_BASE, EIOINTC_SIZE,
		       &eiointc_ops, &e) == 0);

	/* disabled vectors latch but raise nothing */
	irq_set(in, 5, true);
	EXPECT(calls == 0 && rd(&bus, 0, EIOINTC_COREISR, 8) == 0);

	linux_init(&bus);
	EXPECT(rd(&bus, 0, EIOINTC_IPMAP, 8) == 0x0202020202020202ULL);
	EXPECT(rd(&bus, 1, EIOINTC_ROUTE + 8, 1) == 1);
	EXPECT(rd(&bus, 0, EIOINTC_NODEMAP, 4) == 0x00020001);
	/* enabling made the latched vector 5 pending on core 0 HWI1 */
	EXPECT(line[CPU_IRQ_PIN(0, 3)] && calls == 1);
	EXPECT(rd(&bus, 0, EIOINTC_COREISR, 8) == 1ULL << 5);
	EXPECT(rd(&bus, 0, EIOINTC_COREISR, 4) == 1U << 5);
	EXPECT(rd(&bus, 1, EIOINTC_COREISR, 8) == 0);

	/* vector 200 too; clearing one keeps the line up */
	irq_set(in, 200, true);
	EXPECT(rd(&bus, 0, EIOINTC_COREISR + 24, 8) == 1ULL << 8);
	EXPECT(calls == 1);
	wr(&bus, 0, EIOINTC_COREISR, 8, 1ULL << 5);
	EXPECT(rd(&bus, 0, EIOINTC_COREISR, 8) == 0 && line[CPU_IRQ_PIN(0, 3)]);
	/* another core's clear does not touch core 0's vectors */
	wr(&bus, 1, EIOINTC_COREISR + 24, 8, ~0ULL);
	EXPECT(line[CPU_IRQ_PIN(0, 3)]);
	wr(&bus, 0, EIOINTC_COREISR + 24, 8, 1ULL << 8);
	EXPECT(!line[CPU_IRQ_PIN(0, 3)] && calls == 2);

	/* a withdrawn request drops the line */
	irq_set(in, 7, true);
	EXPECT(line[CPU_IRQ_PIN(0, 3)]);
	irq_set(in, 7, false);
	EXPECT(!line[CPU_IRQ_PIN(0, 3)]);

	/* route vector 33 to core 2 (byte write, as ANY_SEND with a mask) */
	wr(&bus, 0, EIOINTC_ROUTE + 33, 1, 0x04);
	irq_set(in, 33, true);
	EXPECT(line[CPU_IRQ_PIN(2, 3)] && !line[CPU_IRQ_PIN(0, 3)]);
	EXPECT(rd(&bus, 2, EIOINTC_COREISR, 8) == 1ULL << 33);
	EXPECT(rd(&bus, 0, EIOINTC_COREISR, 8) == 0);
	/* move its group (32-63) to IP3: HWI3 = irq 5 */
	wr(&bus, 0, EIOINTC_IPMAP + 1, 1, 0x08);
	EXPECT(!line[CPU_IRQ_PIN(2, 3)] && line[CPU_IRQ_PIN(2, 5)]);
	/* masking it drops the line and hides it from the ISR */
	wr(&bus, 0, EIOINTC_ENABLE + 4, 4, 0xfffffffd);
	EXPECT(!line[CPU_IRQ_PIN(2, 5)] && rd(&bus, 2, EIOINTC_COREISR, 8) == 0);
	EXPECT(rd(&bus, 0, EIOINTC_ENABLE + 4, 4) == 0xfffffffd);
	wr(&bus, 0, EIOINTC_ENABLE + 4, 4, 0xffffffff);
	EXPECT(line[CPU_IRQ_PIN(2, 5)]);
	/* re-routing a pending vector moves it */
	wr(&bus, 0, EIOINTC_ROUTE + 32, 4, 0x01010201);
	EXPECT(!line[CPU_IRQ_PIN(2, 5)] && line[CPU_IRQ_PIN(1, 5)]);
	wr(&bus, 1, EIOINTC_COREISR, 4, 0);
	wr(&bus, 1, EIOINTC_COREISR + 4, 4, 0x2);
	EXPECT(!line[CPU_IRQ_PIN(1, 5)]);
	/* node 1 core 0 = cpu 4, not present: dropped */
	wr(&bus, 0, EIOINTC_ROUTE + 40, 1, 0x11);
	irq_set(in, 40, true);
	EXPECT(rd(&bus, 0, EIOINTC_ROUTE + 40, 1) == 0x11);

	/* bad pins, sizes and alignments */
	irq_set(in, 256, true);
	irq_set(in, 100000, false);
	EXPECT(rd(&bus, 0, EIOINTC_ROUTE + 1, 2) == 0);
	wr(&bus, 0, EIOINTC_IPMAP + 2, 4, 0xff);
	EXPECT(rd(&bus, 0, EIOINTC_IPMAP, 8) == 0x0202020202020802ULL);
	wr(&bus, 0, EIOINTC_IPMAP + 8, 8, 0xff); /* past IPMAP */
	EXPECT(rd(&bus, 0, EIOINTC_IPMAP + 8, 8) == 0);
	EXPECT(rd(&bus, 63, EIOINTC_COREISR, 8) == 0);
	wr(&bus, 300, EIOINTC_COREISR, 8, ~0ULL);
	for (uint64_t a = EIOINTC_BASE; a < EIOINTC_BASE + EIOINTC_SIZE; a++) {
		rd(&bus, 0, a, 1);
		rd(&bus, 9, a, 8);
		rd(&bus, 3, a, 4);
		if (a < EIOINTC_ROUTE)
			wr(&bus, 2, a, 2, 0);
	}

	bus_destroy(&bus);
	if (failures)
		fprintf(stderr, "%d failures\n", failures);
	return failures ? 1 : 0;
}
