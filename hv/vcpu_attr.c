/* SPDX-License-Identifier: MIT */
/*
 * The vCPU device attributes, KVM_HAS/GET/SET_DEVICE_ATTR on a vCPU, as
 * arch/loongarch/kvm/vcpu.c kvm_loongarch_vcpu_{has,get,set}_attr:
 * group KVM_LOONGARCH_VCPU_CPUCFG (the supported CPUCFG masks and the
 * VM-wide PV feature word CPUCFG_KVM_FEATURE) and group
 * KVM_LOONGARCH_VCPU_PVTIME_CTRL (the steal-time area's GPA).
 */
#include <errno.h>

#include "hv.h"

/* asm/kvm_host.h LOONGARCH_PV_FEAT_MASK. */
#define PV_FEAT_MASK                                                  \
	((1ULL << KVM_FEATURE_IPI) | (1ULL << KVM_FEATURE_STEAL_TIME) | \
	 (1ULL << KVM_FEATURE_VIRT_EXTIOI))
/* asm/kvm_para.h KVM_STEAL_PHYS_VALID and KVM_STEAL_PHYS_MASK. */
#define STEAL_PHYS_VALID 1ULL
#define STEAL_PHYS_MASK (~0x3fULL)

static bool has_steal_time(struct hv_vcpu *v)
{
	return (hv_pv_features(v->vm) >> KVM_FEATURE_STEAL_TIME) & 1;
}

static int pvtime_check(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	if (!has_steal_time(v) || a->attr != KVM_LOONGARCH_VCPU_PVTIME_GPA)
		return -ENXIO;
	return 0;
}

int hv_vcpu_has_attr(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr == 2 || a->attr == 6 ||
		    a->attr == CPUCFG_KVM_FEATURE)
			return 0;
		return -ENXIO;
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		return pvtime_check(v, a);
	default:
		return -ENXIO;
	}
}

static int put_u64(const struct kvm_device_attr *a, uint64_t val)
{
	return hv_copy_to_user((void *)(uintptr_t)a->addr, &val, sizeof(val));
}

static int get_u64(const struct kvm_device_attr *a, uint64_t *val)
{
	return hv_copy_from_user(val, (const void *)(uintptr_t)a->addr,
				 sizeof(*val));
}

int hv_vcpu_get_attr(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	uint64_t val;
	int r;

	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr == CPUCFG_KVM_FEATURE)
			return put_u64(a, hv_pv_features(v->vm));
		if (a->attr >= HV_MAX_CPUCFG)
			return -ENXIO;
		r = hv_cpucfg_mask(a->attr, &val);
		return r ? r : put_u64(a, val);
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		r = pvtime_check(v, a);
		return r ? r : put_u64(a, v->st.guest_addr);
	default:
		return -ENXIO;
	}
}

/* CPUCFG_KVM_FEATURE: every vCPU must set the same PV features. */
static int set_pv_features(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	struct hv_vm *vm = v->vm;
	uint64_t val, cur;
	int r = get_u64(a, &val);

	if (r)
		return r;
	if (val & ~PV_FEAT_MASK)
		return -EINVAL;
	pthread_mutex_lock(&vm->vcpus_lock); /* kvm->arch.pv_setting_lock */
	cur = atomic_load(&vm->pv_features);
	if ((cur & HV_PV_FEAT_UPDATED) && (cur & PV_FEAT_MASK) != val)
		r = -EINVAL;
	else
		atomic_store(&vm->pv_features, val | HV_PV_FEAT_UPDATED);
	pthread_mutex_unlock(&vm->vcpus_lock);
	return r;
}

/* kvm_loongarch_pvtime_set_attr: a valid GPA must lie in a memslot. */
static int set_steal_gpa(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	uint64_t gpa;
	int r = pvtime_check(v, a);

	if (!r)
		r = get_u64(a, &gpa);
	if (r)
		return r;
	if (gpa & ~(STEAL_PHYS_MASK | STEAL_PHYS_VALID))
		return -EINVAL;
	if ((gpa & STEAL_PHYS_VALID) &&
	    !hv_stage2_map(v->vm, gpa & STEAL_PHYS_MASK & ~(HV_PAGE_SIZE - 1),
			   false))
		return -EINVAL;
	v->st.guest_addr = gpa;
	if (gpa & STEAL_PHYS_VALID)
		v->st.last_ns = hv_now_ns(); /* pv.c updates on next entry */
	return 0;
}

int hv_vcpu_set_attr(struct hv_vcpu *v, const struct kvm_device_attr *a)
{
	switch (a->group) {
	case KVM_LOONGARCH_VCPU_CPUCFG:
		if (a->attr == CPUCFG_KVM_FEATURE)
			return set_pv_features(v, a);
		return -ENXIO;
	case KVM_LOONGARCH_VCPU_PVTIME_CTRL:
		return set_steal_gpa(v, a);
	default:
		return -ENXIO;
	}
}
