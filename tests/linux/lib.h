/* SPDX-License-Identifier: MIT */
/*
 * What the test init's parts share: console output, string and memory
 * helpers (there is no libc), files, time, and the verdict lines the host
 * scripts (tests/sh/virtio_*.sh) look for.
 */
#ifndef LOONGVM_TESTS_LINUX_LIB_H
#define LOONGVM_TESTS_LINUX_LIB_H

#include "sys.h"

/* Every line the host greps for starts with this. */
#define MARK "loongvm-vmtest: "

/* Console output on fd 1. */
void out(const char *s);
void out_n(const char *s, size_t len);
void out_dec(long v);
void out_hex(u64 v, int digits);
void out_bytes_hex(const u8 *p, size_t len);
/* "loongvm-vmtest: <what>: error -<errno>\n" */
void out_err(const char *what, long err);

size_t str_len(const char *s);
int str_eq(const char *a, const char *b);
/* Whether s begins with prefix. */
int str_starts(const char *s, const char *prefix);
/* The first occurrence of needle in hay[0..len), or -1. */
long mem_find(const char *hay, size_t len, const char *needle);
long parse_dec(const char *s);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* 64-bit FNV-1a, which the host recomputes to compare contents. */
u64 fnv1a(u64 h, const void *p, size_t len);
#define FNV1A_INIT 0xcbf29ce484222325UL

/* The value of NAME=value in the environment the kernel gave init. */
void env_set(char **envp);
const char *env_get(const char *name);

/* Writes all of buf; returns 0 or a negative errno. */
long write_all(int fd, const void *buf, size_t len);
/* Reads up to len bytes of path; returns the count or a negative errno. */
long read_path(const char *path, void *buf, size_t len);
/* Prints path's contents (at most 16 KiB) under a header line. */
void cat_path(const char *path);

u64 now_ms(void);
void sleep_ms(long ms);
/* Opens path, retrying for up to ms while a driver probes. */
long open_wait(const char *path, int flags, long ms);

#endif /* LOONGVM_TESTS_LINUX_LIB_H */
