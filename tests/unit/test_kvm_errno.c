/* SPDX-License-Identifier: MIT */
/*
 * Invalid arguments to every call, each answered with Linux 6.12's errno
 * (virt/kvm/kvm_main.c kvm_dev_ioctl, kvm_vm_ioctl, kvm_vcpu_ioctl and
 * arch/loongarch/kvm/{vm,vcpu}.c): bad pointers are EFAULT, closed
 * handles EBADF, a request for another kind of handle ENOTTY (vfs_ioctl's
 * -ENOIOCTLCMD), and a non-KVM request on a vCPU EINVAL.
 */
#include <sys/uio.h>
#include <unistd.h>

#include "kvm_util.h"

struct call {
	const char *name;
	unsigned long req;
};

/* Requests whose argument is a pointer the kernel copies. */
static const struct call vm_ptr_calls[] = {
	{ "SET_USER_MEMORY_REGION", KVM_SET_USER_MEMORY_REGION },
	{ "SET_USER_MEMORY_REGION2", KVM_SET_USER_MEMORY_REGION2 },
	{ "GET_DIRTY_LOG", KVM_GET_DIRTY_LOG },
	{ "CLEAR_DIRTY_LOG", KVM_CLEAR_DIRTY_LOG },
	{ "IOEVENTFD", KVM_IOEVENTFD },
	{ "IRQFD", KVM_IRQFD },
	{ "ENABLE_CAP", KVM_ENABLE_CAP },
	{ "CREATE_DEVICE", KVM_CREATE_DEVICE },
	{ "HAS_DEVICE_ATTR", KVM_HAS_DEVICE_ATTR },
};

static const struct call vcpu_ptr_calls[] = {
	{ "GET_REGS", KVM_GET_REGS },
	{ "SET_REGS", KVM_SET_REGS },
	{ "GET_FPU", KVM_GET_FPU },
	{ "SET_FPU", KVM_SET_FPU },
	{ "GET_MP_STATE", KVM_GET_MP_STATE },
	{ "SET_MP_STATE", KVM_SET_MP_STATE },
	{ "SET_GUEST_DEBUG", KVM_SET_GUEST_DEBUG },
	{ "TRANSLATE", KVM_TRANSLATE },
	{ "GET_ONE_REG", KVM_GET_ONE_REG },
	{ "SET_ONE_REG", KVM_SET_ONE_REG },
	{ "ENABLE_CAP", KVM_ENABLE_CAP },
	{ "HAS_DEVICE_ATTR", KVM_HAS_DEVICE_ATTR },
	{ "GET_DEVICE_ATTR", KVM_GET_DEVICE_ATTR },
	{ "SET_DEVICE_ATTR", KVM_SET_DEVICE_ATTR },
	{ "INTERRUPT", KVM_INTERRUPT },
};

static void expect_errno(int fd, const struct call *c, void *arg, int e)
{
	errno = 0;
	if (kvm_ioctl(fd, c->req, arg) == -1 && errno == e)
		return;
	fprintf(stderr, "%s(%p): errno %d, expected %d\n", c->name, arg, errno,
		e);
	failures++;
}

/* An inaccessible page, if the library can tell (process_vm_readv). */
static void *fault_page(void)
{
	void *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	char buf[8];
	struct iovec l = { buf, 8 }, r = { p, 8 };

	errno = 0;
	if (process_vm_readv(getpid(), &l, 1, &r, 1, 0) < 0 && errno == EFAULT)
		return p;
	munmap(p, 4096);
	return NULL;
}

static void test_bad_pointers(int vm, int vcpu)
{
	void *bad[3] = { NULL, (void *)16, fault_page() };
	size_t i, k;

	for (k = 0; k < 3 && bad[k]; k++) {
		for (i = 0; i < sizeof(vm_ptr_calls) / sizeof(*vm_ptr_calls); i++)
			expect_errno(vm, &vm_ptr_calls[i], bad[k], EFAULT);
		for (i = 0; i < sizeof(vcpu_ptr_calls) / sizeof(*vcpu_ptr_calls);
		     i++)
			expect_errno(vcpu, &vcpu_ptr_calls[i], bad[k], EFAULT);
	}
	if (bad[2])
		munmap(bad[2], 4096);
}

/* Pointers inside valid arguments: ONE_REG addr, dirty bitmap, attr. */
static void test_inner_pointers(int vm, int vcpu)
{
	struct kvm_one_reg reg = { KVM_IOC_CSRID(0x30), 0 };
	struct kvm_device_attr attr = { 0, KVM_LOONGARCH_VCPU_CPUCFG, 2, 0 };
	uint8_t host[4096] __attribute__((aligned(4096)));
	struct kvm_userspace_memory_region r = { 0 };
	struct kvm_dirty_log log = { .slot = 0 };

	FAILS(kvm_ioctl(vcpu, KVM_GET_ONE_REG, &reg), EFAULT);
	FAILS(kvm_ioctl(vcpu, KVM_SET_ONE_REG, &reg), EFAULT);
	FAILS(kvm_ioctl(vcpu, KVM_GET_DEVICE_ATTR, &attr), EFAULT);
	r.flags = KVM_MEM_LOG_DIRTY_PAGES;
	r.memory_size = sizeof(host);
	r.userspace_addr = (uint64_t)(uintptr_t)host;
	EXPECT(kvm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) == 0);
	FAILS(kvm_ioctl(vm, KVM_GET_DIRTY_LOG, &log), EFAULT);
}

/* Requests on the wrong kind of handle, and malformed scalar arguments. */
static void test_wrong_handles(int kvm, int vm, int vcpu)
{
	struct kvm_regs regs;

	FAILS(kvm_ioctl(kvm, KVM_RUN, 0), ENOTTY);
	FAILS(kvm_ioctl(kvm, KVM_CREATE_VCPU, 0), ENOTTY);
	FAILS(kvm_ioctl(vm, KVM_GET_REGS, &regs), ENOTTY);
	FAILS(kvm_ioctl(vm, KVM_CREATE_VM, 0), ENOTTY);
	FAILS(kvm_ioctl(vcpu, KVM_CREATE_VCPU, 1), ENOTTY);
	FAILS(kvm_ioctl(vcpu, KVM_SET_USER_MEMORY_REGION, &regs), ENOTTY);
	FAILS(kvm_ioctl(vcpu, KVM_GET_SREGS, &regs), ENOTTY);
	FAILS(kvm_ioctl(vcpu, 0x1234, 0), EINVAL);
	FAILS(kvm_ioctl(vm, 0x1234, 0), ENOTTY);
	FAILS(kvm_ioctl(kvm, 0x1234, 0), ENOTTY);
	FAILS(kvm_ioctl(kvm, KVM_GET_API_VERSION, 1), EINVAL);
	FAILS(kvm_ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 1), EINVAL);
	FAILS(kvm_ioctl(vcpu, KVM_RUN, 1), EINVAL);
	errno = 0;
	EXPECT(kvm_mmap(vm, 4096) == MAP_FAILED && errno == ENODEV);
	errno = 0;
	EXPECT(kvm_mmap(vcpu, 0) == MAP_FAILED && errno == EINVAL);
}

static void test_closed_handles(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	int vcpu = kvm_ioctl(vm, KVM_CREATE_VCPU, 0);

	EXPECT(kvm_close(vcpu) == 0 && kvm_close(vm) == 0);
	FAILS(kvm_ioctl(vcpu, KVM_RUN, 0), EBADF);
	FAILS(kvm_ioctl(vm, KVM_CREATE_VCPU, 0), EBADF);
	FAILS(kvm_ioctl(-1, KVM_GET_API_VERSION, 0), EBADF);
	FAILS(kvm_ioctl(STDOUT_FILENO, KVM_GET_API_VERSION, 0), EBADF);
	errno = 0;
	EXPECT(kvm_mmap(vcpu, 4096) == MAP_FAILED && errno == EBADF);
	FAILS(kvm_close(vcpu), EBADF);
	EXPECT(kvm_close(kvm) == 0);
}

int main(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	int vcpu = kvm_ioctl(vm, KVM_CREATE_VCPU, 0);

	EXPECT(kvm >= 0 && vm >= 0 && vcpu >= 0);
	test_bad_pointers(vm, vcpu);
	test_inner_pointers(vm, vcpu);
	test_wrong_handles(kvm, vm, vcpu);
	test_closed_handles();
	kvm_close(vcpu);
	kvm_close(vm);
	kvm_close(kvm);
	return finish("test_kvm_errno");
}
