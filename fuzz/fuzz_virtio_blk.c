/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for virtio-blk (hw/virtio/virtio_blk.c): the input is a
 * guest (fuzz_util.h) whose rings, request headers, sectors, lengths and
 * discard segments drive the device over a small in-memory image. Requests
 * run inline on the kicking thread (no I/O thread) so runs reproduce.
 * Target ops (low bits 3): with bit 2 clear, a config space read at
 * offset (op >> 3) % 15 * 4; with it set, a well-formed request of type
 * (op >> 3) % 8 (see req_types) whose sector, length and flags come from
 * the parameter block in guest RAM, so deep request paths are reached
 * without a seed corpus.
 * Crashes are sanitizer reports and the invariants: the device state
 * checks of fuzz_util.h, no chain left in flight on a live queue (every
 * pop was pushed or the device broken) and an image that never grows.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../hw/virtio/virtio_blk.h"
#include "fuzz_util.h"

#define IMG_BYTES (128 * 512)
/* Guest RAM the request op uses (below FUZZ_RAM0, above the rings). */
#define P_PARAMS 0x10000 /* le64 sector, le32 data length, le32 flags */
#define P_HDR 0x11000
#define P_DATA 0x12000
#define P_DATA_MAX 0xc000
#define P_STATUS 0x1f000

static const uint32_t req_types[8] = {0, 1, 4, 8, 11, 13, 10, 0x80000000};

static int img_fd = -1;
static char img_path[64];

static void image_init(void)
{
	if (img_fd >= 0)
		return;
	img_fd = memfd_create("fuzz-blk", MFD_CLOEXEC);
	if (img_fd < 0 || ftruncate(img_fd, IMG_BYTES) < 0)
		abort();
	snprintf(img_path, sizeof(img_path), "/proc/self/fd/%d", img_fd);
}

static void check(struct virtio_dev *d)
{
	struct stat st;

	fuzz_check_dev(d);
	if (!d->broken && d->vq[0].inflight)
		abort();
	if (fstat(img_fd, &st) < 0 || st.st_size != IMG_BYTES)
		abort();
}

static void put(uint8_t *p, uint64_t v, unsigned int n)
{
	while (n--) {
		*p++ = (uint8_t)v;
		v >>= 8;
	}
}

static uint64_t get(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_desc(struct fuzz_env *e, uint16_t qs, uint16_t i, uint64_t gpa,
		     uint32_t len, uint16_t flags)
{
	uint8_t *p = e->ram0 + fuzz_desc(0) + 16u * (i % qs);

	put(p, gpa, 8);
	put(p + 8, len, 4);
	put(p + 12, flags, 2);
	put(p + 14, (i + 1u) % qs, 2);
}

/* Writes header, data and status descriptors and makes them available. */
static void add_request(struct fuzz_env *e, struct virtio_dev *d, uint8_t op)
{
	uint16_t qs = d->vq[0].size ? d->vq[0].size : 1;
	uint8_t *avail = e->ram0 + fuzz_avail(0);
	uint16_t idx = (uint16_t)get(avail + 2, 2);
	uint16_t head = idx % qs;
	uint32_t type = req_types[(op >> 3) % 8];
	uint32_t len = (uint32_t)get(e->ram0 + P_PARAMS + 8, 4) % P_DATA_MAX;
	bool in = type == 0 || type == 8 || type == 10;

	put(e->ram0 + P_HDR, type, 4);
	put(e->ram0 + P_HDR + 4, 0, 4);
	memcpy(e->ram0 + P_HDR + 8, e->ram0 + P_PARAMS, 8);
	if (type == 11 || type == 13) { /* one discard/zeroes segment */
		memcpy(e->ram0 + P_DATA, e->ram0 + P_PARAMS, 16);
		len = 16;
	}
	put_desc(e, qs, head, P_HDR, 16, 1);
	if (len) {
		put_desc(e, qs, head + 1, P_DATA, len, in ? 3 : 1);
		put_desc(e, qs, head + 2, P_STATUS, 1, 2);
	} else {
		put_desc(e, qs, head + 1, P_STATUS, 1, 2);
	}
	put(avail + 4 + 2u * (idx % qs), head, 2);
	pthread_mutex_lock(&d->lock);
	fuzz_avail_add(e, 0, 1);
	pthread_mutex_unlock(&d->lock);
	virtio_queue_kick(d, 0);
}

static void target_op(struct fuzz_env *e, struct virtio_dev *d, uint8_t op)
{
	uint32_t v;

	if (op & 4) {
		add_request(e, d, op);
		return;
	}
	pthread_mutex_lock(&d->lock);
	d->ops->config_read(d, (op >> 3) % 15 * 4, &v, 4);
	pthread_mutex_unlock(&d->lock);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct virtio_blk_config_opts o = {NULL, false, "fuzz"};
	struct virtio_blk *b;
	struct virtio_dev *d;
	struct fuzz_env e;
	char err[256];
	size_t i;

	if (fuzz_env_init(&e, data, size) < 0)
		return 0;
	image_init();
	o.path = img_path;
	o.readonly = e.ops[0] & 0x80; /* a script bit picks a read-only disk */
	b = virtio_blk_create(&o, &e.mem, NULL, err, sizeof(err));
	if (!b) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	d = virtio_blk_dev(b);
	fuzz_env_start(&e, d);
	for (i = 0; i < e.nops; i++) {
		uint8_t op = e.ops[i];

		if (!fuzz_env_op_common(&e, d, op))
			target_op(&e, d, op);
		check(d);
	}
	virtio_blk_destroy(b);
	fuzz_env_free(&e);
	return 0;
}
