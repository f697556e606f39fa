/* SPDX-License-Identifier: MIT */
/*
 * What the image loaders share: guest RAM regions as host memory, reading
 * a whole file with a size limit, and error messages into a caller's
 * buffer.
 */
#ifndef LOONGVM_MACHINE_LOAD_UTIL_H
#define LOONGVM_MACHINE_LOAD_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* One contiguous block of guest RAM, for placing loaded images. */
struct ram_region {
	uint64_t gpa;
	uint64_t size;
	uint8_t *host;
};

/* The host address of [pa, pa + size) if it lies in one RAM region. */
uint8_t *ram_host(const struct ram_region *ram, size_t nram, uint64_t pa,
		  uint64_t size);
/*
 * Reads a whole file of at most max bytes into a new buffer (one spare
 * byte at the end); NULL with a message naming what in err.
 */
uint8_t *load_file(const char *what, const char *path, uint64_t max,
		   size_t *len, char *err, size_t errlen);
/* Formats a message into err; returns -1 for the caller to pass on. */
int load_fail(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* LOONGVM_MACHINE_LOAD_UTIL_H */
