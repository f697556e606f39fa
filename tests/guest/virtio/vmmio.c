/* SPDX-License-Identifier: MIT */
/* The malformed-queue guest's virtio-mmio driver; see vmmio.h. */
#include "vmmio.h"

static struct {
	struct vq_desc desc[QSIZE] __attribute__((aligned(4096)));
	struct vq_avail avail __attribute__((aligned(4096)));
	struct vq_used used __attribute__((aligned(4096)));
} rings;

static inline void mb(void)
{
	__asm__ volatile("dbar 0" ::: "memory");
}

uint32_t vmmio_read(unsigned int off)
{
	uint32_t v = *(volatile uint32_t *)(VMMIO_BASE + off);

	mb();
	return v;
}

void vmmio_write(unsigned int off, uint32_t val)
{
	mb();
	*(volatile uint32_t *)(VMMIO_BASE + off) = val;
}

static uint32_t cpucfg(uint32_t word)
{
	uint32_t v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(word));
	return v;
}

uint64_t now_ms(void)
{
	static uint64_t per_ms;
	uint64_t t;

	if (!per_ms) {
		uint32_t f = cpucfg(4), m = cpucfg(5);
		uint64_t mul = m & 0xffff, div = m >> 16;

		per_ms =
		    (f && mul && div) ? (uint64_t)f * mul / div / 1000 : 100000;
		if (!per_ms)
			per_ms = 1;
	}
	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t / per_ms;
}

uint32_t vmmio_probe(void)
{
	if (vmmio_read(VMMIO_MAGIC) != VMMIO_MAGIC_VALUE ||
	    vmmio_read(VMMIO_VERSION) != 2)
		return 0;
	return vmmio_read(VMMIO_DEVICE_ID);
}

uint32_t vmmio_wait_status(uint32_t mask, unsigned int ms)
{
	uint64_t end = now_ms() + ms;
	uint32_t st;

	do {
		st = vmmio_read(VMMIO_STATUS);
		if ((st & mask) == mask)
			break;
	} while (now_ms() < end);
	return st;
}

int vmmio_reset(void)
{
	uint64_t end = now_ms() + 1000;

	vmmio_write(VMMIO_STATUS, 0);
	while (vmmio_read(VMMIO_STATUS) != 0)
		if (now_ms() >= end)
			return -1;
	vmmio_write(VMMIO_INTERRUPT_ACK, INT_USED | INT_CONFIG);
	return 0;
}

static void write64(unsigned int off, uint64_t v)
{
	vmmio_write(off, (uint32_t)v);
	vmmio_write(off + 4, (uint32_t)(v >> 32));
}

/* 3.1.1 steps 1-6: returns the negotiated low feature word or -1. */
static int64_t negotiate(void)
{
	uint32_t lo, hi, st;

	vmmio_write(VMMIO_STATUS, ST_ACKNOWLEDGE);
	vmmio_write(VMMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
	vmmio_write(VMMIO_DEVICE_FEATURES_SEL, 1);
	hi = vmmio_read(VMMIO_DEVICE_FEATURES);
	vmmio_write(VMMIO_DEVICE_FEATURES_SEL, 0);
	lo = vmmio_read(VMMIO_DEVICE_FEATURES) & (1u << F_INDIRECT_DESC);
	if (!(hi & (1u << (F_VERSION_1 - 32))))
		return -1;
	vmmio_write(VMMIO_DRIVER_FEATURES_SEL, 0);
	vmmio_write(VMMIO_DRIVER_FEATURES, lo);
	vmmio_write(VMMIO_DRIVER_FEATURES_SEL, 1);
	vmmio_write(VMMIO_DRIVER_FEATURES, 1u << (F_VERSION_1 - 32));
	vmmio_write(VMMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
	st = vmmio_read(VMMIO_STATUS);
	return (st & ST_FEATURES_OK) ? lo : -1;
}

int vmmio_init(struct vmmio *v, uint64_t desc_gpa, uint64_t avail_gpa)
{
	int64_t features;
	uint8_t *p = (uint8_t *)&rings;
	unsigned int i;

	if (vmmio_reset())
		return -1;
	features = negotiate();
	if (features < 0)
		return -1;
	for (i = 0; i < sizeof(rings); i++)
		p[i] = 0;
	v->device_id = vmmio_read(VMMIO_DEVICE_ID);
	v->indirect = (features >> F_INDIRECT_DESC) & 1;
	v->avail_idx = v->used_seen = 0;
	v->desc = rings.desc;
	v->avail = &rings.avail;
	v->used = &rings.used;
	vmmio_write(VMMIO_QUEUE_SEL, 0);
	if (vmmio_read(VMMIO_QUEUE_READY) ||
	    vmmio_read(VMMIO_QUEUE_NUM_MAX) < QSIZE)
		return -1;
	vmmio_write(VMMIO_QUEUE_NUM, QSIZE);
	write64(VMMIO_QUEUE_DESC, desc_gpa ? desc_gpa : (uint64_t)rings.desc);
	write64(VMMIO_QUEUE_DRIVER,
		avail_gpa ? avail_gpa : (uint64_t)&rings.avail);
	write64(VMMIO_QUEUE_DEVICE, (uint64_t)&rings.used);
	vmmio_write(VMMIO_QUEUE_READY, 1);
	vmmio_write(VMMIO_STATUS,
		    ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
	return 0;
}

void vmmio_submit(struct vmmio *v, uint16_t head)
{
	v->avail->ring[v->avail_idx % QSIZE] = head;
	mb();
	v->avail->idx = ++v->avail_idx;
	vmmio_write(VMMIO_QUEUE_NOTIFY, 0);
}

struct vq_used_elem vmmio_wait_used(struct vmmio *v, unsigned int ms)
{
	struct vq_used_elem e = {~0u, 0};
	uint64_t end = now_ms() + ms;

	do {
		if (v->used->idx != v->used_seen) {
			mb();
			e.id = v->used->ring[v->used_seen % QSIZE].id;
			e.len = v->used->ring[v->used_seen % QSIZE].len;
			v->used_seen++;
			break;
		}
	} while (now_ms() < end);
	return e;
}
