/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (hw/virtio/virtio_blk.c) driven like a guest driver would:
 * split rings built by hand in a fake guest RAM, requests served on a real
 * I/O thread over a temporary image. Covers the config space, read/write
 * round trips across scattered buffers, FLUSH, GET_ID, DISCARD and
 * WRITE_ZEROES, read-only refusal, out-of-range and bad requests (IOERR or
 * UNSUPP), malformed chains (device broken, VMM alive, usable after a
 * reset), a full queue at once, and the creation errors.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../hw/virtio/virtio_blk.h"
#include "expect.h"

#define RAM_GPA 0x40000000ull
#define RAM_SIZE (16ull << 20)
#define DESC (RAM_GPA + 0x0000)
#define AVAIL (RAM_GPA + 0x4000)
#define USED (RAM_GPA + 0x5000)
#define HDR (RAM_GPA + 0x8000)	    /* 256 headers, 16 bytes each */
#define STAT (RAM_GPA + 0x9000)	    /* 256 status bytes */
#define SEGS (RAM_GPA + 0xa000)	    /* discard/zeroes segments */
#define OUTBUF (RAM_GPA + 0x100000) /* 4 MiB */
#define INBUF (RAM_GPA + 0x500000)  /* 4 MiB */
#define QSIZE 256

#define IMG_SECTORS 8192 /* 4 MiB */

#define T_IN 0
#define T_OUT 1
#define T_FLUSH 4
#define T_GET_ID 8
#define T_GET_LIFETIME 10
#define T_DISCARD 11
#define T_WRITE_ZEROES 13
#define S_OK 0
#define S_IOERR 1
#define S_UNSUPP 2

#define F_NEXT 1
#define F_WRITE 2

static struct guest_mem mem;
static uint8_t *ram;
static struct virtio_dev *dev;
static uint16_t next_desc, avail_idx, used_seen;
static int irqs;
static char img_path[128];
static char err[256];

struct seg {
	uint64_t gpa;
	uint32_t len;
	bool write;
};

static void *host(uint64_t gpa)
{
	return ram + (gpa - RAM_GPA);
}

static void put16(uint64_t gpa, uint16_t v)
{
	uint8_t *p = host(gpa);

	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
	put16(gpa, (uint16_t)v);
	put16(gpa + 2, (uint16_t)(v >> 16));
}

static void put64(uint64_t gpa, uint64_t v)
{
	put32(gpa, (uint32_t)v);
	put32(gpa + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(uint64_t gpa)
{
	uint8_t *p = host(gpa);

	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t used_idx(void)
{
	return __atomic_load_n((uint16_t *)host(USED + 2), __ATOMIC_ACQUIRE);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {0, (long)ms * 1000000L};

	nanosleep(&ts, NULL);
}

static bool is_broken(void)
{
	bool b;

	pthread_mutex_lock(&dev->lock);
	b = dev->broken;
	pthread_mutex_unlock(&dev->lock);
	return b;
}

static void count_irq(struct virtio_dev *d, unsigned int q)
{
	(void)d;
	(void)q;
	__atomic_fetch_add(&irqs, 1, __ATOMIC_RELAXED);
}

/* Writes a chain into the descriptor table and makes it available. */
static uint16_t add_chain(const struct seg *s, unsigned int n)
{
	uint16_t head = next_desc;
	unsigned int i;

	for (i = 0; i < n; i++) {
		uint16_t d = (uint16_t)((head + i) % QSIZE);
		uint64_t at = DESC + 16ull * d;

		put64(at, s[i].gpa);
		put32(at + 8, s[i].len);
		put16(at + 12, (uint16_t)((s[i].write ? F_WRITE : 0) |
					  (i + 1 < n ? F_NEXT : 0)));
		put16(at + 14, (uint16_t)((d + 1) % QSIZE));
	}
	next_desc = (uint16_t)((head + n) % QSIZE);
	put16(AVAIL + 4 + 2 * (avail_idx % QSIZE), head);
	__atomic_store_n((uint16_t *)host(AVAIL + 2), ++avail_idx,
			 __ATOMIC_RELEASE);
	return head;
}

/* Waits (5 s at most) until the device has used `want` chains in all. */
static bool wait_used(uint16_t want)
{
	int i;

	for (i = 0; i < 5000; i++) {
		if (used_idx() == want)
			return true;
		sleep_ms(1);
	}
	return false;
}

/* The used-ring entry of the chain completed last. */
static uint32_t last_used_len(void)
{
	return get32(USED + 4 + 8 * ((used_idx() - 1) % QSIZE) + 4);
}

/* Accepts every offered feature and enables queue 0, as a driver would. */
static void drive_setup(void)
{
	uint8_t st = VIRTIO_STATUS_ACKNOWLEDGE;

	memset(ram, 0, 0x10000);
	next_desc = avail_idx = used_seen = 0;
	pthread_mutex_lock(&dev->lock);
	virtio_set_status(dev, 0);
	virtio_set_status(dev, st);
	st |= VIRTIO_STATUS_DRIVER;
	virtio_set_status(dev, st);
	virtio_set_driver_features(dev, 0, (uint32_t)dev->host_features);
	virtio_set_driver_features(dev, 1,
				   (uint32_t)(dev->host_features >> 32));
	st |= VIRTIO_STATUS_FEATURES_OK;
	virtio_set_status(dev, st);
	dev->vq[0].size = QSIZE;
	dev->vq[0].desc_gpa = DESC;
	dev->vq[0].avail_gpa = AVAIL;
	dev->vq[0].used_gpa = USED;
	dev->vq[0].ready = true;
	st |= VIRTIO_STATUS_DRIVER_OK;
	virtio_set_status(dev, st);
	EXPECT(dev->status == st);
	pthread_mutex_unlock(&dev->lock);
}

/*
 * One request: header, then out bytes from OUTBUF, in bytes to INBUF and
 * the status byte. Returns the status, or -1 if it never completed.
 */
static int request(uint32_t type, uint64_t sector, uint32_t out_len,
		   uint32_t in_len, uint32_t *used)
{
	struct seg s[4];
	unsigned int n = 0;

	put32(HDR, type);
	put32(HDR + 4, 0);
	put64(HDR + 8, sector);
	*(uint8_t *)host(STAT) = 0xee;
	s[n++] = (struct seg){HDR, 16, false};
	if (out_len)
		s[n++] = (struct seg){OUTBUF, out_len, false};
	if (in_len)
		s[n++] = (struct seg){INBUF, in_len, true};
	s[n++] = (struct seg){STAT, 1, true};
	add_chain(s, n);
	virtio_queue_kick(dev, 0);
	if (!wait_used(avail_idx))
		return -1;
	if (used)
		*used = last_used_len();
	return *(uint8_t *)host(STAT);
}

static void fill(uint8_t *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 9));
}

static bool all_zero(const uint8_t *b, size_t n)
{
	while (n--)
		if (*b++)
			return false;
	return true;
}

/* A DISCARD or WRITE_ZEROES request with one segment. */
static int range_req(uint32_t type, uint64_t sector, uint32_t num,
		     uint32_t flags)
{
	put64(OUTBUF, sector);
	put32(OUTBUF + 8, num);
	put32(OUTBUF + 12, flags);
	return request(type, 0, 16, 0, NULL);
}

static uint32_t cfg32(uint32_t off)
{
	uint32_t v;

	pthread_mutex_lock(&dev->lock);
	dev->ops->config_read(dev, off, &v, 4);
	pthread_mutex_unlock(&dev->lock);
	return le32toh(v);
}

static void test_config(bool ro)
{
	uint64_t cap, f = dev->host_features;

	pthread_mutex_lock(&dev->lock);
	dev->ops->config_read(dev, 0, &cap, 8);
	pthread_mutex_unlock(&dev->lock);
	EXPECT(dev->ops->device_id == VIRTIO_ID_BLOCK);
	EXPECT(dev->ops->queue_size_max == 256);
	EXPECT(le64toh(cap) == IMG_SECTORS);
	EXPECT(cfg32(12) == 254); /* seg_max */
	EXPECT(cfg32(20) == 512); /* blk_size */
	EXPECT(f & (1ull << 2) && f & (1ull << 6) && f & (1ull << 9));
	EXPECT(!!(f & (1ull << 5)) == ro); /* RO */
	EXPECT(!!(f & (1ull << 13)) == !ro && !!(f & (1ull << 14)) == !ro);
	EXPECT(f & (1ull << VIRTIO_F_VERSION_1));
	if (!ro) {
		EXPECT(cfg32(36) > 0);	  /* max_discard_sectors */
		EXPECT(cfg32(40) == 1);	  /* max_discard_seg */
		EXPECT(cfg32(44) >= 1);	  /* discard_sector_alignment */
		EXPECT(cfg32(48) > 0);	  /* max_write_zeroes_sectors */
		EXPECT(cfg32(52) == 1);	  /* max_write_zeroes_seg */
		EXPECT(cfg32(56) & 0xff); /* write_zeroes_may_unmap */
	}
}

static void test_read_write(int fd)
{
	static uint8_t pat[64 * 512], file[64 * 512];
	struct seg s[6];
	uint32_t used;

	/* Header and the first 100 data bytes in one buffer, the rest in
	 * two more; the status byte shares the last writable buffer. */
	fill(pat, sizeof(pat), 1);
	put32(HDR, T_OUT);
	put32(HDR + 4, 0);
	put64(HDR + 8, 100);
	memcpy(host(OUTBUF), host(HDR), 16);
	memcpy(host(OUTBUF + 16), pat, 100);
	memcpy(host(OUTBUF + 0x10000), pat + 100, 1000);
	memcpy(host(OUTBUF + 0x20000), pat + 1100, sizeof(pat) - 1100);
	s[0] = (struct seg){OUTBUF, 116, false};
	s[1] = (struct seg){OUTBUF + 0x10000, 1000, false};
	s[2] = (struct seg){OUTBUF + 0x20000, sizeof(pat) - 1100, false};
	s[3] = (struct seg){STAT, 1, true};
	add_chain(s, 4);
	virtio_queue_kick(dev, 0);
	EXPECT(wait_used(avail_idx));
	EXPECT(*(uint8_t *)host(STAT) == S_OK);
	EXPECT(last_used_len() == 1);
	EXPECT(pread(fd, file, sizeof(file), 100 * 512) == sizeof(file));
	EXPECT(memcmp(file, pat, sizeof(file)) == 0);

	/* Read it back: data split 3 ways, status at the end of the last. */
	memset(host(INBUF), 0xcc, 0x30000);
	put32(HDR, T_IN);
	put64(HDR + 8, 100);
	s[0] = (struct seg){HDR, 16, false};
	s[1] = (struct seg){INBUF, 512, true};
	s[2] = (struct seg){INBUF + 0x10000, 4096 + 3, true};
	s[3] = (struct seg){INBUF + 0x20000, sizeof(pat) - 4608 - 3 + 1, true};
	add_chain(s, 4);
	virtio_queue_kick(dev, 0);
	EXPECT(wait_used(avail_idx));
	EXPECT(last_used_len() == sizeof(pat) + 1);
	EXPECT(memcmp(host(INBUF), pat, 512) == 0);
	EXPECT(memcmp(host(INBUF + 0x10000), pat + 512, 4099) == 0);
	EXPECT(memcmp(host(INBUF + 0x20000), pat + 4611, sizeof(pat) - 4611) ==
	       0);
	EXPECT(*(uint8_t *)host(INBUF + 0x20000 + sizeof(pat) - 4611) == S_OK);

	/* The simple helper, over the last sectors of the disk. */
	fill(host(OUTBUF), 4096, 9);
	EXPECT(request(T_OUT, IMG_SECTORS - 8, 4096, 0, &used) == S_OK);
	EXPECT(used == 1);
	EXPECT(request(T_IN, IMG_SECTORS - 8, 0, 4096, &used) == S_OK);
	EXPECT(used == 4097);
	EXPECT(memcmp(host(INBUF), host(OUTBUF), 4096) == 0);
	EXPECT(request(T_FLUSH, 0, 0, 0, &used) == S_OK);
	EXPECT(irqs > 0);
}

static void test_out_of_range(void)
{
	uint32_t used;

	/* Past the end, straddling it, and sectors that overflow. */
	memset(host(INBUF), 0x55, 1024);
	EXPECT(request(T_IN, IMG_SECTORS, 0, 512, &used) == S_IOERR);
	EXPECT(used == 513 && all_zero(host(INBUF), 512));
	EXPECT(request(T_IN, IMG_SECTORS - 1, 0, 1024, NULL) == S_IOERR);
	EXPECT(request(T_OUT, IMG_SECTORS - 1, 1024, 0, NULL) == S_IOERR);
	EXPECT(request(T_IN, UINT64_MAX, 0, 512, NULL) == S_IOERR);
	EXPECT(request(T_OUT, UINT64_MAX >> 9, 512, 0, NULL) == S_IOERR);
	EXPECT(request(T_IN, (UINT64_MAX >> 9) + 1, 0, 512, NULL) == S_IOERR);
	/* Lengths that are not whole sectors. */
	EXPECT(request(T_IN, 0, 0, 511, NULL) == S_IOERR);
	EXPECT(request(T_OUT, 0, 513, 0, NULL) == S_IOERR);
	/* Unknown and unimplemented types. */
	EXPECT(request(99, 0, 0, 0, NULL) == S_UNSUPP);
	EXPECT(request(T_GET_LIFETIME, 0, 0, 8, NULL) == S_UNSUPP);
	EXPECT(request(0x80000000u | T_IN, 0, 0, 512, NULL) == S_UNSUPP);
	EXPECT(!is_broken());
}

static void test_get_id(const char *want)
{
	uint32_t used;
	char id[20] = {0};

	memset(host(INBUF), 0x77, 64);
	EXPECT(request(T_GET_ID, 0, 0, 20, &used) == S_OK);
	EXPECT(used == 21);
	memcpy(id, want, strlen(want));
	EXPECT(memcmp(host(INBUF), id, 20) == 0);
	/* A larger buffer is NUL-padded up to the status byte. */
	memset(host(INBUF), 0x77, 64);
	EXPECT(request(T_GET_ID, 0, 0, 32, &used) == S_OK);
	EXPECT(used == 33 && memcmp(host(INBUF), id, 20) == 0);
	EXPECT(all_zero(host(INBUF + 20), 12));
}

static void test_discard_zeroes(int fd)
{
	static uint8_t pat[32 * 512], file[32 * 512];
	int unmap;

	for (unmap = 0; unmap < 2; unmap++) {
		fill(pat, sizeof(pat), 3 + unmap);
		EXPECT(pwrite(fd, pat, sizeof(pat), 512 * 512) == sizeof(pat));
		EXPECT(range_req(T_WRITE_ZEROES, 512 + 8, 16, unmap) == S_OK);
		EXPECT(pread(fd, file, sizeof(file), 512 * 512) ==
		       sizeof(file));
		EXPECT(memcmp(file, pat, 8 * 512) == 0);
		EXPECT(all_zero(file + 8 * 512, 16 * 512));
		EXPECT(memcmp(file + 24 * 512, pat + 24 * 512, 8 * 512) == 0);
	}
	fill(pat, sizeof(pat), 7);
	EXPECT(pwrite(fd, pat, sizeof(pat), 512 * 512) == sizeof(pat));
	EXPECT(range_req(T_DISCARD, 512 + 8, 16, 0) == S_OK);
	EXPECT(pread(fd, file, sizeof(file), 512 * 512) == sizeof(file));
	EXPECT(memcmp(file, pat, 8 * 512) == 0);
	EXPECT(memcmp(file + 24 * 512, pat + 24 * 512, 8 * 512) == 0);

	/* 5.2.6.2: unmap on discard and reserved flags are UNSUPP. */
	EXPECT(range_req(T_DISCARD, 0, 8, 1) == S_UNSUPP);
	EXPECT(range_req(T_WRITE_ZEROES, 0, 8, 2) == S_UNSUPP);
	EXPECT(range_req(T_DISCARD, IMG_SECTORS - 4, 8, 0) == S_IOERR);
	EXPECT(range_req(T_WRITE_ZEROES, UINT64_MAX - 2, 8, 0) == S_IOERR);
	EXPECT(range_req(T_WRITE_ZEROES, 0, 0xffffffffu, 0) == S_IOERR);
	/* Two segments exceed max_discard_seg; half a segment is bad. */
	memset(host(OUTBUF), 0, 32);
	EXPECT(request(T_DISCARD, 0, 32, 0, NULL) == S_IOERR);
	EXPECT(request(T_DISCARD, 0, 8, 0, NULL) == S_IOERR);
	EXPECT(request(T_WRITE_ZEROES, 0, 0, 0, NULL) == S_IOERR);
}

/* Every descriptor in use: 128 writes of header+data and status. */
static void test_full_queue(int fd)
{
	static uint8_t file[128 * 512];
	struct seg s[2];
	uint64_t at;
	int i;

	for (i = 0; i < 128; i++) {
		at = OUTBUF + 528ull * i;
		put32(at, T_OUT);
		put32(at + 4, 0);
		put64(at + 8, 1024 + i);
		memset(host(at + 16), i + 1, 512);
		s[0] = (struct seg){at, 528, false};
		s[1] = (struct seg){STAT + i, 1, true};
		*(uint8_t *)host(STAT + i) = 0xee;
		add_chain(s, 2);
	}
	virtio_queue_kick(dev, 0);
	EXPECT(wait_used(avail_idx));
	for (i = 0; i < 128; i++)
		EXPECT(*(uint8_t *)host(STAT + i) == S_OK);
	EXPECT(pread(fd, file, sizeof(file), 1024 * 512) == sizeof(file));
	for (i = 0; i < 128; i++)
		EXPECT(file[512 * i] == i + 1 && file[512 * i + 511] == i + 1);
	EXPECT(!is_broken());
}

/* Chains no valid request has: the device breaks, the VMM lives on. */
static void test_malformed(void)
{
	struct seg s[2];
	uint16_t before;

	/* No writable buffer at all: nowhere to put the status. */
	put32(HDR, T_IN);
	put64(HDR + 8, 0);
	s[0] = (struct seg){HDR, 16, false};
	s[1] = (struct seg){OUTBUF, 512, false};
	before = used_idx();
	add_chain(s, 2);
	virtio_queue_kick(dev, 0);
	for (int i = 0; i < 5000 && !is_broken(); i++)
		sleep_ms(1);
	EXPECT(is_broken());
	EXPECT(dev->status & VIRTIO_STATUS_NEEDS_RESET);
	EXPECT(used_idx() == before);
	/* A broken device serves nothing more... */
	s[0] = (struct seg){HDR, 16, false};
	s[1] = (struct seg){STAT, 1, true};
	put32(HDR, T_FLUSH);
	add_chain(s, 2);
	virtio_queue_kick(dev, 0);
	sleep_ms(100);
	EXPECT(used_idx() == before);
	/* ...until the driver resets it. */
	drive_setup();
	EXPECT(!is_broken());
	EXPECT(request(T_FLUSH, 0, 0, 0, NULL) == S_OK);

	/* A header shorter than 16 bytes is answered with IOERR. */
	s[0] = (struct seg){HDR, 8, false};
	s[1] = (struct seg){STAT, 1, true};
	*(uint8_t *)host(STAT) = 0xee;
	add_chain(s, 2);
	virtio_queue_kick(dev, 0);
	EXPECT(wait_used(avail_idx));
	EXPECT(*(uint8_t *)host(STAT) == S_IOERR);

	/* A descriptor outside guest RAM is the core's violation. */
	s[0] = (struct seg){HDR, 16, false};
	s[1] = (struct seg){RAM_GPA + RAM_SIZE - 4, 8, true};
	add_chain(s, 2);
	virtio_queue_kick(dev, 0);
	for (int i = 0; i < 5000 && !is_broken(); i++)
		sleep_ms(1);
	EXPECT(is_broken());
	drive_setup();
}

static void test_readonly(struct iothread *io, int fd)
{
	struct virtio_blk_config_opts o = {img_path, true, NULL};
	struct virtio_blk *b = virtio_blk_create(&o, &mem, io, err, 256);
	uint8_t before[512], after[512];

	EXPECT(b != NULL);
	if (!b)
		return;
	dev = virtio_blk_dev(b);
	dev->transport.notify_queue = count_irq;
	test_config(true);
	drive_setup();
	EXPECT(pread(fd, before, 512, 0) == 512);
	memset(host(OUTBUF), 0x5a, 512);
	EXPECT(request(T_OUT, 0, 512, 0, NULL) == S_IOERR);
	EXPECT(pread(fd, after, 512, 0) == 512);
	EXPECT(memcmp(before, after, 512) == 0);
	/* Not offered on a read-only disk, so not supported. */
	EXPECT(range_req(T_DISCARD, 0, 8, 0) == S_UNSUPP);
	EXPECT(range_req(T_WRITE_ZEROES, 0, 8, 0) == S_UNSUPP);
	EXPECT(request(T_IN, 0, 0, 512, NULL) == S_OK);
	EXPECT(memcmp(host(INBUF), before, 512) == 0);
	EXPECT(request(T_FLUSH, 0, 0, 0, NULL) == S_OK);
	test_get_id("");
	virtio_blk_destroy(b);
}

/* io NULL: requests run on the notifying thread. */
static void test_inline(void)
{
	struct virtio_blk_config_opts o = {img_path, false, "inline"};
	struct virtio_blk *b = virtio_blk_create(&o, &mem, NULL, err, 256);

	EXPECT(b != NULL);
	if (!b)
		return;
	dev = virtio_blk_dev(b);
	drive_setup();
	fill(host(OUTBUF), 1024, 5);
	EXPECT(request(T_OUT, 3, 1024, 0, NULL) == S_OK);
	EXPECT(request(T_IN, 3, 0, 1024, NULL) == S_OK);
	EXPECT(memcmp(host(INBUF), host(OUTBUF), 1024) == 0);
	test_get_id("inline");
	virtio_blk_destroy(b);
}

static void test_create_errors(struct iothread *io)
{
	struct virtio_blk_config_opts o = {"/nonexistent/disk.img", false,
					   NULL};
	struct virtio_blk *b;

	EXPECT(!virtio_blk_create(&o, &mem, io, err, sizeof(err)));
	EXPECT(strstr(err, "/nonexistent/disk.img") != NULL);
	o.path = "/tmp";
	EXPECT(!virtio_blk_create(&o, &mem, io, err, sizeof(err)));
	EXPECT(strstr(err, "directory") != NULL);
	o.path = img_path;
	o.serial = "123456789012345678901";
	EXPECT(!virtio_blk_create(&o, &mem, io, err, sizeof(err)));
	EXPECT(strstr(err, "serial") != NULL);
	o.serial = "12345678901234567890";
	b = virtio_blk_create(&o, &mem, io, err, sizeof(err));
	EXPECT(b != NULL);
	/* A second writer of the same image is refused. */
	EXPECT(!virtio_blk_create(&o, &mem, io, err, sizeof(err)));
	EXPECT(strstr(err, "locked") != NULL);
	virtio_blk_destroy(b);
	virtio_blk_destroy(NULL);
}

int main(void)
{
	struct virtio_blk_config_opts o = {img_path, false, "loongvm-disk-0"};
	struct iothread *io = iothread_create("blk-test");
	struct virtio_blk *b;
	int fd;

	snprintf(img_path, sizeof(img_path), "/tmp/loongvm-blk-XXXXXX");
	fd = mkstemp(img_path);
	ram = calloc(1, RAM_SIZE);
	if (fd < 0 || !ram || !io || ftruncate(fd, IMG_SECTORS * 512) < 0) {
		fprintf(stderr, "test_virtio_blk: setup failed\n");
		return 1;
	}
	mem.n = 1;
	mem.r[0] = (struct guest_mem_region){RAM_GPA, RAM_SIZE, ram};

	b = virtio_blk_create(&o, &mem, io, err, sizeof(err));
	EXPECT(b != NULL);
	if (b) {
		dev = virtio_blk_dev(b);
		dev->transport.notify_queue = count_irq;
		test_config(false);
		drive_setup();
		test_read_write(fd);
		test_out_of_range();
		test_get_id("loongvm-disk-0");
		test_discard_zeroes(fd);
		test_full_queue(fd);
		test_malformed();
		virtio_blk_destroy(b);
	}
	test_readonly(io, fd);
	test_inline();
	test_create_errors(io);
	iothread_destroy(io);
	close(fd);
	unlink(img_path);
	free(ram);
	if (failures) {
		fprintf(stderr, "test_virtio_blk: %d failures\n", failures);
		return 1;
	}
	printf("test_virtio_blk: all checks passed\n");
	return 0;
}
