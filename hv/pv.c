/* SPDX-License-Identifier: MIT */
/*
 * The paravirtual interface a Linux guest finds through cpucfg
 * CPUCFG_KVM_FEATURE: the KVM_HCALL_SERVICE hypercall with its PV IPI and
 * steal-time functions (arch/loongarch/kvm/exit.c kvm_handle_service,
 * kvm_send_pv_ipi, kvm_save_notify) and the steal-time update done on each
 * entry (kvm/vcpu.c kvm_update_stolen_time). Guest-side definitions are
 * those of arch/loongarch/include/asm/kvm_para.h.
 */
#include "hv.h"

#define KVM_HCALL_FUNC_IPI 1
#define KVM_HCALL_FUNC_NOTIFY 2
#define KVM_HCALL_SUCCESS 0ULL
#define KVM_HCALL_INVALID_CODE (~0ULL)       /* -1UL */
#define KVM_HCALL_INVALID_PARAMETER (~1ULL)  /* -2UL */

#define KVM_STEAL_PHYS_VALID 1ULL
#define KVM_STEAL_PHYS_MASK (~0x3fULL) /* GENMASK_ULL(63, 6) */

/* kvm_host.h LOONGARCH_PV_FEAT_MASK and kvm/vm.c's default. */
#define PV_FEAT_MASK                                                  \
	((1ULL << KVM_FEATURE_IPI) | (1ULL << KVM_FEATURE_STEAL_TIME) | \
	 (1ULL << KVM_FEATURE_VIRT_EXTIOI))
#define PV_FEAT_DEFAULT \
	((1ULL << KVM_FEATURE_IPI) | (1ULL << KVM_FEATURE_STEAL_TIME))

/* kvm_para.h struct kvm_steal_time, 64 bytes in guest memory. */
struct kvm_steal_time {
	uint64_t steal;
	uint32_t version;
	uint32_t flags;
	uint32_t pad[12];
};

enum { REG_A0 = 4, REG_A1, REG_A2, REG_A3 };

static uint64_t arg(const struct hv_vcpu *v, unsigned int reg)
{
	return v->cpu.gpr[reg];
}

uint64_t hv_pv_features(struct hv_vm *vm)
{
	uint64_t f = atomic_load(&vm->pv_features);

	if (!(f & HV_PV_FEAT_UPDATED))
		f = PV_FEAT_DEFAULT;
	return f & PV_FEAT_MASK;
}

static bool has_feature(struct hv_vcpu *v, unsigned int feature)
{
	return (hv_pv_features(v->vm) >> feature) & 1;
}

/*
 * kvm_send_pv_ipi: SWI0 to the vCPU of each CPUID marked in the 128-bit
 * map, bit n meaning CPUID min + n (32-bit arithmetic, as Linux's), looked
 * up in the phyid map that KVM_SET_ONE_REG of CSR.CPUID fills.
 */
static void send_pv_ipi(struct hv_vcpu *v)
{
	const uint64_t map[2] = { arg(v, REG_A1), arg(v, REG_A2) };
	uint32_t min = (uint32_t)arg(v, REG_A3), cpuid;
	struct hv_vm *vm = v->vm;
	struct hv_vcpu *dest;
	unsigned int n;

	pthread_mutex_lock(&vm->vcpus_lock);
	for (n = 0; n < 128; n++) {
		if (!((map[n / 64] >> (n % 64)) & 1))
			continue;
		cpuid = min + n;
		dest = cpuid < HV_MAX_PHYID ? vm->phyid_map[cpuid] : NULL;
		if (dest)
			hv_vcpu_queue_swi(dest, LA_IRQ_SWI0);
	}
	pthread_mutex_unlock(&vm->vcpus_lock);
}

/* kvm_save_notify: the guest registers (or drops) its steal-time area. */
static uint64_t save_notify(struct hv_vcpu *v)
{
	uint64_t data = arg(v, REG_A2);

	if (arg(v, REG_A1) != 1ULL << KVM_FEATURE_STEAL_TIME)
		return KVM_HCALL_INVALID_CODE;
	if (data & ~(KVM_STEAL_PHYS_MASK | KVM_STEAL_PHYS_VALID))
		return KVM_HCALL_INVALID_PARAMETER;
	v->st.guest_addr = data;
	if (data & KVM_STEAL_PHYS_VALID) {
		v->st.last_ns = hv_now_ns();
		hv_pv_update_steal_time(v);
	}
	return KVM_HCALL_SUCCESS;
}

void hv_pv_handle_service(struct hv_vcpu *v)
{
	uint64_t ret = KVM_HCALL_INVALID_CODE;

	switch (arg(v, REG_A0)) {
	case KVM_HCALL_FUNC_IPI:
		if (has_feature(v, KVM_FEATURE_IPI)) {
			send_pv_ipi(v);
			ret = KVM_HCALL_SUCCESS;
		}
		break;
	case KVM_HCALL_FUNC_NOTIFY:
		if (has_feature(v, KVM_FEATURE_STEAL_TIME))
			ret = save_notify(v);
		break;
	default:
		break;
	}
	hv_set_gpr(v, REG_A0, ret);
}

/*
 * kvm_update_stolen_time: adds the time since the vCPU last left guest
 * code (its thread was back in the VMM) to steal, inside an odd version
 * so that the guest (pv_steal_clock) retries a torn read.
 */
void hv_pv_update_steal_time(struct hv_vcpu *v)
{
	uint64_t gpa = v->st.guest_addr, now, steal;
	struct kvm_steal_time *st;
	uint32_t version;

	if (!(gpa & KVM_STEAL_PHYS_VALID))
		return;
	st = hv_stage2_map(v->vm, gpa & KVM_STEAL_PHYS_MASK, true);
	if (!st)
		return;
	version = __atomic_load_n(&st->version, __ATOMIC_RELAXED);
	if (version & 1)
		version++; /* first write over junk */
	__atomic_store_n(&st->version, ++version, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	now = hv_now_ns();
	steal = __atomic_load_n(&st->steal, __ATOMIC_RELAXED);
	__atomic_store_n(&st->steal, steal + (now - v->st.last_ns),
			 __ATOMIC_RELAXED);
	v->st.last_ns = now;
	__atomic_store_n(&st->version, ++version, __ATOMIC_RELEASE);
}

void hv_pv_stop_steal_clock(struct hv_vcpu *v)
{
	if (v->st.guest_addr & KVM_STEAL_PHYS_VALID)
		v->st.last_ns = hv_now_ns();
}
