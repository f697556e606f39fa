// SPDX-License-Identifier: MIT
/*
 * The device side of a split virtqueue (virtio 1.2 section 2.7): walking
 * the driver's descriptor chains into host iovecs and returning them on
 * the used ring, with the hardening rules listed in virtqueue.h. The guest
 * owns every byte of the rings and may rewrite them while we read, so each
 * descriptor is copied once before it is checked and used.
 */
#include <endian.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "virtio.h"
#include "virtqueue.h"

/* Descriptor flags (2.7.5). */
#define VQ_DESC_F_NEXT 1
#define VQ_DESC_F_WRITE 2
#define VQ_DESC_F_INDIRECT 4
/* Available ring flags (2.7.6). */
#define VQ_AVAIL_F_NO_INTERRUPT 1

#define VQ_DESC_SIZE 16

struct vq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* Host views of the three ring areas. */
struct vq_rings {
	uint8_t *desc, *avail, *used;
};

/* One chain walk: descriptors left under the queue-size bound (rule 1). */
struct vq_walk {
	struct virtqueue *vq;
	struct vq_req *req;
	unsigned int left;
};

static void vq_fail(struct virtqueue *vq, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void vq_fail(struct virtqueue *vq, const char *fmt, ...)
{
	char msg[160];
	int n;
	va_list ap;

	n = snprintf(msg, sizeof(msg), "queue %u: ", vq->index);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	virtio_set_broken(vq->dev, msg);
}

static uint64_t avail_bytes(uint16_t size)
{
	return 6 + 2 * (uint64_t)size; /* flags, idx, ring, used_event */
}

static uint64_t used_bytes(uint16_t size)
{
	return 6 + 8 * (uint64_t)size; /* flags, idx, ring, avail_event */
}

const char *vq_check_config(const struct virtqueue *vq)
{
	const struct guest_mem *m = vq->dev->mem;

	if (vq->size == 0 || (vq->size & (vq->size - 1)))
		return "queue size is not a power of two";
	if (vq->size > vq->size_max)
		return "queue size exceeds the maximum";
	/* Alignment of each area (2.7, table "Virtqueue Part Alignment"). */
	if ((vq->desc_gpa & 15) || (vq->avail_gpa & 1) || (vq->used_gpa & 3))
		return "ring address is misaligned";
	if (!guest_mem_ptr(m, vq->desc_gpa, VQ_DESC_SIZE * (uint64_t)vq->size))
		return "descriptor table is outside guest RAM";
	if (!guest_mem_ptr(m, vq->avail_gpa, avail_bytes(vq->size)))
		return "available ring is outside guest RAM";
	if (!guest_mem_ptr(m, vq->used_gpa, used_bytes(vq->size)))
		return "used ring is outside guest RAM";
	return NULL;
}

/* The rings' host addresses, or false (and the device broken). */
static bool vq_rings(struct virtqueue *vq, struct vq_rings *r)
{
	const struct guest_mem *m = vq->dev->mem;
	const char *why = vq_check_config(vq);

	if (why) {
		vq_fail(vq, "%s", why);
		return false;
	}
	r->desc = guest_mem_ptr(m, vq->desc_gpa, VQ_DESC_SIZE * vq->size);
	r->avail = guest_mem_ptr(m, vq->avail_gpa, avail_bytes(vq->size));
	r->used = guest_mem_ptr(m, vq->used_gpa, used_bytes(vq->size));
	/* The atomic index accesses need naturally aligned host addresses. */
	if (((uintptr_t)r->avail & 1) || ((uintptr_t)r->used & 3)) {
		vq_fail(vq, "ring host mapping is misaligned");
		return false;
	}
	return true;
}

static uint16_t load16_acquire(const uint8_t *p)
{
	return le16toh(__atomic_load_n((const uint16_t *)p, __ATOMIC_ACQUIRE));
}

static void store16_release(uint8_t *p, uint16_t v)
{
	__atomic_store_n((uint16_t *)p, htole16(v), __ATOMIC_RELEASE);
}

static uint16_t load16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return le16toh(v);
}

static void read_desc(const uint8_t *p, struct vq_desc *d)
{
	uint8_t raw[VQ_DESC_SIZE];
	uint64_t a;
	uint32_t l;
	uint16_t f, n;

	memcpy(raw, p, sizeof(raw));
	memcpy(&a, raw, 8);
	memcpy(&l, raw + 8, 4);
	memcpy(&f, raw + 12, 2);
	memcpy(&n, raw + 14, 2);
	d->addr = le64toh(a);
	d->len = le32toh(l);
	d->flags = le16toh(f);
	d->next = le16toh(n);
}

static bool head_busy(const struct virtqueue *vq, uint16_t head)
{
	return vq->busy[head / 8] & (1u << (head % 8));
}

static void set_head_busy(struct virtqueue *vq, uint16_t head, bool busy)
{
	if (busy)
		vq->busy[head / 8] |= 1u << (head % 8);
	else
		vq->busy[head / 8] &= ~(1u << (head % 8));
}

void vq_reset(struct virtqueue *vq)
{
	vq->size = vq->size_max;
	vq->ready = false;
	vq->desc_gpa = vq->avail_gpa = vq->used_gpa = 0;
	vq->msix_vector = VIRTIO_MSI_NO_VECTOR;
	vq->last_avail = vq->used_idx = vq->inflight = 0;
	vq->gen++;
	vq->event_idx = false;
	vq->signalled_valid = false;
	vq->signalled_used = 0;
	memset(vq->busy, 0, sizeof(vq->busy));
}

/* Rules 3, 4 and 6 for one buffer, then appends it to the request. */
static int add_buf(struct vq_walk *w, const struct vq_desc *d)
{
	struct vq_req *req = w->req;
	bool write = d->flags & VQ_DESC_F_WRITE;
	unsigned int n = req->nout + req->nin;
	void *p;

	if (d->len == 0) {
		vq_fail(w->vq, "zero-length buffer");
		return -1;
	}
	if (!write && req->nin) {
		vq_fail(w->vq, "readable buffer after a writable one");
		return -1;
	}
	if (n == VQ_MAX_SEGS) {
		vq_fail(w->vq, "chain has more than %d buffers", VQ_MAX_SEGS);
		return -1;
	}
	if (req->out_len + req->in_len + d->len > VQ_MAX_CHAIN_BYTES) {
		vq_fail(w->vq, "chain longer than %u bytes",
			VQ_MAX_CHAIN_BYTES);
		return -1;
	}
	p = guest_mem_ptr(w->vq->dev->mem, d->addr, d->len);
	if (!p) {
		vq_fail(w->vq, "buffer 0x%" PRIx64 "+0x%x is outside guest RAM",
			d->addr, d->len);
		return -1;
	}
	req->iov[n].iov_base = p;
	req->iov[n].iov_len = d->len;
	if (write) {
		req->nin++;
		req->in_len += d->len;
	} else {
		req->nout++;
		req->out_len += d->len;
	}
	return 0;
}

/* An indirect table (2.7.5.3): the rest of the chain, counted in w. */
static int walk_indirect(struct vq_walk *w, const struct vq_desc *ind)
{
	struct virtqueue *vq = w->vq;
	struct vq_desc d;
	unsigned int n, i = 0, visits = 0;
	const uint8_t *tbl;

	if (!virtio_has_feature(vq->dev, VIRTIO_F_INDIRECT_DESC)) {
		vq_fail(vq, "indirect descriptor without INDIRECT_DESC");
		return -1;
	}
	if (ind->flags & VQ_DESC_F_NEXT) {
		vq_fail(vq, "indirect descriptor with NEXT set");
		return -1;
	}
	if (ind->len == 0 || ind->len % VQ_DESC_SIZE) {
		vq_fail(vq, "indirect table length %u is not a multiple of 16",
			ind->len);
		return -1;
	}
	n = ind->len / VQ_DESC_SIZE;
	if (n > w->left) {
		vq_fail(vq, "indirect table of %u entries exceeds queue size",
			n);
		return -1;
	}
	tbl = guest_mem_ptr(vq->dev->mem, ind->addr, ind->len);
	if (!tbl) {
		vq_fail(vq, "indirect table 0x%" PRIx64 " is outside guest RAM",
			ind->addr);
		return -1;
	}
	for (;;) {
		read_desc(tbl + (size_t)i * VQ_DESC_SIZE, &d);
		if (d.flags & VQ_DESC_F_INDIRECT) {
			vq_fail(vq, "nested indirect descriptor");
			return -1;
		}
		if (add_buf(w, &d))
			return -1;
		w->left--;
		visits++;
		if (!(d.flags & VQ_DESC_F_NEXT))
			return 0;
		i = d.next;
		if (i >= n) {
			vq_fail(vq, "indirect next %u beyond table of %u", i,
				n);
			return -1;
		}
		if (visits == n) {
			vq_fail(vq, "indirect chain loops");
			return -1;
		}
	}
}

/* Walks the chain at head into req (rules 1, 3, 4, 6). */
static int walk_chain(struct virtqueue *vq, const struct vq_rings *r,
		      uint16_t head, struct vq_req *req)
{
	struct vq_walk w = {vq, req, vq->size};
	struct vq_desc d;
	uint16_t i = head;

	req->nout = req->nin = 0;
	req->out_len = req->in_len = 0;
	for (;;) {
		read_desc(r->desc + (size_t)i * VQ_DESC_SIZE, &d);
		if (d.flags & VQ_DESC_F_INDIRECT)
			return walk_indirect(&w, &d);
		if (add_buf(&w, &d))
			return -1;
		w.left--;
		if (!(d.flags & VQ_DESC_F_NEXT))
			return 0;
		i = d.next;
		if (i >= vq->size) {
			vq_fail(vq, "descriptor next %u beyond queue size %u",
				i, vq->size);
			return -1;
		}
		if (w.left == 0) {
			vq_fail(vq, "descriptor chain loops or exceeds the "
				    "queue size");
			return -1;
		}
	}
}

/* The number of chains the driver made available, checked (rule 2). */
static int avail_gap(struct virtqueue *vq, const struct vq_rings *r)
{
	uint16_t idx = load16_acquire(r->avail + 2);
	uint16_t gap = idx - vq->last_avail;

	if (gap > vq->size) {
		vq_fail(vq, "available index %u is %u ahead of %u (size %u)",
			idx, gap, vq->last_avail, vq->size);
		return -1;
	}
	return gap;
}

/* Tells the driver which index to notify at next (2.7.10, EVENT_IDX). */
static void set_avail_event(struct virtqueue *vq, const struct vq_rings *r)
{
	if (vq->event_idx)
		store16_release(r->used + 4 + 8 * (size_t)vq->size,
				vq->last_avail);
}

bool vq_avail_ok(struct virtqueue *vq)
{
	struct vq_rings r;

	if (!vq->ready || vq->dev->broken)
		return true;
	return vq_rings(vq, &r) && avail_gap(vq, &r) >= 0;
}

int vq_pop(struct virtqueue *vq, struct vq_req *req)
{
	struct vq_rings r;
	uint16_t head;
	int gap;

	if (!vq->ready || vq->dev->broken)
		return 0;
	if (!vq_rings(vq, &r))
		return -1;
	gap = avail_gap(vq, &r);
	if (gap == 0 && vq->event_idx) {
		/* Publish avail_event, then look again (the driver may have
		 * added a chain without a notify in between). */
		set_avail_event(vq, &r);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		gap = avail_gap(vq, &r);
	}
	if (gap <= 0)
		return gap;
	head = load16(r.avail + 4 + 2 * (size_t)(vq->last_avail % vq->size));
	if (head >= vq->size) {
		vq_fail(vq, "head %u beyond queue size %u", head, vq->size);
		return -1;
	}
	if (head_busy(vq, head)) {
		vq_fail(vq, "head %u made available while in flight", head);
		return -1;
	}
	if (walk_chain(vq, &r, head, req))
		return -1;
	set_head_busy(vq, head, true);
	vq->inflight++;
	vq->last_avail++;
	set_avail_event(vq, &r);
	req->head = head;
	req->gen = vq->gen;
	return 1;
}

/* Writes req's used element at used_idx without publishing it. */
/* Reports the first written bytes of req's writable buffers (guest_mem.h). */
static void report_written(const struct virtqueue *vq,
			   const struct vq_req *req, uint32_t written)
{
	const struct iovec *iov = req->iov + req->nout;
	unsigned int i;
	size_t n;

	for (i = 0; i < req->nin && written; i++) {
		n = iov[i].iov_len < written ? iov[i].iov_len : written;
		guest_mem_wrote(vq->dev->mem, iov[i].iov_base, n);
		written -= (uint32_t)n;
	}
}

static bool push_elem(struct virtqueue *vq, const struct vq_rings *r,
		      const struct vq_req *req, uint32_t written)
{
	uint8_t *elem;
	uint32_t v;

	/* Popped before a reset, or the queue is dead: drop it. */
	if (req->gen != vq->gen || !vq->ready || vq->dev->broken)
		return false;
	if (req->head >= vq->size || !head_busy(vq, req->head)) {
		vq_fail(vq, "device pushed head %u that is not in flight",
			req->head);
		return false;
	}
	if (written > req->in_len)
		written = (uint32_t)req->in_len;
	report_written(vq, req, written);
	elem = r->used + 4 + 8 * (size_t)(vq->used_idx % vq->size);
	v = htole32(req->head);
	memcpy(elem, &v, 4);
	v = htole32(written);
	memcpy(elem + 4, &v, 4);
	vq->used_idx++;
	set_head_busy(vq, req->head, false);
	vq->inflight--;
	return true;
}

void vq_push_n(struct virtqueue *vq, const struct vq_req *const *reqs,
	       const uint32_t *written, unsigned int n)
{
	struct vq_rings r;
	bool any = false;
	unsigned int i;

	if (!vq->ready || vq->dev->broken || !vq_rings(vq, &r))
		return;
	for (i = 0; i < n; i++)
		any |= push_elem(vq, &r, reqs[i], written[i]);
	/* One release store: the driver sees all n elements or none. */
	if (any)
		store16_release(r.used + 2, vq->used_idx);
}

void vq_push(struct virtqueue *vq, const struct vq_req *req, uint32_t written)
{
	vq_push_n(vq, &req, &written, 1);
}

bool vq_should_notify(struct virtqueue *vq)
{
	struct vq_rings r;
	uint16_t old = vq->signalled_used, now = vq->used_idx, ev;
	bool valid = vq->signalled_valid;

	if (!vq->ready || vq->dev->broken || !vq_rings(vq, &r))
		return false;
	if (now == old)
		return false; /* nothing pushed since the last interrupt */
	/* Our used->idx store before the driver's suppression fields. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vq->signalled_used = now;
	vq->signalled_valid = true;
	if (vq->event_idx) {
		ev = load16(r.avail + 4 + 2 * (size_t)vq->size);
		/* 2.7.10: notify when used_event lies in [old, now). */
		return !valid ||
		       (uint16_t)(now - ev - 1) < (uint16_t)(now - old);
	}
	return !(load16(r.avail) & VQ_AVAIL_F_NO_INTERRUPT);
}

/*
 * Copies len bytes between buf and the n buffers of iov, starting off
 * bytes into them; into the buffers when to_iov. Returns bytes copied.
 */
static size_t copy_iov(const struct iovec *iov, unsigned int n, size_t off,
		       uint8_t *buf, size_t len, bool to_iov)
{
	size_t done = 0, k;
	unsigned int i;

	for (i = 0; i < n && done < len; i++) {
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		k = iov[i].iov_len - off;
		if (k > len - done)
			k = len - done;
		if (to_iov)
			memcpy((uint8_t *)iov[i].iov_base + off, buf + done, k);
		else
			memcpy(buf + done, (uint8_t *)iov[i].iov_base + off, k);
		done += k;
		off = 0;
	}
	return done;
}

size_t vq_copy_from_out(const struct vq_req *req, size_t off, void *dst,
			size_t len)
{
	return copy_iov(req->iov, req->nout, off, dst, len, false);
}

size_t vq_copy_to_in(const struct vq_req *req, size_t off, const void *src,
		     size_t len)
{
	return copy_iov(req->iov + req->nout, req->nin, off,
			(uint8_t *)(uintptr_t)src, len, true);
}
