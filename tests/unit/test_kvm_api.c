/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor API in the style of Linux's KVM selftests: a VM with one
 * memslot and a few hand-assembled instructions, checked through the same
 * calls a VMM uses on /dev/kvm.
 */
#include "kvm_util.h"

/* A store outside RAM exits as MMIO with the address, size and data. */
static void test_mmio_store_and_load(void)
{
	const uint32_t code[] = {
		lu12i_w(12, 0x10000), /* t0 = 0x10000000 */
		lu12i_w(13, 0x12345),
		ORI(13, 13, 0x678),   /* t1 = 0x12345678 */
		ST_W(13, 12, 8),
		LD_B(14, 12, 1),      /* sign-extending byte load */
	};
	struct vm1 t;
	struct kvm_regs regs;
	uint32_t data;

	vm1_create(&t, code, 5);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t.vcpu.run->mmio.phys_addr == 0x10000008);
	EXPECT(t.vcpu.run->mmio.len == 4 && t.vcpu.run->mmio.is_write);
	memcpy(&data, t.vcpu.run->mmio.data, 4);
	EXPECT(data == 0x12345678);

	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t.vcpu.run->mmio.phys_addr == 0x10000001);
	EXPECT(t.vcpu.run->mmio.len == 1 && !t.vcpu.run->mmio.is_write);
	t.vcpu.run->mmio.data[0] = 0x80;
	/* The load completes on the next KVM_RUN; stop right after it. */
	t.vcpu.run->immediate_exit = 1;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == -1 && errno == EINTR);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_INTR);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0);
	EXPECT(regs.gpr[14] == 0xffffffffffffff80ULL);
	EXPECT(regs.pc == 0x1000 + 5 * 4);
	vm1_destroy(&t);
}

/* Linux's rules for memslots: alignment, overlap, GPA range. */
static void test_memslot_errors(void)
{
	struct vm1 t;
	const uint32_t code[] = { 0 };
	struct kvm_userspace_memory_region r = { 0 };

	vm1_create(&t, code, 1);
	r.slot = 1;
	r.guest_phys_addr = 0x80000;
	r.memory_size = 0x1000;
	r.userspace_addr = (uint64_t)(uintptr_t)t.vm.ram;
	errno = 0;
	EXPECT(kvm_ioctl(t.vm.fd, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == EEXIST);
	r.guest_phys_addr = 0x200001;
	EXPECT(kvm_ioctl(t.vm.fd, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == EINVAL);
	r.guest_phys_addr = 1ULL << 47;
	EXPECT(kvm_ioctl(t.vm.fd, KVM_SET_USER_MEMORY_REGION, &r) == -1 &&
	       errno == ENOMEM);
	r.guest_phys_addr = 0x200000;
	EXPECT(kvm_ioctl(t.vm.fd, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	r.memory_size = 0; /* delete */
	EXPECT(kvm_ioctl(t.vm.fd, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	EXPECT(kvm_ioctl(t.vm.fd, 0xdead, 0) == -1 && errno == ENOTTY);
	EXPECT(kvm_ioctl(12345, KVM_RUN, 0) == -1 && errno == EBADF);
	vm1_destroy(&t);
}

/* CPUCFG and CSR registers round-trip through ONE_REG. */
static void test_one_reg(void)
{
	struct vm1 t;
	const uint32_t code[] = { 0 };
	uint64_t v = 0x14c010, back = 0;
	struct kvm_one_reg reg = { KVM_IOC_CPUCFG(0), (uint64_t)(uintptr_t)&v };

	vm1_create(&t, code, 1);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_ONE_REG, &reg) == 0);
	reg.addr = (uint64_t)(uintptr_t)&back;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_ONE_REG, &reg) == 0 && back == v);
	v = 0x123456789abc000ULL;
	reg = (struct kvm_one_reg){ KVM_IOC_CSRID(0xc), (uint64_t)(uintptr_t)&v };
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_ONE_REG, &reg) == 0);
	reg.addr = (uint64_t)(uintptr_t)&back;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_ONE_REG, &reg) == 0 && back == v);
	reg.id = KVM_IOC_CPUCFG(21);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_ONE_REG, &reg) == -1 &&
	       errno == EINVAL);
	vm1_destroy(&t);
}

int main(void)
{
	test_mmio_store_and_load();
	test_memslot_errors();
	test_one_reg();
	return finish("test_kvm_api");
}
