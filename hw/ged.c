/* SPDX-License-Identifier: MIT */
/*
 * GED sleep and reset registers (ACPI 6.4 4.8.3.7 hardware-reduced sleep
 * control), with loongvm's test-exit sleep type. See ged.h.
 */
#include "ged.h"

#define SLP_EN 0x20
#define SLP_TYP(v) (((v) >> 2) & 7)
#define SLP_TYP_S5 5
#define SLP_TYP_TEST_FAIL 7
#define RESET_VALUE 0x42

void ged_init(struct ged *g, void (*event)(void *, enum ged_event),
	      void *opaque)
{
	*g = (struct ged){ .event = event, .opaque = opaque };
}

static uint64_t ged_read(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size)
{
	struct ged *g = opaque;

	(void)size;
	(void)cpu;
	return off == 0 ? g->sleep_ctl : 0;
}

static void ged_write(void *opaque, unsigned int cpu, uint64_t off,
			unsigned int size, uint64_t val)
{
	struct ged *g = opaque;

	(void)cpu;
	if (size != 1)
		return;
	if (off == 0) {
		g->sleep_ctl = (uint8_t)val;
		if (!(val & SLP_EN))
			return;
		if (SLP_TYP(val) == SLP_TYP_S5)
			g->event(g->opaque, GED_POWEROFF);
		else if (SLP_TYP(val) == SLP_TYP_TEST_FAIL)
			g->event(g->opaque, GED_TEST_FAIL);
	} else if (off == 2 && val == RESET_VALUE) {
		g->event(g->opaque, GED_RESET);
	}
}

const struct bus_ops ged_ops = { ged_read, ged_write };
