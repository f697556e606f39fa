/* SPDX-License-Identifier: MIT */
/*
 * PCH-PIC register model and interrupt routing. Registers are 64-bit
 * bitmaps (one bit per input) or byte arrays (one byte per input); the
 * guest reaches them with naturally aligned 1, 2, 4 or 8-byte accesses
 * (Linux uses readl/writel on the bitmaps, writeb on the byte arrays and
 * readq on the ID register), so each access is handled as its bytes.
 *
 * Sources: Linux 6.12 drivers/irqchip/irq-loongson-pch-pic.c (offsets,
 * the vector count in ID bits 55:48, EDGE/POL meaning in set_type, CLR
 * writes on ack and unmask), Loongson 7A1000 bridge user manual (INT_ID
 * layout, INT_IRR/INT_ISR).
 */
#include <string.h>

#include "pch_pic.h"

#define REG_ID 0x000 /* 31:24 id, 39:32 version, 55:48 inputs - 1 */
#define REG_MASK 0x020
#define REG_HTMSI_EN 0x040
#define REG_EDGE 0x060
#define REG_CLEAR 0x080
#define REG_AUTO0 0x0c0
#define REG_AUTO1 0x0e0
#define REG_ROUTE 0x100
#define REG_HTMSI_VEC 0x200
#define REG_IRR 0x380
#define REG_ISR 0x3a0
#define REG_POL 0x3e0

#define ID_VALUE \
	(0x7ULL << 24 | 0x1ULL << 32 | (uint64_t)(PCH_PIC_INPUTS - 1) << 48)

static void update(struct pch_pic *p)
{
	uint64_t want[PCH_PIC_OUTPUTS / 64] = {0};
	uint64_t active = p->irr & ~p->mask;
	unsigned int i;

	for (i = 0; i < PCH_PIC_INPUTS; i++) {
		if (active >> i & 1)
			want[p->htmsi_vec[i] / 64] |= 1ULL
						      << (p->htmsi_vec[i] % 64);
	}
	for (i = 0; i < PCH_PIC_OUTPUTS; i++) {
		bool w = want[i / 64] >> (i % 64) & 1;
		bool was = p->out_level[i / 64] >> (i % 64) & 1;

		if (w == was)
			continue;
		p->out_level[i / 64] ^= 1ULL << (i % 64);
		irq_set(p->out, i, w);
	}
}

/* Level inputs show the asserted state of their wire; edges stay latched. */
static void refresh_levels(struct pch_pic *p)
{
	uint64_t asserted = p->line ^ p->pol;

	p->irr = (p->irr & p->edge) | (asserted & ~p->edge);
}

void pch_pic_init(struct pch_pic *p, const struct irq_sink *out)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	p->out = out;
	p->mask = ~0ULL;
}

void pch_pic_connect(struct pch_pic *p, const struct irq_sink *out)
{
	pthread_mutex_lock(&p->lock);
	p->out = out;
	memset(p->out_level, 0, sizeof(p->out_level));
	update(p);
	pthread_mutex_unlock(&p->lock);
}

void pch_pic_destroy(struct pch_pic *p)
{
	pthread_mutex_destroy(&p->lock);
}

void pch_pic_set_irq(void *opaque, unsigned int pin, bool level)
{
	struct pch_pic *p = opaque;
	uint64_t bit = 1ULL << (pin % 64);
	bool was_asserted;

	if (pin >= PCH_PIC_INPUTS)
		return;
	pthread_mutex_lock(&p->lock);
	was_asserted = (p->line ^ p->pol) & bit;
	p->line = level ? p->line | bit : p->line & ~bit;
	if ((p->edge & bit) && !was_asserted && ((p->line ^ p->pol) & bit))
		p->irr |= bit;
	refresh_levels(p);
	update(p);
	pthread_mutex_unlock(&p->lock);
}

/* The 64-bit bitmap register that holds byte off, or NULL. */
static uint64_t *bitmap(struct pch_pic *p, uint64_t off)
{
	switch (off & ~7ULL) {
	case REG_MASK:
		return &p->mask;
	case REG_HTMSI_EN:
		return &p->htmsi_en;
	case REG_EDGE:
		return &p->edge;
	case REG_AUTO0:
		return &p->auto0;
	case REG_AUTO1:
		return &p->auto1;
	case REG_POL:
		return &p->pol;
	default:
		return NULL;
	}
}

static uint8_t read_byte(struct pch_pic *p, uint64_t off)
{
	unsigned int shift = (off & 7) * 8;
	uint64_t *r = bitmap(p, off);

	if (r)
		return *r >> shift;
	if (off < REG_ID + 8)
		return ID_VALUE >> shift;
	if (off >= REG_ROUTE && off < REG_ROUTE + PCH_PIC_INPUTS)
		return p->route[off - REG_ROUTE];
	if (off >= REG_HTMSI_VEC && off < REG_HTMSI_VEC + PCH_PIC_INPUTS)
		return p->htmsi_vec[off - REG_HTMSI_VEC];
	if ((off & ~7ULL) == REG_IRR)
		return p->irr >> shift;
	if ((off & ~7ULL) == REG_ISR)
		return (p->irr & ~p->mask) >> shift;
	return 0; /* CLEAR is write-only; holes read as zero */
}

static void write_byte(struct pch_pic *p, uint64_t off, uint8_t v)
{
	unsigned int shift = (off & 7) * 8;
	uint64_t *r = bitmap(p, off);

	if (r) {
		*r = (*r & ~(0xffULL << shift)) | (uint64_t)v << shift;
	} else if ((off & ~7ULL) == REG_CLEAR) {
		/* Only latched edges clear; a level input follows its wire. */
		p->irr &= ~((uint64_t)v << shift & p->edge);
	} else if (off >= REG_ROUTE && off < REG_ROUTE + PCH_PIC_INPUTS) {
		p->route[off - REG_ROUTE] = v;
	} else if (off >= REG_HTMSI_VEC &&
		   off < REG_HTMSI_VEC + PCH_PIC_INPUTS) {
		p->htmsi_vec[off - REG_HTMSI_VEC] = v;
	}
	/* ID, IRR, ISR and holes are read-only. */
}

static uint64_t pch_pic_read(void *opaque, unsigned int cpu, uint64_t off,
			     unsigned int size)
{
	struct pch_pic *p = opaque;
	uint64_t val = 0;
	unsigned int i;

	(void)cpu;
	if (off % size)
		return 0;
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < size; i++)
		val |= (uint64_t)read_byte(p, off + i) << (i * 8);
	pthread_mutex_unlock(&p->lock);
	return val;
}

static void pch_pic_write(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size, uint64_t val)
{
	struct pch_pic *p = opaque;
	unsigned int i;

	(void)cpu;
	if (off % size)
		return;
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < size; i++)
		write_byte(p, off + i, val >> (i * 8));
	/*
	 * An input switched to edge mode keeps its pending bit latched until
	 * a CLEAR (Linux clears it on unmask); one switched to level mode, or
	 * given a new polarity, follows its wire again.
	 */
	refresh_levels(p);
	update(p);
	pthread_mutex_unlock(&p->lock);
}

const struct bus_ops pch_pic_ops = {pch_pic_read, pch_pic_write};
