/* SPDX-License-Identifier: MIT */
/*
 * KVM_EXIT_SYSTEM_EVENT through loongvm's board request
 * (KVM_LOONGVM_REQUEST_SYSTEM_EVENT, include/loongvm/kvm.h): a spinning
 * vCPU, a vCPU halted in idle and one not yet running each report the
 * event once, every vCPU of the VM gets it, VCPU_RESET drops it, and bad
 * requests fail with Linux's errno.
 */
#include <pthread.h>

#include "kvm_util.h"

static int request(int vm, uint32_t type, uint32_t flags, uint64_t data)
{
	struct kvm_loongvm_system_event ev = {type, flags, data};

	return kvm_ioctl(vm, KVM_LOONGVM_REQUEST_SYSTEM_EVENT, &ev);
}

static void expect_event(struct vcpu *c, uint32_t type, uint64_t data)
{
	EXPECT(c->run->exit_reason == KVM_EXIT_SYSTEM_EVENT);
	EXPECT(c->run->system_event.type == type);
	EXPECT(c->run->system_event.ndata == 1);
	EXPECT(c->run->system_event.data[0] == data);
}

/* Reported once: the next KVM_RUN runs the guest again. */
static void expect_not_again(struct vcpu *c)
{
	c->run->immediate_exit = 1;
	EXPECT(kvm_ioctl(c->fd, KVM_RUN, 0) == -1 && errno == EINTR);
	EXPECT(c->run->exit_reason == KVM_EXIT_INTR);
	c->run->immediate_exit = 0;
}

static void test_capability(void)
{
	struct vm vm;

	vm_create(&vm);
	EXPECT(kvm_ioctl(vm.kvm, KVM_CHECK_EXTENSION,
			 KVM_CAP_LOONGVM_SYSTEM_EVENT) == 1);
	EXPECT(kvm_ioctl(vm.fd, KVM_CHECK_EXTENSION,
			 KVM_CAP_LOONGVM_SYSTEM_EVENT) == 1);
	vm_destroy(&vm);
}

/* A running vCPU (spinning, or halted in idle) leaves KVM_RUN with it. */
static void test_running(uint32_t insn, uint32_t type)
{
	struct runner r;
	pthread_t t;
	struct vm vm;
	struct vcpu c;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, (const uint32_t[]){insn, B_SELF}, 2);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	r.c = &c;
	pthread_create(&t, NULL, run_thread, &r);
	sleep_ms(30);
	EXPECT(request(vm.fd, type, 0, 0x1234) == 0);
	pthread_join(t, NULL);
	EXPECT(r.ret == 0);
	expect_event(&c, type, 0x1234);
	expect_not_again(&c);
	vm_destroy(&vm);
}

/* Requested before KVM_RUN: reported at entry, the guest does not run. */
static void test_before_run_all_vcpus(void)
{
	struct vm vm;
	struct vcpu c[2];
	int i;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, (const uint32_t[]){B_SELF}, 1);
	vcpu_create(&vm, &c[0], 0, CODE_GPA);
	vcpu_create(&vm, &c[1], 1, CODE_GPA);
	EXPECT(request(vm.fd, KVM_SYSTEM_EVENT_SHUTDOWN, 0, 0) == 0);
	for (i = 0; i < 2; i++) {
		EXPECT(kvm_ioctl(c[i].fd, KVM_RUN, 0) == 0);
		expect_event(&c[i], KVM_SYSTEM_EVENT_SHUTDOWN, 0);
		EXPECT(get_regs(&c[i]).pc == CODE_GPA);
		expect_not_again(&c[i]);
	}
	vm_destroy(&vm);
}

/* VCPU_RESET drops an event the vCPU has not reported yet. */
static void test_reset_drops(void)
{
	struct vm vm;
	struct vcpu c;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, (const uint32_t[]){B_SELF}, 1);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	EXPECT(request(vm.fd, KVM_SYSTEM_EVENT_RESET, 0, 0) == 0);
	set_one_reg(&c, KVM_REG_LOONGARCH_VCPU_RESET, 1);
	expect_not_again(&c);
	vm_destroy(&vm);
}

static void test_errors(void)
{
	struct vm vm;

	vm_create(&vm);
	EXPECT(request(vm.fd, 0, 0, 0) == -1 && errno == EINVAL);
	EXPECT(request(vm.fd, KVM_SYSTEM_EVENT_WAKEUP, 0, 0) == -1 &&
	       errno == EINVAL);
	EXPECT(request(vm.fd, 99, 0, 0) == -1 && errno == EINVAL);
	EXPECT(request(vm.fd, KVM_SYSTEM_EVENT_RESET, 1, 0) == -1 &&
	       errno == EINVAL);
	EXPECT(kvm_ioctl(vm.fd, KVM_LOONGVM_REQUEST_SYSTEM_EVENT, NULL) == -1 &&
	       errno == EFAULT);
	/* A VM ioctl: the system fd does not take it. */
	EXPECT(request(vm.kvm, KVM_SYSTEM_EVENT_RESET, 0, 0) == -1 &&
	       errno == ENOTTY);
	/* No vCPU yet: nothing to tell, and nothing kept for later ones. */
	EXPECT(request(vm.fd, KVM_SYSTEM_EVENT_RESET, 0, 0) == 0);
	vm_destroy(&vm);
}

int main(void)
{
	test_capability();
	test_running(B_SELF, KVM_SYSTEM_EVENT_SHUTDOWN);
	test_running(IDLE, KVM_SYSTEM_EVENT_RESET);
	test_running(B_SELF, KVM_SYSTEM_EVENT_CRASH);
	test_before_run_all_vcpus();
	test_reset_drops();
	test_errors();
	return finish("test_kvm_system_event");
}
