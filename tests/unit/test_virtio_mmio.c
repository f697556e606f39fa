// SPDX-License-Identifier: MIT
/*
 * The virtio-mmio transport (hw/virtio/virtio_mmio.c) through the MMIO
 * bus with a fake two-queue device: identification, feature and status
 * handshake, queue setup, notify and the level interrupt, config space
 * widths, and a bad queue setup turning into NEEDS_RESET.
 */
#include <stdlib.h>
#include <string.h>

#include "../../hw/virtio/virtio_mmio.h"

#include "hw_util.h"

#define BASE 0x1000000ull
#define RAM_GPA 0x100000ull
#define RAM_SIZE 0x20000ull
#define DESC (RAM_GPA + 0x0000)
#define AVAIL (RAM_GPA + 0x1000)
#define USED (RAM_GPA + 0x2000)
#define DATA (RAM_GPA + 0x8000)
#define PIN 7

static uint8_t *ram;
static struct guest_mem mem;
static struct virtio_dev dev;
static uint8_t cfg[6] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66};
static unsigned int starts, popped;

static uint64_t f_features(struct virtio_dev *d)
{
	(void)d;
	return 1ull << 3 | 1ull << 40;
}

static void f_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			  uint32_t len)
{
	(void)d;
	memcpy(buf, cfg + off, len);
}

static void f_config_write(struct virtio_dev *d, uint32_t off, const void *buf,
			   uint32_t len)
{
	(void)d;
	memcpy(cfg + off, buf, len);
}

/* Completes every available chain, writing 4 bytes. */
static void f_queue_notify(struct virtio_dev *d, unsigned int q)
{
	struct vq_req req;

	pthread_mutex_lock(&d->lock);
	while (vq_pop(&d->vq[q], &req) == 1) {
		vq_copy_to_in(&req, 0, "done", 4);
		vq_push(&d->vq[q], &req, 4);
		popped++;
	}
	pthread_mutex_unlock(&d->lock);
	virtio_notify_queue(d, q);
}

static void f_start(struct virtio_dev *d)
{
	(void)d;
	starts++;
}

static const struct virtio_dev_ops f_ops = {
    .name = "virtio-fake",
    .device_id = 42,
    .num_queues = 2,
    .queue_size_max = 64,
    .config_size = sizeof(cfg),
    .features = f_features,
    .config_read = f_config_read,
    .config_write = f_config_write,
    .queue_notify = f_queue_notify,
    .start = f_start,
};

static void put16(uint64_t gpa, uint16_t v)
{
	ram[gpa - RAM_GPA] = v;
	ram[gpa - RAM_GPA + 1] = v >> 8;
}

static uint16_t get16(uint64_t gpa)
{
	return ram[gpa - RAM_GPA] | ram[gpa - RAM_GPA + 1] << 8;
}

static void setup_queue(struct bus *b, unsigned int q, uint32_t num)
{
	wr(b, BASE + 0x30, 4, q);
	wr(b, BASE + 0x38, 4, num);
	wr(b, BASE + 0x80, 4, (uint32_t)DESC);
	wr(b, BASE + 0x84, 4, DESC >> 32);
	wr(b, BASE + 0x90, 4, (uint32_t)AVAIL);
	wr(b, BASE + 0x94, 4, 0);
	wr(b, BASE + 0xa0, 4, (uint32_t)USED);
	wr(b, BASE + 0xa4, 4, 0);
	wr(b, BASE + 0x44, 4, 1);
}

static void test_ident(struct bus *b)
{
	EXPECT(rd(b, BASE + 0x000, 4) == 0x74726976);
	EXPECT(rd(b, BASE + 0x004, 4) == 2);
	EXPECT(rd(b, BASE + 0x008, 4) == 42);
	EXPECT(rd(b, BASE + 0x00c, 4) == VIRTIO_MMIO_VENDOR);
	/* Wrong width or alignment reads as 0. */
	EXPECT(rd(b, BASE + 0x000, 2) == 0);
	EXPECT(rd(b, BASE + 0x000, 8) == 0);
	EXPECT(rd(b, BASE + 0x002, 4) == 0);
	/* No shared memory regions. */
	wr(b, BASE + 0xac, 4, 0);
	EXPECT(rd(b, BASE + 0xb0, 4) == 0xffffffff);
	EXPECT(rd(b, BASE + 0xb4, 4) == 0xffffffff);
}

static void test_handshake(struct bus *b)
{
	wr(b, BASE + 0x70, 4, 1);
	wr(b, BASE + 0x70, 2, 3); /* wrong width: ignored */
	EXPECT(rd(b, BASE + 0x70, 4) == 1);
	wr(b, BASE + 0x70, 4, 3);
	wr(b, BASE + 0x14, 4, 0);
	EXPECT(rd(b, BASE + 0x10, 4) ==
	       (1u << 3 | 1u << VIRTIO_F_INDIRECT_DESC |
		1u << VIRTIO_F_RING_EVENT_IDX));
	wr(b, BASE + 0x14, 4, 1);
	EXPECT(rd(b, BASE + 0x10, 4) == (1u << 0 | 1u << 8));
	wr(b, BASE + 0x14, 4, 2);
	EXPECT(rd(b, BASE + 0x10, 4) == 0);
	/* Accept bit 3 and VERSION_1 only. */
	wr(b, BASE + 0x24, 4, 0);
	wr(b, BASE + 0x20, 4, 1u << 3);
	wr(b, BASE + 0x24, 4, 1);
	wr(b, BASE + 0x20, 4, 1);
	EXPECT(dev.driver_features == (1ull << 3 | 1ull << 32));
	wr(b, BASE + 0x70, 4, 0xb);
	EXPECT(rd(b, BASE + 0x70, 4) == 0xb);
	/* Queue registers. */
	wr(b, BASE + 0x30, 4, 0);
	EXPECT(rd(b, BASE + 0x34, 4) == 64);
	wr(b, BASE + 0x30, 4, 2);
	EXPECT(rd(b, BASE + 0x34, 4) == 0);
	wr(b, BASE + 0x38, 4, 8); /* ignored: no queue 2 */
	setup_queue(b, 0, 8);
	EXPECT(rd(b, BASE + 0x44, 4) == 1);
	EXPECT(dev.vq[0].size == 8 && dev.vq[0].desc_gpa == DESC);
	EXPECT(dev.vq[0].avail_gpa == AVAIL && dev.vq[0].used_gpa == USED);
	wr(b, BASE + 0x38, 4, 16); /* ignored while ready */
	EXPECT(dev.vq[0].size == 8);
	wr(b, BASE + 0x70, 4, 0xf);
	EXPECT(rd(b, BASE + 0x70, 4) == 0xf && starts == 1);
}

static void test_notify(struct bus *b, struct rec *r)
{
	uint8_t *p = ram + (DESC - RAM_GPA);
	uint64_t addr = DATA;
	uint32_t len = 16;
	uint16_t flags = 2; /* WRITE */

	memcpy(p, &addr, 8); /* little-endian host */
	memcpy(p + 8, &len, 4);
	memcpy(p + 12, &flags, 2);
	put16(AVAIL + 4, 0);
	put16(AVAIL + 2, 1);
	EXPECT(!r->level[PIN]);
	wr(b, BASE + 0x50, 2, 0); /* wrong width: no notify */
	EXPECT(popped == 0);
	wr(b, BASE + 0x50, 4, 0);
	EXPECT(popped == 1);
	EXPECT(get16(USED + 2) == 1);
	EXPECT(memcmp(ram + (DATA - RAM_GPA), "done", 4) == 0);
	EXPECT(r->level[PIN] && r->rises[PIN] == 1);
	EXPECT(rd(b, BASE + 0x60, 4) == VIRTIO_MMIO_INT_VRING);
	wr(b, BASE + 0x64, 4, VIRTIO_MMIO_INT_VRING);
	EXPECT(!r->level[PIN]);
	EXPECT(rd(b, BASE + 0x60, 4) == 0);
	wr(b, BASE + 0x50, 4, 7); /* no such queue: ignored */
	wr(b, BASE + 0x50, 4, 1); /* queue 1 not ready */
	EXPECT(popped == 1 && !dev.broken);
}

static void test_config(struct bus *b)
{
	EXPECT(rd(b, BASE + 0x100, 4) == 0x44332211);
	EXPECT(rd(b, BASE + 0x102, 2) == 0x4433);
	EXPECT(rd(b, BASE + 0x105, 1) == 0x66);
	EXPECT(rd(b, BASE + 0x104, 4) == 0); /* past config_size */
	EXPECT(rd(b, BASE + 0x100, 8) == 0); /* 8 bytes not allowed */
	wr(b, BASE + 0x101, 1, 0xab);
	EXPECT(cfg[1] == 0xab);
	wr(b, BASE + 0x104, 4, 0xffffffff);
	EXPECT(cfg[4] == 0x55);
	EXPECT(rd(b, BASE + 0xfc, 4) == 0);
}

static void test_broken_and_reset(struct bus *b, struct rec *r)
{
	/* Queue 1 with a size that is not a power of two. */
	setup_queue(b, 1, 6);
	EXPECT(dev.broken && !dev.vq[1].ready);
	EXPECT(rd(b, BASE + 0x70, 4) == (0xf | VIRTIO_STATUS_NEEDS_RESET));
	EXPECT(rd(b, BASE + 0x60, 4) == VIRTIO_MMIO_INT_CONFIG);
	EXPECT(rd(b, BASE + 0xfc, 4) == 1);
	EXPECT(r->level[PIN]);
	/* Queues are dead until reset. */
	put16(AVAIL + 2, 2);
	wr(b, BASE + 0x50, 4, 0);
	EXPECT(popped == 1);
	wr(b, BASE + 0x70, 4, 0);
	EXPECT(rd(b, BASE + 0x70, 4) == 0 && !dev.broken);
	EXPECT(rd(b, BASE + 0x60, 4) == 0 && !r->level[PIN]);
	wr(b, BASE + 0x30, 4, 0);
	EXPECT(rd(b, BASE + 0x44, 4) == 0);
	/* A ring outside guest RAM is refused the same way. */
	wr(b, BASE + 0x70, 4, 1);
	wr(b, BASE + 0x70, 4, 3);
	wr(b, BASE + 0x24, 4, 1);
	wr(b, BASE + 0x20, 4, 1);
	wr(b, BASE + 0x70, 4, 0xb);
	wr(b, BASE + 0x30, 4, 0);
	wr(b, BASE + 0x38, 4, 8);
	wr(b, BASE + 0x80, 4, 0);
	wr(b, BASE + 0x84, 4, 0x10);
	wr(b, BASE + 0x44, 4, 1);
	EXPECT(dev.broken && rd(b, BASE + 0x44, 4) == 0);
	/* Not DRIVER_OK yet: NEEDS_RESET without a config interrupt. */
	EXPECT(rd(b, BASE + 0x60, 4) == 0);
}

int main(void)
{
	struct virtio_mmio m;
	struct bus b;
	struct rec r;
	struct irq_sink sink = rec_sink(&r);

	ram = calloc(1, RAM_SIZE);
	if (!ram)
		return 1;
	mem.n = 1;
	mem.r[0] = (struct guest_mem_region){RAM_GPA, RAM_SIZE, ram};
	virtio_dev_init(&dev, &f_ops, NULL, &mem);
	virtio_mmio_init(&m, &dev, &sink, PIN);
	bus_init(&b);
	EXPECT(bus_add(&b, "virtio-mmio", BASE, VIRTIO_MMIO_SIZE,
		       &virtio_mmio_ops, &m) == 0);
	test_ident(&b);
	test_handshake(&b);
	test_notify(&b, &r);
	test_config(&b);
	test_broken_and_reset(&b, &r);
	bus_destroy(&b);
	virtio_mmio_destroy(&m);
	virtio_dev_destroy(&dev);
	free(ram);
	return finish("test_virtio_mmio");
}
