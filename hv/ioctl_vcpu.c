/* SPDX-License-Identifier: MIT */
/*
 * The vCPU requests, dispatched as virt/kvm/kvm_main.c kvm_vcpu_ioctl
 * and arch/loongarch/kvm/vcpu.c kvm_arch_vcpu_ioctl do: a request of
 * another ioctl type is -EINVAL; KVM_INTERRUPT is asynchronous
 * (kvm_arch_vcpu_async_ioctl) and runs at once from any thread; every
 * other request holds the vCPU's mutex, so a second KVM_RUN, or a
 * KVM_GET_REGS while the vCPU runs, waits for the first to return.
 */
#include <errno.h>
#include <string.h>

#include "hv.h"

#define IOC_TYPE(req) (((req) >> KVM_IOC_TYPESHIFT) & 0xff)

static long interrupt(struct hv_vcpu *v, void *argp)
{
	struct kvm_interrupt irq;
	int r = hv_copy_from_user(&irq, argp, sizeof(irq));

	return r ? r : hv_vcpu_interrupt(v, (int)irq.irq);
}

static long get_regs(struct hv_vcpu *v, void *argp)
{
	struct kvm_regs regs;

	hv_vcpu_get_regs(v, &regs);
	return hv_copy_to_user(argp, &regs, sizeof(regs));
}

static long set_regs(struct hv_vcpu *v, void *argp)
{
	struct kvm_regs regs;
	int r = hv_copy_from_user(&regs, argp, sizeof(regs));

	return r ? r : hv_vcpu_set_regs(v, &regs);
}

static long get_fpu(struct hv_vcpu *v, void *argp)
{
	struct kvm_fpu fpu;

	hv_vcpu_get_fpu(v, &fpu);
	return hv_copy_to_user(argp, &fpu, sizeof(fpu));
}

static long set_fpu(struct hv_vcpu *v, void *argp)
{
	struct kvm_fpu fpu;
	int r = hv_copy_from_user(&fpu, argp, sizeof(fpu));

	return r ? r : hv_vcpu_set_fpu(v, &fpu);
}

static long get_mp_state(struct hv_vcpu *v, void *argp)
{
	struct kvm_mp_state mp = {v->mp_state};

	return hv_copy_to_user(argp, &mp, sizeof(mp));
}

static long set_mp_state(struct hv_vcpu *v, void *argp)
{
	struct kvm_mp_state mp;
	int r = hv_copy_from_user(&mp, argp, sizeof(mp));

	return r ? r : hv_vcpu_set_mp_state(v, &mp);
}

static long set_guest_debug(struct hv_vcpu *v, void *argp)
{
	struct kvm_guest_debug dbg;
	int r = hv_copy_from_user(&dbg, argp, sizeof(dbg));

	return r ? r : hv_vcpu_set_guest_debug(v, &dbg);
}

static long set_breakpoints(struct hv_vcpu *v, void *argp)
{
	struct kvm_loongvm_breakpoints bp;
	int r = hv_copy_from_user(&bp, argp, sizeof(bp));

	return r ? r : hv_vcpu_set_breakpoints(v, &bp);
}

static long set_watchpoints(struct hv_vcpu *v, void *argp)
{
	struct kvm_loongvm_watchpoints wp;
	int r = hv_copy_from_user(&wp, argp, sizeof(wp));

	return r ? r : hv_vcpu_set_watchpoints(v, &wp);
}

static long one_reg(struct hv_vcpu *v, unsigned long req, void *argp)
{
	struct kvm_one_reg reg;
	int r = hv_copy_from_user(&reg, argp, sizeof(reg));

	if (r)
		return r;
	return req == KVM_GET_ONE_REG ? hv_vcpu_get_one_reg(v, &reg)
				      : hv_vcpu_set_one_reg(v, &reg);
}

static long device_attr(struct hv_vcpu *v, unsigned long req, void *argp)
{
	struct kvm_device_attr attr;
	int r = hv_copy_from_user(&attr, argp, sizeof(attr));

	if (r)
		return r;
	if (req == KVM_HAS_DEVICE_ATTR)
		return hv_vcpu_has_attr(v, &attr);
	if (req == KVM_GET_DEVICE_ATTR)
		return hv_vcpu_get_attr(v, &attr);
	return hv_vcpu_set_attr(v, &attr);
}

/* KVM_TRANSLATE is -EINVAL and KVM_ENABLE_CAP on a vCPU too (kvm/vcpu.c). */
static long copy_then_einval(void *argp, size_t size)
{
	uint8_t buf[sizeof(struct kvm_enable_cap)];
	int r = hv_copy_from_user(buf, argp, size);

	return r ? r : -EINVAL;
}

static long locked_ioctl(struct hv_vcpu *v, unsigned long req, void *argp)
{
	switch (req) {
	case KVM_RUN:
		return argp ? -EINVAL : hv_vcpu_run(v);
	case KVM_GET_REGS:
		return get_regs(v, argp);
	case KVM_SET_REGS:
		return set_regs(v, argp);
	case KVM_GET_MP_STATE:
		return get_mp_state(v, argp);
	case KVM_SET_MP_STATE:
		return set_mp_state(v, argp);
	case KVM_TRANSLATE:
		return copy_then_einval(argp, sizeof(struct kvm_translation));
	case KVM_SET_GUEST_DEBUG:
		return set_guest_debug(v, argp);
	case KVM_LOONGVM_SET_BREAKPOINTS:
		return set_breakpoints(v, argp);
	case KVM_LOONGVM_SET_WATCHPOINTS:
		return set_watchpoints(v, argp);
	case KVM_LOONGVM_GET_DEBUG_STOP:
		return hv_copy_to_user(argp, &v->debug_stop,
				       sizeof(v->debug_stop));
	case KVM_GET_FPU:
		return get_fpu(v, argp);
	case KVM_SET_FPU:
		return set_fpu(v, argp);
	case KVM_GET_STATS_FD:
		return hv_vcpu_stats_fd(v);
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG:
		return one_reg(v, req, argp);
	case KVM_ENABLE_CAP:
		return copy_then_einval(argp, sizeof(struct kvm_enable_cap));
	case KVM_HAS_DEVICE_ATTR:
	case KVM_GET_DEVICE_ATTR:
	case KVM_SET_DEVICE_ATTR:
		return device_attr(v, req, argp);
	default:
		return -ENOTTY;
	}
}

long hv_vcpu_ioctl(struct hv_vcpu *v, unsigned long req, void *argp)
{
	long r;

	if (IOC_TYPE(req) != KVMIO)
		return -EINVAL;
	if (req == KVM_INTERRUPT)
		return interrupt(v, argp);
	pthread_mutex_lock(&v->ioctl_lock);
	r = locked_ioctl(v, req, argp);
	pthread_mutex_unlock(&v->ioctl_lock);
	return r;
}
