/* SPDX-License-Identifier: MIT */
/*
 * VM creation and the capabilities the VM reports (kvm/vm.c and the
 * generic ones LoongArch inherits from virt/kvm/kvm_main.c in Linux 6.12).
 */
#include <stdlib.h>

#include "hv.h"

struct hv_vm *hv_vm_create(void)
{
	struct hv_vm *vm = calloc(1, sizeof(*vm));
	struct la64_stage2 s2;

	if (!vm)
		return NULL;
	s2.map = hv_stage2_map;
	s2.opaque = vm;
	if (la64_system_init(&vm->sys, s2)) {
		free(vm);
		return NULL;
	}
	pthread_rwlock_init(&vm->slots_lock, NULL);
	pthread_mutex_init(&vm->vcpus_lock, NULL);
	return vm;
}

void hv_vm_destroy(struct hv_vm *vm)
{
	unsigned int i;

	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hv_vcpu_destroy(vm->vcpus[i]);
	for (i = 0; i < HV_MAX_MEMSLOTS; i++)
		free(vm->slots[i].dirty);
	la64_system_destroy(&vm->sys);
	pthread_rwlock_destroy(&vm->slots_lock);
	pthread_mutex_destroy(&vm->vcpus_lock);
	free(vm);
}

int hv_vm_check_extension(long cap)
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
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_DESTROY_MEMORY_REGION_WORKS:
	case KVM_CAP_JOIN_MEMORY_REGIONS_WORKS:
	case KVM_CAP_INTERNAL_ERROR_DATA:
		return 1;
	case KVM_CAP_NR_VCPUS:
	case KVM_CAP_MAX_VCPUS:
	case KVM_CAP_MAX_VCPU_ID:
		return HV_MAX_VCPUS;
	case KVM_CAP_NR_MEMSLOTS:
		return HV_MAX_MEMSLOTS;
	default:
		return 0;
	}
}

void hv_vm_flush_all(struct hv_vm *vm)
{
	unsigned int i;

	pthread_mutex_lock(&vm->vcpus_lock);
	for (i = 0; i < HV_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hv_vcpu_kick(vm->vcpus[i]);
	pthread_mutex_unlock(&vm->vcpus_lock);
	atomic_fetch_add(&vm->sys.code_gen, 1);
}
