/* SPDX-License-Identifier: MIT */
/*
 * Hardware versus software-kept guest CSRs through the KVM API
 * (kvm/main.c kvm_init_gcsr_flag, kvm/vcpu.c _kvm_get/setcsr,
 * kvm/exit.c kvm_handle_csr): ONE_REG reaches both kinds; a guest csrrd of
 * a software CSR traps and the hypervisor answers from its copy, one of an
 * invalid CSR reads 0; ESTAT carries the interrupt lines; TVAL restores.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "loongvm/kvm.h"

static int failures;

#define EXPECT(cond)                                                        \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: expected %s\n", __FILE__,   \
				__LINE__, #cond);                           \
			failures++;                                         \
		}                                                           \
	} while (0)

/* Encodings, LoongArch Vol1 4.2.1 and 4.2.3: csrrd, csrwr, iocsrwr.w. */
static uint32_t csrrd(unsigned int rd, unsigned int csr)
{
	return 0x04000000 | csr << 10 | 0 << 5 | rd;
}

static uint32_t csrwr(unsigned int rd, unsigned int csr)
{
	return 0x04000000 | csr << 10 | 1 << 5 | rd;
}

struct vm {
	int kvm, vm, vcpu;
	struct kvm_run *run;
	uint8_t *ram;
};

static void setup(struct vm *t, const uint32_t *code, size_t n)
{
	struct kvm_userspace_memory_region r = { 0 };
	struct kvm_regs regs = { 0 };
	int size;

	t->kvm = kvm_open();
	t->vm = kvm_ioctl(t->kvm, KVM_CREATE_VM, 0);
	EXPECT(t->vm >= 0);
	t->ram = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memcpy(t->ram + 0x1000, code, n * 4);
	r.memory_size = 1 << 20;
	r.userspace_addr = (uint64_t)(uintptr_t)t->ram;
	EXPECT(kvm_ioctl(t->vm, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	t->vcpu = kvm_ioctl(t->vm, KVM_CREATE_VCPU, 0);
	EXPECT(t->vcpu >= 0);
	size = kvm_ioctl(t->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	t->run = kvm_mmap(t->vcpu, (size_t)size);
	EXPECT(t->run != MAP_FAILED);
	regs.pc = 0x1000;
	EXPECT(kvm_ioctl(t->vcpu, KVM_SET_REGS, &regs) == 0);
}

static void teardown(struct vm *t)
{
	kvm_close(t->vcpu);
	kvm_close(t->vm);
	kvm_close(t->kvm);
	munmap(t->ram, 1 << 20);
}

static int get_csr(struct vm *t, unsigned int n, uint64_t *v)
{
	struct kvm_one_reg reg = { KVM_IOC_CSRID(n), (uint64_t)(uintptr_t)v };

	return kvm_ioctl(t->vcpu, KVM_GET_ONE_REG, &reg);
}

static int set_csr(struct vm *t, unsigned int n, uint64_t v)
{
	struct kvm_one_reg reg = { KVM_IOC_CSRID(n), (uint64_t)(uintptr_t)&v };

	return kvm_ioctl(t->vcpu, KVM_SET_ONE_REG, &reg);
}

/*
 * The guest reads KS0 (HW), MERRSAVE 0x95 (SW) and KS8 0x38 (neither),
 * writes KS1 and MERRCTL 0x90, then leaves to userspace at an iocsrwr.w.
 */
static void test_hw_vs_sw(void)
{
	const uint32_t code[] = {
		csrrd(12, 0x30), csrrd(13, 0x95), csrrd(14, 0x38),
		csrwr(15, 0x31), csrwr(16, 0x90),
		0x06481800, /* iocsrwr.w $zero, $zero */
	};
	struct vm t;
	struct kvm_regs regs;
	uint64_t v;

	setup(&t, code, 6);
	EXPECT(set_csr(&t, 0x30, 0x1111) == 0);
	EXPECT(set_csr(&t, 0x95, 0x2222) == 0);
	EXPECT(set_csr(&t, 0x38, 0x3333) == 0); /* sw array, like KVM */
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_REGS, &regs) == 0);
	regs.gpr[14] = 0xdead;
	regs.gpr[15] = 0x4444;
	regs.gpr[16] = 0x5555;
	EXPECT(kvm_ioctl(t.vcpu, KVM_SET_REGS, &regs) == 0);
	EXPECT(kvm_ioctl(t.vcpu, KVM_RUN, 0) == 0);
	EXPECT(t.run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR);
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_REGS, &regs) == 0);
	EXPECT(regs.gpr[12] == 0x1111);
	EXPECT(regs.gpr[13] == 0x2222); /* trapped, from the sw copy */
	EXPECT(regs.gpr[14] == 0);      /* invalid: reads 0 */
	EXPECT(regs.gpr[15] == 0);      /* old KS1 */
	EXPECT(regs.gpr[16] == 0);      /* old MERRCTL */
	EXPECT(get_csr(&t, 0x31, &v) == 0 && v == 0x4444);
	EXPECT(get_csr(&t, 0x90, &v) == 0 && v == 0x5555);
	EXPECT(get_csr(&t, 0x38, &v) == 0 && v == 0x3333);
	/* ASID.ASIDBITS is read-only 10; PRCFG1 is read-only. */
	EXPECT(get_csr(&t, 0x18, &v) == 0 && v == 0xa0000);
	EXPECT(get_csr(&t, 0x21, &v) == 0 && v == 0x72f8);
	/* CSR ids past CSR_MAX_NUMS are invalid. */
	errno = 0;
	EXPECT(get_csr(&t, 0x800, &v) == -1 && errno == EINVAL);
	teardown(&t);
}

/* ESTAT via ONE_REG: IS[9:2] and IPI are the lines, the rest ESTAT. */
static void test_estat_and_tval(void)
{
	const uint32_t code[] = { 0 };
	struct kvm_interrupt irq = { 3 }; /* HWI1 */
	struct vm t;
	uint64_t v;

	setup(&t, code, 1);
	EXPECT(kvm_ioctl(t.vcpu, KVM_INTERRUPT, &irq) == 0);
	EXPECT(get_csr(&t, 0x5, &v) == 0 && (v & 0x1fff) == 1 << 3);
	EXPECT(set_csr(&t, 0x5, 1 << 12 | 1 << 1 | 0xd << 16) == 0);
	EXPECT(get_csr(&t, 0x5, &v) == 0 &&
	       v == (1 << 12 | 1 << 1 | 0xd << 16));
	/* A guest csrwr changes only SWI0-1 (Vol1 7.4.6). */
	EXPECT(set_csr(&t, 0x5, 0) == 0);
	EXPECT(get_csr(&t, 0x5, &v) == 0 && v == 0);

	/* TVAL is read-only to the guest but restored by the host. */
	EXPECT(set_csr(&t, 0x41, 100000000ULL | 1) == 0); /* 1 s one-shot */
	EXPECT(set_csr(&t, 0x42, 5000000) == 0);
	EXPECT(get_csr(&t, 0x42, &v) == 0 && v <= 5000000 && v > 4000000);
	EXPECT(set_csr(&t, 0x41, 0) == 0);
	EXPECT(get_csr(&t, 0x42, &v) == 0 && v <= 5000000);
	/* TCFG keeps the 48 timer bits only. */
	EXPECT(set_csr(&t, 0x41, ~1ULL) == 0);
	EXPECT(get_csr(&t, 0x41, &v) == 0 && v == 0xfffffffffffeULL);
	teardown(&t);
}

int main(void)
{
	test_hw_vs_sw();
	test_estat_and_tval();
	if (failures) {
		fprintf(stderr, "test_csr: %d failures\n", failures);
		return 1;
	}
	printf("test_csr: all checks passed\n");
	return 0;
}
