/* SPDX-License-Identifier: MIT */
/*
 * KVM_GET_STATS_FD for vCPUs, in Linux's binary format
 * (virt/kvm/binary_stats.c, Documentation/virt/kvm/api.rst): a header, the
 * id string, the descriptors with their names, then the data as u64s. The
 * whole file is a sealed memfd mapped shared into hv, and the counters the
 * exit handlers increment ARE its data words, so pread() on any fd that
 * KVM_GET_STATS_FD returned always sees live values. Descriptors follow
 * kvm/vcpu.c kvm_vcpu_stats_desc (KVM_GENERIC_VCPU_STATS first).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hv.h"

struct stat_def {
	const char *name;
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	uint32_t offset;
};

#define DEF(f, fl, exp, sz)                                             \
	{ #f, (fl) | KVM_STATS_BASE_POW10, exp, sz,                     \
	  (uint32_t)offsetof(struct hv_vcpu_stat, f) }
#define COUNTER(f) DEF(f, KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_NONE, 0, 1)
#define TIME_NSEC(f)                                                    \
	DEF(f, KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_SECONDS, -9, 1)
#define LOGHIST_NSEC(f)                                                 \
	DEF(f, KVM_STATS_TYPE_LOG_HIST | KVM_STATS_UNIT_SECONDS, -9,    \
	    HV_HALT_POLL_HIST_COUNT)
#define IBOOLEAN(f) DEF(f, KVM_STATS_TYPE_INSTANT | KVM_STATS_UNIT_BOOLEAN, 0, 1)

static const struct stat_def vcpu_stats[] = {
	COUNTER(halt_successful_poll),
	COUNTER(halt_attempted_poll),
	COUNTER(halt_poll_invalid),
	COUNTER(halt_wakeup),
	TIME_NSEC(halt_poll_success_ns),
	TIME_NSEC(halt_poll_fail_ns),
	TIME_NSEC(halt_wait_ns),
	LOGHIST_NSEC(halt_poll_success_hist),
	LOGHIST_NSEC(halt_poll_fail_hist),
	LOGHIST_NSEC(halt_wait_hist),
	IBOOLEAN(blocking),
	COUNTER(int_exits),
	COUNTER(idle_exits),
	COUNTER(cpucfg_exits),
	COUNTER(signal_exits),
	COUNTER(hypercall_exits),
	COUNTER(mmio_exits),
	COUNTER(iocsr_exits),
};

#define NUM_DESC (sizeof(vcpu_stats) / sizeof(vcpu_stats[0]))
#define DESC_SIZE (sizeof(struct kvm_stats_desc) + KVM_STATS_NAME_SIZE)
#define ID_OFFSET sizeof(struct kvm_stats_header)
#define DESC_OFFSET (ID_OFFSET + KVM_STATS_NAME_SIZE)
#define DATA_OFFSET (DESC_OFFSET + NUM_DESC * DESC_SIZE)
#define FILE_SIZE (DATA_OFFSET + sizeof(struct hv_vcpu_stat))

_Static_assert(DATA_OFFSET % sizeof(uint64_t) == 0, "u64 data alignment");

static void fill(uint8_t *base, uint32_t vcpu_id)
{
	struct kvm_stats_header h = {
		.name_size = KVM_STATS_NAME_SIZE,
		.num_desc = NUM_DESC,
		.id_offset = ID_OFFSET,
		.desc_offset = DESC_OFFSET,
		.data_offset = DATA_OFFSET,
	};
	struct kvm_stats_desc d;
	size_t i;

	memcpy(base, &h, sizeof(h));
	/* virt/kvm/kvm_main.c: "kvm-<pid>/vcpu-<id>". */
	snprintf((char *)base + ID_OFFSET, KVM_STATS_NAME_SIZE,
		 "kvm-%d/vcpu-%u", (int)getpid(), vcpu_id);
	for (i = 0; i < NUM_DESC; i++) {
		d = (struct kvm_stats_desc){
			.flags = vcpu_stats[i].flags,
			.exponent = vcpu_stats[i].exponent,
			.size = vcpu_stats[i].size,
			.offset = vcpu_stats[i].offset,
		};
		memcpy(base + DESC_OFFSET + i * DESC_SIZE, &d, sizeof(d));
		snprintf((char *)base + DESC_OFFSET + i * DESC_SIZE + sizeof(d),
			 KVM_STATS_NAME_SIZE, "%s", vcpu_stats[i].name);
	}
}

/* A memfd of FILE_SIZE bytes that nobody can resize, mapped at *map. */
static int create_file(uint32_t id, void **map)
{
	char name[32];
	int fd, err;

	snprintf(name, sizeof(name), "kvm-vcpu-stats:%u", id);
	fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, FILE_SIZE) ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL))
		goto fail;
	*map = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (*map == MAP_FAILED)
		goto fail;
	return fd;
fail:
	err = errno;
	close(fd);
	return -err;
}

int hv_vcpu_stats_init(struct hv_vcpu *v)
{
	void *map = NULL;
	int fd = 0;

	if (atomic_load(&v->stat))
		return 0;
	pthread_mutex_lock(&v->lock);
	if (!atomic_load(&v->stat)) {
		fd = create_file(v->id, &map);
		if (fd >= 0) {
			fill(map, v->id);
			v->stats_memfd = fd;
			v->stats_map = map;
			v->stats_map_len = FILE_SIZE;
			atomic_store(&v->stat, (struct hv_vcpu_stat *)(void *)
					       ((uint8_t *)map + DATA_OFFSET));
		}
	}
	pthread_mutex_unlock(&v->lock);
	return fd < 0 ? fd : 0;
}

/*
 * A new read-only open file description of the stats file, as
 * kvm_vcpu_ioctl_get_stats_fd's anon inode; close() releases it.
 */
int hv_vcpu_stats_fd(struct hv_vcpu *v)
{
	char path[40];
	int r = hv_vcpu_stats_init(v), fd;

	if (r)
		return r;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", v->stats_memfd);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fd = fcntl(v->stats_memfd, F_DUPFD_CLOEXEC, 0);
	return fd < 0 ? -errno : fd;
}

void hv_vcpu_stats_free(struct hv_vcpu *v)
{
	if (!atomic_load(&v->stat))
		return;
	atomic_store(&v->stat, NULL);
	munmap(v->stats_map, v->stats_map_len);
	close(v->stats_memfd);
}
