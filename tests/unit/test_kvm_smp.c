/* SPDX-License-Identifier: MIT */
/*
 * vCPUs in threads, as a VMM runs them on KVM: two vCPUs making progress
 * at once, KVM_INTERRUPT from another thread into a spinning vCPU and into
 * one halted in idle, idle woken by the guest timer without busy waiting
 * (the soft timer of kvm/timer.c), PV IPIs between vCPUs (kvm/exit.c
 * kvm_send_pv_ipi), and a VM with the full 256 vCPUs.
 */
#include <pthread.h>
#include <sys/resource.h>

#include "kvm_util.h"

#define CSR_CRMD 0x0
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_EENTRY 0xc
#define CSR_TCFG 0x41
#define CRMD_DA_IE 0xc
#define HANDLER_GPA 0x2000U

static void start(pthread_t *t, struct runner *r, struct vcpu *c)
{
	r->c = c;
	EXPECT(pthread_create(t, NULL, run_thread, r) == 0);
}

static void stop(pthread_t t, struct runner *r)
{
	__atomic_store_n(&r->c->run->immediate_exit, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	EXPECT(r->ret == -1 && r->err == EINTR);
	r->c->run->immediate_exit = 0;
}

static uint64_t counter(struct vm *vm, uint32_t gpa)
{
	return __atomic_load_n((uint64_t *)(void *)(vm->ram + gpa),
			       __ATOMIC_RELAXED);
}

/* Each vCPU increments its own counter at a0 forever. */
static void test_two_vcpus_progress(void)
{
	const uint32_t code[4] = { LD_D(R_T0, R_A0, 0), ADDI_D(R_T0, R_T0, 1),
				   ST_D(R_T0, R_A0, 0), b_rel(-12) };
	uint64_t a0, a1, deadline = now_ns() + 5000000000ULL;
	struct vcpu c[2];
	struct runner r[2];
	pthread_t t[2];
	struct vm vm;
	int i;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 4);
	for (i = 0; i < 2; i++) {
		vcpu_create(&vm, &c[i], (uint32_t)i, CODE_GPA);
		set_gpr(&c[i], R_A0, 0x8000 + 64 * (uint64_t)i);
		start(&t[i], &r[i], &c[i]);
	}
	/* Both counters move while both threads run. */
	do {
		sleep_ms(5);
		a0 = counter(&vm, 0x8000);
		a1 = counter(&vm, 0x8040);
	} while ((a0 < 100000 || a1 < 100000) && now_ns() < deadline);
	EXPECT(a0 >= 100000 && a1 >= 100000);
	sleep_ms(5);
	EXPECT(counter(&vm, 0x8000) > a0 && counter(&vm, 0x8040) > a1);
	for (i = 0; i < 2; i++)
		stop(t[i], &r[i]);
	vm_destroy(&vm);
}

/*
 * Guest set-up shared by the interrupt tests: EENTRY = HANDLER_GPA,
 * ECFG.LIE = lie, then CRMD = crmd; the handler stores to MMIO_GPA.
 * Returns the number of words written.
 */
static unsigned int irq_prologue(uint32_t *p, uint32_t lie, uint32_t crmd)
{
	li32(&p[0], R_T0, HANDLER_GPA);
	p[2] = CSRWR(R_T0, CSR_EENTRY);
	li32(&p[3], R_T0, lie);
	p[5] = CSRWR(R_T0, CSR_ECFG);
	p[6] = ORI(R_T0, R_ZERO, crmd);
	p[7] = CSRWR(R_T0, CSR_CRMD);
	return 8;
}

static void load_handler(struct vm *vm)
{
	const uint32_t h[3] = { lu12i_w(R_T4, MMIO_GPA >> 12),
				ST_W(R_ZERO, R_T4, 0), B_SELF };

	vm_load(vm, HANDLER_GPA, h, 3);
}

static void expect_handler_exit(struct runner *r)
{
	EXPECT(r->ret == 0);
	EXPECT(r->c->run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(r->c->run->mmio.phys_addr == MMIO_GPA);
}

/* KVM_INTERRUPT from this thread while the vCPU spins with IE set. */
static void test_interrupt_spinning(void)
{
	uint32_t code[16];
	unsigned int n = irq_prologue(code, 1U << 2, CRMD_DA_IE);
	struct runner r;
	struct kvm_interrupt irq = { 2 }; /* HWI0 */
	pthread_t t;
	struct vm vm;
	struct vcpu c;

	code[n++] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, n);
	load_handler(&vm);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	start(&t, &r, &c);
	sleep_ms(20);
	EXPECT(kvm_ioctl(c.fd, KVM_INTERRUPT, &irq) == 0);
	pthread_join(t, NULL);
	expect_handler_exit(&r);
	EXPECT(get_one_reg(&c, KVM_IOC_CSRID(CSR_ESTAT)) & (1U << 2));
	EXPECT(get_one_reg(&c, KVM_IOC_CSRID(CSR_ERA)) == CODE_GPA + 4 * (n - 1));
	vm_destroy(&vm);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_stime.tv_sec +
	       ((double)ru.ru_utime.tv_usec + (double)ru.ru_stime.tv_usec) / 1e6;
}

/*
 * The guest arms a 50 ms one-shot timer and idles with only TI enabled
 * (CRMD.IE clear, so it continues after idle); KVM_RUN returns at its
 * MMIO store no sooner than 50 ms later, having used little CPU time.
 */
static void test_idle_timer_wakeup(void)
{
	const uint32_t ticks = 5000000; /* 50 ms at 100 MHz */
	uint32_t code[16];
	unsigned int n = irq_prologue(code, 1U << 11, 0x8);
	struct vm vm;
	struct vcpu c;
	uint64_t t0, ns;
	double cpu0, cpu;

	li32(&code[n], R_T0, ticks | 1); /* En, one-shot */
	n += 2;
	code[n++] = CSRWR(R_T0, CSR_TCFG);
	code[n++] = IDLE;
	code[n++] = lu12i_w(R_T4, MMIO_GPA >> 12);
	code[n++] = ST_W(R_ZERO, R_T4, 8);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, n);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	t0 = now_ns();
	cpu0 = cpu_seconds();
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	ns = now_ns() - t0;
	cpu = cpu_seconds() - cpu0;
	EXPECT(c.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(c.run->mmio.phys_addr == MMIO_GPA + 8);
	EXPECT(ns >= 50000000ULL && ns < 1000000000ULL);
	EXPECT(cpu < 0.02);
	if (cpu >= 0.02 || ns < 50000000ULL)
		fprintf(stderr, "idle: %llu ns wall, %.3f s cpu\n",
			(unsigned long long)ns, cpu);
	vm_destroy(&vm);
}

/* KVM_INTERRUPT from another thread wakes a vCPU halted in idle. */
static void test_idle_interrupt_wakeup(void)
{
	uint32_t code[16];
	unsigned int n = irq_prologue(code, 1U << 2, CRMD_DA_IE);
	struct kvm_interrupt irq = { 2 };
	struct runner r;
	pthread_t t;
	struct vm vm;
	struct vcpu c;
	uint64_t t0;

	code[n++] = IDLE;
	code[n++] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, n);
	load_handler(&vm);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	t0 = now_ns();
	start(&t, &r, &c);
	sleep_ms(30);
	EXPECT(kvm_ioctl(c.fd, KVM_INTERRUPT, &irq) == 0);
	pthread_join(t, NULL);
	expect_handler_exit(&r);
	EXPECT(now_ns() - t0 >= 30000000ULL);
	/* The interrupt came after idle: ERA is the instruction after it. */
	EXPECT(get_one_reg(&c, KVM_IOC_CSRID(CSR_ERA)) == CODE_GPA + 4 * (n - 1));
	vm_destroy(&vm);
}

/*
 * PV IPI: vCPU 0 (CPUID 0) sends to CPUID 1 through hvcl 0x100 with
 * a0 = KVM_HCALL_FUNC_IPI, the bitmap in a1/a2 and its base in a3;
 * vCPU 1, idle with SWI0 enabled, takes the interrupt.
 */
static void test_pv_ipi(void)
{
	uint32_t target[16], sender[8];
	unsigned int n = irq_prologue(target, 1U << 0, CRMD_DA_IE);
	struct runner r[2];
	pthread_t t[2];
	struct vcpu c[2];
	struct vm vm;

	target[n++] = IDLE;
	target[n++] = B_SELF;
	sender[0] = ORI(R_A0, R_ZERO, 1);   /* KVM_HCALL_FUNC_IPI */
	sender[1] = ORI(R_A1, R_ZERO, 0x4); /* bit 2 from base ... */
	sender[2] = ORI(R_A2, R_ZERO, 0);
	sender[3] = ADDI_D(R_A3, R_ZERO, -1); /* ... -1 + 2 = CPUID 1 */
	sender[4] = HVCL(0x100);
	sender[5] = lu12i_w(R_T4, MMIO_GPA >> 12);
	sender[6] = ST_D(R_A0, R_T4, 0x10);
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, target, n);
	vm_load(&vm, 0x4000, sender, 7);
	load_handler(&vm);
	vcpu_create(&vm, &c[0], 0, 0x4000);
	vcpu_create(&vm, &c[1], 1, CODE_GPA);
	start(&t[1], &r[1], &c[1]);
	sleep_ms(20);
	start(&t[0], &r[0], &c[0]);
	pthread_join(t[0], NULL);
	EXPECT(r[0].ret == 0 && c[0].run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(c[0].run->mmio.phys_addr == MMIO_GPA + 0x10);
	EXPECT(c[0].run->mmio.data[0] == 0); /* KVM_HCALL_SUCCESS */
	pthread_join(t[1], NULL);
	expect_handler_exit(&r[1]);
	EXPECT(get_one_reg(&c[1], KVM_IOC_CSRID(CSR_ESTAT)) & 1);
	vm_destroy(&vm);
}

/* 256 vCPUs, each in its own thread, each storing its id to MMIO. */
static void test_max_vcpus(void)
{
	enum { N = 256 };
	const uint32_t code[2] = { lu12i_w(R_T4, MMIO_GPA >> 12),
				   ST_D(R_A0, R_T4, 0) };
	static struct vcpu c[N];
	static struct runner r[N];
	static pthread_t t[N];
	struct vm vm;
	uint64_t v;
	int i;

	vm_create(&vm);
	EXPECT(kvm_ioctl(vm.fd, KVM_CHECK_EXTENSION,
			 (void *)(uintptr_t)KVM_CAP_MAX_VCPUS) == N);
	vm_load(&vm, CODE_GPA, code, 2);
	for (i = 0; i < N; i++) {
		vcpu_create(&vm, &c[i], (uint32_t)i, CODE_GPA);
		set_gpr(&c[i], R_A0, (uint64_t)i);
	}
	for (i = 0; i < N; i++)
		start(&t[i], &r[i], &c[i]);
	for (i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		EXPECT(r[i].ret == 0);
		memcpy(&v, c[i].run->mmio.data, 8);
		EXPECT(c[i].run->exit_reason == KVM_EXIT_MMIO && v == (uint64_t)i);
	}
	vm_destroy(&vm);
}

int main(void)
{
	test_two_vcpus_progress();
	test_interrupt_spinning();
	test_idle_timer_wakeup();
	test_idle_interrupt_wakeup();
	test_pv_ipi();
	test_max_vcpus();
	return finish("test_kvm_smp");
}
