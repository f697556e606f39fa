/* SPDX-License-Identifier: MIT */
/*
 * Unpacking EFI zboot images (vmlinuz.efi). The layout is the one that
 * Linux's drivers/firmware/efi/libstub/zboot-header.S documents: an "MZ"
 * stub whose image type "zimg" is followed by the payload's file offset
 * and size and a NUL-terminated compression name ("gzip" or "zstd"). The
 * payload decompresses to the raw vmlinux.efi image, padded to its
 * in-memory size.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "zboot.h"

#define ZB_TYPE 4
#define ZB_PAYLOAD_OFF 8
#define ZB_PAYLOAD_SIZE 12
#define ZB_COMP 24
#define ZB_COMP_MAX (0x38 - ZB_COMP)
#define ZB_HDR_SIZE 0x40
#define CHUNK (1U << 20)

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

bool zboot_detect(const uint8_t *buf, size_t len)
{
	return len >= ZB_HDR_SIZE && buf[0] == 'M' && buf[1] == 'Z' &&
	       !memcmp(buf + ZB_TYPE, "zimg", 4);
}

/* A growing output buffer that never passes max bytes. */
struct outbuf {
	uint8_t *p;
	size_t len, cap, max;
	bool full; /* it would have had to pass max */
};

static int outbuf_grow(struct outbuf *o, size_t hint)
{
	size_t cap = o->cap ? 2 * o->cap : (hint ? hint : CHUNK);
	uint8_t *p;

	if (o->cap >= o->max) {
		o->full = true;
		return -1;
	}
	if (cap > o->max || cap < o->cap)
		cap = o->max;
	p = realloc(o->p, cap);
	if (!p)
		return -1;
	o->p = p;
	o->cap = cap;
	return 0;
}

static int inflate_gzip(const uint8_t *in, size_t len, struct outbuf *o)
{
	z_stream s = { 0 };
	int r = Z_OK;

	if (len < 4 || len > UINT32_MAX ||
	    inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return -1;
	s.next_in = (Bytef *)in;
	s.avail_in = (uInt)len;
	/* gzip's trailer holds the size modulo 2^32: a first guess. */
	while (r == Z_OK) {
		if (o->len == o->cap && outbuf_grow(o, get32(in + len - 4)))
			break;
		s.next_out = o->p + o->len;
		s.avail_out = (uInt)(o->cap - o->len > UINT32_MAX ?
					     UINT32_MAX :
					     o->cap - o->len);
		r = inflate(&s, Z_NO_FLUSH);
		o->len = (size_t)(s.next_out - o->p);
		if (r == Z_BUF_ERROR && s.avail_out)
			break; /* input ran out: truncated */
		if (r == Z_BUF_ERROR)
			r = Z_OK;
	}
	inflateEnd(&s);
	return r == Z_STREAM_END ? 0 : -1;
}

static int inflate_zstd(const uint8_t *in, size_t len, struct outbuf *o)
{
	ZSTD_DCtx *d = ZSTD_createDCtx();
	ZSTD_inBuffer ib = { in, len, 0 };
	unsigned long long hint = ZSTD_getFrameContentSize(in, len);
	size_t r = 1;

	if (!d)
		return -1;
	if (hint == ZSTD_CONTENTSIZE_UNKNOWN || hint == ZSTD_CONTENTSIZE_ERROR)
		hint = 0;
	if (hint > o->max)
		hint = o->max;
	while (r != 0) {
		ZSTD_outBuffer ob;

		if (o->len == o->cap && outbuf_grow(o, (size_t)hint))
			break;
		ob = (ZSTD_outBuffer){ o->p, o->cap, o->len };
		r = ZSTD_decompressStream(d, &ob, &ib);
		o->len = ob.pos;
		if (ZSTD_isError(r) || (r && ib.pos == ib.size && ob.pos < ob.size))
			break;
	}
	ZSTD_freeDCtx(d);
	return r == 0 ? 0 : -1;
}

static int check_header(const uint8_t *buf, size_t len, char *err,
			size_t errlen)
{
	uint32_t off = get32(buf + ZB_PAYLOAD_OFF);
	uint32_t size = get32(buf + ZB_PAYLOAD_SIZE);

	if (!zboot_detect(buf, len))
		return load_fail(err, errlen, "not an EFI zboot image");
	if (off < ZB_HDR_SIZE || off > len || size == 0 || size > len - off)
		return load_fail(err, errlen,
				 "zboot payload (0x%x bytes at 0x%x) lies outside "
				 "the %zu-byte file: truncated image?",
				 size, off, len);
	if (!memchr(buf + ZB_COMP, '\0', ZB_COMP_MAX))
		return load_fail(err, errlen, "zboot compression type is not "
				 "a string");
	return 0;
}

int zboot_extract(const uint8_t *buf, size_t len, uint64_t max,
		  uint8_t **out, size_t *outlen, char *err, size_t errlen)
{
	const char *comp = (const char *)buf + ZB_COMP;
	struct outbuf o = { .max = max > SIZE_MAX ? SIZE_MAX : (size_t)max };
	const uint8_t *in;
	size_t n;
	int r;

	if (check_header(buf, len, err, errlen))
		return -1;
	in = buf + get32(buf + ZB_PAYLOAD_OFF);
	n = get32(buf + ZB_PAYLOAD_SIZE);
	if (!strcmp(comp, "gzip"))
		r = inflate_gzip(in, n, &o);
	else if (!strcmp(comp, "zstd"))
		r = inflate_zstd(in, n, &o);
	else
		return load_fail(err, errlen, "zboot compression '%.31s' is not "
				 "supported (only gzip and zstd)", comp);
	if (r) {
		free(o.p);
		if (o.full)
			return load_fail(err, errlen,
					 "zboot %s payload is larger than %zu "
					 "bytes", comp, o.max);
		return load_fail(err, errlen, "zboot %s payload is corrupt or "
				 "truncated", comp);
	}
	*out = o.p;
	*outlen = o.len;
	return 0;
}
