/* SPDX-License-Identifier: MIT */
/*
 * EIOINTC register model (Loongson 3A5000 user manual, "extended I/O
 * interrupts"; offsets from Linux arch/loongarch/include/asm/loongarch.h):
 *   - NODEMAP 0x14a0 (16 x u16) and BOUNCE 0x1680 (256 bits): stored only,
 *     since one node has nothing to bounce between;
 *   - IPMAP 0x14c0: one byte per group of 32 vectors, a bitmap of HWI0-3;
 *     the lowest set bit picks the line (none: HWI0);
 *   - ENABLE 0x1600: one bit per vector;
 *   - COREISR 0x1800: the accessing core's pending, enabled vectors; a
 *     write clears the vectors whose bits are 1;
 *   - ROUTE 0x1c00: one byte per vector, core bitmap [3:0] and node [7:4];
 *     the lowest core bit picks the core (none: core 0), so the vector goes
 *     to CPU node * 4 + core (Linux eiointc_set_irq_route).
 * Registers are byte arrays; any naturally aligned 1-8 byte access within
 * one array works, anything else reads 0 and is ignored.
 */
#include <stddef.h>
#include <string.h>

#include "eiointc.h"

static void set_input(void *opaque, unsigned int pin, bool level);

void eiointc_init(struct eiointc *e, unsigned int ncpus,
		  const struct irq_sink *out)
{
	memset(e, 0, sizeof(*e));
	e->ncpus = ncpus < EIOINTC_MAX_CPUS ? ncpus : EIOINTC_MAX_CPUS;
	e->out = out;
	e->in = (struct irq_sink){ set_input, e };
	pthread_mutex_init(&e->lock, NULL);
}

void eiointc_destroy(struct eiointc *e)
{
	pthread_mutex_destroy(&e->lock);
}

const struct irq_sink *eiointc_input(struct eiointc *e)
{
	return &e->in;
}

static bool test_bit8(const uint8_t *map, unsigned int n)
{
	return map[n / 8] & (1U << (n % 8));
}

static unsigned int lowest_bit4(unsigned int v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (v & (1U << i))
			return i;
	return 0;
}

static unsigned int vector_cpu(const struct eiointc *e, unsigned int vec)
{
	uint8_t r = e->route[vec];

	return (r >> 4) * 4 + lowest_bit4(r & 0xf);
}

static unsigned int vector_ip(const struct eiointc *e, unsigned int vec)
{
	return lowest_bit4(e->ipmap[vec / 32] & 0xf);
}

static bool pending(const struct eiointc *e, unsigned int vec)
{
	return (e->isr[vec / 64] >> (vec % 64) & 1) && test_bit8(e->enable, vec);
}

/* Recomputes every core's HWI0-3 and reports the lines that changed. */
static void update(struct eiointc *e)
{
	uint8_t line[EIOINTC_MAX_CPUS] = { 0 };
	unsigned int vec, cpu, ip;

	for (vec = 0; vec < EIOINTC_VECTORS; vec++) {
		if (!pending(e, vec))
			continue;
		cpu = vector_cpu(e, vec);
		if (cpu < e->ncpus)
			line[cpu] |= 1U << vector_ip(e, vec);
	}
	for (cpu = 0; cpu < e->ncpus; cpu++) {
		uint8_t diff = line[cpu] ^ e->line[cpu];

		e->line[cpu] = line[cpu];
		for (ip = 0; ip < 4; ip++)
			if (diff & (1U << ip))
				irq_set(e->out, CPU_IRQ_PIN(cpu, 2 + ip),
					line[cpu] & (1U << ip));
	}
}

static void set_input(void *opaque, unsigned int pin, bool level)
{
	struct eiointc *e = opaque;

	if (pin >= EIOINTC_VECTORS)
		return;
	pthread_mutex_lock(&e->lock);
	if (level)
		e->isr[pin / 64] |= 1ULL << (pin % 64);
	else
		e->isr[pin / 64] &= ~(1ULL << (pin % 64));
	update(e);
	pthread_mutex_unlock(&e->lock);
}

/* The accessing core's view of ISR word w: pending vectors routed to it. */
static uint64_t coreisr(const struct eiointc *e, unsigned int cpu,
			unsigned int w)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < 64; i++)
		if (pending(e, w * 64 + i) && vector_cpu(e, w * 64 + i) == cpu)
			v |= 1ULL << i;
	return v;
}

/* The byte array holding IOCSR reg, or NULL; *len gets its size. */
static uint8_t *reg_array(struct eiointc *e, uint64_t reg, uint64_t *start,
			  unsigned int *len)
{
	static const struct {
		uint64_t base;
		size_t field, len;
	} map[] = {
		{ EIOINTC_NODEMAP, offsetof(struct eiointc, nodemap), 32 },
		{ EIOINTC_IPMAP, offsetof(struct eiointc, ipmap), 8 },
		{ EIOINTC_ENABLE, offsetof(struct eiointc, enable), 32 },
		{ EIOINTC_BOUNCE, offsetof(struct eiointc, bounce), 32 },
		{ EIOINTC_ROUTE, offsetof(struct eiointc, route),
		  EIOINTC_VECTORS },
	};
	unsigned int i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (reg >= map[i].base && reg < map[i].base + map[i].len) {
			*start = map[i].base;
			*len = (unsigned int)map[i].len;
			return (uint8_t *)e + map[i].field;
		}
	}
	return NULL;
}

static uint64_t read_locked(void *opaque, unsigned int cpu, uint64_t off,
			     unsigned int size)
{
	struct eiointc *e = opaque;
	uint64_t reg = EIOINTC_BASE + off, start, v = 0;
	unsigned int len, i;
	uint8_t *a;

	if (off & (size - 1))
		return 0;
	if (reg >= EIOINTC_COREISR && reg < EIOINTC_COREISR + 32) {
		unsigned int b = (unsigned int)(reg - EIOINTC_COREISR);

		if (cpu >= e->ncpus)
			return 0;
		v = coreisr(e, cpu, b / 8) >> ((b % 8) * 8);
		return size == 8 ? v : v & ((1ULL << (size * 8)) - 1);
	}
	a = reg_array(e, reg, &start, &len);
	if (!a || reg - start + size > len)
		return 0;
	for (i = 0; i < size; i++)
		v |= (uint64_t)a[reg - start + i] << (i * 8);
	return v;
}

static void clear_isr(struct eiointc *e, unsigned int cpu, unsigned int b,
		      unsigned int size, uint64_t val)
{
	unsigned int i, vec;

	for (i = 0; i < size * 8; i++) {
		vec = b * 8 + i;
		if ((val >> i & 1) && vector_cpu(e, vec) == cpu)
			e->isr[vec / 64] &= ~(1ULL << (vec % 64));
	}
}

static void write_locked(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size, uint64_t val)
{
	struct eiointc *e = opaque;
	uint64_t reg = EIOINTC_BASE + off, start;
	unsigned int len, i;
	uint8_t *a;

	if (off & (size - 1))
		return;
	if (reg >= EIOINTC_COREISR && reg < EIOINTC_COREISR + 32) {
		if (cpu < e->ncpus)
			clear_isr(e, cpu, (unsigned int)(reg - EIOINTC_COREISR),
				  size, val);
		update(e);
		return;
	}
	a = reg_array(e, reg, &start, &len);
	if (!a || reg - start + size > len)
		return;
	for (i = 0; i < size; i++)
		a[reg - start + i] = (uint8_t)(val >> (i * 8));
	update(e);
}

static uint64_t eiointc_read(void *opaque, unsigned int cpu, uint64_t off,
			     unsigned int size)
{
	struct eiointc *e = opaque;
	uint64_t v;

	pthread_mutex_lock(&e->lock);
	v = read_locked(e, cpu, off, size);
	pthread_mutex_unlock(&e->lock);
	return v;
}

static void eiointc_write(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size, uint64_t val)
{
	struct eiointc *e = opaque;

	pthread_mutex_lock(&e->lock);
	write_locked(e, cpu, off, size, val);
	pthread_mutex_unlock(&e->lock);
}

const struct bus_ops eiointc_ops = { eiointc_read, eiointc_write };
