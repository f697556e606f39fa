// SPDX-License-Identifier: MIT
/*
 * virtio-net (hw/virtio/virtio_net.c) against a fake backend that loops
 * every transmitted frame back into the receive queue, over rings built
 * by hand in a fake guest RAM: the config space, transmit and receive
 * with and without MRG_RXBUF, flow control (NET_RX_FULL, then a resume
 * on the rx notify), frames that cannot fit, drops, and every violation,
 * which must leave the device broken rather than crash.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../hw/iothread.h"
#include "../../hw/virtio/virtio_net.h"

#include "expect.h"

#define RAM_GPA 0x100000ull
#define RAM_SIZE (8ull << 20)
#define QSIZE 256
#define DATA (RAM_GPA + 0x20000)
#define BIGDATA (RAM_GPA + 0x200000)

#define F_NEXT 1
#define F_WRITE 2

#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define F_MRG (1ull << VIRTIO_NET_F_MRG_RXBUF)
#define F_BASE (F_V1 | 1ull << VIRTIO_NET_F_MAC | 1ull << VIRTIO_NET_F_STATUS)

/* Ring areas of queue q (0 rx, 1 tx). */
#define DESC(q) (RAM_GPA + 0x8000ull * (q))
#define AVAIL(q) (DESC(q) + 0x1000)
#define USED(q) (DESC(q) + 0x2000)

static struct guest_mem mem;
static uint8_t *ram;
static struct virtio_net *net;
static struct virtio_dev *dev;
static unsigned int irqs[2];
static uint16_t next_desc[2];

/* The fake backend: records sends, loops them back when asked. */
static struct fake {
	struct net_backend be;
	bool loopback;
	unsigned int sent, resumes, destroyed;
	enum net_rx_result last_rx;
	size_t len;
	uint8_t frame[NET_MAX_FRAME];
	volatile int sent_flag;
} fake;

static int fake_send(struct net_backend *be, const void *frame, size_t len)
{
	struct fake *f = (struct fake *)be;

	f->sent++;
	f->len = len;
	memcpy(f->frame, frame, len);
	if (f->loopback)
		f->last_rx = be->rx(be->rx_opaque, frame, len);
	__atomic_store_n(&f->sent_flag, 1, __ATOMIC_RELEASE);
	return 0;
}

static void fake_resume(struct net_backend *be)
{
	((struct fake *)be)->resumes++;
}

static void fake_destroy(struct net_backend *be)
{
	((struct fake *)be)->destroyed++;
}

static const struct net_backend_ops fake_ops = {
    .kind = "fake",
    .send = fake_send,
    .rx_resume = fake_resume,
    .destroy = fake_destroy,
};

/* Delivers a frame as the backend would. */
static enum net_rx_result deliver(const void *frame, size_t len)
{
	return fake.be.rx(fake.be.rx_opaque, frame, len);
}

static void *host(uint64_t gpa)
{
	return ram + (gpa - RAM_GPA);
}

static void put16(uint64_t gpa, uint16_t v)
{
	uint8_t *p = host(gpa);

	p[0] = v;
	p[1] = v >> 8;
}

static uint16_t get16(uint64_t gpa)
{
	uint8_t *p = host(gpa);

	return p[0] | p[1] << 8;
}

static uint32_t get32(uint64_t gpa)
{
	return get16(gpa) | (uint32_t)get16(gpa + 2) << 16;
}

/* Writes descriptor i of queue q. */
static void put_desc(unsigned int q, unsigned int i, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *p = host(DESC(q) + 16ull * i);
	unsigned int b;

	for (b = 0; b < 8; b++)
		p[b] = addr >> (8 * b);
	for (b = 0; b < 4; b++)
		p[8 + b] = len >> (8 * b);
	put16(DESC(q) + 16ull * i + 12, flags);
	put16(DESC(q) + 16ull * i + 14, next);
}

static void avail_add(unsigned int q, uint16_t head)
{
	uint16_t idx = get16(AVAIL(q) + 2);

	put16(AVAIL(q) + 4 + 2 * (idx % QSIZE), head);
	put16(AVAIL(q) + 2, idx + 1);
}

/* Makes a one-descriptor chain of queue q available; returns its head. */
static uint16_t add_buf(unsigned int q, uint64_t addr, uint32_t len,
			uint16_t flags)
{
	uint16_t head = next_desc[q]++;

	put_desc(q, head, addr, len, flags, 0);
	avail_add(q, head);
	return head;
}

static uint16_t used_idx(unsigned int q)
{
	return get16(USED(q) + 2);
}

static uint32_t used_id(unsigned int q, unsigned int slot)
{
	return get32(USED(q) + 4 + 8 * slot);
}

static uint32_t used_len(unsigned int q, unsigned int slot)
{
	return get32(USED(q) + 8 + 8 * slot);
}

static void t_notify_queue(struct virtio_dev *d, unsigned int q)
{
	(void)d;
	if (q < 2)
		irqs[q]++;
}

static void fill_pattern(uint8_t *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + seed);
}

/* Creates the device (io may be NULL) and stops short of DRIVER_OK. */
static void create(const struct virtio_net_opts *o, struct iothread *io)
{
	char err[160] = "";

	memset(ram, 0, RAM_SIZE);
	memset(&fake, 0, sizeof(fake));
	memset(irqs, 0, sizeof(irqs));
	memset(next_desc, 0, sizeof(next_desc));
	fake.be.ops = &fake_ops;
	net = virtio_net_create(o, &fake.be, &mem, io, err, sizeof(err));
	EXPECT(net != NULL);
	if (!net) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	dev = virtio_net_dev(net);
	dev->transport.notify_queue = t_notify_queue;
}

static void drive(uint64_t features)
{
	unsigned int q;

	virtio_set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_set_status(dev,
			  VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	virtio_set_driver_features(dev, 0, (uint32_t)features);
	virtio_set_driver_features(dev, 1, (uint32_t)(features >> 32));
	virtio_set_status(dev, VIRTIO_STATUS_ACKNOWLEDGE |
				   VIRTIO_STATUS_DRIVER |
				   VIRTIO_STATUS_FEATURES_OK);
	EXPECT(dev->status & VIRTIO_STATUS_FEATURES_OK);
	for (q = 0; q < 2; q++) {
		dev->vq[q].size = QSIZE;
		dev->vq[q].desc_gpa = DESC(q);
		dev->vq[q].avail_gpa = AVAIL(q);
		dev->vq[q].used_gpa = USED(q);
		dev->vq[q].ready = true;
	}
	virtio_set_status(
	    dev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		     VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

static void setup(uint64_t features)
{
	create(NULL, NULL);
	drive(features);
}

static void teardown(void)
{
	virtio_net_destroy(net);
	EXPECT(fake.destroyed == 1);
	net = NULL;
}

/* A tx chain: header (gso_type gso) and len frame bytes, split in two. */
static void tx_frame(uint64_t at, size_t len, uint8_t gso, unsigned int seed)
{
	uint8_t *h = host(at);
	uint16_t head = next_desc[1];

	memset(h, 0, VIRTIO_NET_HDR_LEN);
	h[1] = gso;
	fill_pattern(host(at + 0x100), len, seed);
	put_desc(1, head, at, VIRTIO_NET_HDR_LEN, F_NEXT, head + 1);
	put_desc(1, head + 1, at + 0x100, (uint32_t)len, 0, 0);
	next_desc[1] += 2;
	avail_add(1, head);
}

static void test_config(void)
{
	struct virtio_net_opts o = {.index = 3};
	uint8_t cfg[10], want[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x59};

	create(&o, NULL);
	EXPECT(dev->ops->device_id == VIRTIO_ID_NET);
	EXPECT(dev->ops->num_queues == 2);
	EXPECT(dev->ops->queue_size_max == 256);
	EXPECT(dev->host_features & (1ull << VIRTIO_NET_F_MAC));
	EXPECT(dev->host_features & (1ull << VIRTIO_NET_F_STATUS));
	EXPECT(dev->host_features & (1ull << VIRTIO_NET_F_MRG_RXBUF));
	/* No checksum or segmentation offloads (bits 0, 1, 7..14). */
	EXPECT(!(dev->host_features & 0x7f83ull));
	dev->ops->config_read(dev, 0, cfg, sizeof(cfg));
	EXPECT(memcmp(cfg, want, 6) == 0);
	EXPECT(cfg[6] == 1 && cfg[7] == 0); /* VIRTIO_NET_S_LINK_UP */
	dev->ops->config_read(dev, 4, cfg, 2);
	EXPECT(cfg[0] == 0x34 && cfg[1] == 0x59);
	teardown();

	memset(&o, 0, sizeof(o));
	EXPECT(virtio_net_parse_mac("02:aa:BB:cc:0d:e1", o.mac) == 0);
	o.has_mac = true;
	create(&o, NULL);
	dev->ops->config_read(dev, 0, cfg, 6);
	EXPECT(cfg[0] == 0x02 && cfg[1] == 0xaa && cfg[2] == 0xbb &&
	       cfg[5] == 0xe1);
	teardown();
	EXPECT(virtio_net_parse_mac("02:aa:bb:cc:dd", o.mac) < 0);
	EXPECT(virtio_net_parse_mac("02:aa:bb:cc:dd:ee:ff", o.mac) < 0);
	EXPECT(virtio_net_parse_mac("02:aa:bb:cc:dd:zz", o.mac) < 0);
	EXPECT(virtio_net_parse_mac("", o.mac) < 0);
}

/* Transmit loops back into one receive buffer (no MRG_RXBUF). */
static void test_loopback(void)
{
	uint8_t *rx = host(DATA);
	uint16_t rxhead;

	setup(F_BASE);
	fake.loopback = true;
	rxhead = add_buf(0, DATA, 2048, F_WRITE);
	memset(rx, 0xee, 2048);
	tx_frame(DATA + 0x1000, 100, 0, 1);
	virtio_queue_kick(dev, 1);
	EXPECT(fake.sent == 1 && fake.len == 100);
	EXPECT(memcmp(fake.frame, host(DATA + 0x1100), 100) == 0);
	EXPECT(fake.last_rx == NET_RX_DONE);
	/* The transmit chain came back with nothing written. */
	EXPECT(used_idx(1) == 1 && used_id(1, 0) == 0 && used_len(1, 0) == 0);
	/* The frame arrived after a header with num_buffers 1. */
	EXPECT(used_idx(0) == 1 && used_id(0, 0) == rxhead);
	EXPECT(used_len(0, 0) == 112);
	EXPECT(rx[0] == 0 && rx[1] == 0 && rx[10] == 1 && rx[11] == 0);
	EXPECT(memcmp(rx + 12, host(DATA + 0x1100), 100) == 0);
	EXPECT(rx[112] == 0xee);
	EXPECT(irqs[0] == 1 && irqs[1] == 1);
	EXPECT(!dev->broken);

	/* Header and frame in one buffer, as Linux usually sends them. */
	add_buf(0, DATA + 0x800, 2048, F_WRITE);
	memset(host(DATA + 0x3000), 0, 12);
	fill_pattern(host(DATA + 0x300c), 60, 9);
	add_buf(1, DATA + 0x3000, 72, 0);
	virtio_queue_kick(dev, 1);
	EXPECT(fake.sent == 2 && fake.len == 60);
	EXPECT(used_idx(0) == 2 && used_len(0, 1) == 72);
	EXPECT(memcmp(host(DATA + 0x800 + 12), host(DATA + 0x300c), 60) == 0);
	teardown();
}

/* With MRG_RXBUF a frame spreads over several chains. */
static void test_mergeable(void)
{
	uint8_t frame[300];
	unsigned int i;

	setup(F_BASE | F_MRG);
	for (i = 0; i < 5; i++)
		add_buf(0, DATA + 0x100 * i, 100, F_WRITE);
	fill_pattern(frame, sizeof(frame), 3);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	/* 312 bytes: 100 + 100 + 100 + 12, num_buffers 4. */
	EXPECT(used_idx(0) == 4);
	EXPECT(used_len(0, 0) == 100 && used_len(0, 1) == 100);
	EXPECT(used_len(0, 2) == 100 && used_len(0, 3) == 12);
	for (i = 0; i < 4; i++)
		EXPECT(used_id(0, i) == i);
	EXPECT(get16(DATA + 10) == 4);
	EXPECT(memcmp(host(DATA + 12), frame, 88) == 0);
	EXPECT(memcmp(host(DATA + 0x100), frame + 88, 100) == 0);
	EXPECT(memcmp(host(DATA + 0x200), frame + 188, 100) == 0);
	EXPECT(memcmp(host(DATA + 0x300), frame + 288, 12) == 0);
	EXPECT(irqs[0] == 1);
	/* A small frame takes the fifth chain alone. */
	EXPECT(deliver(frame, 42) == NET_RX_DONE);
	EXPECT(used_idx(0) == 5 && used_id(0, 4) == 4 && used_len(0, 4) == 54);
	EXPECT(get16(DATA + 0x400 + 10) == 1);
	EXPECT(!dev->broken);
	teardown();
}

/* No buffers: FULL, then the rx notify resumes the backend. */
static void test_flow_control(void)
{
	uint8_t frame[300];

	setup(F_BASE | F_MRG);
	fill_pattern(frame, sizeof(frame), 5);
	EXPECT(deliver(frame, 60) == NET_RX_FULL);
	EXPECT(fake.resumes == 1); /* the one DRIVER_OK gave */
	add_buf(0, DATA, 2048, F_WRITE);
	virtio_queue_kick(dev, 0);
	EXPECT(fake.resumes == 2);
	virtio_queue_kick(dev, 0); /* not blocked: no second resume */
	EXPECT(fake.resumes == 2);
	EXPECT(deliver(frame, 60) == NET_RX_DONE);
	EXPECT(used_idx(0) == 1 && used_len(0, 0) == 72);

	/* Two small chains are not enough: held, not pushed. */
	add_buf(0, DATA + 0x1000, 100, F_WRITE);
	add_buf(0, DATA + 0x1100, 100, F_WRITE);
	EXPECT(deliver(frame, 300) == NET_RX_FULL);
	EXPECT(used_idx(0) == 1);
	add_buf(0, DATA + 0x1200, 100, F_WRITE);
	add_buf(0, DATA + 0x1300, 100, F_WRITE);
	virtio_queue_kick(dev, 0);
	EXPECT(fake.resumes == 3);
	EXPECT(deliver(frame, 300) == NET_RX_DONE);
	EXPECT(used_idx(0) == 5 && get16(DATA + 0x1000 + 10) == 4);
	EXPECT(memcmp(host(DATA + 0x1300), frame + 288, 12) == 0);
	EXPECT(!dev->broken);
	teardown();
}

/* Without MRG_RXBUF a frame larger than the buffer is dropped. */
static void test_too_big(void)
{
	uint8_t frame[100];

	setup(F_BASE);
	fill_pattern(frame, sizeof(frame), 7);
	add_buf(0, DATA, 64, F_WRITE);
	EXPECT(deliver(frame, 100) == NET_RX_DONE);
	EXPECT(used_idx(0) == 0);
	/* The buffer is kept for a frame that fits. */
	EXPECT(deliver(frame, 40) == NET_RX_DONE);
	EXPECT(used_idx(0) == 1 && used_len(0, 0) == 52);
	EXPECT(memcmp(host(DATA + 12), frame, 40) == 0);
	EXPECT(deliver(frame, NET_MAX_FRAME + 1) == NET_RX_DONE);
	EXPECT(!dev->broken);
	teardown();
}

/* Oversized and GSO transmits are dropped, their chains returned. */
static void test_tx_drops(void)
{
	setup(F_BASE);
	tx_frame(BIGDATA, NET_MAX_FRAME + 1, 0, 0);
	tx_frame(DATA, 60, 1 /* TCPV4 */, 0);
	add_buf(1, DATA + 0x1000, VIRTIO_NET_HDR_LEN, 0); /* no frame */
	virtio_queue_kick(dev, 1);
	EXPECT(fake.sent == 0);
	EXPECT(used_idx(1) == 3);
	EXPECT(!dev->broken);
	tx_frame(BIGDATA, NET_MAX_FRAME, 0, 0);
	virtio_queue_kick(dev, 1);
	EXPECT(fake.sent == 1 && fake.len == NET_MAX_FRAME);
	teardown();
}

/* Frames before DRIVER_OK are dropped; the rings are not touched. */
static void test_not_live(void)
{
	uint8_t frame[60] = {1};

	create(NULL, NULL);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	EXPECT(used_idx(0) == 0);
	virtio_queue_kick(dev, 1);
	EXPECT(fake.sent == 0);
	teardown();
}

static void expect_broken(void)
{
	EXPECT(dev->broken);
	EXPECT(dev->status & VIRTIO_STATUS_NEEDS_RESET);
}

static void test_violations(void)
{
	uint8_t frame[60] = {0};

	/* A transmit chain shorter than the header. */
	setup(F_BASE);
	add_buf(1, DATA, 8, 0);
	virtio_queue_kick(dev, 1);
	expect_broken();
	EXPECT(fake.sent == 0);
	teardown();

	/* A transmit chain with a writable buffer. */
	setup(F_BASE);
	put_desc(1, 0, DATA, 72, F_NEXT, 1);
	put_desc(1, 1, DATA + 0x100, 16, F_WRITE, 0);
	avail_add(1, 0);
	virtio_queue_kick(dev, 1);
	expect_broken();
	EXPECT(fake.sent == 0);
	teardown();

	/* A receive chain with a readable buffer. */
	setup(F_BASE);
	add_buf(0, DATA, 2048, 0);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	expect_broken();
	EXPECT(used_idx(0) == 0);
	/* Broken: further frames are dropped, not written. */
	add_buf(0, DATA + 0x1000, 2048, F_WRITE);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	EXPECT(used_idx(0) == 0);
	teardown();

	/* A mergeable receive buffer smaller than the header. */
	setup(F_BASE | F_MRG);
	add_buf(0, DATA, 8, F_WRITE);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	expect_broken();
	teardown();

	/* A receive chain pointing outside guest RAM (core rule 3). */
	setup(F_BASE);
	add_buf(0, RAM_GPA + RAM_SIZE - 16, 64, F_WRITE);
	EXPECT(deliver(frame, sizeof(frame)) == NET_RX_DONE);
	expect_broken();
	teardown();
}

/* A reset drops the reservation; the driver starts over cleanly. */
static void test_reset(void)
{
	uint8_t frame[300];

	setup(F_BASE | F_MRG);
	fill_pattern(frame, sizeof(frame), 11);
	add_buf(0, DATA, 100, F_WRITE);
	EXPECT(deliver(frame, 300) == NET_RX_FULL);
	virtio_set_status(dev, 0);
	EXPECT(fake.resumes == 2); /* DRIVER_OK, then the reset */
	EXPECT(deliver(frame, 300) == NET_RX_DONE); /* dropped: not live */
	memset(ram, 0, RAM_SIZE);
	memset(next_desc, 0, sizeof(next_desc));
	drive(F_BASE | F_MRG);
	add_buf(0, DATA, 400, F_WRITE);
	EXPECT(deliver(frame, 300) == NET_RX_DONE);
	EXPECT(used_idx(0) == 1 && used_len(0, 0) == 312);
	EXPECT(memcmp(host(DATA + 12), frame, 300) == 0);
	EXPECT(!dev->broken);
	teardown();
}

/* Transmit through a real I/O thread: the notify only signals it. */
static void test_iothread(void)
{
	struct iothread *io = iothread_create("net-test");
	struct timespec ts = {0, 1000000};
	int i;

	EXPECT(io != NULL);
	if (!io)
		return;
	create(NULL, io);
	drive(F_BASE);
	tx_frame(DATA, 80, 0, 13);
	virtio_queue_kick(dev, 1);
	for (i = 0;
	     i < 5000 && !__atomic_load_n(&fake.sent_flag, __ATOMIC_ACQUIRE);
	     i++)
		nanosleep(&ts, NULL);
	EXPECT(fake.sent == 1 && fake.len == 80);
	EXPECT(memcmp(fake.frame, host(DATA + 0x100), 80) == 0);
	teardown();
	iothread_destroy(io);
}

int main(void)
{
	ram = aligned_alloc(4096, RAM_SIZE);
	if (!ram)
		return 1;
	mem.n = 1;
	mem.r[0] = (struct guest_mem_region){RAM_GPA, RAM_SIZE, ram};
	test_config();
	test_loopback();
	test_mergeable();
	test_flow_control();
	test_too_big();
	test_tx_drops();
	test_not_live();
	test_violations();
	test_reset();
	test_iothread();
	free(ram);
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures != 0;
}
