/* SPDX-License-Identifier: MIT */
/*
 * Board-requested system events (include/loongvm/kvm.h,
 * KVM_LOONGVM_REQUEST_SYSTEM_EVENT): the request is posted to every vCPU
 * like a KVM request bit (kvm_make_all_cpus_request), and each vCPU's
 * thread turns it into KVM_EXIT_SYSTEM_EVENT at its next exit check, as
 * arm64's kvm_prepare_system_event does for PSCI. A halted vCPU is woken.
 */
#include <errno.h>

#include "hv.h"

int hv_vm_request_system_event(struct hv_vm *vm,
			       const struct kvm_loongvm_system_event *ev)
{
	unsigned int i;

	if (ev->flags)
		return -EINVAL;
	switch (ev->type) {
	case KVM_SYSTEM_EVENT_SHUTDOWN:
	case KVM_SYSTEM_EVENT_RESET:
	case KVM_SYSTEM_EVENT_CRASH:
		break;
	default:
		return -EINVAL;
	}
	pthread_mutex_lock(&vm->vcpus_lock);
	for (i = 0; i < HV_MAX_VCPUS; i++) {
		struct hv_vcpu *v = vm->vcpus[i];

		if (!v)
			continue;
		atomic_store(&v->sysev_data, ev->data);
		atomic_store(&v->sysev, ev->type);
		hv_vcpu_kick(v);
	}
	pthread_mutex_unlock(&vm->vcpus_lock);
	return 0;
}

bool hv_vcpu_system_event_exit(struct hv_vcpu *v)
{
	uint32_t type;

	/* A plain load first: the exchange is a full barrier, paid per exit. */
	if (!atomic_load_explicit(&v->sysev, memory_order_relaxed))
		return false;
	type = atomic_exchange(&v->sysev, 0);
	if (!type)
		return false;
	v->run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
	v->run->system_event.type = type;
	v->run->system_event.ndata = 1;
	v->run->system_event.data[0] = atomic_load(&v->sysev_data);
	return true;
}
