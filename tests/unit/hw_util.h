/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the device unit tests (tests/unit/test_hw_*.c): the
 * EXPECT check and its failure count, a recording irq_sink that keeps the
 * level and the rising-edge count of each pin, and bus accessors. Only
 * static inline functions and macros: each test includes it once.
 */
#ifndef LOONGVM_TESTS_HW_UTIL_H
#define LOONGVM_TESTS_HW_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../hw/bus.h"
#include "../../hw/irq.h"

#include "expect.h"

#define REC_PINS 256

struct rec {
	bool level[REC_PINS];
	unsigned int rises[REC_PINS], calls;
};

static inline void rec_set(void *opaque, unsigned int pin, bool level)
{
	struct rec *r = opaque;

	r->calls++;
	if (pin >= REC_PINS)
		return;
	if (level && !r->level[pin])
		r->rises[pin]++;
	r->level[pin] = level;
}

static inline struct irq_sink rec_sink(struct rec *r)
{
	memset(r, 0, sizeof(*r));
	return (struct irq_sink){rec_set, r};
}

static inline uint64_t rd(struct bus *b, uint64_t addr, unsigned int size)
{
	uint64_t v = 0xdeadbeef;

	EXPECT(bus_access(b, 0, addr, size, false, &v));
	return v;
}

static inline void wr(struct bus *b, uint64_t addr, unsigned int size,
		      uint64_t v)
{
	EXPECT(bus_access(b, 0, addr, size, true, &v));
}

static inline int finish(const char *name)
{
	if (failures) {
		fprintf(stderr, "%s: %d failures\n", name, failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif /* LOONGVM_TESTS_HW_UTIL_H */
