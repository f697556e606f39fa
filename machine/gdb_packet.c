/* SPDX-License-Identifier: MIT */
/*
 * GDB remote protocol framing (gdb_packet.h): a byte-at-a-time parser,
 * so a connection can hand it whatever recv() returned, and the writer.
 */
#include <string.h>

#include "gdb_packet.h"

static int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_parser_init(struct gdb_parser *p)
{
	p->state = GP_IDLE;
	p->len = 0;
	p->sum = 0;
	p->overflow = false;
}

static void put(struct gdb_parser *p, uint8_t c)
{
	if (p->len < GDB_PACKET_MAX)
		p->buf[p->len++] = (char)c;
	else
		p->overflow = true;
}

static enum gdb_event idle_byte(struct gdb_parser *p, uint8_t c)
{
	switch (c) {
	case '$':
		p->state = GP_DATA;
		p->len = 0;
		p->sum = 0;
		p->overflow = false;
		return GDB_NONE;
	case 0x03:
		return GDB_INTERRUPT;
	case '+':
		return GDB_ACK;
	case '-':
		return GDB_NACK;
	default:
		return GDB_NONE; /* noise between packets */
	}
}

/* The checksum's second digit: the packet is complete, good or bad. */
static enum gdb_event finish(struct gdb_parser *p, uint8_t c)
{
	int lo = hex_val(c);

	p->state = GP_IDLE;
	if (lo < 0 || p->overflow || (uint8_t)(p->csum << 4 | lo) != p->sum)
		return GDB_BAD;
	p->buf[p->len] = 0;
	return GDB_PACKET;
}

enum gdb_event gdb_parser_feed(struct gdb_parser *p, uint8_t c)
{
	int v;

	switch (p->state) {
	case GP_IDLE:
		return idle_byte(p, c);
	case GP_DATA:
		if (c == '#') {
			p->state = GP_CSUM1;
			return GDB_NONE;
		}
		p->sum += c;
		if (c == '}')
			p->state = GP_ESCAPE;
		else if (c == '*' || c == '$')
			p->overflow = true; /* RLE or a stray start: refuse */
		else
			put(p, c);
		return GDB_NONE;
	case GP_ESCAPE:
		p->sum += c;
		put(p, c ^ 0x20);
		p->state = GP_DATA;
		return GDB_NONE;
	case GP_CSUM1:
		v = hex_val(c);
		p->csum = (uint8_t)(v < 0 ? 0 : v);
		if (v < 0)
			p->overflow = true;
		p->state = GP_CSUM2;
		return GDB_NONE;
	case GP_CSUM2:
		return finish(p, c);
	}
	return GDB_NONE;
}

static bool needs_escape(uint8_t c)
{
	return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t gdb_packet_frame(const void *data, size_t len, char *out, size_t room)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *d = data;
	uint8_t sum = 0;
	size_t i, k = 0;

	if (room < 4)
		return 0;
	out[k++] = '$';
	for (i = 0; i < len; i++) {
		uint8_t c = d[i];

		if (k + 2 + 3 > room)
			return 0;
		if (needs_escape(c)) {
			out[k++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		out[k++] = (char)c;
		sum += c;
	}
	if (k + 3 > room)
		return 0;
	out[k++] = '#';
	out[k++] = hex[sum >> 4];
	out[k++] = hex[sum & 15];
	return k;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
}

bool gdb_hex_decode(const char *in, size_t n, uint8_t *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int hi = hex_val((unsigned char)in[2 * i]);
		int lo = hi < 0 ? -1 : hex_val((unsigned char)in[2 * i + 1]);

		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool gdb_hex_u64(const char **s, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;
	int d, n = 0;

	while ((d = hex_val((unsigned char)*p)) >= 0 && n < 16) {
		x = x << 4 | (uint64_t)d;
		p++;
		n++;
	}
	if (!n || hex_val((unsigned char)*p) >= 0)
		return false;
	*s = p;
	*v = x;
	return true;
}
