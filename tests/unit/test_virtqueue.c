// SPDX-License-Identifier: MIT
/*
 * The virtio core (hw/virtio/virtio.c, virtqueue.c) against rings built in
 * a fake guest RAM: normal and indirect chains, EVENT_IDX, the status
 * state machine, and every hardening violation, which must leave the
 * device broken with NEEDS_RESET rather than crash or corrupt anything.
 */
#include <stdlib.h>
#include <string.h>

#include "../../hw/virtio/virtio.h"

#include "expect.h"

#define RAM_GPA 0x100000ull
#define RAM_SIZE (8ull << 20)
#define DESC (RAM_GPA + 0x0000)
#define AVAIL (RAM_GPA + 0x4000)
#define USED (RAM_GPA + 0x5000)
#define DATA (RAM_GPA + 0x10000)
#define QSIZE 256

#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

static struct guest_mem mem;
static uint8_t *ram;
static struct virtio_dev dev;
static unsigned int config_irqs, starts, resets, notifies;

static uint64_t t_features(struct virtio_dev *d)
{
	(void)d;
	return 1ull << 5;
}

static void t_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			  uint32_t len)
{
	(void)d;
	(void)off;
	memset(buf, 0, len);
}

static void t_notify(struct virtio_dev *d, unsigned int q)
{
	(void)d;
	(void)q;
	notifies++;
}

static void t_start(struct virtio_dev *d)
{
	(void)d;
	starts++;
}

static void t_reset(struct virtio_dev *d)
{
	(void)d;
	resets++;
}

static const struct virtio_dev_ops t_ops = {
    .name = "virtio-test",
    .device_id = 99,
    .num_queues = 2,
    .queue_size_max = QSIZE,
    .config_size = 4,
    .features = t_features,
    .config_read = t_config_read,
    .queue_notify = t_notify,
    .start = t_start,
    .reset = t_reset,
};

static void t_notify_config(struct virtio_dev *d)
{
	(void)d;
	config_irqs++;
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

static void put_desc(uint64_t table, unsigned int i, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *p = host(table + 16ull * i);
	unsigned int b;

	for (b = 0; b < 8; b++)
		p[b] = addr >> (8 * b);
	for (b = 0; b < 4; b++)
		p[8 + b] = len >> (8 * b);
	put16(table + 16ull * i + 12, flags);
	put16(table + 16ull * i + 14, next);
}

/* Makes head available as the next avail-ring entry. */
static void avail_add(uint16_t head)
{
	uint16_t idx = get16(AVAIL + 2);

	put16(AVAIL + 4 + 2 * (idx % QSIZE), head);
	put16(AVAIL + 2, idx + 1);
}

/* A device through DRIVER_OK with queue 0 on the rings above. */
static void setup(uint64_t features)
{
	memset(ram, 0, RAM_SIZE);
	virtio_dev_init(&dev, &t_ops, NULL, &mem);
	dev.transport.notify_config = t_notify_config;
	config_irqs = starts = resets = notifies = 0;
	virtio_set_status(&dev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_set_status(&dev,
			  VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	virtio_set_driver_features(&dev, 0, (uint32_t)features);
	virtio_set_driver_features(&dev, 1, (uint32_t)(features >> 32));
	virtio_set_status(&dev, VIRTIO_STATUS_ACKNOWLEDGE |
				    VIRTIO_STATUS_DRIVER |
				    VIRTIO_STATUS_FEATURES_OK);
	dev.vq[0].size = QSIZE;
	dev.vq[0].desc_gpa = DESC;
	dev.vq[0].avail_gpa = AVAIL;
	dev.vq[0].used_gpa = USED;
	dev.vq[0].ready = true;
	virtio_set_status(
	    &dev, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		      VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

#define F_V1 (1ull << VIRTIO_F_VERSION_1)
#define F_IND (1ull << VIRTIO_F_INDIRECT_DESC)
#define F_EV (1ull << VIRTIO_F_RING_EVENT_IDX)

static void test_normal_chain(void)
{
	struct vq_req req;
	char buf[16] = {0};

	setup(F_V1);
	EXPECT(dev.status == 0xf && starts == 1);
	EXPECT(virtio_queue_live(&dev, 0));
	EXPECT(!virtio_queue_live(&dev, 1));
	memcpy(host(DATA), "hello ", 6);
	memcpy(host(DATA + 0x100), "world", 5);
	put_desc(DESC, 3, DATA, 6, F_NEXT, 7);
	put_desc(DESC, 7, DATA + 0x100, 5, F_NEXT, 1);
	put_desc(DESC, 1, DATA + 0x200, 8, F_WRITE | F_NEXT, 2);
	put_desc(DESC, 2, DATA + 0x300, 8, F_WRITE, 0);
	avail_add(3);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	EXPECT(req.head == 3 && req.nout == 2 && req.nin == 2);
	EXPECT(req.out_len == 11 && req.in_len == 16);
	EXPECT(req.iov[0].iov_base == host(DATA));
	EXPECT(req.iov[3].iov_base == host(DATA + 0x300));
	EXPECT(dev.vq[0].inflight == 1);
	EXPECT(vq_copy_from_out(&req, 4, buf, sizeof(buf)) == 7);
	EXPECT(memcmp(buf, "o world", 7) == 0);
	EXPECT(vq_copy_to_in(&req, 6, "0123456789abc", 13) == 10);
	EXPECT(memcmp(host(DATA + 0x206), "01", 2) == 0);
	EXPECT(memcmp(host(DATA + 0x300), "23456789", 8) == 0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 0);
	vq_push(&dev.vq[0], &req, 16);
	EXPECT(get16(USED + 2) == 1);
	EXPECT(get32(USED + 4) == 3 && get32(USED + 8) == 16);
	EXPECT(dev.vq[0].inflight == 0);
	/* written is clamped to the writable bytes. */
	avail_add(3);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 1000);
	EXPECT(get16(USED + 2) == 2 && get32(USED + 16) == 16);
	EXPECT(!dev.broken);
	/* Without EVENT_IDX: interrupt unless NO_INTERRUPT. */
	EXPECT(vq_should_notify(&dev.vq[0]));
	EXPECT(!vq_should_notify(&dev.vq[0])); /* nothing new */
	put16(AVAIL, 1);
	avail_add(3);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 0);
	EXPECT(!vq_should_notify(&dev.vq[0]));
	/* Kick reaches the device's queue_notify. */
	virtio_queue_kick(&dev, 0);
	virtio_queue_kick(&dev, 1);
	virtio_queue_kick(&dev, 100);
	EXPECT(notifies == 1);
	virtio_dev_destroy(&dev);
}

/* Device writes are reported by guest-physical range, clamped. */
static uint64_t wrote_gpa[4], wrote_len[4];
static unsigned int nwrote;

static void record_wrote(void *opaque, uint64_t gpa, uint64_t len)
{
	(void)opaque;
	if (nwrote < 4) {
		wrote_gpa[nwrote] = gpa;
		wrote_len[nwrote] = len;
	}
	nwrote++;
}

static void test_wrote_reports(void)
{
	struct vq_req req;

	setup(F_V1);
	mem.wrote = record_wrote;
	put_desc(DESC, 0, DATA, 6, F_NEXT, 1);
	put_desc(DESC, 1, DATA + 0x200, 8, F_WRITE | F_NEXT, 2);
	put_desc(DESC, 2, DATA + 0x300, 8, F_WRITE, 0);
	avail_add(0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 11);
	EXPECT(nwrote == 2);
	EXPECT(wrote_gpa[0] == DATA + 0x200 && wrote_len[0] == 8);
	EXPECT(wrote_gpa[1] == DATA + 0x300 && wrote_len[1] == 3);
	/* Nothing written, nothing reported; too much is clamped. */
	nwrote = 0;
	avail_add(0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 0);
	EXPECT(nwrote == 0);
	avail_add(0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 1000);
	EXPECT(nwrote == 2 && wrote_len[1] == 8);
	mem.wrote = NULL;
	virtio_dev_destroy(&dev);
}

static void test_indirect(void)
{
	struct vq_req req;

	setup(F_V1 | F_IND);
	put_desc(DATA + 0x1000, 0, DATA, 4, F_NEXT, 2);
	put_desc(DATA + 0x1000, 2, DATA + 0x10, 4, F_NEXT, 1);
	put_desc(DATA + 0x1000, 1, DATA + 0x20, 4, F_WRITE, 0);
	put_desc(DESC, 5, DATA + 0x1000, 3 * 16, F_INDIRECT, 0);
	avail_add(5);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	EXPECT(req.head == 5 && req.nout == 2 && req.nin == 1);
	EXPECT(req.iov[1].iov_base == host(DATA + 0x10));
	EXPECT(req.iov[2].iov_base == host(DATA + 0x20));
	/* A direct buffer may precede the indirect descriptor. */
	put_desc(DESC, 6, DATA + 0x40, 4, F_NEXT, 7);
	put_desc(DESC, 7, DATA + 0x1000, 3 * 16, F_INDIRECT, 0);
	avail_add(6);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	EXPECT(req.nout == 3 && req.nin == 1);
	EXPECT(!dev.broken);
}

static void test_event_idx(void)
{
	struct vq_req req;
	unsigned int i;

	setup(F_V1 | F_EV);
	EXPECT(dev.vq[0].event_idx);
	put_desc(DESC, 0, DATA, 4, F_WRITE, 0);
	for (i = 0; i < 10; i++)
		put_desc(DESC, i, DATA, 4, F_WRITE, 0);
	/* Empty ring: avail_event tells the driver to notify at 0. */
	EXPECT(vq_pop(&dev.vq[0], &req) == 0);
	EXPECT(get16(USED + 4 + 8 * QSIZE) == 0);
	avail_add(0);
	avail_add(1);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	EXPECT(get16(USED + 4 + 8 * QSIZE) == 1);
	vq_push(&dev.vq[0], &req, 4);
	EXPECT(vq_should_notify(&dev.vq[0])); /* first one */
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	EXPECT(get16(USED + 4 + 8 * QSIZE) == 2);
	put16(AVAIL + 4 + 2 * QSIZE, 5); /* used_event: after entry 5 */
	vq_push(&dev.vq[0], &req, 4);
	EXPECT(!vq_should_notify(&dev.vq[0])); /* used 1 -> 2 */
	for (i = 2; i < 6; i++)
		avail_add(i);
	for (i = 2; i < 6; i++) {
		EXPECT(vq_pop(&dev.vq[0], &req) == 1);
		vq_push(&dev.vq[0], &req, 4);
	}
	EXPECT(vq_should_notify(&dev.vq[0])); /* used 2 -> 6 crosses 5 */
	EXPECT(!vq_should_notify(&dev.vq[0]));
	EXPECT(!dev.broken);
}

/* Runs one pop expected to be a violation, then checks the aftermath. */
static void expect_violation(int line)
{
	struct vq_req req;
	int r = vq_pop(&dev.vq[0], &req);

	if (r != -1 || !dev.broken ||
	    !(dev.status & VIRTIO_STATUS_NEEDS_RESET) ||
	    dev.config_generation != 1 || config_irqs != 1) {
		fprintf(stderr, "line %d: violation not caught (pop %d)\n",
			line, r);
		failures++;
	}
	/* A broken device stays quiet and pops nothing. */
	EXPECT(vq_pop(&dev.vq[0], &req) == 0);
	virtio_set_broken(&dev, "again");
	EXPECT(config_irqs == 1 && dev.config_generation == 1);
	EXPECT(get16(USED + 2) == 0);
	/* Reset revives it. */
	virtio_set_status(&dev, 0);
	EXPECT(!dev.broken && dev.status == 0 && resets == 1);
	EXPECT(dev.vq[0].inflight == 0 && !dev.vq[0].ready);
	EXPECT(dev.driver_features == 0);
}

#define VIOLATION() expect_violation(__LINE__)

static void test_violations(void)
{
	unsigned int i;

	setup(F_V1 | F_IND); /* loop in the next chain */
	put_desc(DESC, 0, DATA, 4, F_NEXT, 1);
	put_desc(DESC, 1, DATA, 4, F_NEXT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* buffer outside guest RAM */
	put_desc(DESC, 0, RAM_GPA + RAM_SIZE - 2, 4, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* huge length */
	put_desc(DESC, 0, DATA, 0xffffffff, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* address wraps */
	put_desc(DESC, 0, ~0ull - 1, 16, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* chain longer than VQ_MAX_CHAIN_BYTES */
	for (i = 0; i < 200; i++)
		put_desc(DESC, i, RAM_GPA, RAM_SIZE, F_NEXT, i + 1);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* more than VQ_MAX_SEGS buffers */
	dev.vq[0].size_max = dev.vq[0].size = 512;
	for (i = 0; i < 300; i++)
		put_desc(DESC, i, DATA, 1, F_NEXT, i + 1);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* zero length */
	put_desc(DESC, 0, DATA, 0, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* readable after writable */
	put_desc(DESC, 0, DATA, 4, F_WRITE | F_NEXT, 1);
	put_desc(DESC, 1, DATA, 4, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* avail gap > size */
	put16(AVAIL + 2, QSIZE + 1);
	VIOLATION();

	setup(F_V1); /* head >= size */
	avail_add(QSIZE);
	VIOLATION();

	setup(F_V1); /* next >= size */
	put_desc(DESC, 0, DATA, 4, F_NEXT, QSIZE + 3);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* head made available again while in flight */
	put_desc(DESC, 0, DATA, 4, 0, 0);
	avail_add(0);
	avail_add(0);
	{
		struct vq_req req;

		EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	}
	VIOLATION();

	setup(F_V1); /* indirect without the feature */
	put_desc(DATA + 0x1000, 0, DATA, 4, 0, 0);
	put_desc(DESC, 0, DATA + 0x1000, 16, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* nested indirect */
	put_desc(DATA + 0x1000, 0, DATA + 0x1000, 16, F_INDIRECT, 0);
	put_desc(DESC, 0, DATA + 0x1000, 16, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect length not a multiple of 16 */
	put_desc(DATA + 0x1000, 0, DATA, 4, 0, 0);
	put_desc(DESC, 0, DATA + 0x1000, 20, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect length 0 */
	put_desc(DESC, 0, DATA + 0x1000, 0, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect table outside RAM */
	put_desc(DESC, 0, RAM_GPA + RAM_SIZE - 16, 32, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect table larger than the queue */
	put_desc(DESC, 0, DATA, 16 * (QSIZE + 1), F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* loop inside an indirect table */
	put_desc(DATA + 0x1000, 0, DATA, 4, F_NEXT, 1);
	put_desc(DATA + 0x1000, 1, DATA, 4, F_NEXT, 0);
	put_desc(DESC, 0, DATA + 0x1000, 32, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect next beyond its table */
	put_desc(DATA + 0x1000, 0, DATA, 4, F_NEXT, 2);
	put_desc(DESC, 0, DATA + 0x1000, 32, F_INDIRECT, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1 | F_IND); /* indirect with NEXT */
	put_desc(DATA + 0x1000, 0, DATA, 4, 0, 0);
	put_desc(DESC, 0, DATA + 0x1000, 16, F_INDIRECT | F_NEXT, 1);
	put_desc(DESC, 1, DATA, 4, 0, 0);
	avail_add(0);
	VIOLATION();

	setup(F_V1); /* ring outside guest RAM */
	dev.vq[0].used_gpa = RAM_GPA + RAM_SIZE - 8;
	VIOLATION();

	setup(F_V1); /* queue size not a power of two */
	dev.vq[0].size = 100;
	EXPECT(vq_check_config(&dev.vq[0]) != NULL);
	VIOLATION();
}

static void test_push_rules(void)
{
	struct vq_req req, bogus;

	setup(F_V1); /* push of a head never popped */
	bogus.head = 7;
	bogus.gen = dev.vq[0].gen;
	bogus.in_len = 0;
	vq_push(&dev.vq[0], &bogus, 0);
	EXPECT(dev.broken && get16(USED + 2) == 0);

	setup(F_V1); /* double push */
	put_desc(DESC, 0, DATA, 4, F_WRITE, 0);
	avail_add(0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	vq_push(&dev.vq[0], &req, 4);
	EXPECT(!dev.broken && get16(USED + 2) == 1);
	vq_push(&dev.vq[0], &req, 4);
	EXPECT(dev.broken && get16(USED + 2) == 1);
	EXPECT(dev.vq[0].inflight == 0);

	setup(F_V1); /* a push from before a reset is dropped */
	put_desc(DESC, 0, DATA, 4, F_WRITE, 0);
	avail_add(0);
	EXPECT(vq_pop(&dev.vq[0], &req) == 1);
	virtio_set_status(&dev, 0);
	dev.vq[0].size = QSIZE;
	dev.vq[0].desc_gpa = DESC;
	dev.vq[0].avail_gpa = AVAIL;
	dev.vq[0].used_gpa = USED;
	dev.vq[0].ready = true;
	vq_push(&dev.vq[0], &req, 4);
	EXPECT(!dev.broken && get16(USED + 2) == 0);

	setup(F_V1); /* rule 2 on the kick itself */
	put16(AVAIL + 2, 1000);
	virtio_queue_kick(&dev, 0);
	EXPECT(dev.broken && notifies == 0);
}

static void status_seq(const uint8_t *s, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		virtio_set_status(&dev, s[i]);
}

static void test_status(void)
{
	static const uint8_t skip[] = {1, 3, 7};
	static const uint8_t clear[] = {1, 3, 1};
	static const uint8_t fail[] = {1, 3, 0x83};
	static const uint8_t all_at_once[] = {0xf};

	virtio_dev_init(&dev, &t_ops, NULL, &mem);
	dev.transport.notify_config = t_notify_config;
	config_irqs = 0;
	EXPECT(dev.host_features == (F_V1 | F_IND | F_EV | 1ull << 5));
	/* FEATURES_OK does not stick without VERSION_1 ... */
	virtio_set_status(&dev, 1);
	virtio_set_status(&dev, 3);
	virtio_set_driver_features(&dev, 0, 1u << 5);
	virtio_set_status(&dev, 0xb);
	EXPECT(dev.status == 3 && !dev.broken);
	/* ... nor with a bit never offered ... */
	virtio_set_driver_features(&dev, 1, 1 | 1u << 7);
	virtio_set_status(&dev, 0xb);
	EXPECT(dev.status == 3);
	virtio_set_driver_features(&dev, 1, 1);
	virtio_set_driver_features(&dev, 2, 1);
	virtio_set_status(&dev, 0xb);
	EXPECT(dev.status == 3);
	/* ... and does with an offered subset; features then freeze. */
	virtio_set_driver_features(&dev, 2, 0);
	virtio_set_status(&dev, 0);
	virtio_set_status(&dev, 1);
	virtio_set_status(&dev, 3);
	virtio_set_driver_features(&dev, 1, 1);
	virtio_set_status(&dev, 0xb);
	EXPECT(dev.status == 0xb);
	virtio_set_driver_features(&dev, 0, 1u << 5);
	EXPECT(dev.driver_features == F_V1);
	/* DRIVER_OK after a refused FEATURES_OK is out of order. */
	virtio_set_status(&dev, 0);
	virtio_set_status(&dev, 1);
	virtio_set_status(&dev, 3);
	virtio_set_status(&dev, 0xb);
	virtio_set_status(&dev, 0xf);
	EXPECT(dev.broken && (dev.status & VIRTIO_STATUS_NEEDS_RESET));
	EXPECT(config_irqs == 0); /* not before DRIVER_OK (2.1.2) */
	virtio_set_status(&dev, 0);
	status_seq(skip, 3);
	EXPECT(dev.broken);
	virtio_set_status(&dev, 0);
	status_seq(clear, 3);
	EXPECT(dev.broken);
	virtio_set_status(&dev, 0);
	status_seq(fail, 3);
	EXPECT(!dev.broken && dev.status == 0x83);
	virtio_set_status(&dev, 0);
	status_seq(all_at_once, 1);
	EXPECT(dev.broken);
	virtio_set_status(&dev, 0);
	virtio_set_status(&dev, 0x10); /* an unknown bit */
	EXPECT(dev.broken);
	virtio_dev_destroy(&dev);
}

int main(void)
{
	ram = aligned_alloc(4096, RAM_SIZE);
	if (!ram)
		return 1;
	mem.n = 1;
	mem.r[0] = (struct guest_mem_region){RAM_GPA, RAM_SIZE, ram};
	test_normal_chain();
	test_wrote_reports();
	test_indirect();
	test_event_idx();
	test_violations();
	test_push_rules();
	test_status();
	free(ram);
	if (failures) {
		fprintf(stderr, "test_virtqueue: %d failures\n", failures);
		return 1;
	}
	printf("test_virtqueue: all checks passed\n");
	return 0;
}
