/* SPDX-License-Identifier: MIT */
/* Helpers shared by the kernel, initrd and device-tree loaders. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load_util.h"

uint8_t *ram_host(const struct ram_region *ram, size_t nram, uint64_t pa,
		  uint64_t size)
{
	size_t i;

	for (i = 0; i < nram; i++)
		if (pa >= ram[i].gpa && pa - ram[i].gpa <= ram[i].size &&
		    size <= ram[i].size - (pa - ram[i].gpa))
			return ram[i].host + (pa - ram[i].gpa);
	return NULL;
}

int load_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

uint8_t *load_file(const char *what, const char *path, uint64_t max,
		   size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n = -1;

	if (!f) {
		load_fail(err, errlen, "cannot open %s '%s': %s", what, path,
		     strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		load_fail(err, errlen, "cannot read %s '%s'", what, path);
	else if ((uint64_t)n > max)
		load_fail(err, errlen,
		     "%s '%s' (%ld bytes) is larger than the %llu bytes "
		     "available for it",
		     what, path, n, (unsigned long long)max);
	else if (!(buf = malloc((size_t)n + 1)))
		load_fail(err, errlen, "out of memory reading '%s'", path);
	else if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		load_fail(err, errlen, "cannot read %s '%s'", what, path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}
