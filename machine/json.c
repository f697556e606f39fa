/* SPDX-License-Identifier: MIT */
/*
 * Why a parser of our own: QMP needs only RFC 8259 JSON, and a strict,
 * bounded one is small enough to check by reading. The parser is
 * recursive descent with a depth limit; the splitter tracks just enough
 * lexical state (strings, escapes, bracket depth) to find where each text
 * ends; the writer escapes what RFC 8259 section 7 requires.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *p, *end;
	const char *start;
	unsigned int depth;
	char *err;
	size_t errlen;
	bool failed;
};

static void fail(struct parser *ps, const char *what)
{
	if (ps->failed)
		return;
	ps->failed = true;
	snprintf(ps->err, ps->errlen, "%s at offset %zu", what,
		 (size_t)(ps->p - ps->start));
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static struct json *new_value(struct parser *ps, enum json_type t)
{
	struct json *j = calloc(1, sizeof(*j));

	if (!j)
		fail(ps, "out of memory");
	else
		j->type = t;
	return j;
}

static struct json *parse_value(struct parser *ps);

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n)) {
		fail(ps, "invalid literal");
		return false;
	}
	ps->p += n;
	return true;
}

static size_t digits(struct parser *ps)
{
	size_t n = 0;

	while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
		ps->p++, n++;
	return n;
}

/* RFC 8259 section 6: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static struct json *parse_number(struct parser *ps)
{
	const char *s = ps->p;
	char tmp[64];
	bool frac = false;
	struct json *j;
	size_t n;

	if (ps->p < ps->end && *ps->p == '-')
		ps->p++;
	if (ps->p < ps->end && *ps->p == '0')
		ps->p++;
	else if (!digits(ps))
		return fail(ps, "invalid number"), NULL;
	if (ps->p < ps->end && *ps->p == '.') {
		ps->p++;
		frac = true;
		if (!digits(ps))
			return fail(ps, "invalid number"), NULL;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		ps->p++;
		frac = true;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!digits(ps))
			return fail(ps, "invalid number"), NULL;
	}
	n = (size_t)(ps->p - s);
	if (n >= sizeof(tmp))
		return fail(ps, "number too long"), NULL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	j = new_value(ps, JSON_NUMBER);
	if (!j)
		return NULL;
	j->number = strtod(tmp, NULL);
	if (!frac) {
		errno = 0;
		j->integer = strtoll(tmp, NULL, 10);
		j->is_int = errno == 0;
	}
	if (!isfinite(j->number)) {
		json_free(j);
		return fail(ps, "number out of range"), NULL;
	}
	return j;
}

static int hex4(const char *p)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Length of the valid UTF-8 sequence at p (RFC 3629), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	uint32_t cp, min;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0)
		n = 2, cp = p[0] & 0x1f, min = 0x80;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3, cp = p[0] & 0x0f, min = 0x800;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4, cp = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* \uXXXX, with a surrogate pair for code points above U+FFFF. */
static bool unicode_escape(struct parser *ps, char *out, size_t *k)
{
	int hi, lo;
	uint32_t cp;

	if (ps->end - ps->p < 4 || (hi = hex4(ps->p)) < 0)
		return fail(ps, "invalid \\u escape"), false;
	ps->p += 4;
	cp = (uint32_t)hi;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return fail(ps, "lone low surrogate"), false;
	if (hi >= 0xd800 && hi <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
		    ps->p[1] != 'u' || (lo = hex4(ps->p + 2)) < 0xdc00 ||
		    lo > 0xdfff)
			return fail(ps, "lone high surrogate"), false;
		ps->p += 6;
		cp = 0x10000 + (((uint32_t)hi - 0xd800) << 10) +
		     ((uint32_t)lo - 0xdc00);
	}
	if (cp == 0)
		return fail(ps, "\\u0000 is not allowed"), false;
	*k += put_utf8(out + *k, cp);
	return true;
}

static bool escape(struct parser *ps, char *out, size_t *k)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;

	if (ps->p >= ps->end)
		return fail(ps, "unterminated string"), false;
	if (*ps->p == 'u') {
		ps->p++;
		return unicode_escape(ps, out, k);
	}
	e = memchr(from, *ps->p, sizeof(from) - 1);
	if (!e)
		return fail(ps, "invalid escape"), false;
	out[(*k)++] = to[e - from];
	ps->p++;
	return true;
}

/* A string at ps->p (just after the quote); its bytes into *out. */
static char *parse_chars(struct parser *ps, size_t *len)
{
	/* Escapes never produce more bytes than they take. */
	char *out = malloc((size_t)(ps->end - ps->p) + 1);
	size_t k = 0, n;

	if (!out)
		return fail(ps, "out of memory"), NULL;
	while (ps->p < ps->end && *ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p;

		if (c < 0x20) {
			fail(ps, "control character in string");
		} else if (c == '\\') {
			ps->p++;
			escape(ps, out, &k);
		} else if (!(n = utf8_len((const unsigned char *)ps->p,
					  (const unsigned char *)ps->end))) {
			fail(ps, "invalid UTF-8");
		} else {
			memcpy(out + k, ps->p, n);
			k += n;
			ps->p += n;
		}
		if (ps->failed) {
			free(out);
			return NULL;
		}
	}
	if (ps->p >= ps->end) {
		free(out);
		return fail(ps, "unterminated string"), NULL;
	}
	ps->p++;
	out[k] = '\0';
	*len = k;
	return out;
}

static struct json *parse_string(struct parser *ps)
{
	struct json *j;
	char *s;
	size_t len;

	ps->p++;
	s = parse_chars(ps, &len);
	if (!s)
		return NULL;
	j = new_value(ps, JSON_STRING);
	if (!j) {
		free(s);
		return NULL;
	}
	j->str = s;
	j->len = len;
	return j;
}

/* Appends item (and key) to container j; false if out of memory. */
static bool append(struct parser *ps, struct json *j, char *key,
		   struct json *item)
{
	struct json **items = realloc(j->items, (j->n + 1) * sizeof(*items));
	char **keys;

	if (items)
		j->items = items;
	if (items && key) {
		keys = realloc(j->keys, (j->n + 1) * sizeof(*keys));
		if (keys)
			j->keys = keys;
		else
			items = NULL;
	}
	if (!items) {
		fail(ps, "out of memory");
		free(key);
		json_free(item);
		return false;
	}
	j->items[j->n] = item;
	if (key)
		j->keys[j->n] = key;
	j->n++;
	return true;
}

static bool has_key(const struct json *j, const char *key)
{
	size_t i;

	for (i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], key))
			return true;
	return false;
}

/* One "key": value member of object j. */
static bool parse_member(struct parser *ps, struct json *j)
{
	struct json *item;
	char *key;
	size_t len;

	if (ps->p >= ps->end || *ps->p != '"')
		return fail(ps, "expected a string key"), false;
	ps->p++;
	key = parse_chars(ps, &len);
	if (!key)
		return false;
	if (has_key(j, key)) {
		free(key);
		return fail(ps, "duplicate key"), false;
	}
	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != ':') {
		free(key);
		return fail(ps, "expected ':'"), false;
	}
	ps->p++;
	item = parse_value(ps);
	if (!item) {
		free(key);
		return false;
	}
	return append(ps, j, key, item);
}

/* An array or object at ps->p, its opening bracket. */
static struct json *parse_container(struct parser *ps, bool object)
{
	char close = object ? '}' : ']';
	struct json *j, *item;

	if (++ps->depth > JSON_MAX_DEPTH)
		return fail(ps, "nesting too deep"), NULL;
	ps->p++;
	j = new_value(ps, object ? JSON_OBJECT : JSON_ARRAY);
	skip_ws(ps);
	if (j && ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return j;
	}
	while (j && !ps->failed) {
		skip_ws(ps);
		if (object) {
			parse_member(ps, j);
		} else {
			item = parse_value(ps);
			if (item)
				append(ps, j, NULL, item);
		}
		skip_ws(ps);
		if (ps->failed)
			break;
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return j;
		}
		if (ps->p >= ps->end || *ps->p != ',')
			fail(ps, object ? "expected ',' or '}'"
					: "expected ',' or ']'");
		else
			ps->p++;
	}
	json_free(j);
	return NULL;
}

static struct json *parse_value(struct parser *ps)
{
	struct json *j = NULL;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input"), NULL;
	switch (*ps->p) {
	case '{':
		return parse_container(ps, true);
	case '[':
		return parse_container(ps, false);
	case '"':
		return parse_string(ps);
	case 't':
	case 'f': {
		bool yes = *ps->p == 't';

		if (literal(ps, yes ? "true" : "false")) {
			j = new_value(ps, JSON_BOOL);
			if (j)
				j->boolean = yes;
		}
		return j;
	}
	case 'n':
		return literal(ps, "null") ? new_value(ps, JSON_NULL) : NULL;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
			return parse_number(ps);
		return fail(ps, "unexpected character"), NULL;
	}
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser ps = {text, text + len, text, 0, err, errlen, false};
	struct json *j;

	if (errlen)
		err[0] = '\0';
	if (len > JSON_MAX_TEXT) {
		fail(&ps, "text too long");
		return NULL;
	}
	j = parse_value(&ps);
	if (j) {
		skip_ws(&ps);
		if (ps.p != ps.end) {
			fail(&ps, "trailing characters");
			json_free(j);
			j = NULL;
		}
	}
	return j;
}

void json_free(struct json *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->n; i++) {
		json_free(j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->str);
	free(j);
}

const struct json *json_get(const struct json *j, const char *key)
{
	size_t i;

	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], key))
			return j->items[i];
	return NULL;
}

const char *json_type_name(enum json_type t)
{
	static const char *const names[] = {"null",   "boolean", "number",
					    "string", "array",	 "object"};

	return (unsigned int)t < 6 ? names[t] : "?";
}

/* ---- the splitter ---- */

void json_splitter_init(struct json_splitter *s)
{
	memset(s, 0, sizeof(*s));
}

void json_splitter_destroy(struct json_splitter *s)
{
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static void split_reset(struct json_splitter *s)
{
	s->len = 0;
	s->depth = 0;
	s->in_str = s->esc = s->bare = false;
}

/* Appends c; false (and an error) when the text would be too long. */
static int split_put(struct json_splitter *s, char c)
{
	char *p;

	if (s->len + 1 >= JSON_MAX_TEXT)
		return 1;
	if (s->len + 1 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;

		p = realloc(s->buf, cap);
		if (!p)
			return -1;
		s->buf = p;
		s->cap = cap;
	}
	s->buf[s->len++] = c;
	return 0;
}

static void emit(struct json_splitter *s, json_text_fn fn, void *opaque)
{
	s->buf[s->len] = '\0';
	fn(opaque, s->buf, s->len, NULL);
	split_reset(s);
}

static void split_error(struct json_splitter *s, json_text_fn fn, void *opaque,
			const char *what, bool skip_line)
{
	split_reset(s);
	s->skip_line = skip_line;
	fn(opaque, NULL, 0, what);
}

static bool never_utf8(uint8_t c)
{
	return c == 0xc0 || c == 0xc1 || c >= 0xf5;
}

static bool is_ws(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_punct(uint8_t c)
{
	return c == '{' || c == '}' || c == '[' || c == ']' || c == '"' ||
	       c == ',' || c == ':';
}

/*
 * One byte outside a string: returns 1 when the byte was used, 0 when a
 * bare scalar ended before it (feed it again), 2 on a too-deep text, or 3
 * for whitespace between texts, which is dropped.
 */
static int split_plain(struct json_splitter *s, uint8_t c, bool *done)
{
	if (s->bare) {
		if (!is_ws(c) && !is_punct(c))
			return 1;
		*done = true;
		return is_ws(c) ? 1 : 0;
	}
	if (s->len == 0 && s->depth == 0 && is_ws(c))
		return 3;
	if (c == '{' || c == '[') {
		if (++s->depth > JSON_MAX_DEPTH)
			return 2;
	} else if (c == '}' || c == ']') {
		if (s->depth)
			s->depth--;
		*done = s->depth == 0;
	} else if (c == '"') {
		s->in_str = true;
	} else if (s->depth == 0 && s->len == 0) {
		s->bare = true;
	}
	return 1;
}

/* One byte inside a string; sets *done when a top-level string ends. */
static void split_string(struct json_splitter *s, uint8_t c, bool *done)
{
	if (s->esc)
		s->esc = false;
	else if (c == '\\')
		s->esc = true;
	else if (c == '"') {
		s->in_str = false;
		*done = s->depth == 0;
	}
}

int json_splitter_feed(struct json_splitter *s, const uint8_t *data, size_t n,
		       json_text_fn fn, void *opaque)
{
	size_t i = 0;

	while (i < n) {
		uint8_t c = data[i];
		bool done = false;
		int r = 1;

		if (s->skip_line) {
			s->skip_line = c != '\n';
			i++;
			continue;
		}
		if ((c < 0x20 && !(is_ws(c) && !s->in_str)) || never_utf8(c)) {
			split_error(s, fn, opaque, "invalid byte in input",
				    false);
			i++;
			continue;
		}
		if (s->in_str)
			split_string(s, c, &done);
		else
			r = split_plain(s, c, &done);
		if (r == 2) {
			split_error(s, fn, opaque, "nesting too deep", true);
			i++;
			continue;
		}
		if (r == 3) {
			i++;
			continue;
		}
		if (r == 1) {
			int p = s->bare && done ? 0 : split_put(s, (char)c);

			if (p < 0)
				return -1;
			if (p > 0) {
				split_error(s, fn, opaque, "input too long",
					    true);
				i++;
				continue;
			}
			i++;
		}
		if (done)
			emit(s, fn, opaque);
	}
	return 0;
}

/* ---- the writer ---- */

void jb_init(struct json_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void jb_free(struct json_buf *b)
{
	free(b->p);
	jb_init(b);
}

static bool jb_reserve(struct json_buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void jb_raw(struct json_buf *b, const char *s, size_t n)
{
	if (!jb_reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void jb_puts(struct json_buf *b, const char *s)
{
	jb_raw(b, s, strlen(s));
}

void jb_printf(struct json_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !jb_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void jb_string(struct json_buf *b, const char *s, size_t n)
{
	size_t i;

	jb_raw(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			char e[2] = {'\\', (char)c};

			jb_raw(b, e, 2);
		} else if (c == '\n') {
			jb_raw(b, "\\n", 2);
		} else if (c == '\r') {
			jb_raw(b, "\\r", 2);
		} else if (c == '\t') {
			jb_raw(b, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			jb_printf(b, "\\u%04x", c);
		} else {
			jb_raw(b, (const char *)&s[i], 1);
		}
	}
	jb_raw(b, "\"", 1);
}

void jb_cstring(struct json_buf *b, const char *s)
{
	jb_string(b, s, strlen(s));
}

void jb_value(struct json_buf *b, const struct json *j)
{
	size_t i;

	switch (j->type) {
	case JSON_NULL:
		jb_puts(b, "null");
		break;
	case JSON_BOOL:
		jb_puts(b, j->boolean ? "true" : "false");
		break;
	case JSON_NUMBER:
		if (j->is_int)
			jb_printf(b, "%lld", (long long)j->integer);
		else
			jb_printf(b, "%.17g", j->number);
		break;
	case JSON_STRING:
		jb_string(b, j->str, j->len);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		jb_puts(b, j->type == JSON_ARRAY ? "[" : "{");
		for (i = 0; i < j->n; i++) {
			if (i)
				jb_puts(b, ", ");
			if (j->type == JSON_OBJECT) {
				jb_cstring(b, j->keys[i]);
				jb_puts(b, ": ");
			}
			jb_value(b, j->items[i]);
		}
		jb_puts(b, j->type == JSON_ARRAY ? "]" : "}");
		break;
	}
}
