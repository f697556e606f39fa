/* SPDX-License-Identifier: MIT */
/*
 * Every exit KVM_RUN can return, as Linux's KVM selftests check them:
 * MMIO loads and stores of 1, 2, 4 and 8 bytes with sign and zero
 * extension, IOCSR reads and writes, KVM_EXIT_DEBUG through
 * KVM_SET_GUEST_DEBUG and hvcl 0x101, the hypercall and cpucfg leaves,
 * KVM_EXIT_INTERNAL_ERROR for a stuck guest, and KVM_EXIT_INTR when
 * immediate_exit is set by another thread or by a signal handler.
 */
#include <pthread.h>
#include <signal.h>

#include "kvm_util.h"

static void run_expect_mmio(struct vcpu *c, uint64_t addr, uint32_t len,
			    bool write)
{
	EXPECT(kvm_ioctl(c->fd, KVM_RUN, 0) == 0);
	EXPECT(c->run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(c->run->mmio.phys_addr == addr);
	EXPECT(c->run->mmio.len == len);
	EXPECT(c->run->mmio.is_write == write);
}

static uint64_t mmio_data(const struct vcpu *c)
{
	uint64_t v = 0;

	memcpy(&v, c->run->mmio.data, c->run->mmio.len);
	return v;
}

static void test_mmio_stores(void)
{
	uint32_t code[8];
	struct vm vm;
	struct vcpu c;

	code[0] = lu12i_w(R_T0, MMIO_GPA >> 12);
	li32(&code[1], R_T1, 0x87654321);
	code[3] = ST_B(R_T1, R_T0, 1);
	code[4] = ST_H(R_T1, R_T0, 2);
	code[5] = ST_W(R_T1, R_T0, 4);
	code[6] = ST_D(R_T1, R_T0, 8);
	code[7] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 8);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	run_expect_mmio(&c, MMIO_GPA + 1, 1, true);
	EXPECT(mmio_data(&c) == 0x21);
	run_expect_mmio(&c, MMIO_GPA + 2, 2, true);
	EXPECT(mmio_data(&c) == 0x4321);
	run_expect_mmio(&c, MMIO_GPA + 4, 4, true);
	EXPECT(mmio_data(&c) == 0x87654321);
	run_expect_mmio(&c, MMIO_GPA + 8, 8, true);
	EXPECT(mmio_data(&c) == 0xffffffff87654321ULL);
	EXPECT(get_regs(&c).pc == CODE_GPA + 7 * 4);
	vm_destroy(&vm);
}

/* Each load gets bytes 0x80 0x81 ... 0x86 0xf7 and extends by its kind. */
static void test_mmio_loads(void)
{
	static const uint8_t bytes[8] = { 0x80, 0x81, 0x82, 0x83,
					  0x84, 0x85, 0x86, 0xf7 };
	static const uint64_t want[7] = {
		0xffffffffffffff80ULL, 0xffffffffffff8180ULL,
		0xffffffff83828180ULL, 0xf786858483828180ULL,
		0x80, 0x8180, 0x83828180,
	};
	static const uint32_t len[7] = { 1, 2, 4, 8, 1, 2, 4 };
	uint32_t code[10];
	struct kvm_regs regs;
	struct vm vm;
	struct vcpu c;
	unsigned int i;

	code[0] = lu12i_w(R_T0, MMIO_GPA >> 12);
	code[1] = LD_B(R_A0, R_T0, 0);
	code[2] = LD_H(R_A1, R_T0, 0);
	code[3] = LD_W(R_A2, R_T0, 0);
	code[4] = LD_D(R_A3, R_T0, 0);
	code[5] = LD_BU(R_A4, R_T0, 0);
	code[6] = LD_HU(R_A5, R_T0, 0);
	code[7] = LD_WU(R_A6, R_T0, 0);
	code[8] = ST_W(R_ZERO, R_T0, 0x100);
	code[9] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 10);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	for (i = 0; i < 7; i++) {
		run_expect_mmio(&c, MMIO_GPA, len[i], false);
		memcpy(c.run->mmio.data, bytes, 8);
	}
	run_expect_mmio(&c, MMIO_GPA + 0x100, 4, true);
	regs = get_regs(&c);
	for (i = 0; i < 7; i++)
		EXPECT(regs.gpr[R_A0 + i] == want[i]);
	EXPECT(regs.pc == CODE_GPA + 9 * 4);
	vm_destroy(&vm);
}

static void test_iocsr(void)
{
	uint32_t code[8];
	struct vm vm;
	struct vcpu c;
	uint64_t v;

	code[0] = ORI(R_T0, R_ZERO, 0x20);
	li32(&code[1], R_T1, 0x12345678);
	code[3] = IOCSRWR(2, R_T1, R_T0);
	code[4] = IOCSRRD(2, R_A0, R_T0);
	code[5] = IOCSRRD(3, R_A1, R_T0);
	code[6] = lu12i_w(R_T0, MMIO_GPA >> 12);
	code[7] = ST_W(R_ZERO, R_T0, 0);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 8);
	vm_load(&vm, CODE_GPA + 8 * 4, (const uint32_t[]){ B_SELF }, 1);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR);
	EXPECT(c.run->iocsr_io.phys_addr == 0x20);
	EXPECT(c.run->iocsr_io.len == 4 && c.run->iocsr_io.is_write);
	memcpy(&v, c.run->iocsr_io.data, 8);
	EXPECT((uint32_t)v == 0x12345678);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR);
	EXPECT(c.run->iocsr_io.len == 4 && !c.run->iocsr_io.is_write);
	v = 0x80000001;
	memcpy(c.run->iocsr_io.data, &v, 8);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->iocsr_io.len == 8 && !c.run->iocsr_io.is_write);
	v = 0x1122334455667788ULL;
	memcpy(c.run->iocsr_io.data, &v, 8);
	run_expect_mmio(&c, MMIO_GPA, 4, true);
	EXPECT(get_regs(&c).gpr[R_A0] == 0xffffffff80000001ULL);
	EXPECT(get_regs(&c).gpr[R_A1] == 0x1122334455667788ULL);
	vm_destroy(&vm);
}

/*
 * hvcl 0x101 is a breakpoint only with KVM_GUESTDBG_USE_SW_BP; otherwise
 * it, an unknown hypercall service and unknown codes return -1 in a0.
 */
static void test_hypercalls_and_debug(void)
{
	struct kvm_guest_debug dbg = { 0 };
	uint32_t code[16], n = 0;
	struct kvm_regs regs;
	struct vm vm;
	struct vcpu c;

	code[n++] = HVCL(0x101);                 /* no debugging: a0 = -1 */
	code[n++] = ORI(R_T1, R_A0, 0);
	code[n++] = ORI(R_A0, R_ZERO, 99);       /* unknown service */
	code[n++] = HVCL(0x100);
	code[n++] = ORI(R_T2, R_A0, 0);
	code[n++] = ORI(R_A0, R_ZERO, 2);        /* NOTIFY, bad GPA bits */
	code[n++] = ORI(R_A1, R_ZERO, 4);
	code[n++] = ORI(R_A2, R_ZERO, 0x1003);
	code[n++] = HVCL(0x100);
	code[n++] = ORI(R_T3, R_A0, 0);
	code[n++] = HVCL(0x101);
	code[n++] = lu12i_w(R_T0, MMIO_GPA >> 12);
	code[n++] = ST_W(R_ZERO, R_T0, 0);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, n);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	/* With SW breakpoints on, the first hvcl 0x101 exits and stays. */
	dbg.control = KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
	EXPECT(kvm_ioctl(c.fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_DEBUG);
	EXPECT(get_regs(&c).pc == CODE_GPA);
	dbg.control = 0;
	EXPECT(kvm_ioctl(c.fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
	/* Without them, both hvcl 0x101 return -1 and the guest goes on. */
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_MMIO);
	regs = get_regs(&c);
	EXPECT(regs.gpr[R_T1] == ~0ULL);
	EXPECT(regs.gpr[R_T2] == ~0ULL);
	EXPECT(regs.gpr[R_T3] == ~1ULL); /* KVM_HCALL_INVALID_PARAMETER */
	vm_destroy(&vm);
}

/* cpucfg's KVM leaves: the signature and the PV features. */
static void test_cpucfg_pv_leaves(void)
{
	uint32_t code[8];
	struct kvm_regs regs;
	struct vm vm;
	struct vcpu c;

	li32(&code[0], R_T0, CPUCFG_KVM_SIG);
	code[2] = CPUCFG(R_A0, R_T0);
	li32(&code[3], R_T0, CPUCFG_KVM_FEATURE);
	code[5] = CPUCFG(R_A1, R_T0);
	code[6] = lu12i_w(R_T0, MMIO_GPA >> 12);
	code[7] = ST_W(R_ZERO, R_T0, 0);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 8);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	run_expect_mmio(&c, MMIO_GPA, 4, true);
	regs = get_regs(&c);
	EXPECT(regs.gpr[R_A0] == 0x004d564b);
	EXPECT(regs.gpr[R_A1] == ((1U << KVM_FEATURE_IPI) |
				  (1U << KVM_FEATURE_STEAL_TIME)));
	vm_destroy(&vm);
}

/* An invalid instruction whose handler is itself invalid loops forever. */
static void test_internal_error(void)
{
	const uint32_t zero[1] = { 0 };
	struct vm vm;
	struct vcpu c;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, zero, 1);
	vm_load(&vm, 0x3000, zero, 1);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	set_one_reg(&c, KVM_IOC_CSRID(0xc), 0x3000); /* EENTRY */
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_INTERNAL_ERROR);
	EXPECT(c.run->internal.suberror == KVM_INTERNAL_ERROR_DELIVERY_EV);
	EXPECT(c.run->internal.ndata >= 2);
	EXPECT(c.run->internal.data[0] == 0xd); /* INE */
	vm_destroy(&vm);
}

static struct kvm_run *volatile signal_run;

static void on_signal(int sig)
{
	(void)sig;
	signal_run->immediate_exit = 1;
}

static void expect_intr(struct runner *r)
{
	EXPECT(r->ret == -1 && r->err == EINTR);
	EXPECT(r->c->run->exit_reason == KVM_EXIT_INTR);
}

/* A spinning vCPU stops on immediate_exit from another thread. */
static void test_immediate_exit_thread(void)
{
	const uint32_t code[1] = { B_SELF };
	struct runner r;
	pthread_t t;
	struct vm vm;
	struct vcpu c;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 1);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	r.c = &c;
	pthread_create(&t, NULL, run_thread, &r);
	sleep_ms(30);
	__atomic_store_n(&c.run->immediate_exit, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	expect_intr(&r);
	EXPECT(get_regs(&c).pc == CODE_GPA);
	vm_destroy(&vm);
}

/* The KVM way: a signal whose handler sets immediate_exit (QEMU). */
static void test_immediate_exit_signal(const uint32_t insn)
{
	struct sigaction sa = { 0 };
	struct runner r;
	pthread_t t;
	struct vm vm;
	struct vcpu c;

	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, (const uint32_t[]){ insn, B_SELF }, 2);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	signal_run = c.run;
	r.c = &c;
	pthread_create(&t, NULL, run_thread, &r);
	sleep_ms(30);
	pthread_kill(t, SIGUSR1);
	pthread_join(t, NULL);
	expect_intr(&r);
	c.run->immediate_exit = 0;
	vm_destroy(&vm);
}

int main(void)
{
	test_mmio_stores();
	test_mmio_loads();
	test_iocsr();
	test_hypercalls_and_debug();
	test_cpucfg_pv_leaves();
	test_internal_error();
	test_immediate_exit_thread();
	test_immediate_exit_signal(B_SELF); /* spinning */
	test_immediate_exit_signal(IDLE);   /* halted in idle */
	return finish("test_kvm_run");
}
