/* SPDX-License-Identifier: MIT */
/*
 * copy_from_user/copy_to_user for request arguments. KVM answers -EFAULT
 * when an ioctl's argument points at memory the caller cannot access
 * (virt/kvm/kvm_main.c, every copy_from_user). loongvm runs in the
 * caller's process, so a bad pointer would crash it instead; copying
 * through process_vm_readv/writev on our own pid turns the fault into
 * EFAULT. Where those calls are unavailable (seccomp, old kernels), a
 * NULL or first-page pointer is still refused and the rest is memcpy.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "hv.h"

/* Addresses below this are never mapped (vm.mmap_min_addr >= 4096). */
#define LOW_LIMIT 4096

static _Atomic int vm_copy_unusable;

static bool plainly_bad(const void *uptr, size_t len)
{
	uintptr_t a = (uintptr_t)uptr;

	return a < LOW_LIMIT || a + len < a;
}

/* 1 copied, 0 fault, -1 the syscall is not available. */
static int vm_copy(void *dst, const void *src, size_t len, bool to_user)
{
	struct iovec local = { to_user ? (void *)src : dst, len };
	struct iovec remote = { to_user ? dst : (void *)src, len };
	ssize_t n;

	if (atomic_load(&vm_copy_unusable))
		return -1;
	n = to_user ? process_vm_writev(getpid(), &local, 1, &remote, 1, 0) :
		      process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 1;
	if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
		atomic_store(&vm_copy_unusable, 1);
		return -1;
	}
	return 0;
}

static int copy(void *dst, const void *src, size_t len, bool to_user)
{
	const void *uptr = to_user ? dst : src;
	int r;

	if (len == 0)
		return 0;
	if (plainly_bad(uptr, len))
		return -EFAULT;
	r = vm_copy(dst, src, len, to_user);
	if (r == 0)
		return -EFAULT;
	if (r < 0)
		memcpy(dst, src, len);
	return 0;
}

int hv_copy_from_user(void *dst, const void *uptr, size_t len)
{
	return copy(dst, uptr, len, false);
}

int hv_copy_to_user(void *uptr, const void *src, size_t len)
{
	return copy(uptr, src, len, true);
}
