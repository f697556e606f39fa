/* SPDX-License-Identifier: MIT */
/*
 * KVM_IOEVENTFD (virt/kvm/eventfd.c): the assign and deassign rules with
 * their errno values, then a guest store to a registered address, which
 * must signal the eventfd and not exit, while a store with other data
 * still exits as MMIO. Skips (77) when hv/exit.c does not yet consult
 * hv_ioeventfd_signal.
 */
#include <sys/eventfd.h>
#include <unistd.h>

#include "kvm_util.h"

#define DOORBELL MMIO_GPA

static int ioeventfd(int vm, uint64_t addr, uint32_t len, int fd,
		     uint32_t flags, uint64_t datamatch)
{
	struct kvm_ioeventfd a = {
		.datamatch = datamatch, .addr = addr, .len = len, .fd = fd,
		.flags = flags,
	};

	return kvm_ioctl(vm, KVM_IOEVENTFD, &a);
}

static void test_rules(int vm)
{
	int efd = eventfd(0, EFD_NONBLOCK), other = eventfd(0, 0);
	const uint32_t dm = KVM_IOEVENTFD_FLAG_DATAMATCH;

	FAILS(ioeventfd(vm, 0x1000, 3, efd, 0, 0), EINVAL);
	FAILS(ioeventfd(vm, ~0ULL - 1, 4, efd, 0, 0), EINVAL);
	FAILS(ioeventfd(vm, 0x1000, 4, efd, 1U << 5, 0), EINVAL);
	FAILS(ioeventfd(vm, 0x1000, 0, efd, dm, 0), EINVAL);
	FAILS(ioeventfd(vm, 0x1000, 4, 9999, 0, 0), EBADF);
	FAILS(ioeventfd(vm, 0x1000, 4, STDIN_FILENO, 0, 0), EINVAL);
	EXPECT(ioeventfd(vm, 0x1000, 4, efd, dm, 1) == 0);
	EXPECT(ioeventfd(vm, 0x1000, 4, efd, dm, 2) == 0);
	FAILS(ioeventfd(vm, 0x1000, 4, other, dm, 2), EEXIST);
	FAILS(ioeventfd(vm, 0x1000, 4, other, 0, 0), EEXIST);
	FAILS(ioeventfd(vm, 0x1000, 0, other, 0, 0), EEXIST);
	EXPECT(ioeventfd(vm, 0x1000, 2, other, 0, 0) == 0);
	EXPECT(ioeventfd(vm, 0x1000, 4, other, KVM_IOEVENTFD_FLAG_PIO, 0) ==
	       0);
	/* Deassign names the same eventfd, address, length and match. */
	FAILS(ioeventfd(vm, 0x1000, 4, other,
			dm | KVM_IOEVENTFD_FLAG_DEASSIGN, 1), ENOENT);
	FAILS(ioeventfd(vm, 0x1000, 4, efd,
			dm | KVM_IOEVENTFD_FLAG_DEASSIGN, 3), ENOENT);
	EXPECT(ioeventfd(vm, 0x1000, 4, efd,
			 dm | KVM_IOEVENTFD_FLAG_DEASSIGN, 1) == 0);
	FAILS(ioeventfd(vm, 0x1000, 4, efd,
			dm | KVM_IOEVENTFD_FLAG_DEASSIGN, 1), ENOENT);
	close(efd);
	close(other);
}

/* 1 if the store signalled (no exit), 0 if it exited as MMIO. */
static int run_store(int vcpu, struct kvm_run *run, int efd)
{
	uint64_t count = 0;

	if (kvm_ioctl(vcpu, KVM_RUN, 0) != 0)
		return -1;
	if (run->exit_reason == KVM_EXIT_MMIO &&
	    run->mmio.phys_addr == DOORBELL + 4)
		return read(efd, &count, 8) == 8 && count == 1;
	return 0;
}

int main(void)
{
	const uint32_t code[] = {
		lu12i_w(R_T0, DOORBELL >> 12), /* lu12i.w t0 */
		ORI(R_T1, R_ZERO, 7),          /* ori t1, $zero, 7 */
		ST_W(R_T1, R_T0, 0),           /* st.w t1, t0, 0 */
		ST_W(R_ZERO, R_T0, 4),         /* st.w $zero, t0, 4 */
	};
	int efd = eventfd(0, EFD_NONBLOCK), wired;
	struct vm1 t;

	vm1_create(&t, code, sizeof(code) / sizeof(code[0]));
	test_rules(t.vm.fd);
	EXPECT(ioeventfd(t.vm.fd, DOORBELL, 4, efd,
			 KVM_IOEVENTFD_FLAG_DATAMATCH, 7) == 0);
	EXPECT(ioeventfd(t.vm.fd, DOORBELL + 4, 4, efd,
			 KVM_IOEVENTFD_FLAG_DATAMATCH, 8) == 0);
	wired = run_store(t.vcpu.fd, t.vcpu.run, efd);
	vm1_destroy(&t);
	close(efd);
	if (failures) {
		fprintf(stderr, "test_kvm_ioeventfd: %d failures\n", failures);
		return 1;
	}
	if (wired == 0) {
		printf("hv/exit.c does not call hv_ioeventfd_signal yet\n");
		return 77;
	}
	EXPECT(wired == 1);
	printf("test_kvm_ioeventfd: %s\n", failures ? "failed" : "passed");
	return failures != 0;
}
