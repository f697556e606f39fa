/* SPDX-License-Identifier: MIT */
/*
 * virtio-blk (virtio 1.2 section 5.2) over a raw image. A queue notify
 * only signals an eventfd; the I/O thread pops chains under the device
 * lock, parses and performs each request without it (the disk may be
 * slow), and pushes the result under the lock again.
 *
 * Request layout (5.2.6): a 16-byte readable header {le32 type, le32
 * reserved, le64 sector}, the data, and a status byte that is the last
 * writable byte. The guest controls all of it: lengths and sectors are
 * checked with overflow-safe arithmetic and a bad request gets IOERR or
 * UNSUPP; only a chain with no status byte, which cannot be answered at
 * all, marks the device broken.
 */
#include "virtio_blk.h"

#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "../block/raw_image.h"

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Request types and status values (5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2
#define VIRTIO_BLK_WZ_F_UNMAP 1

#define SECTOR_SHIFT 9
#define SECTOR_SIZE (1u << SECTOR_SHIFT)
#define HDR_SIZE 16
#define SEG_SIZE 16 /* struct virtio_blk_discard_write_zeroes */
#define BLK_QUEUE_SIZE 256
/* Linux adds the header and status to seg_max (drivers/block/virtio_blk.c). */
#define BLK_SEG_MAX (VQ_MAX_SEGS - 2)
#define BLK_MAX_RANGE_SECTORS (1u << 22) /* 2 GiB per discard/zeroes */

/* Config space offsets (5.2.4, struct virtio_blk_config). */
#define CFG_CAPACITY 0
#define CFG_SEG_MAX 12
#define CFG_BLK_SIZE 20
#define CFG_MAX_DISCARD_SECTORS 36
#define CFG_MAX_DISCARD_SEG 40
#define CFG_DISCARD_ALIGN 44
#define CFG_MAX_WZ_SECTORS 48
#define CFG_MAX_WZ_SEG 52
#define CFG_WZ_MAY_UNMAP 56
#define CFG_SIZE 60 /* through unused1; secure erase is not offered */

struct virtio_blk {
	struct virtio_dev dev;
	struct raw_image img;
	struct iothread *io;
	int kickfd;
	uint64_t capacity; /* 512-byte sectors */
	char serial[VIRTIO_BLK_ID_BYTES];
	/* I/O-thread state: one request at a time. */
	struct vq_req req;
	struct iovec data[VQ_MAX_SEGS];
	bool flush_negotiated, discard_ok, wzeroes_ok;
};

/* One parsed request. */
struct blk_req {
	uint32_t type;
	uint64_t sector;
	uint64_t data_in;  /* writable bytes before the status byte */
	uint64_t data_out; /* readable bytes after the header */
	bool filled;	   /* data_in bytes all written by the device */
};

static struct virtio_blk *to_blk(struct virtio_dev *d)
{
	return d->priv;
}

static uint64_t blk_features(struct virtio_dev *d)
{
	struct virtio_blk *b = to_blk(d);
	uint64_t f = 1ull << VIRTIO_BLK_F_SEG_MAX |
		     1ull << VIRTIO_BLK_F_BLK_SIZE | 1ull << VIRTIO_BLK_F_FLUSH;

	if (b->img.readonly)
		f |= 1ull << VIRTIO_BLK_F_RO;
	else
		f |= 1ull << VIRTIO_BLK_F_DISCARD |
		     1ull << VIRTIO_BLK_F_WRITE_ZEROES;
	return f;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void blk_config_read(struct virtio_dev *d, uint32_t off, void *buf,
			    uint32_t len)
{
	struct virtio_blk *b = to_blk(d);
	uint8_t cfg[CFG_SIZE] = {0};
	uint64_t cap = htole64(b->capacity);

	memcpy(cfg + CFG_CAPACITY, &cap, 8);
	put_le32(cfg + CFG_SEG_MAX, BLK_SEG_MAX);
	put_le32(cfg + CFG_BLK_SIZE, SECTOR_SIZE);
	put_le32(cfg + CFG_MAX_DISCARD_SECTORS, BLK_MAX_RANGE_SECTORS);
	put_le32(cfg + CFG_MAX_DISCARD_SEG, 1);
	put_le32(cfg + CFG_DISCARD_ALIGN, b->img.alloc_size >> SECTOR_SHIFT);
	put_le32(cfg + CFG_MAX_WZ_SECTORS, BLK_MAX_RANGE_SECTORS);
	put_le32(cfg + CFG_MAX_WZ_SEG, 1);
	cfg[CFG_WZ_MAY_UNMAP] = 1;
	if (off > CFG_SIZE || len > CFG_SIZE - off) {
		memset(buf, 0, len);
		return;
	}
	memcpy(buf, cfg + off, len);
}

static void kick(struct virtio_blk *b)
{
	uint64_t one = 1;

	/* EAGAIN: the counter is already non-zero, so a wake is due. */
	while (write(b->kickfd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

/*
 * Collects the bytes [skip, skip + len) of n iovecs into dst; returns the
 * number of entries.
 */
static int iov_slice(struct iovec *dst, const struct iovec *src, unsigned int n,
		     uint64_t skip, uint64_t len)
{
	unsigned int i;
	int k = 0;
	uint64_t take;

	for (i = 0; i < n && len; i++) {
		if (skip >= src[i].iov_len) {
			skip -= src[i].iov_len;
			continue;
		}
		take = src[i].iov_len - skip;
		if (take > len)
			take = len;
		dst[k].iov_base = (uint8_t *)src[i].iov_base + skip;
		dst[k].iov_len = (size_t)take;
		k++;
		len -= take;
		skip = 0;
	}
	return k;
}

/* Whether [sector, sector + bytes / 512) lies on the disk. */
static bool in_range(const struct virtio_blk *b, uint64_t sector,
		     uint64_t bytes)
{
	uint64_t n = bytes >> SECTOR_SHIFT;

	return sector <= b->capacity && n <= b->capacity - sector;
}

static uint8_t blk_read(struct virtio_blk *b, struct blk_req *r)
{
	const struct vq_req *q = &b->req;
	int n;

	if (r->data_in % SECTOR_SIZE || !in_range(b, r->sector, r->data_in))
		return VIRTIO_BLK_S_IOERR;
	n = iov_slice(b->data, q->iov + q->nout, q->nin, 0, r->data_in);
	if (raw_image_preadv(&b->img, b->data, n, r->sector << SECTOR_SHIFT) <
	    0)
		return VIRTIO_BLK_S_IOERR;
	r->filled = true;
	return VIRTIO_BLK_S_OK;
}

/* 5.2.6.2: a write that the driver did not negotiate FLUSH for is stable
 * on completion. */
static uint8_t blk_settle(struct virtio_blk *b)
{
	if (!b->flush_negotiated && raw_image_flush(&b->img) < 0)
		return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

static uint8_t blk_write(struct virtio_blk *b, struct blk_req *r)
{
	const struct vq_req *q = &b->req;
	int n;

	/* 5.2.6.2: IOERR, and no data written, on a read-only disk. */
	if (b->img.readonly || r->data_out % SECTOR_SIZE ||
	    !in_range(b, r->sector, r->data_out))
		return VIRTIO_BLK_S_IOERR;
	n = iov_slice(b->data, q->iov, q->nout, HDR_SIZE, r->data_out);
	if (raw_image_pwritev(&b->img, b->data, n, r->sector << SECTOR_SHIFT) <
	    0)
		return VIRTIO_BLK_S_IOERR;
	return blk_settle(b);
}

static uint8_t blk_get_id(struct virtio_blk *b, struct blk_req *r)
{
	uint64_t n =
	    r->data_in < VIRTIO_BLK_ID_BYTES ? r->data_in : VIRTIO_BLK_ID_BYTES;

	vq_copy_to_in(&b->req, 0, b->serial, (size_t)n);
	if (n < r->data_in) {
		/* NUL padding up to the status byte. */
		int k = iov_slice(b->data, b->req.iov + b->req.nout, b->req.nin,
				  n, r->data_in - n);
		while (k-- > 0)
			memset(b->data[k].iov_base, 0, b->data[k].iov_len);
	}
	r->filled = true;
	return VIRTIO_BLK_S_OK;
}

/* DISCARD and WRITE_ZEROES: one virtio_blk_discard_write_zeroes segment. */
static uint8_t blk_range_op(struct virtio_blk *b, struct blk_req *r)
{
	bool discard = r->type == VIRTIO_BLK_T_DISCARD;
	uint8_t seg[SEG_SIZE];
	uint64_t sector, off, len;
	uint32_t num, flags;
	int ret;

	if (discard ? !b->discard_ok : !b->wzeroes_ok)
		return VIRTIO_BLK_S_UNSUPP;
	/* At most max_*_seg (1) segments, whole ones. */
	if (r->data_out != SEG_SIZE)
		return VIRTIO_BLK_S_IOERR;
	vq_copy_from_out(&b->req, HDR_SIZE, seg, SEG_SIZE);
	memcpy(&sector, seg, 8);
	memcpy(&num, seg + 8, 4);
	memcpy(&flags, seg + 12, 4);
	sector = le64toh(sector);
	num = le32toh(num);
	flags = le32toh(flags);
	/* 5.2.6.2: unknown flags, or unmap on a discard, are UNSUPP. */
	if ((flags & ~VIRTIO_BLK_WZ_F_UNMAP) ||
	    (discard && (flags & VIRTIO_BLK_WZ_F_UNMAP)))
		return VIRTIO_BLK_S_UNSUPP;
	if (b->img.readonly || num > BLK_MAX_RANGE_SECTORS ||
	    !in_range(b, sector, (uint64_t)num << SECTOR_SHIFT))
		return VIRTIO_BLK_S_IOERR;
	off = sector << SECTOR_SHIFT;
	len = (uint64_t)num << SECTOR_SHIFT;
	if (discard)
		ret = raw_image_discard(&b->img, off, len);
	else
		ret = raw_image_write_zeroes(&b->img, off, len,
					     flags & VIRTIO_BLK_WZ_F_UNMAP);
	if (ret < 0)
		return VIRTIO_BLK_S_IOERR;
	return discard ? VIRTIO_BLK_S_OK : blk_settle(b);
}

static uint8_t blk_dispatch(struct virtio_blk *b, struct blk_req *r)
{
	switch (r->type) {
	case VIRTIO_BLK_T_IN:
		return blk_read(b, r);
	case VIRTIO_BLK_T_OUT:
		return blk_write(b, r);
	case VIRTIO_BLK_T_FLUSH:
		/* Done before the status is pushed: the data is durable
		 * when the driver sees OK. */
		return raw_image_flush(&b->img) < 0 ? VIRTIO_BLK_S_IOERR
						    : VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		return blk_get_id(b, r);
	case VIRTIO_BLK_T_DISCARD:
	case VIRTIO_BLK_T_WRITE_ZEROES:
		return blk_range_op(b, r);
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

/* Zeros the writable bytes before the status that nothing wrote. */
static void fill_rest(struct virtio_blk *b, const struct blk_req *r)
{
	int k;

	if (r->filled || r->data_in == 0)
		return;
	k = iov_slice(b->data, b->req.iov + b->req.nout, b->req.nin, 0,
		      r->data_in);
	while (k-- > 0)
		memset(b->data[k].iov_base, 0, b->data[k].iov_len);
}

/*
 * Serves b->req; returns the used length (every writable byte, the status
 * last), or -1 for a chain with no status byte.
 */
static int64_t blk_handle(struct virtio_blk *b)
{
	const struct vq_req *q = &b->req;
	struct blk_req r = {0};
	uint8_t hdr[HDR_SIZE], status;
	uint32_t type;

	if (q->nin == 0 || q->in_len == 0)
		return -1;
	r.data_in = q->in_len - 1;
	if (q->out_len < HDR_SIZE) {
		status = VIRTIO_BLK_S_IOERR;
	} else {
		vq_copy_from_out(q, 0, hdr, HDR_SIZE);
		memcpy(&type, hdr, 4);
		memcpy(&r.sector, hdr + 8, 8);
		r.type = le32toh(type);
		r.sector = le64toh(r.sector);
		r.data_out = q->out_len - HDR_SIZE;
		status = blk_dispatch(b, &r);
	}
	fill_rest(b, &r);
	vq_copy_to_in(q, (size_t)r.data_in, &status, 1);
	return (int64_t)q->in_len;
}

/* Pops the next chain; 1 with one in b->req, else 0. */
static int blk_pop(struct virtio_blk *b)
{
	struct virtio_dev *d = &b->dev;
	int r = 0;

	pthread_mutex_lock(&d->lock);
	if (virtio_queue_live(d, 0)) {
		r = vq_pop(&d->vq[0], &b->req);
		b->flush_negotiated = virtio_has_feature(d, VIRTIO_BLK_F_FLUSH);
		b->discard_ok = virtio_has_feature(d, VIRTIO_BLK_F_DISCARD);
		b->wzeroes_ok =
		    virtio_has_feature(d, VIRTIO_BLK_F_WRITE_ZEROES);
	}
	pthread_mutex_unlock(&d->lock);
	return r > 0;
}

/* Serves up to VQ_BUDGET requests (rule 8), re-arming if more remain. */
static void blk_process(struct virtio_blk *b)
{
	struct virtio_dev *d = &b->dev;
	unsigned int done = 0;
	int64_t used;

	while (done < VQ_BUDGET && blk_pop(b)) {
		used = blk_handle(b);
		pthread_mutex_lock(&d->lock);
		if (used < 0)
			virtio_set_broken(d, "request without a status byte");
		else
			vq_push(&d->vq[0], &b->req, (uint32_t)used);
		pthread_mutex_unlock(&d->lock);
		done++;
	}
	if (done)
		virtio_notify_queue(d, 0);
	if (done == VQ_BUDGET && b->io)
		kick(b);
}

static void blk_io_ready(void *opaque, uint32_t events)
{
	struct virtio_blk *b = opaque;
	uint64_t v;

	(void)events;
	while (read(b->kickfd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	blk_process(b);
}

static void blk_queue_notify(struct virtio_dev *d, unsigned int q)
{
	struct virtio_blk *b = to_blk(d);

	if (q != 0)
		return;
	if (!b->io) {
		blk_process(b);
		return;
	}
	kick(b);
}

/* DRIVER_OK: requests made available before it are served now. */
static void blk_start(struct virtio_dev *d)
{
	struct virtio_blk *b = to_blk(d);

	if (b->io)
		kick(b);
}

static const struct virtio_dev_ops blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .num_queues = 1,
    .queue_size_max = BLK_QUEUE_SIZE,
    .config_size = CFG_SIZE,
    .features = blk_features,
    .config_read = blk_config_read,
    .queue_notify = blk_queue_notify,
    .start = blk_start,
};

static int blk_setup_io(struct virtio_blk *b, char *err, size_t errlen)
{
	b->kickfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (b->kickfd < 0) {
		snprintf(err, errlen, "virtio-blk: eventfd: %s",
			 strerror(errno));
		return -1;
	}
	if (b->io &&
	    iothread_add_fd(b->io, b->kickfd, EPOLLIN, blk_io_ready, b) < 0) {
		snprintf(err, errlen, "virtio-blk: iothread: %s",
			 strerror(errno));
		close(b->kickfd);
		return -1;
	}
	return 0;
}

struct virtio_blk *virtio_blk_create(const struct virtio_blk_config_opts *o,
				     const struct guest_mem *mem,
				     struct iothread *io, char *err,
				     size_t errlen)
{
	size_t slen = o->serial ? strlen(o->serial) : 0;
	struct virtio_blk *b;

	if (slen > VIRTIO_BLK_ID_BYTES) {
		snprintf(err, errlen,
			 "virtio-blk: serial '%s' is longer than %d bytes",
			 o->serial, VIRTIO_BLK_ID_BYTES);
		return NULL;
	}
	b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, errlen, "virtio-blk: out of memory");
		return NULL;
	}
	if (raw_image_open(&b->img, o->path, o->readonly, err, errlen) < 0) {
		free(b);
		return NULL;
	}
	if (slen)
		memcpy(b->serial, o->serial, slen);
	b->capacity = b->img.size >> SECTOR_SHIFT;
	b->io = io;
	virtio_dev_init(&b->dev, &blk_ops, b, mem);
	if (blk_setup_io(b, err, errlen) < 0) {
		virtio_dev_destroy(&b->dev);
		raw_image_close(&b->img);
		free(b);
		return NULL;
	}
	return b;
}

struct virtio_dev *virtio_blk_dev(struct virtio_blk *b)
{
	return &b->dev;
}

void virtio_blk_destroy(struct virtio_blk *b)
{
	if (!b)
		return;
	if (b->io)
		iothread_del_fd(b->io, b->kickfd);
	close(b->kickfd);
	virtio_dev_destroy(&b->dev);
	raw_image_close(&b->img);
	free(b);
}
