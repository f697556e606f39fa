/* SPDX-License-Identifier: MIT */
/*
 * The binary statistics format (vcpu_stats.h), read with pread so the fd
 * offset does not matter and readers on several threads do not race.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loongvm/kvm.h"
#include "vcpu_stats.h"

#define STATS_MAX_DESC 4096
#define STATS_MAX_NAME 256

static int read_at(int fd, void *buf, size_t len, uint32_t off)
{
	return pread(fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

int vcpu_stats_read(int fd, vcpu_stat_fn fn, void *opaque)
{
	struct kvm_stats_header h;
	struct kvm_stats_desc *d;
	size_t dsize;
	uint64_t value;
	uint32_t i;
	int r = -1;

	if (fd < 0 || read_at(fd, &h, sizeof(h), 0))
		return -1;
	if (h.num_desc > STATS_MAX_DESC || !h.name_size ||
	    h.name_size > STATS_MAX_NAME)
		return -1;
	dsize = sizeof(*d) + h.name_size;
	d = malloc(dsize + 1);
	if (!d)
		return -1;
	for (i = 0; i < h.num_desc; i++) {
		if (read_at(fd, d, dsize, h.desc_offset + i * (uint32_t)dsize))
			goto out;
		((char *)d)[dsize] = '\0'; /* the name, terminated anyway */
		if (d->size != 1)
			continue; /* histograms are not shown */
		if (read_at(fd, &value, sizeof(value),
			    h.data_offset + d->offset))
			goto out;
		fn(opaque, d->name, value);
	}
	r = 0;
out:
	free(d);
	return r;
}
