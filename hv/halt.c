/* SPDX-License-Identifier: MIT */
/*
 * Halting a vCPU in `idle`, as virt/kvm/kvm_main.c kvm_vcpu_halt and
 * kvm_vcpu_block do for arch/loongarch/kvm/exit.c kvm_emu_idle. The vCPU
 * thread sleeps until an enabled interrupt is pending
 * (kvm_arch_vcpu_runnable), the guest timer's deadline passes (the soft
 * timer of kvm/timer.c kvm_save_timer), userspace asks the vCPU to stop, or
 * a signal interrupts it. It never polls: one futex_waitv watches the
 * vCPU's wake word, bumped by hv_vcpu_wake from other threads, and the
 * first word of kvm_run, which holds immediate_exit, so a store that a
 * signal handler makes there between the checks and the sleep is not
 * missed (kvm.h documents the protocol).
 */
#include <errno.h>
#include <linux/futex.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "hv.h"

#define NSEC_PER_SEC 1000000000LL
#define NS_PER_TICK (NSEC_PER_SEC / (long long)LA_COUNTER_HZ)
/* Without futex_waitv (Linux < 5.16) a missed handler costs this much. */
#define FALLBACK_SLICE_NS 10000000LL

uint64_t hv_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

static struct timespec ns_to_ts(uint64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / NSEC_PER_SEC),
				  .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}

bool hv_vcpu_exit_requested(const struct hv_vcpu *v)
{
	return __atomic_load_n(&v->run->immediate_exit, __ATOMIC_RELAXED) ||
	       atomic_load_explicit(&v->sysev, memory_order_relaxed);
}

void hv_vcpu_wake(struct hv_vcpu *v)
{
	atomic_fetch_add(&v->wake_seq, 1);
	syscall(SYS_futex, &v->wake_seq, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* kvm_arch_vcpu_runnable plus kvm_cpu_has_pending_timer. */
static bool runnable(struct hv_vcpu *v)
{
	hv_vcpu_deliver_intr(v);
	la64_timer_poll(&v->cpu);
	return (la64_csr_read(&v->cpu, LA_CSR_ESTAT) & v->cpu.csr.ecfg &
		LA_ECFG_LIE) != 0;
}

/* The CLOCK_MONOTONIC time (ns) at which the guest timer fires, or 0. */
static uint64_t timer_deadline_ns(const struct hv_vcpu *v)
{
	uint64_t host_ticks;

	if (!v->cpu.csr.timer_armed)
		return 0;
	host_ticks = v->cpu.csr.timer_deadline -
		     (uint64_t)atomic_load(&v->vm->sys.counter_offset);
	if (host_ticks > (uint64_t)INT64_MAX / NS_PER_TICK)
		return 0;
	return host_ticks * NS_PER_TICK;
}

/* The first word of kvm_run: request_interrupt_window, immediate_exit. */
static uint32_t run_word(const struct hv_vcpu *v)
{
	uint32_t w;

	atomic_signal_fence(memory_order_seq_cst);
	memcpy(&w, v->run, sizeof(w));
	return w;
}

static int sleep_fallback(struct hv_vcpu *v, uint32_t seq, uint64_t until)
{
	uint64_t cap = hv_now_ns() + FALLBACK_SLICE_NS;
	struct timespec ts = ns_to_ts(until && until < cap ? until : cap);

	if (syscall(SYS_futex, &v->wake_seq, FUTEX_WAIT_BITSET_PRIVATE, seq,
		    &ts, NULL, FUTEX_BITSET_MATCH_ANY) == 0)
		return 0;
	return errno;
}

/* Sleeps until woken, a word changes, or until (0: no limit). */
static int sleep_until(struct hv_vcpu *v, uint32_t seq, uint32_t word,
		       uint64_t until)
{
	struct futex_waitv w[2] = {
		{ .val = seq, .uaddr = (uintptr_t)&v->wake_seq,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
		{ .val = word, .uaddr = (uintptr_t)v->run,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
	};
	struct timespec ts = ns_to_ts(until);

	if (syscall(SYS_futex_waitv, w, 2, 0, until ? &ts : NULL,
		    CLOCK_MONOTONIC) >= 0)
		return 0;
	if (errno == ENOSYS)
		return sleep_fallback(v, seq, until);
	return errno;
}

/* KVM_STATS_LOG_HIST_UPDATE: bucket fls64(value), the last one capped. */
static void log_hist_update(uint64_t *hist, uint64_t value)
{
	unsigned int i = value ? 64 - (unsigned int)__builtin_clzll(value) : 0;

	if (i >= HV_HALT_POLL_HIST_COUNT)
		i = HV_HALT_POLL_HIST_COUNT - 1;
	hist[i]++;
}

enum hv_halt_result hv_vcpu_halt(struct hv_vcpu *v)
{
	struct hv_vcpu_stat *st = v->stat;
	uint64_t start = hv_now_ns(), ns;
	enum hv_halt_result r;
	bool waited = false;
	uint32_t seq, word;
	int err;

	st->blocking = 1;
	for (;;) {
		seq = atomic_load(&v->wake_seq);
		word = run_word(v);
		if (runnable(v)) {
			r = HV_HALT_RUNNABLE;
			break;
		}
		if (hv_vcpu_exit_requested(v)) {
			r = HV_HALT_EXIT;
			break;
		}
		err = sleep_until(v, seq, word, timer_deadline_ns(v));
		waited = true;
		if (err == 0)
			st->halt_wakeup++;
		if (err == EINTR) {
			r = HV_HALT_SIGNAL;
			break;
		}
	}
	st->blocking = 0;
	if (waited) {
		ns = hv_now_ns() - start;
		st->halt_wait_ns += ns;
		log_hist_update(st->halt_wait_hist, ns);
	}
	return r;
}
