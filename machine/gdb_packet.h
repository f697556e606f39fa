/* SPDX-License-Identifier: MIT */
/*
 * The framing of GDB's remote serial protocol (gdb/doc "Overview" of the
 * Remote Protocol): a packet is $data#cc with cc the modulo-256 sum of
 * data in two hex digits; '}' escapes '#', '$', '}' and '*' as the byte
 * XOR 0x20; the receiver answers '+' or '-'; a lone 0x03 is an interrupt
 * (Ctrl-C). The GDB stub feeds received bytes to a parser and builds its
 * replies with the writer; neither touches a socket, so both are tested
 * alone. Run-length encoding is never sent and is refused on receipt.
 */
#ifndef LOONGVM_MACHINE_GDB_PACKET_H
#define LOONGVM_MACHINE_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_PACKET_MAX 16384 /* PacketSize the stub announces */

enum gdb_event {
	GDB_NONE,   /* need more bytes */
	GDB_PACKET, /* a whole, valid packet: data in p->buf, len p->len */
	GDB_BAD,    /* a packet with a wrong checksum or too long: send '-' */
	GDB_INTERRUPT, /* 0x03 outside a packet */
	GDB_ACK,       /* '+' */
	GDB_NACK,      /* '-': resend the last reply */
};

struct gdb_parser {
	enum { GP_IDLE, GP_DATA, GP_ESCAPE, GP_CSUM1, GP_CSUM2 } state;
	uint8_t sum, csum;
	bool overflow;
	size_t len;
	char buf[GDB_PACKET_MAX + 1]; /* NUL-terminated after GDB_PACKET */
};

void gdb_parser_init(struct gdb_parser *p);
/* Consumes one received byte; returns what it completed. */
enum gdb_event gdb_parser_feed(struct gdb_parser *p, uint8_t c);

/*
 * Frames data (len bytes) as $data#cc into out (room bytes), escaping as
 * needed. Returns the framed length, or 0 when it does not fit.
 */
size_t gdb_packet_frame(const void *data, size_t len, char *out, size_t room);

/* Hex helpers: bytes to lowercase hex (2 * n chars, no NUL) and back. */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);
/* Decodes 2 * n hex digits; false on a non-hex digit. */
bool gdb_hex_decode(const char *in, size_t n, uint8_t *out);
/* Parses a hex number up to a non-hex char; false if there is none. */
bool gdb_hex_u64(const char **s, uint64_t *v);

#endif /* LOONGVM_MACHINE_GDB_PACKET_H */
