/* SPDX-License-Identifier: MIT */
/*
 * The VM requests, dispatched as virt/kvm/kvm_main.c kvm_vm_ioctl and
 * arch/loongarch/kvm/vm.c kvm_arch_vm_ioctl do: each copies its argument
 * in first (-EFAULT), and a request neither knows is -ENOTTY (the
 * -ENOIOCTLCMD that vfs_ioctl turns into ENOTTY).
 */
#include <errno.h>
#include <string.h>

#include "../cpu/la64/code_pages.h"
#include "hv.h"

/* kvm_main.c KVM_SET_USER_MEMORY_REGION_V1_FLAGS. */
#define KVM_SET_USER_MEMORY_REGION_V1_FLAGS \
	(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)

static long set_memory_region(struct hv_vm *vm, unsigned long req, void *argp)
{
	struct kvm_userspace_memory_region2 mem;
	size_t size = req == KVM_SET_USER_MEMORY_REGION ?
			      sizeof(struct kvm_userspace_memory_region) :
			      sizeof(mem);
	int r;

	memset(&mem, 0, sizeof(mem));
	r = hv_copy_from_user(&mem, argp, size);
	if (r)
		return r;
	if (req == KVM_SET_USER_MEMORY_REGION &&
	    (mem.flags & ~(uint32_t)KVM_SET_USER_MEMORY_REGION_V1_FLAGS))
		return -EINVAL;
	return hv_set_memory_region(vm, &mem);
}

static long get_dirty_log(struct hv_vm *vm, void *argp)
{
	struct kvm_dirty_log log;
	int r = hv_copy_from_user(&log, argp, sizeof(log));

	return r ? r : hv_get_dirty_log(vm, &log);
}

static long clear_dirty_log(struct hv_vm *vm, void *argp)
{
	struct kvm_clear_dirty_log log;
	int r = hv_copy_from_user(&log, argp, sizeof(log));

	return r ? r : hv_clear_dirty_log(vm, &log);
}

static long ioeventfd(struct hv_vm *vm, void *argp)
{
	struct kvm_ioeventfd args;
	int r = hv_copy_from_user(&args, argp, sizeof(args));

	return r ? r : hv_ioeventfd(vm, &args);
}

static long enable_cap(struct hv_vm *vm, void *argp)
{
	struct kvm_enable_cap cap;
	int r = hv_copy_from_user(&cap, argp, sizeof(cap));

	return r ? r : hv_vm_enable_cap(vm, &cap);
}

static long has_device_attr(struct hv_vm *vm, void *argp)
{
	struct kvm_device_attr attr;
	int r = hv_copy_from_user(&attr, argp, sizeof(attr));

	return r ? r : hv_vm_has_attr(vm, &attr);
}

/*
 * kvm_irqfd without HAVE_KVM_IRQCHIP is -EINVAL; kvm_ioctl_create_device
 * finds no device type registered on LoongArch 6.12 and says -ENODEV.
 */
static long irqfd(void *argp)
{
	struct kvm_irqfd data;
	int r = hv_copy_from_user(&data, argp, sizeof(data));

	return r ? r : -EINVAL;
}

static long create_device(void *argp)
{
	struct kvm_create_device cd;
	int r = hv_copy_from_user(&cd, argp, sizeof(cd));

	return r ? r : -ENODEV;
}

/* KVM_LOONGVM_GUEST_WRITTEN (include/loongvm/kvm.h). */
static long guest_written(struct hv_vm *vm, void *argp)
{
	struct kvm_loongvm_guest_written w;
	int r = hv_copy_from_user(&w, argp, sizeof(w));

	if (r)
		return r;
	if (w.flags || w.pad)
		return -EINVAL;
	la64_code_pages_written_range(&vm->sys, w.gpa, w.len);
	return 0;
}

static long system_event(struct hv_vm *vm, void *argp)
{
	struct kvm_loongvm_system_event ev;
	int r = hv_copy_from_user(&ev, argp, sizeof(ev));

	return r ? r : hv_vm_request_system_event(vm, &ev);
}

long hv_vm_ioctl(struct hv_vm *vm, unsigned long req, void *argp)
{
	switch (req) {
	case KVM_CREATE_VCPU:
		return hv_vcpu_create_fd(vm, (unsigned long)(uintptr_t)argp);
	case KVM_ENABLE_CAP:
		return enable_cap(vm, argp);
	case KVM_SET_USER_MEMORY_REGION:
	case KVM_SET_USER_MEMORY_REGION2:
		return set_memory_region(vm, req, argp);
	case KVM_GET_DIRTY_LOG:
		return get_dirty_log(vm, argp);
	case KVM_CLEAR_DIRTY_LOG:
		return clear_dirty_log(vm, argp);
	case KVM_IRQFD:
		return irqfd(argp);
	case KVM_IOEVENTFD:
		return ioeventfd(vm, argp);
	case KVM_CREATE_DEVICE:
		return create_device(argp);
	case KVM_CHECK_EXTENSION:
		return hv_vm_check_extension(vm, (long)(uintptr_t)argp);
	case KVM_HAS_DEVICE_ATTR:
		return has_device_attr(vm, argp);
	case KVM_LOONGVM_REQUEST_SYSTEM_EVENT:
		return system_event(vm, argp);
	case KVM_LOONGVM_GUEST_WRITTEN:
		return guest_written(vm, argp);
	default:
		return -ENOTTY;
	}
}
