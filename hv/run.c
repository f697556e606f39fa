/* SPDX-License-Identifier: MIT */
/*
 * KVM_RUN (kvm/vcpu.c kvm_arch_vcpu_ioctl_run): complete a pending MMIO or
 * IOCSR read, honour immediate_exit, then run the guest until an exit needs
 * userspace. Each vCPU runs in the VMM's own thread for it; what other
 * threads may do to a running vCPU (kick it, queue an interrupt, set
 * immediate_exit) goes through atomics that this thread consumes.
 */
#include <errno.h>
#include <string.h>

#include "hv.h"

#define SWI_MASK ((1U << LA_IRQ_SWI0) | (1U << LA_IRQ_SWI1))

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
	const uint8_t *data =
	    p->is_iocsr ? v->run->iocsr_io.data : v->run->mmio.data;
	uint64_t val = 0;

	memcpy(&val, data, p->len);
	hv_set_gpr(v, p->rd, extend(val, p->len, p->sign));
	/* GSPR already stepped past iocsr; an MMIO load steps here. */
	if (!p->is_iocsr)
		v->cpu.pc += 4;
	p->active = false;
}

/*
 * kvm_queue_irq + kvm_vcpu_kick for SWI0/1, which live in the guest's
 * ESTAT (kvm/interrupt.c kvm_irq_deliver sets them with set_gcsr_estat):
 * only the vCPU's thread writes ESTAT, so others queue the bits here.
 */
void hv_vcpu_queue_swi(struct hv_vcpu *v, unsigned int irq)
{
	atomic_fetch_or(&v->irq_queued, (1U << irq) & SWI_MASK);
	hv_vcpu_kick(v);
}

/* The dequeue side of hv_vcpu_queue_swi (kvm_dequeue_irq). */
void hv_vcpu_clear_swi(struct hv_vcpu *v, unsigned int irq)
{
	atomic_fetch_and(&v->irq_queued, ~(1U << irq));
	atomic_fetch_or(&v->irq_cleared, (1U << irq) & SWI_MASK);
	hv_vcpu_kick(v);
}

/*
 * kvm_deliver_intr: called by the vCPU's thread before it runs the guest;
 * lowered bits are taken out of ESTAT first, then raised ones put in.
 */
void hv_vcpu_deliver_intr(struct hv_vcpu *v)
{
	uint32_t clear = 0, bits = 0;

	/* Plain loads first: the exchanges are full barriers. */
	if (atomic_load_explicit(&v->irq_cleared, memory_order_relaxed))
		clear = atomic_exchange(&v->irq_cleared, 0);
	if (atomic_load_explicit(&v->irq_queued, memory_order_relaxed))
		bits = atomic_exchange(&v->irq_queued, 0);

	if (clear)
		v->cpu.csr.estat &= ~(uint64_t)clear;
	if (bits)
		v->cpu.csr.estat |= bits;
}

/* Leaves KVM_RUN with KVM_EXIT_INTR, as xfer_to_guest_mode_handle_work. */
static int intr_exit(struct hv_vcpu *v)
{
	v->run->exit_reason = KVM_EXIT_INTR;
	return -EINTR;
}

static int run_guest(struct hv_vcpu *v)
{
	struct la64_exit exit;
	int r;

	v->run->exit_reason = KVM_EXIT_UNKNOWN;
	v->cpu.exit_request = &v->run->immediate_exit;
	hv_pv_update_steal_time(v);
	do {
		if (hv_vcpu_exit_requested(v)) {
			if (hv_vcpu_system_event_exit(v))
				return 0;
			v->stat->signal_exits++;
			return intr_exit(v);
		}
		hv_vcpu_deliver_intr(v);
		atomic_store(&v->in_guest, true);
		la64_cpu_run(&v->cpu, &exit);
		/* Release: a flush waiting on in_guest may only wait longer. */
		atomic_store_explicit(&v->in_guest, false,
				      memory_order_release);
		r = hv_handle_exit(v, &exit);
		/* An instruction emulated here completes a single step too. */
		if (r > 0 && v->cpu.single_step &&
		    exit.reason != LA_EXIT_KICK) {
			v->run->exit_reason = KVM_EXIT_DEBUG;
			return 0;
		}
	} while (r > 0);
	return r;
}

/* Called with the vCPU's ioctl_lock held, so never twice at once. */
int hv_vcpu_run(struct hv_vcpu *v)
{
	int r = hv_vcpu_stats_init(v);

	if (r == 0) {
		if (v->pending.active)
			complete_read(v);
		/* vcpu->wants_to_run: immediate_exit is read once at entry. */
		if (hv_vcpu_system_event_exit(v))
			r = 0;
		else if (hv_vcpu_exit_requested(v))
			r = intr_exit(v);
		else
			r = run_guest(v);
		hv_pv_stop_steal_clock(v);
	}
	return r < 0 ? r : 0;
}
