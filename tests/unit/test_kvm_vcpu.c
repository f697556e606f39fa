/* SPDX-License-Identifier: MIT */
/*
 * vCPU-level KVM API checks in the spirit of Linux's KVM selftests
 * (get-reg-list, set_sregs/regs round trips, debug_regs): REGS, FPU,
 * ONE_REG groups with kvm/vcpu.c's validation, CPUID uniqueness,
 * MP_STATE, SET_GUEST_DEBUG with the hvcl 0x101 breakpoint, the vCPU
 * device attributes, KVM_INTERRUPT from another thread, and the vCPU
 * mutex that makes other requests wait for KVM_RUN.
 */
#include "kvm_util.h"

#define HVCL_SWDBG HVCL(0x101)

static void test_regs_and_fpu(void)
{
	const uint32_t code[] = { B_SELF };
	struct kvm_regs regs, back;
	struct kvm_fpu fpu, fback;
	struct vm1 t;
	unsigned int i;

	vm1_create(&t, code, 1);
	for (i = 0; i < 32; i++)
		regs.gpr[i] = 0x1111111111111111ULL * (i + 1);
	regs.pc = 0x2000;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_REGS, &regs) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &back) == 0);
	EXPECT(back.gpr[0] == 0 && back.pc == 0x2000);
	EXPECT(memcmp(&back.gpr[1], &regs.gpr[1], 31 * 8) == 0);

	memset(&fpu, 0, sizeof(fpu));
	fpu.fcsr = 0xffffffff;
	fpu.fcc = 0x0101010101010101ULL & 0xff00ff00ff00ffULL; /* fcc0,2,4,6 */
	for (i = 0; i < 32; i++)
		fpu.fpr[i].val64[0] = 0x3ff0000000000000ULL + i;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_FPU, &fpu) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_FPU, &fback) == 0);
	EXPECT(fback.fcsr == 0x1f1f031f); /* FCSR0's defined bits */
	EXPECT(fback.fcc == fpu.fcc);
	for (i = 0; i < 32; i++)
		EXPECT(fback.fpr[i].val64[0] == fpu.fpr[i].val64[0]);
	vm1_destroy(&t);
}

/* _kvm_get_cpucfg_mask and kvm_check_cpucfg, loongvm's LA464 model. */
static void test_cpucfg(int vcpu)
{
	uint64_t v;

	EXPECT(set_reg(vcpu, KVM_IOC_CPUCFG(0), 0x14c010) == 0);
	EXPECT(get_reg(vcpu, KVM_IOC_CPUCFG(0), &v) == 0 && v == 0x14c010);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(0), 1ULL << 32), EINVAL);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(1), 1ULL << 26), EINVAL);
	/* CPUCFG2: FP+FPSP+FPDP+LLFTP is fine; no LLFTP, lone FP, LSX not. */
	EXPECT(set_reg(vcpu, KVM_IOC_CPUCFG(2), 0x4007) == 0);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(2), 0x7), EINVAL);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(2), 0x4001), EINVAL);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(2), 0x4047), EINVAL);
	EXPECT(set_reg(vcpu, KVM_IOC_CPUCFG(6), 0) == 0);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(6), 1), EINVAL);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(7), 1), EINVAL);
	EXPECT(set_reg(vcpu, KVM_IOC_CPUCFG(20), 0x7fffffff) == 0);
	FAILS(set_reg(vcpu, KVM_IOC_CPUCFG(21), 0), EINVAL);
	FAILS(get_reg(vcpu, KVM_IOC_CPUCFG(21), &v), EINVAL);
}

static void test_one_reg_groups(void)
{
	const uint32_t code[] = { B_SELF };
	uint64_t v = 0, c1, c2;
	struct vm1 t;
	int vcpu;

	vm1_create(&t, code, 1);
	vcpu = t.vcpu.fd;
	test_cpucfg(vcpu);
	EXPECT(set_reg(vcpu, KVM_IOC_CSRID(0x30), 0xabc) == 0); /* KS0 */
	EXPECT(get_reg(vcpu, KVM_IOC_CSRID(0x30), &v) == 0 && v == 0xabc);
	EXPECT(set_reg(vcpu, KVM_IOC_CSRID(0x7ff), 5) == 0);
	FAILS(get_reg(vcpu, KVM_IOC_CSRID(0x800), &v), EINVAL);
	EXPECT(get_reg(vcpu, KVM_REG_LOONGARCH_DEBUG_INST, &v) == 0 &&
	       v == HVCL_SWDBG);
	FAILS(set_reg(vcpu, KVM_REG_LOONGARCH_DEBUG_INST, 0), EINVAL);
	FAILS(get_reg(vcpu, KVM_REG_LOONGARCH_VCPU_RESET, &v), EINVAL);
	FAILS(get_reg(vcpu, KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | 4, &v),
	      EINVAL);
	FAILS(get_reg(vcpu, KVM_REG_LOONGARCH_LBT_SCR0, &v), ENXIO);
	FAILS(set_reg(vcpu, KVM_REG_LOONGARCH_LBT_FTOP, 0), ENXIO);
	FAILS(get_reg(vcpu, KVM_REG_LOONGARCH_GPR | KVM_REG_SIZE_U64, &v),
	      EINVAL);
	FAILS(get_reg(vcpu, KVM_REG_LOONGARCH_FPSIMD | KVM_REG_SIZE_U64, &v),
	      EINVAL);
	FAILS(get_reg(vcpu, KVM_IOC_CSRID(0x30) & ~KVM_REG_SIZE_MASK, &v),
	      EINVAL);
	/* The counter: set on vCPU 0 moves the VM's offset. */
	EXPECT(set_reg(vcpu, KVM_REG_LOONGARCH_COUNTER, 1ULL << 40) == 0);
	EXPECT(get_reg(vcpu, KVM_REG_LOONGARCH_COUNTER, &c1) == 0);
	EXPECT(get_reg(vcpu, KVM_REG_LOONGARCH_COUNTER, &c2) == 0);
	EXPECT(c1 >= 1ULL << 40 && c1 < (1ULL << 40) + 100000000 && c2 >= c1);
	/* VCPU_RESET keeps the CPUID and clears the rest. */
	EXPECT(set_reg(vcpu, KVM_IOC_CSRID(0x20), 7) == 0);
	EXPECT(set_reg(vcpu, KVM_REG_LOONGARCH_VCPU_RESET, 0) == 0);
	EXPECT(get_reg(vcpu, KVM_IOC_CSRID(0x20), &v) == 0 && v == 7);
	EXPECT(get_reg(vcpu, KVM_IOC_CSRID(0x30), &v) == 0 && v == 0);
	vm1_destroy(&t);
}

/* kvm_set_cpuid: below 256, once per vCPU, never shared. */
static void test_cpuid(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	int a = kvm_ioctl(vm, KVM_CREATE_VCPU, 0);
	int b = kvm_ioctl(vm, KVM_CREATE_VCPU, 1);
	uint64_t v;

	EXPECT(get_reg(a, KVM_IOC_CSRID(0x20), &v) == 0 && v == 256);
	FAILS(set_reg(a, KVM_IOC_CSRID(0x20), 256), EINVAL);
	EXPECT(set_reg(a, KVM_IOC_CSRID(0x20), 5) == 0);
	EXPECT(set_reg(a, KVM_IOC_CSRID(0x20), 5) == 0);
	FAILS(set_reg(a, KVM_IOC_CSRID(0x20), 6), EINVAL);
	FAILS(set_reg(b, KVM_IOC_CSRID(0x20), 5), EINVAL);
	EXPECT(set_reg(b, KVM_IOC_CSRID(0x20), 6) == 0);
	kvm_close(a);
	kvm_close(b);
	kvm_close(vm);
	kvm_close(kvm);
}

static void test_mp_state_and_debug(void)
{
	const uint32_t code[] = {
		HVCL_SWDBG,
		lu12i_w(R_T0, 0x10000), /* lu12i.w t0, 0x10000 */
		ST_W(R_ZERO, R_T0, 0), /* st.w $zero, t0, 0 */
	};
	struct kvm_mp_state mp = { 42 };
	struct kvm_guest_debug dbg = { 0 };
	struct kvm_regs regs;
	struct vm1 t;

	vm1_create(&t, code, 3);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_MP_STATE, &mp) == 0 &&
	       mp.mp_state == KVM_MP_STATE_RUNNABLE);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_MP_STATE, &mp) == 0);
	mp.mp_state = KVM_MP_STATE_HALTED;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_MP_STATE, &mp), EINVAL);
	dbg.control = 4;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_GUEST_DEBUG, &dbg), EINVAL);
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_DEBUG);
	/* The breakpoint leaves the pc on the hvcl. */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0 &&
	       regs.pc == 0x1000);
	/* USE_SW_BP without ENABLE clears guest_debug: hvcl returns -1. */
	dbg.control = KVM_GUESTDBG_USE_SW_BP;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0 &&
	       regs.gpr[4] == ~0ULL);
	vm1_destroy(&t);
}

static void test_vcpu_attrs(void)
{
	const uint32_t code[] = { B_SELF };
	struct kvm_device_attr a = { .group = KVM_LOONGARCH_VCPU_CPUCFG };
	uint64_t v = 0;
	struct vm1 t;

	vm1_create(&t, code, 1);
	a.addr = (uint64_t)(uintptr_t)&v;
	a.attr = 2;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_HAS_DEVICE_ATTR, &a) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 &&
	       v == 0x63c03f);
	a.attr = 0;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_HAS_DEVICE_ATTR, &a), ENXIO);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 &&
	       v == 0xffffffff);
	a.attr = 6;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 && v == 0);
	a.attr = 21;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a), ENXIO);
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), ENXIO);
	a.attr = 0x40000004; /* CPUCFG_KVM_FEATURE */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 && v == 6);
	v = 1ULL << 3;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), EINVAL);
	v = 1ULL << 1; /* PV IPI only */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a) == 0);
	v = 6;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), EINVAL);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 && v == 2);
	/* Without steal time the PVTIME group is gone. */
	a.group = KVM_LOONGARCH_VCPU_PVTIME_CTRL;
	a.attr = KVM_LOONGARCH_VCPU_PVTIME_GPA;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_HAS_DEVICE_ATTR, &a), ENXIO);
	a.group = 9;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a), ENXIO);
	vm1_destroy(&t);
}

static void test_pvtime_attr(void)
{
	const uint32_t code[] = { B_SELF };
	struct kvm_device_attr a = {
		.group = KVM_LOONGARCH_VCPU_PVTIME_CTRL,
		.attr = KVM_LOONGARCH_VCPU_PVTIME_GPA,
	};
	uint64_t v = 0;
	struct vm1 t;

	vm1_create(&t, code, 1);
	a.addr = (uint64_t)(uintptr_t)&v;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_HAS_DEVICE_ATTR, &a) == 0);
	v = 0x8000 | 1;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a) == 0);
	v = 0;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_DEVICE_ATTR, &a) == 0 &&
	       v == (0x8000 | 1));
	v = 0x8008 | 1; /* not 64-byte aligned */
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), EINVAL);
	v = 0x40000000 | 1; /* outside every memslot */
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), EINVAL);
	v = 0x40000000; /* not valid: stored as is */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a) == 0);
	a.attr = 1;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_SET_DEVICE_ATTR, &a), ENXIO);
	vm1_destroy(&t);
}

struct irq_arg {
	int vcpu;
	int irq;
};

static void *inject(void *p)
{
	struct irq_arg *a = p;
	struct kvm_interrupt irq = { (uint32_t)a->irq };

	return (void *)(intptr_t)kvm_ioctl(a->vcpu, KVM_INTERRUPT, &irq);
}

static int inject_from_thread(int vcpu, int irq)
{
	struct irq_arg a = { vcpu, irq };
	pthread_t th;
	void *r;

	pthread_create(&th, NULL, inject, &a);
	pthread_join(th, &r);
	return (int)(intptr_t)r;
}

static void test_interrupt(void)
{
	const uint32_t code[] = { B_SELF };
	struct kvm_interrupt irq = { 0 };
	uint64_t estat;
	struct vm1 t;

	vm1_create(&t, code, 1);
	EXPECT(inject_from_thread(t.vcpu.fd, 2) == 0); /* HWI0 */
	EXPECT(get_reg(t.vcpu.fd, KVM_IOC_CSRID(5), &estat) == 0 &&
	       (estat & 4));
	EXPECT(inject_from_thread(t.vcpu.fd, -2) == 0);
	EXPECT(get_reg(t.vcpu.fd, KVM_IOC_CSRID(5), &estat) == 0 &&
	       !(estat & 4));
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq), EINVAL);
	irq.irq = 15;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq), EINVAL);
	irq.irq = (uint32_t)-15;
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq), EINVAL);
	irq.irq = 0x80000000U; /* INT_MIN */
	FAILS(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq), EINVAL);
	irq.irq = 14; /* AVEC: accepted, nothing to deliver */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq) == 0);
	vm1_destroy(&t);
}

struct mutex_runner {
	struct vm1 *t;
	_Atomic int started, done;
};

static void *run_vcpu(void *p)
{
	struct mutex_runner *r = p;

	r->started = 1;
	kvm_ioctl(r->t->vcpu.fd, KVM_RUN, 0);
	r->done = 1;
	return NULL;
}

static void *get_regs_thread(void *p)
{
	struct mutex_runner *r = p;
	struct kvm_regs regs;

	kvm_ioctl(r->t->vcpu.fd, KVM_GET_REGS, &regs);
	r->done = 1;
	return NULL;
}

/* kvm_vcpu_ioctl's vcpu->mutex: GET_REGS waits while KVM_RUN runs. */
static void test_vcpu_mutex(void)
{
	const uint32_t code[] = { B_SELF };
	struct mutex_runner a = { 0 }, b = { 0 };
	pthread_t ta, tb;
	struct vm1 t;

	vm1_create(&t, code, 1);
	a.t = b.t = &t;
	pthread_create(&ta, NULL, run_vcpu, &a);
	while (!a.started)
		sleep_ms(1);
	sleep_ms(50);
	pthread_create(&tb, NULL, get_regs_thread, &b);
	sleep_ms(100);
	EXPECT(!a.done && !b.done);
	t.vcpu.run->immediate_exit = 1;
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	EXPECT(a.done && b.done);
	vm1_destroy(&t);
}

int main(void)
{
	test_regs_and_fpu();
	test_one_reg_groups();
	test_cpuid();
	test_mp_state_and_debug();
	test_vcpu_attrs();
	test_pvtime_attr();
	test_interrupt();
	test_vcpu_mutex();
	return finish("test_kvm_vcpu");
}
