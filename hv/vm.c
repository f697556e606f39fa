/* SPDX-License-Identifier: MIT */
/*
 * The VM object: creation, reference counting and destruction
 * (virt/kvm/kvm_main.c kvm_create_vm, kvm_put_kvm), the capabilities it
 * reports (kvm_vm_ioctl_check_extension_generic plus kvm/vm.c
 * kvm_vm_ioctl_check_extension in Linux 6.12), KVM_ENABLE_CAP on the VM
 * (kvm_vm_ioctl_enable_cap_generic) and the VM feature attributes
 * (kvm/vm.c kvm_vm_has_attr).
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "hv.h"

/* arch/loongarch/include/asm/kvm_host.h KVM_DIRTY_LOG_MANUAL_CAPS. */
#define MANUAL_CAPS \
	(KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE | KVM_DIRTY_LOG_INITIALLY_SET)

struct hv_vm *hv_vm_create(void)
{
	struct hv_vm *vm = calloc(1, sizeof(*vm));
	struct la64_stage2 s2;

	if (!vm)
		return NULL;
	s2.map = hv_stage2_map;
	s2.ram_range = hv_stage2_ram_range;
	s2.opaque = vm;
	if (la64_system_init(&vm->sys, s2)) {
		free(vm);
		return NULL;
	}
	pthread_rwlock_init(&vm->slots_lock, NULL);
	pthread_mutex_init(&vm->vcpus_lock, NULL);
	atomic_init(&vm->users, 1);
	return vm;
}

void hv_vm_destroy(struct hv_vm *vm)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hv_vcpu_destroy(vm->vcpus[i]);
	hv_ioeventfd_free(vm);
	hv_memslots_free(vm);
	la64_system_destroy(&vm->sys);
	pthread_rwlock_destroy(&vm->slots_lock);
	pthread_mutex_destroy(&vm->vcpus_lock);
	free(vm);
}

void hv_vm_get(struct hv_vm *vm)
{
	atomic_fetch_add(&vm->users, 1);
}

void hv_vm_put(struct hv_vm *vm)
{
	if (atomic_fetch_sub(&vm->users, 1) == 1)
		hv_vm_destroy(vm);
}

/* kvm/vm.c: KVM_CAP_NR_VCPUS is min(num_online_cpus(), KVM_MAX_VCPUS). */
static int nr_vcpus_recommended(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	return n < HV_MAX_VCPUS ? (int)n : HV_MAX_VCPUS;
}

/* kvm/vm.c kvm_vm_ioctl_check_extension. */
static int arch_extension(long cap)
{
	switch (cap) {
	case KVM_CAP_ONE_REG:
	case KVM_CAP_ENABLE_CAP:
	case KVM_CAP_READONLY_MEM:
	case KVM_CAP_SYNC_MMU:
	case KVM_CAP_IMMEDIATE_EXIT:
	case KVM_CAP_IOEVENTFD:
	case KVM_CAP_MP_STATE:
	case KVM_CAP_SET_GUEST_DEBUG:
		return 1;
	case KVM_CAP_NR_VCPUS:
		return nr_vcpus_recommended();
	case KVM_CAP_MAX_VCPUS:
	case KVM_CAP_MAX_VCPU_ID:
		return HV_MAX_VCPUS;
	case KVM_CAP_NR_MEMSLOTS:
		return HV_MAX_MEMSLOT_ID;
	case KVM_CAP_LOONGVM_BREAKPOINTS:
		return KVM_LOONGVM_MAX_BREAKPOINTS;
	case KVM_CAP_LOONGVM_WATCHPOINTS:
		return KVM_LOONGVM_MAX_WATCHPOINTS;
	case KVM_CAP_LOONGVM_GUEST_WRITTEN:
		return 1;
	default:
		return 0;
	}
}

/*
 * kvm_vm_ioctl_check_extension_generic for CONFIG_KVM_MMIO,
 * KVM_GENERIC_DIRTYLOG_READ_PROTECT and HAVE_KVM_DIRTY_RING_ACQ_REL.
 * Two departures: COALESCED_MMIO/PIO and DIRTY_LOG_RING_ACQ_REL read 0,
 * since their rings are mmap()ed at page offsets of the vCPU file, which
 * kvm_mmap(fd, len) cannot express.
 */
int hv_vm_check_extension(struct hv_vm *vm, long cap)
{
	(void)vm;
	switch (cap) {
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_USER_MEMORY2:
	case KVM_CAP_DESTROY_MEMORY_REGION_WORKS:
	case KVM_CAP_JOIN_MEMORY_REGIONS_WORKS:
	case KVM_CAP_INTERNAL_ERROR_DATA:
	case KVM_CAP_IOEVENTFD_ANY_LENGTH:
	case KVM_CAP_CHECK_EXTENSION_VM:
	case KVM_CAP_ENABLE_CAP_VM:
	case KVM_CAP_HALT_POLL:
	case KVM_CAP_BINARY_STATS_FD:
	case KVM_CAP_SYSTEM_EVENT_DATA:
	case KVM_CAP_DEVICE_CTRL:
	case KVM_CAP_LOONGVM_SYSTEM_EVENT:
		return 1;
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
		return MANUAL_CAPS;
	case KVM_CAP_COALESCED_MMIO:
	case KVM_CAP_COALESCED_PIO:
	case KVM_CAP_DIRTY_LOG_RING:
	case KVM_CAP_DIRTY_LOG_RING_ACQ_REL:
		return 0;
	default:
		return arch_extension(cap);
	}
}

static int enable_manual_protect(struct hv_vm *vm,
				 const struct kvm_enable_cap *cap)
{
	uint64_t allowed = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;

	if (cap->args[0] & KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE)
		allowed = MANUAL_CAPS;
	if (cap->flags || (cap->args[0] & ~allowed))
		return -EINVAL;
	atomic_store(&vm->manual_dirty_log_protect, cap->args[0]);
	return 0;
}

/* kvm_vm_ioctl_enable_cap_generic; the arch hook is the weak -EINVAL. */
int hv_vm_enable_cap(struct hv_vm *vm, const struct kvm_enable_cap *cap)
{
	switch (cap->cap) {
	case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
		return enable_manual_protect(vm, cap);
	case KVM_CAP_HALT_POLL:
		if (cap->flags || cap->args[0] != (uint32_t)cap->args[0])
			return -EINVAL;
		atomic_store(&vm->max_halt_poll_ns, (uint32_t)cap->args[0]);
		atomic_store(&vm->override_halt_poll_ns, true);
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * kvm/vm.c kvm_vm_feature_has_attr: LSX, LASX, the binary translators
 * and the PMU follow the host CPU, which for loongvm is the LA464 model
 * without them; PV IPI and steal time are always there.
 */
int hv_vm_has_attr(struct hv_vm *vm, const struct kvm_device_attr *attr)
{
	(void)vm;
	if (attr->group != KVM_LOONGARCH_VM_FEAT_CTRL)
		return -ENXIO;
	switch (attr->attr) {
	case KVM_LOONGARCH_VM_FEAT_PV_IPI:
	case KVM_LOONGARCH_VM_FEAT_PV_STEALTIME:
		return 0;
	default:
		return -ENXIO;
	}
}

static void wait_for_sync(struct hv_vcpu *v, uint64_t gen)
{
	while (atomic_load(&v->in_guest) &&
	       __atomic_load_n(&v->cpu.code_gen, __ATOMIC_ACQUIRE) < gen)
		sched_yield();
}

void hv_vm_flush_all(struct hv_vm *vm)
{
	unsigned int i;

	uint64_t gen;

	/* Bump first: a kicked vCPU must find the new generation. */
	gen = atomic_fetch_add(&vm->sys.code_gen, 1) + 1;
	pthread_mutex_lock(&vm->vcpus_lock);
	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hv_vcpu_kick(vm->vcpus[i]);
	/*
	 * Like KVM's SRCU grace period after a memslot change: wait until no
	 * vCPU can still use a host address cached before it. A vCPU drops
	 * them when it syncs with code_gen, or by leaving la64_cpu_run.
	 */
	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			wait_for_sync(vm->vcpus[i], gen);
	pthread_mutex_unlock(&vm->vcpus_lock);
}
