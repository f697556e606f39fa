/* SPDX-License-Identifier: MIT */
/*
 * KVM_RUN (kvm/vcpu.c kvm_arch_vcpu_ioctl_run): complete a pending MMIO or
 * IOCSR read, then run the guest until an exit needs userspace.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "hv.h"

static uint64_t extend(uint64_t v, unsigned int len, bool sign)
{
	unsigned int bits = len * 8;

	if (bits >= 64)
		return v;
	v &= (1ULL << bits) - 1;
	if (sign && (v >> (bits - 1)))
		v |= ~0ULL << bits;
	return v;
}

/* kvm_complete_mmio_read / kvm_complete_iocsr_read. */
static void complete_read(struct hv_vcpu *v)
{
	struct hv_pending_read *p = &v->pending;
	const uint8_t *data = p->is_iocsr ? v->run->iocsr_io.data :
					    v->run->mmio.data;
	uint64_t val = 0;

	memcpy(&val, data, p->len);
	hv_set_gpr(v, p->rd, extend(val, p->len, p->sign));
	/* GSPR already stepped past iocsr; an MMIO load steps here. */
	if (!p->is_iocsr)
		v->cpu.pc += 4;
	p->active = false;
}

int hv_vcpu_run(struct hv_vcpu *v)
{
	struct la64_exit exit;
	bool was = false;
	int r;

	if (!atomic_compare_exchange_strong(&v->running, &was, true))
		return -EBUSY;
	if (v->pending.active)
		complete_read(v);
	v->run->exit_reason = KVM_EXIT_UNKNOWN;
	for (;;) {
		if (v->run->immediate_exit) {
			v->run->exit_reason = KVM_EXIT_INTR;
			v->stat_signal_exits++;
			r = -EINTR;
			break;
		}
		la64_cpu_run(&v->cpu, &exit);
		r = hv_handle_exit(v, &exit);
		if (r <= 0)
			break;
	}
	atomic_store(&v->running, false);
	return r < 0 ? r : 0;
}
