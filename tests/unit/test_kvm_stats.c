/* SPDX-License-Identifier: MIT */
/*
 * KVM_GET_STATS_FD on a vCPU, read the way Linux's selftests
 * (kvm_binary_stats_test.c) read it: pread the header, the id, the
 * descriptors and the data; the exit counters are named as
 * arch/loongarch/kvm/vcpu.c names them and move as the guest exits.
 */
#include <unistd.h>

#include "kvm_util.h"

struct stats {
	struct kvm_stats_header h;
	char id[KVM_STATS_NAME_SIZE];
	uint8_t *desc;
	uint64_t data[256];
};

static void read_stats(int fd, struct stats *s)
{
	size_t dlen;

	EXPECT(pread(fd, &s->h, sizeof(s->h), 0) == (ssize_t)sizeof(s->h));
	EXPECT(s->h.name_size == KVM_STATS_NAME_SIZE);
	EXPECT(pread(fd, s->id, sizeof(s->id), s->h.id_offset) ==
	       (ssize_t)sizeof(s->id));
	dlen = s->h.num_desc * (sizeof(struct kvm_stats_desc) + s->h.name_size);
	s->desc = malloc(dlen);
	EXPECT(s->desc && pread(fd, s->desc, dlen, s->h.desc_offset) ==
				  (ssize_t)dlen);
	memset(s->data, 0xff, sizeof(s->data));
	EXPECT(pread(fd, s->data, sizeof(s->data), s->h.data_offset) > 0);
}

static const struct kvm_stats_desc *desc_at(const struct stats *s,
					    unsigned int i)
{
	return (const void *)(s->desc + i * (sizeof(struct kvm_stats_desc) +
					     s->h.name_size));
}

/* The value of a one-word counter, or ~0 if the name is absent. */
static uint64_t stat_value(const struct stats *s, const char *name,
			   uint32_t flags)
{
	const struct kvm_stats_desc *d;
	unsigned int i;

	for (i = 0; i < s->h.num_desc; i++) {
		d = desc_at(s, i);
		if (strcmp(d->name, name))
			continue;
		EXPECT(d->flags == flags);
		EXPECT(d->offset % 8 == 0 && d->offset / 8 < 256);
		return s->data[d->offset / 8];
	}
	fprintf(stderr, "stat %s missing\n", name);
	return ~0ULL;
}

#define COUNTER (KVM_STATS_TYPE_CUMULATIVE | KVM_STATS_UNIT_NONE | \
		 KVM_STATS_BASE_POW10)

static void test_vcpu_stats(void)
{
	static const char *const names[] = { "int_exits", "idle_exits",
		"cpucfg_exits", "signal_exits", "hypercall_exits",
		"mmio_exits", "iocsr_exits", "halt_wakeup" };
	uint32_t code[8];
	struct stats a, b;
	char want_id[KVM_STATS_NAME_SIZE];
	struct vm vm;
	struct vcpu c;
	unsigned int i;
	int fd;

	code[0] = CPUCFG(R_A0, R_ZERO);
	code[1] = HVCL(0x100);
	code[2] = IOCSRRD(2, R_A0, R_ZERO);
	code[3] = lu12i_w(R_T0, MMIO_GPA >> 12);
	code[4] = ST_W(R_ZERO, R_T0, 0);
	code[5] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 6);
	vcpu_create(&vm, &c, 3, CODE_GPA);
	fd = kvm_ioctl(c.fd, KVM_GET_STATS_FD, 0);
	EXPECT(fd >= 0);
	read_stats(fd, &a);
	snprintf(want_id, sizeof(want_id), "kvm-%d/vcpu-3", (int)getpid());
	EXPECT(!strcmp(a.id, want_id));
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		EXPECT(stat_value(&a, names[i], COUNTER) == 0);
	EXPECT(stat_value(&a, "halt_wait_ns", KVM_STATS_TYPE_CUMULATIVE |
			  KVM_STATS_UNIT_SECONDS | KVM_STATS_BASE_POW10) == 0);

	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0); /* iocsr */
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0); /* mmio */
	c.run->immediate_exit = 1;
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == -1 && errno == EINTR);
	read_stats(fd, &b);
	EXPECT(stat_value(&b, "cpucfg_exits", COUNTER) == 1);
	EXPECT(stat_value(&b, "hypercall_exits", COUNTER) == 1);
	EXPECT(stat_value(&b, "iocsr_exits", COUNTER) == 1);
	EXPECT(stat_value(&b, "mmio_exits", COUNTER) == 1);
	EXPECT(stat_value(&b, "idle_exits", COUNTER) == 0);
	EXPECT(b.h.num_desc == a.h.num_desc);
	close(fd);
	free(a.desc);
	free(b.desc);
	vm_destroy(&vm);
}

int main(void)
{
	test_vcpu_stats();
	return finish("test_kvm_stats");
}
