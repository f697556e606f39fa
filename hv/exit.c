/* SPDX-License-Identifier: MIT */
/*
 * Exit handling, as arch/loongarch/kvm/exit.c does it: GSPR emulation
 * (cpucfg, software CSRs, cacop, iocsr, idle), hypercalls, and stage-2
 * faults turned into MMIO exits. Returns > 0 to resume the guest, 0 to
 * return to userspace, or -EINTR when a signal ended a halt.
 */
#include <errno.h>
#include <string.h>

#include "hv.h"

#define RESUME_GUEST 1
#define RESUME_HOST 0

/* asm/kvm_para.h: HYPERCALL_ENCODE(HYPERVISOR_KVM, code). */
#define KVM_HCALL_SERVICE 0x100
#define KVM_HCALL_SWDBG 0x101
#define KVM_HCALL_INVALID_CODE (~0ULL)
#define KVM_SIGNATURE_WORD 0x004d564bULL /* "KVM\0" read as a u32 */

static unsigned int rd_of(uint32_t w)
{
	return w & 0x1f;
}

static unsigned int rj_of(uint32_t w)
{
	return (w >> 5) & 0x1f;
}

static uint64_t gpr(struct hv_vcpu *v, unsigned int r)
{
	return r ? v->cpu.gpr[r] : 0;
}

static void queue_ine(struct hv_vcpu *v, uint32_t badi)
{
	la64_cpu_inject_exception(&v->cpu, LA_ECODE_INE, 0, badi);
}

/* kvm_emu_cpucfg: the index is 32 bits wide; undefined ones read 0. */
static void emu_cpucfg(struct hv_vcpu *v, uint32_t w)
{
	uint32_t idx = (uint32_t)gpr(v, rj_of(w));
	uint64_t val = 0;

	v->stat->cpucfg_exits++;
	if (idx < HV_MAX_CPUCFG)
		val = v->cpucfg[idx];
	else if (idx == CPUCFG_KVM_SIG)
		val = KVM_SIGNATURE_WORD;
	else if (idx == CPUCFG_KVM_FEATURE)
		val = hv_pv_features(v->vm);
	hv_set_gpr(v, rd_of(w), val);
}

/*
 * kvm_handle_csr: a csrrd/csrwr/csrxchg (rj = 0, 1, other) of a CSR the
 * guest context lacks. A software-kept CSR (SW_GCSR) is read and written
 * in sw_csr; any other number reads 0 and ignores writes, as
 * kvm_emu_read_csr/kvm_emu_write_csr/kvm_emu_xchg_csr do (and as Vol1
 * 7.2.1 allows for undefined CSRs).
 */
static void emu_csr(struct hv_vcpu *v, uint32_t w)
{
	unsigned int num = (w >> 10) & 0x3fff, rj = rj_of(w), rd = rd_of(w);
	uint64_t old = 0, mask;

	if (la64_csr_kind(num) == LA_CSR_KIND_SW) {
		old = v->sw_csr[num];
		if (rj == 1) {
			v->sw_csr[num] = gpr(v, rd);
		} else if (rj >= 2) {
			mask = gpr(v, rj);
			v->sw_csr[num] = (old & ~mask) | (gpr(v, rd) & mask);
		}
	}
	hv_set_gpr(v, rd, old);
}

/* kvm_emu_iocsr: always leaves to userspace. */
static int emu_iocsr(struct hv_vcpu *v, uint32_t w)
{
	unsigned int op = (w >> 10) & 0x1f;
	uint64_t val;

	v->stat->iocsr_exits++;
	v->run->exit_reason = KVM_EXIT_LOONGARCH_IOCSR;
	v->run->iocsr_io.phys_addr = gpr(v, rj_of(w));
	v->run->iocsr_io.len = 1U << (op & 3);
	memset(v->run->iocsr_io.data, 0, sizeof(v->run->iocsr_io.data));
	if (op >= 4) {
		v->run->iocsr_io.is_write = 1;
		val = gpr(v, rd_of(w));
		memcpy(v->run->iocsr_io.data, &val, v->run->iocsr_io.len);
	} else {
		v->run->iocsr_io.is_write = 0;
		v->pending = (struct hv_pending_read){
		    .active = true,
		    .is_iocsr = true,
		    .rd = (uint8_t)rd_of(w),
		    .len = (uint8_t)v->run->iocsr_io.len,
		    .sign = true,
		};
	}
	return RESUME_HOST;
}

/*
 * kvm_emu_idle: halt until the vCPU is runnable. A signal that interrupts
 * the halt ends KVM_RUN with KVM_EXIT_INTR; the guest resumes after idle.
 */
static int emu_idle(struct hv_vcpu *v)
{
	v->stat->idle_exits++;
	if (hv_vcpu_halt(v) != HV_HALT_SIGNAL)
		return RESUME_GUEST;
	v->stat->signal_exits++;
	v->run->exit_reason = KVM_EXIT_INTR;
	return -EINTR;
}

/* kvm_trap_handle_gspr: the pc steps first and rolls back on failure. */
static int handle_gspr(struct hv_vcpu *v, uint32_t w)
{
	uint64_t pc = v->cpu.pc;

	v->cpu.pc += 4;
	switch (w >> 24) {
	case 0x0:
		if ((w & 0xfffffc00) == 0x00006c00) {
			emu_cpucfg(v, w);
			return RESUME_GUEST;
		}
		break;
	case 0x4:
		emu_csr(v, w);
		return RESUME_GUEST;
	case 0x6:
		if (((w >> 22) & 0x3ff) == 0x18)
			return RESUME_GUEST; /* cacop */
		if (((w >> 15) & 0x1ffff) == 0xc90)
			return emu_iocsr(v, w);
		if (((w >> 15) & 0x1ffff) == 0xc91)
			return emu_idle(v);
		break;
	}
	v->cpu.pc = pc;
	queue_ine(v, w);
	return RESUME_GUEST;
}

/* KVM_EXIT_DEBUG, and why, for KVM_LOONGVM_GET_DEBUG_STOP. */
static int debug_exit(struct hv_vcpu *v, enum la64_exit_reason why)
{
	const struct la64_watch_hit *hit = &v->cpu.watch_hit;
	struct kvm_loongvm_debug_stop *ds = &v->debug_stop;

	memset(ds, 0, sizeof(*ds));
	if (why == LA_EXIT_STEP) {
		ds->reason = KVM_LOONGVM_STOP_STEP;
	} else if (why == LA_EXIT_BREAK) {
		ds->reason = KVM_LOONGVM_STOP_BREAKPOINT;
	} else {
		ds->reason = KVM_LOONGVM_STOP_WATCHPOINT;
		ds->index = hit->index;
		ds->addr = hit->addr;
		ds->type = hit->type;
	}
	v->run->exit_reason = KVM_EXIT_DEBUG;
	return RESUME_HOST;
}

/* kvm_handle_hypercall: the pc stays on hvcl only for a breakpoint. */
static int handle_hypercall(struct hv_vcpu *v, uint32_t w)
{
	unsigned int code = w & 0x7fff;

	if (code == KVM_HCALL_SERVICE) {
		v->stat->hypercall_exits++;
		hv_pv_handle_service(v);
	} else if (code == KVM_HCALL_SWDBG &&
		   (v->guest_debug & KVM_GUESTDBG_USE_SW_BP)) {
		v->run->exit_reason = KVM_EXIT_DEBUG;
		return RESUME_HOST;
	} else {
		hv_set_gpr(v, 4, KVM_HCALL_INVALID_CODE);
	}
	v->cpu.pc += 4;
	return RESUME_GUEST;
}

/*
 * The loads and stores that kvm_emu_mmio_read/write decode: ld/st.{b,h,w,d},
 * ld.{bu,hu,wu}, ldx/stx of the same, and ldptr/stptr.{w,d}.
 * Returns the access size, or 0 if w is none of them.
 */
static unsigned int mmio_decode(uint32_t w, bool *store, bool *sign)
{
	unsigned int op;

	if ((w >> 24) >= 0x24 && (w >> 24) <= 0x27) { /* ldptr/stptr */
		op = (w >> 24) - 0x24;
		*store = op & 1;
		*sign = true;
		return op < 2 ? 4 : 8;
	}
	if ((w >> 22) >= 0xa0 && (w >> 22) <= 0xaa) { /* ld/st si12 */
		op = (w >> 22) - 0xa0;
		if (op == 0xb)
			return 0;
		*store = op >= 4 && op < 8;
		*sign = op < 4;
		return 1U << (op & 3);
	}
	if ((w >> 22) == 0xe0 && !((w >> 15) & 7)) { /* ldx/stx */
		op = (w >> 18) & 0xf;
		if (op > 0xa)
			return 0;
		*store = op >= 4 && op < 8;
		*sign = op < 4;
		return 1U << (op & 3);
	}
	return 0;
}

static int handle_mmio(struct hv_vcpu *v, const struct la64_exit *e)
{
	bool store = false, sign = false;
	unsigned int len = mmio_decode(e->badi, &store, &sign);
	uint64_t val;

	if (!len) {
		la64_cpu_inject_exception(&v->cpu, LA_ECODE_ADE,
					  LA_ESUBCODE_ADEM, e->badi);
		return RESUME_GUEST;
	}
	if (store) {
		val = gpr(v, rd_of(e->badi));
		/* A registered ioeventfd takes the write without an exit. */
		if (hv_ioeventfd_signal(v->vm, e->badv, len, val)) {
			v->cpu.pc += 4;
			return RESUME_GUEST;
		}
	}
	v->stat->mmio_exits++;
	v->run->exit_reason = KVM_EXIT_MMIO;
	v->run->mmio.phys_addr = e->badv;
	v->run->mmio.len = len;
	v->run->mmio.is_write = store;
	memset(v->run->mmio.data, 0, sizeof(v->run->mmio.data));
	if (store) {
		memcpy(v->run->mmio.data, &val, len);
		v->cpu.pc += 4;
	} else {
		v->pending = (struct hv_pending_read){
		    .active = true,
		    .rd = (uint8_t)rd_of(e->badi),
		    .len = (uint8_t)len,
		    .sign = sign,
		};
	}
	return RESUME_HOST;
}

static int handle_stuck(struct hv_vcpu *v, const struct la64_exit *e)
{
	v->run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	v->run->internal.suberror = KVM_INTERNAL_ERROR_DELIVERY_EV;
	v->run->internal.ndata = 4;
	v->run->internal.data[0] = e->ecode;
	v->run->internal.data[1] = v->cpu.pc;
	v->run->internal.data[2] = v->cpu.csr.eentry;
	v->run->internal.data[3] = e->badv;
	return RESUME_HOST;
}

int hv_handle_exit(struct hv_vcpu *v, const struct la64_exit *e)
{
	switch (e->reason) {
	case LA_EXIT_GSPR:
		return handle_gspr(v, e->badi);
	case LA_EXIT_HVC:
		return handle_hypercall(v, e->badi);
	case LA_EXIT_GPA_LOAD:
	case LA_EXIT_GPA_STORE:
		return handle_mmio(v, e);
	case LA_EXIT_GPA_FETCH:
		la64_cpu_inject_exception(&v->cpu, LA_ECODE_ADE,
					  LA_ESUBCODE_ADEF, 0);
		return RESUME_GUEST;
	case LA_EXIT_KICK:
		v->stat->int_exits++;
		return RESUME_GUEST;
	case LA_EXIT_STUCK:
		return handle_stuck(v, e);
	case LA_EXIT_STEP:
	case LA_EXIT_BREAK:
	case LA_EXIT_WATCH:
		return debug_exit(v, e->reason);
	}
	v->run->exit_reason = KVM_EXIT_UNKNOWN;
	return RESUME_HOST;
}
