/* SPDX-License-Identifier: MIT */
/*
 * The four entry points of include/loongvm/kvm.h, the handles behind them
 * and the /dev/kvm requests (virt/kvm/kvm_main.c kvm_dev_ioctl). Handles
 * are real file descriptors, reserved by opening /dev/null, so they never
 * collide with the VMM's own files; a table maps each to its object.
 *
 * Lifetime follows KVM's: a VM lives while its handle, any vCPU handle
 * (kvm_get_kvm in kvm_vm_ioctl_create_vcpu) or any request in flight
 * (the file reference fdget holds) uses it; vCPUs die with their VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hv.h"

#define MAX_FDS 4096

enum handle_kind { H_NONE, H_SYSTEM, H_VM, H_VCPU };

struct handle {
	enum handle_kind kind;
	struct hv_vm *vm; /* the reference this handle holds */
	void *obj;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct handle table[MAX_FDS];

static int new_handle(enum handle_kind kind, struct hv_vm *vm, void *obj)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fd >= MAX_FDS) {
		close(fd);
		return -EMFILE;
	}
	if (vm)
		hv_vm_get(vm);
	pthread_mutex_lock(&table_lock);
	table[fd] = (struct handle){ kind, vm, obj };
	pthread_mutex_unlock(&table_lock);
	return fd;
}

int hv_new_vm_handle(struct hv_vm *vm)
{
	return new_handle(H_VM, vm, vm);
}

int hv_new_vcpu_handle(struct hv_vcpu *vcpu)
{
	return new_handle(H_VCPU, vcpu->vm, vcpu);
}

/* fdget: the handle, with a reference on its VM until put_handle. */
static struct handle get_handle(int fd)
{
	struct handle h = { H_NONE, NULL, NULL };

	if (fd < 0 || fd >= MAX_FDS)
		return h;
	pthread_mutex_lock(&table_lock);
	h = table[fd];
	if (h.vm)
		hv_vm_get(h.vm);
	pthread_mutex_unlock(&table_lock);
	return h;
}

static void put_handle(struct handle h)
{
	if (h.vm)
		hv_vm_put(h.vm);
}

int kvm_open(void)
{
	int fd = new_handle(H_SYSTEM, NULL, NULL);

	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

static long create_vm(unsigned long type)
{
	struct hv_vm *vm;
	int fd;

	/* kvm_arch_init_vm ignores the type on LoongArch (kvm/vm.c). */
	(void)type;
	vm = hv_vm_create();
	if (!vm)
		return -ENOMEM;
	fd = hv_new_vm_handle(vm);
	hv_vm_put(vm); /* the handle holds the only reference now */
	return fd;
}

/* kvm_dev_ioctl; the arch part (kvm_arch_dev_ioctl) knows no request. */
static long system_ioctl(unsigned long req, unsigned long arg)
{
	switch (req) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CREATE_VM:
		return create_vm(arg);
	case KVM_CHECK_EXTENSION:
		return hv_vm_check_extension(NULL, (long)arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		/* struct kvm_run, then the coalesced-MMIO page (KVM_MMIO). */
		return (long)sysconf(_SC_PAGESIZE) * 2;
	default:
		return -ENOTTY;
	}
}

int kvm_ioctl(int fd, unsigned long request, ...)
{
	struct handle h = get_handle(fd);
	va_list ap;
	void *argp;
	long r;

	va_start(ap, request);
	argp = va_arg(ap, void *);
	va_end(ap);
	switch (h.kind) {
	case H_SYSTEM:
		r = system_ioctl(request, (unsigned long)(uintptr_t)argp);
		break;
	case H_VM:
		r = hv_vm_ioctl(h.obj, request, argp);
		break;
	case H_VCPU:
		r = hv_vcpu_ioctl(h.obj, request, argp);
		break;
	default:
		r = -EBADF;
		break;
	}
	put_handle(h);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return (int)r;
}

void *kvm_mmap(int vcpu_fd, size_t len)
{
	struct handle h = get_handle(vcpu_fd);
	struct hv_vcpu *vcpu = h.obj;
	void *p = MAP_FAILED;

	if (h.kind != H_VCPU)
		errno = h.kind == H_NONE ? EBADF : ENODEV;
	else if (len == 0 || len > vcpu->run_size)
		errno = EINVAL;
	else
		p = vcpu->run;
	/* Like a mapping of the vCPU file, the page lives as long as the VM. */
	put_handle(h);
	return p;
}

int kvm_close(int fd)
{
	struct handle h = { H_NONE, NULL, NULL };

	if (fd >= 0 && fd < MAX_FDS) {
		pthread_mutex_lock(&table_lock);
		h = table[fd];
		table[fd] = (struct handle){ H_NONE, NULL, NULL };
		pthread_mutex_unlock(&table_lock);
	}
	if (h.kind == H_NONE) {
		errno = EBADF;
		return -1;
	}
	put_handle(h); /* kvm_vm_release / kvm_vcpu_release */
	return close(fd);
}
