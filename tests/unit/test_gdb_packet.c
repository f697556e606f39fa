/* SPDX-License-Identifier: MIT */
/*
 * GDB remote protocol framing (machine/gdb_packet.c): packets with good
 * and bad checksums, escapes, Ctrl-C and acks between packets, a round
 * trip of every byte value through the writer and the parser, overlong
 * and run-length-encoded packets refused, and the hex helpers.
 */
#include <stdlib.h>
#include <string.h>

#include "../../machine/gdb_packet.h"
#include "expect.h"

static struct gdb_parser p;

/* Feeds s; returns the last event that was not GDB_NONE. */
static enum gdb_event feed(const char *s, size_t n)
{
	enum gdb_event last = GDB_NONE, e;
	size_t i;

	for (i = 0; i < n; i++) {
		e = gdb_parser_feed(&p, (uint8_t)s[i]);
		if (e != GDB_NONE)
			last = e;
	}
	return last;
}

#define FEED(lit) feed((lit), sizeof(lit) - 1)

static void test_parse(void)
{
	gdb_parser_init(&p);
	EXPECT(FEED("$g#67") == GDB_PACKET);
	EXPECT(p.len == 1 && strcmp(p.buf, "g") == 0);
	EXPECT(FEED("$g#68") == GDB_BAD);
	EXPECT(FEED("$g#6x") == GDB_BAD);
	EXPECT(FEED("+") == GDB_ACK);
	EXPECT(FEED("-") == GDB_NACK);
	EXPECT(FEED("\x03") == GDB_INTERRUPT);
	/* Noise between packets is skipped. */
	EXPECT(FEED("xyz$?#3f") == GDB_PACKET && strcmp(p.buf, "?") == 0);
	/* "}\x03" is an escaped '#'; the sum covers the bytes as sent. */
	EXPECT(FEED("$a}\x03#e1") == GDB_PACKET);
	EXPECT(p.len == 2 && p.buf[1] == '#');
	/* Run-length encoding is refused. */
	EXPECT(FEED("$0* #7a") == GDB_BAD);
}

static void test_round_trip(void)
{
	static uint8_t data[256];
	static char framed[1024];
	size_t i, n;

	for (i = 0; i < 256; i++)
		data[i] = (uint8_t)i;
	n = gdb_packet_frame(data, sizeof(data), framed, sizeof(framed));
	EXPECT(n > 256 + 4);
	gdb_parser_init(&p);
	EXPECT(feed(framed, n) == GDB_PACKET);
	EXPECT(p.len == 256 && memcmp(p.buf, data, 256) == 0);
	/* Too small a buffer: nothing framed. */
	EXPECT(gdb_packet_frame(data, sizeof(data), framed, 100) == 0);
	EXPECT(gdb_packet_frame("OK", 2, framed, sizeof(framed)) == 6);
	EXPECT(memcmp(framed, "$OK#9a", 6) == 0);
}

static void test_overlong(void)
{
	size_t n = GDB_PACKET_MAX + 10, i;
	char *big = malloc(n + 4);
	uint8_t sum = 0;

	big[0] = '$';
	for (i = 1; i <= n; i++) {
		big[i] = 'a';
		sum += 'a';
	}
	big[n + 1] = '#';
	big[n + 2] = "0123456789abcdef"[sum >> 4];
	big[n + 3] = "0123456789abcdef"[sum & 15];
	gdb_parser_init(&p);
	EXPECT(feed(big, n + 4) == GDB_BAD);
	/* The parser is usable afterwards. */
	EXPECT(FEED("$g#67") == GDB_PACKET);
	free(big);
}

static void test_hex(void)
{
	const uint8_t in[3] = {0x00, 0xab, 0xff};
	uint8_t out[3];
	char hex[6];
	const char *s = "1f2e,8:";
	uint64_t v;

	gdb_hex_encode(in, 3, hex);
	EXPECT(memcmp(hex, "00abff", 6) == 0);
	EXPECT(gdb_hex_decode("00ABff", 3, out) && memcmp(out, in, 3) == 0);
	EXPECT(!gdb_hex_decode("0g", 1, out));
	EXPECT(gdb_hex_u64(&s, &v) && v == 0x1f2e && *s == ',');
	s++;
	EXPECT(gdb_hex_u64(&s, &v) && v == 8 && *s == ':');
	s = ",";
	EXPECT(!gdb_hex_u64(&s, &v));
	s = "11112222333344445";
	EXPECT(!gdb_hex_u64(&s, &v)); /* more than 64 bits */
}

int main(void)
{
	test_parse();
	test_round_trip();
	test_overlong();
	test_hex();
	if (failures) {
		fprintf(stderr, "test_gdb_packet: %d checks failed\n",
			failures);
		return 1;
	}
	printf("test_gdb_packet: all checks passed\n");
	return 0;
}
