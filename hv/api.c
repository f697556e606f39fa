/* SPDX-License-Identifier: MIT */
/*
 * The four entry points of include/loongvm/kvm.h and the request dispatch
 * behind them (virt/kvm/kvm_main.c's three ioctl handlers). Handles are real
 * file descriptors, reserved by opening /dev/null, so they never collide
 * with the VMM's own files; a table maps each to its object.
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
	void *obj;
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct handle table[MAX_FDS];

static int new_handle(enum handle_kind kind, void *obj)
{
	int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fd >= MAX_FDS) {
		close(fd);
		errno = EMFILE;
		return -1;
	}
	pthread_mutex_lock(&table_lock);
	table[fd].kind = kind;
	table[fd].obj = obj;
	pthread_mutex_unlock(&table_lock);
	return fd;
}

static struct handle get_handle(int fd)
{
	struct handle h = { H_NONE, NULL };

	if (fd < 0 || fd >= MAX_FDS)
		return h;
	pthread_mutex_lock(&table_lock);
	h = table[fd];
	pthread_mutex_unlock(&table_lock);
	return h;
}

int kvm_open(void)
{
	return new_handle(H_SYSTEM, NULL);
}

static long system_ioctl(unsigned long req, unsigned long arg)
{
	struct hv_vm *vm;
	int fd;

	switch (req) {
	case KVM_GET_API_VERSION:
		return KVM_API_VERSION;
	case KVM_CREATE_VM:
		if (arg != 0)
			return -EINVAL;
		vm = hv_vm_create();
		if (!vm)
			return -ENOMEM;
		fd = new_handle(H_VM, vm);
		if (fd < 0) {
			hv_vm_destroy(vm);
			return -errno;
		}
		return fd;
	case KVM_CHECK_EXTENSION:
		return hv_vm_check_extension((long)arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		return (long)sysconf(_SC_PAGESIZE) * 2;
	default:
		return -EINVAL;
	}
}

static long vm_ioctl(struct hv_vm *vm, unsigned long req, void *argp)
{
	struct hv_vcpu *vcpu;
	int fd;

	switch (req) {
	case KVM_CHECK_EXTENSION:
		return hv_vm_check_extension((long)(uintptr_t)argp);
	case KVM_SET_USER_MEMORY_REGION:
		if (!argp)
			return -EFAULT;
		return hv_set_memory_region(vm, argp);
	case KVM_GET_DIRTY_LOG:
		if (!argp)
			return -EFAULT;
		return hv_get_dirty_log(vm, argp);
	case KVM_CREATE_VCPU:
		vcpu = hv_vcpu_create(vm, (uint32_t)(uintptr_t)argp);
		if (!vcpu)
			return -errno;
		fd = new_handle(H_VCPU, vcpu);
		if (fd < 0)
			return -errno;
		return fd;
	default:
		return -ENOTTY;
	}
}

static long vcpu_ioctl(struct hv_vcpu *vcpu, unsigned long req, void *argp)
{
	struct kvm_one_reg *reg = argp;
	uint64_t v;
	int r;

	if (req != KVM_RUN && !argp)
		return -EFAULT;
	switch (req) {
	case KVM_RUN:
		return hv_vcpu_run(vcpu);
	case KVM_GET_REGS:
		return hv_vcpu_get_regs(vcpu, argp);
	case KVM_SET_REGS:
		return hv_vcpu_set_regs(vcpu, argp);
	case KVM_GET_ONE_REG:
		r = hv_vcpu_get_one_reg(vcpu, reg->id, &v);
		if (r == 0 && reg->addr)
			*(uint64_t *)(uintptr_t)reg->addr = v;
		return r ? r : (reg->addr ? 0 : -EFAULT);
	case KVM_SET_ONE_REG:
		if (!reg->addr)
			return -EFAULT;
		return hv_vcpu_set_one_reg(vcpu, reg->id,
					   *(uint64_t *)(uintptr_t)reg->addr);
	case KVM_INTERRUPT:
		return hv_vcpu_interrupt(vcpu,
					 (int)((struct kvm_interrupt *)argp)->irq);
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
		r = vm_ioctl(h.obj, request, argp);
		break;
	case H_VCPU:
		r = vcpu_ioctl(h.obj, request, argp);
		break;
	default:
		errno = EBADF;
		return -1;
	}
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

	if (h.kind != H_VCPU) {
		errno = EBADF;
		return MAP_FAILED;
	}
	if (len == 0 || len > vcpu->run_size) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	return vcpu->run;
}

int kvm_close(int fd)
{
	struct handle h = get_handle(fd);

	if (h.kind == H_NONE) {
		errno = EBADF;
		return -1;
	}
	pthread_mutex_lock(&table_lock);
	table[fd].kind = H_NONE;
	table[fd].obj = NULL;
	pthread_mutex_unlock(&table_lock);
	/*
	 * As with KVM, a VM lives while its vCPUs do; objects are released
	 * when the VM handle closes (vCPU handles only drop their entry).
	 */
	if (h.kind == H_VM)
		hv_vm_destroy(h.obj);
	return close(fd);
}
