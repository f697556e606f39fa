/* SPDX-License-Identifier: MIT */
/*
 * KVM_IOEVENTFD (virt/kvm/eventfd.c kvm_ioeventfd): an eventfd that a
 * guest MMIO write to an address (with a length, optionally a datamatch)
 * signals instead of exiting to userspace. Linux 6.12's LoongArch MMIO
 * path does not consult the I/O bus yet (later kernels call
 * kvm_io_bus_write from kvm_emu_mmio_write); loongvm does, through
 * hv_ioeventfd_signal, which hv/exit.c calls for every MMIO write.
 *
 * The registration keeps its own duplicate of the eventfd, as the kernel
 * keeps an eventfd_ctx reference. A deassign names the same eventfd as the
 * assign did: compared with kcmp(KCMP_FILE) where the kernel allows it,
 * else by descriptor number.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hv.h"

#define KCMP_FILE 0
/* virt/kvm/kvm_main.c NR_IOBUS_DEVS: the registrations one bus takes. */
#define NR_IOBUS_DEVS 1000
#define ANY_BUS_FLAGS \
	(KVM_IOEVENTFD_FLAG_PIO | KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY)

struct ioeventfd {
	uint64_t addr, datamatch;
	uint32_t len;
	uint32_t bus; /* the flags that pick the bus: MMIO, PIO or CCW */
	bool wildcard;
	int user_fd; /* the descriptor userspace named */
	int fd;      /* our duplicate, which we signal */
};

struct hv_ioeventfds {
	pthread_mutex_t lock;
	struct ioeventfd *items;
	unsigned int nr, cap;
};

static struct hv_ioeventfds *registry(struct hv_vm *vm)
{
	struct hv_ioeventfds *r = __atomic_load_n(&vm->ioeventfds,
						  __ATOMIC_ACQUIRE);
	struct hv_ioeventfds *fresh, *expected = NULL;

	if (r)
		return r;
	fresh = calloc(1, sizeof(*fresh));
	if (!fresh)
		return NULL;
	pthread_mutex_init(&fresh->lock, NULL);
	if (__atomic_compare_exchange_n(&vm->ioeventfds, &expected, fresh,
					false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return fresh;
	pthread_mutex_destroy(&fresh->lock);
	free(fresh);
	return expected;
}

/* eventfd_ctx_fdget: -EBADF for no file, -EINVAL for another kind. */
static int check_eventfd(int fd)
{
	char path[40], target[64];
	ssize_t n;

	if (fd < 0 || fcntl(fd, F_GETFD) < 0)
		return -EBADF;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return 0; /* no /proc: trust the caller */
	target[n] = '\0';
	return strcmp(target, "anon_inode:[eventfd]") ? -EINVAL : 0;
}

static bool same_file(const struct ioeventfd *p, int fd)
{
	long r = syscall(SYS_kcmp, (long)getpid(), (long)getpid(), KCMP_FILE,
			 (long)p->fd, (long)fd);

	return r < 0 ? p->user_fd == fd : r == 0;
}

/* ioeventfd_check_collision */
static bool collides(const struct ioeventfd *a, const struct ioeventfd *b)
{
	return a->bus == b->bus && a->addr == b->addr &&
	       (!a->len || !b->len ||
		(a->len == b->len &&
		 (a->wildcard || b->wildcard || a->datamatch == b->datamatch)));
}

static unsigned int bus_count(const struct hv_ioeventfds *r, uint32_t bus)
{
	unsigned int i, n = 0;

	for (i = 0; i < r->nr; i++)
		n += r->items[i].bus == bus;
	return n;
}

static int add(struct hv_ioeventfds *r, const struct ioeventfd *p)
{
	struct ioeventfd *grown;
	unsigned int i, cap;

	for (i = 0; i < r->nr; i++)
		if (collides(&r->items[i], p))
			return -EEXIST;
	if (bus_count(r, p->bus) >= NR_IOBUS_DEVS)
		return -ENOSPC; /* kvm_io_bus_register_dev */
	if (r->nr == r->cap) {
		cap = r->cap ? r->cap * 2 : 8;
		grown = realloc(r->items, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		r->items = grown;
		r->cap = cap;
	}
	r->items[r->nr++] = *p;
	return 0;
}

/* kvm_assign_ioeventfd */
static int assign(struct hv_ioeventfds *r, const struct kvm_ioeventfd *a)
{
	struct ioeventfd p = {
		.addr = a->addr,
		.len = a->len,
		.bus = a->flags & ANY_BUS_FLAGS,
		.wildcard = !(a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH),
		.user_fd = a->fd,
	};
	int err;

	if (a->len != 0 && a->len != 1 && a->len != 2 && a->len != 4 &&
	    a->len != 8)
		return -EINVAL;
	if (a->addr + a->len < a->addr)
		return -EINVAL;
	if (a->flags & ~(uint32_t)KVM_IOEVENTFD_VALID_FLAG_MASK)
		return -EINVAL;
	if (!a->len && !p.wildcard)
		return -EINVAL;
	err = check_eventfd(a->fd);
	if (err)
		return err;
	p.datamatch = p.wildcard ? 0 : a->datamatch;
	p.fd = fcntl(a->fd, F_DUPFD_CLOEXEC, 0);
	if (p.fd < 0)
		return -errno;
	pthread_mutex_lock(&r->lock);
	err = add(r, &p);
	pthread_mutex_unlock(&r->lock);
	if (err)
		close(p.fd);
	return err;
}

static bool names(const struct ioeventfd *p, const struct kvm_ioeventfd *a)
{
	bool wildcard = !(a->flags & KVM_IOEVENTFD_FLAG_DATAMATCH);

	return p->bus == (a->flags & ANY_BUS_FLAGS) && p->addr == a->addr &&
	       p->len == a->len && p->wildcard == wildcard &&
	       (wildcard || p->datamatch == a->datamatch) &&
	       same_file(p, a->fd);
}

/* kvm_deassign_ioeventfd */
static int deassign(struct hv_ioeventfds *r, const struct kvm_ioeventfd *a)
{
	int err = check_eventfd(a->fd), fd = -1;
	unsigned int i;

	if (err)
		return err;
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nr && !names(&r->items[i], a); i++)
		;
	if (i < r->nr) {
		fd = r->items[i].fd;
		r->items[i] = r->items[--r->nr];
	}
	pthread_mutex_unlock(&r->lock);
	if (fd < 0)
		return -ENOENT;
	close(fd);
	return 0;
}

int hv_ioeventfd(struct hv_vm *vm, const struct kvm_ioeventfd *args)
{
	struct hv_ioeventfds *r = registry(vm);

	if (!r)
		return -ENOMEM;
	if (args->flags & KVM_IOEVENTFD_FLAG_DEASSIGN)
		return deassign(r, args);
	return assign(r, args);
}

/* ioeventfd_in_range */
static bool hits(const struct ioeventfd *p, uint64_t addr, unsigned int len,
		 uint64_t val)
{
	uint64_t mask = len >= 8 ? ~0ULL : (1ULL << (len * 8)) - 1;

	if (p->bus || p->addr != addr)
		return false;
	if (!p->len)
		return true;
	if (len != p->len)
		return false;
	return p->wildcard || (val & mask) == p->datamatch;
}

/* eventfd_signal: adds one; a counter at its maximum stays there. */
static void signal_eventfd(int fd)
{
	const uint64_t one = 1;

	if (write(fd, &one, sizeof(one)) != (ssize_t)sizeof(one))
		return;
}

bool hv_ioeventfd_signal(struct hv_vm *vm, uint64_t addr, unsigned int len,
			 uint64_t val)
{
	struct hv_ioeventfds *r = __atomic_load_n(&vm->ioeventfds,
						  __ATOMIC_ACQUIRE);
	bool hit = false;
	unsigned int i;

	if (!r)
		return false;
	pthread_mutex_lock(&r->lock);
	for (i = 0; i < r->nr && !hit; i++) {
		hit = hits(&r->items[i], addr, len, val);
		if (hit)
			signal_eventfd(r->items[i].fd);
	}
	pthread_mutex_unlock(&r->lock);
	return hit;
}

void hv_ioeventfd_free(struct hv_vm *vm)
{
	struct hv_ioeventfds *r = vm->ioeventfds;
	unsigned int i;

	if (!r)
		return;
	for (i = 0; i < r->nr; i++)
		close(r->items[i].fd);
	free(r->items);
	pthread_mutex_destroy(&r->lock);
	free(r);
	vm->ioeventfds = NULL;
}
