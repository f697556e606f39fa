/* SPDX-License-Identifier: MIT */
/*
 * JSON (RFC 8259) for the QMP server: a strict parser into a small tree,
 * a splitter that cuts a byte stream into JSON texts, and a writer that
 * escapes strings. Everything the parser and splitter see comes from an
 * untrusted client, so both bound depth and size, reject invalid UTF-8
 * and duplicate keys, and report the first error instead of guessing.
 */
#ifndef LOONGVM_MACHINE_JSON_H
#define LOONGVM_MACHINE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 64	 /* nested arrays and objects */
#define JSON_MAX_TEXT (1u << 20) /* bytes in one text */

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	bool boolean;
	bool is_int;	 /* NUMBER: no fraction or exponent, fits int64 */
	int64_t integer; /* NUMBER with is_int */
	double number;	 /* NUMBER */
	char *str;	 /* STRING: UTF-8, NUL-terminated, no NUL inside */
	size_t len;	 /* STRING: bytes before the NUL */
	size_t n;	 /* ARRAY, OBJECT: members */
	char **keys;	 /* OBJECT: n keys, distinct */
	struct json **items;
};

/* Parses text[0..len); NULL with a message in err on any error. */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *j);
/* The member key of object j, or NULL (also when j is no object). */
const struct json *json_get(const struct json *j, const char *key);
const char *json_type_name(enum json_type t);

/*
 * The splitter: bytes in, complete texts out. A text ends where its
 * outermost brackets close, where its string closes, or (a bare scalar)
 * at whitespace or punctuation. A control byte other than tab, CR and LF,
 * or a byte that is never UTF-8, is a lexical error that drops the text
 * so far: clients use it to resynchronise (QMP spec, "Forcing the JSON
 * parser into known-good state"). Too deep or too long a text is an error
 * too, and input is then skipped up to the next newline.
 */
struct json_splitter {
	char *buf;
	size_t len, cap;
	unsigned int depth;
	bool in_str, esc, bare, skip_line;
};

/* text is NUL-terminated at len; error is NULL, or text is NULL. */
typedef void (*json_text_fn)(void *opaque, const char *text, size_t len,
			     const char *error);

void json_splitter_init(struct json_splitter *s);
void json_splitter_destroy(struct json_splitter *s);
/* Feeds data[0..n), calling fn for each text or error; -1 if out of memory. */
int json_splitter_feed(struct json_splitter *s, const uint8_t *data, size_t n,
		       json_text_fn fn, void *opaque);

/* A growing output buffer; on allocation failure it sets failed. */
struct json_buf {
	char *p;
	size_t len, cap;
	bool failed;
};

void jb_init(struct json_buf *b);
void jb_free(struct json_buf *b);
void jb_raw(struct json_buf *b, const char *s, size_t n);
void jb_puts(struct json_buf *b, const char *s);
void jb_printf(struct json_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s[0..n) as a quoted JSON string, bytes >= 0x80 as they are. */
void jb_string(struct json_buf *b, const char *s, size_t n);
void jb_cstring(struct json_buf *b, const char *s);
/* Appends j in compact form. */
void jb_value(struct json_buf *b, const struct json *j);

#endif /* LOONGVM_MACHINE_JSON_H */
