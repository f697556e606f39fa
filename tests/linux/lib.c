/* SPDX-License-Identifier: MIT */
/* The test init's shared helpers; see lib.h. */
#include "lib.h"

static char **environ;

size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int str_eq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

int str_starts(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

long mem_find(const char *hay, size_t len, const char *needle)
{
	size_t n = str_len(needle), i;

	for (i = 0; n <= len && i <= len - n; i++)
		if (!memcmp(hay + i, needle, n))
			return (long)i;
	return -1;
}

long parse_dec(const char *s)
{
	long v = 0;

	if (!s || *s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9' && v < 100000000)
		v = v * 10 + (*s++ - '0');
	return v;
}

/* clang may emit calls to these three even with -ffreestanding. */
void *memset(void *d, int c, size_t n)
{
	volatile u8 *p = d;

	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	volatile u8 *p = d;
	const u8 *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p < *q ? -1 : 1;
	return 0;
}

u64 fnv1a(u64 h, const void *p, size_t len)
{
	const u8 *b = p;

	while (len--) {
		h ^= *b++;
		h *= 0x100000001b3UL;
	}
	return h;
}

void out_n(const char *s, size_t len)
{
	write_all(1, s, len);
}

void out(const char *s)
{
	out_n(s, str_len(s));
}

void out_dec(long v)
{
	char b[24];
	int i = 23;
	u64 u = v < 0 ? -(u64)v : (u64)v;

	b[i] = 0;
	do {
		b[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		b[--i] = '-';
	out(b + i);
}

void out_hex(u64 v, int digits)
{
	char b[17];
	int i;

	if (digits < 1 || digits > 16)
		digits = 16;
	for (i = 0; i < digits; i++)
		b[i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 0xf];
	b[digits] = 0;
	out(b);
}

void out_bytes_hex(const u8 *p, size_t len)
{
	while (len--)
		out_hex(*p++, 2);
}

void out_err(const char *what, long err)
{
	out(MARK);
	out(what);
	out(": error ");
	out_dec(err);
	out("\n");
}

void env_set(char **envp)
{
	environ = envp;
}

const char *env_get(const char *name)
{
	size_t n = str_len(name);
	char **e;

	for (e = environ; e && *e; e++)
		if (str_starts(*e, name) && (*e)[n] == '=')
			return *e + n + 1;
	return 0;
}

long write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		long n = sys_write(fd, p, len);

		if (n == -EINTR)
			continue;
		if (n <= 0)
			return n ? n : -5;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

long read_path(const char *path, void *buf, size_t len)
{
	long fd = sys_open(path, O_RDONLY | O_CLOEXEC, 0), n, got = 0;

	if (fd < 0)
		return fd;
	while ((size_t)got < len) {
		n = sys_read((int)fd, (char *)buf + got, len - (size_t)got);
		if (n == -EINTR)
			continue;
		if (n <= 0) {
			if (n < 0 && !got)
				got = n;
			break;
		}
		got += n;
	}
	sys_close((int)fd);
	return got;
}

void cat_path(const char *path)
{
	static char buf[16384];
	long n = read_path(path, buf, sizeof(buf));

	out(MARK);
	out("--- ");
	out(path);
	out("\n");
	if (n < 0)
		out_err(path, n);
	else
		out_n(buf, (size_t)n);
}

u64 now_ms(void)
{
	struct timespec t = {0, 0};

	sys_clock_gettime(CLOCK_MONOTONIC, &t);
	return (u64)t.tv_sec * 1000 + (u64)t.tv_nsec / 1000000;
}

void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000};

	sys_nanosleep(&t);
}

long open_wait(const char *path, int flags, long ms)
{
	u64 end = now_ms() + (u64)ms;
	long fd;

	for (;;) {
		fd = sys_open(path, flags | O_CLOEXEC, 0);
		if (fd >= 0 || now_ms() >= end)
			return fd;
		sleep_ms(50);
	}
}
