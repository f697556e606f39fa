/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor API in the style of Linux's KVM selftests: a VM with one
 * memslot and a few hand-assembled instructions, checked through the same
 * calls a VMM uses on /dev/kvm.
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

/* Encodings, LoongArch Vol1: lu12i.w rd,si20; ori rd,rj,ui12; st.w; ld.w. */
static uint32_t lu12i_w(unsigned int rd, uint32_t si20)
{
	return 0x14000000 | (si20 & 0xfffff) << 5 | rd;
}

static uint32_t ori(unsigned int rd, unsigned int rj, uint32_t ui12)
{
	return 0x03800000 | (ui12 & 0xfff) << 10 | rj << 5 | rd;
}

static uint32_t st_w(unsigned int rd, unsigned int rj, uint32_t si12)
{
	return 0x29800000 | (si12 & 0xfff) << 10 | rj << 5 | rd;
}

static uint32_t ld_b(unsigned int rd, unsigned int rj, uint32_t si12)
{
	return 0x28000000 | (si12 & 0xfff) << 10 | rj << 5 | rd;
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
	EXPECT(kvm_ioctl(t->kvm, KVM_GET_API_VERSION, 0) == KVM_API_VERSION);
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
	EXPECT(size >= (int)sizeof(struct kvm_run));
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

/* A store outside RAM exits as MMIO with the address, size and data. */
static void test_mmio_store_and_load(void)
{
	const uint32_t code[] = {
		lu12i_w(12, 0x10000), /* t0 = 0x10000000 */
		lu12i_w(13, 0x12345),
		ori(13, 13, 0x678),   /* t1 = 0x12345678 */
		st_w(13, 12, 8),
		ld_b(14, 12, 1),      /* sign-extending byte load */
	};
	struct vm t;
	struct kvm_regs regs;
	uint32_t data;

	setup(&t, code, 5);
	EXPECT(kvm_ioctl(t.vcpu, KVM_RUN, 0) == 0);
	EXPECT(t.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t.run->mmio.phys_addr == 0x10000008);
	EXPECT(t.run->mmio.len == 4 && t.run->mmio.is_write);
	memcpy(&data, t.run->mmio.data, 4);
	EXPECT(data == 0x12345678);

	EXPECT(kvm_ioctl(t.vcpu, KVM_RUN, 0) == 0);
	EXPECT(t.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t.run->mmio.phys_addr == 0x10000001);
	EXPECT(t.run->mmio.len == 1 && !t.run->mmio.is_write);
	t.run->mmio.data[0] = 0x80;
	/* The load completes on the next KVM_RUN; stop right after it. */
	t.run->immediate_exit = 1;
	EXPECT(kvm_ioctl(t.vcpu, KVM_RUN, 0) == -1 && errno == EINTR);
	EXPECT(t.run->exit_reason == KVM_EXIT_INTR);
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_REGS, &regs) == 0);
	EXPECT(regs.gpr[14] == 0xffffffffffffff80ULL);
	EXPECT(regs.pc == 0x1000 + 5 * 4);
	teardown(&t);
}

/* Linux's rules for memslots: alignment, overlap, GPA range. */
static void test_memslot_errors(void)
{
	struct vm t;
	const uint32_t code[] = { 0 };
	struct kvm_userspace_memory_region r = { 0 };

	setup(&t, code, 1);
	r.slot = 1;
	r.guest_phys_addr = 0x80000;
	r.memory_size = 0x1000;
	r.userspace_addr = (uint64_t)(uintptr_t)t.ram;
	errno = 0;
	EXPECT(kvm_ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == EEXIST);
	r.guest_phys_addr = 0x200001;
	EXPECT(kvm_ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == EINVAL);
	r.guest_phys_addr = 1ULL << 47;
	EXPECT(kvm_ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == ENOMEM);
	r.guest_phys_addr = 0x200000;
	EXPECT(kvm_ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	r.memory_size = 0; /* delete */
	EXPECT(kvm_ioctl(t.vm, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	EXPECT(kvm_ioctl(t.vm, 0xdead, 0) == -1 && errno == ENOTTY);
	EXPECT(kvm_ioctl(12345, KVM_RUN, 0) == -1 && errno == EBADF);
	teardown(&t);
}

/* CPUCFG and CSR registers round-trip through ONE_REG. */
static void test_one_reg(void)
{
	struct vm t;
	const uint32_t code[] = { 0 };
	uint64_t v = 0x14c010, back = 0;
	struct kvm_one_reg reg = { KVM_IOC_CPUCFG(0), (uint64_t)(uintptr_t)&v };

	setup(&t, code, 1);
	EXPECT(kvm_ioctl(t.vcpu, KVM_SET_ONE_REG, &reg) == 0);
	reg.addr = (uint64_t)(uintptr_t)&back;
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_ONE_REG, &reg) == 0 && back == v);
	v = 0x123456789abc000ULL;
	reg = (struct kvm_one_reg){ KVM_IOC_CSRID(0xc), (uint64_t)(uintptr_t)&v };
	EXPECT(kvm_ioctl(t.vcpu, KVM_SET_ONE_REG, &reg) == 0);
	reg.addr = (uint64_t)(uintptr_t)&back;
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_ONE_REG, &reg) == 0 && back == v);
	reg.id = KVM_IOC_CPUCFG(21);
	EXPECT(kvm_ioctl(t.vcpu, KVM_GET_ONE_REG, &reg) == -1 &&
	       errno == EINVAL);
	teardown(&t);
}

int main(void)
{
	test_mmio_store_and_load();
	test_memslot_errors();
	test_one_reg();
	if (failures) {
		fprintf(stderr, "test_kvm_api: %d failures\n", failures);
		return 1;
	}
	printf("test_kvm_api: all checks passed\n");
	return 0;
}
