/* SPDX-License-Identifier: MIT */
/*
 * VM-level KVM API checks in the spirit of Linux's KVM selftests
 * (set_memory_region_test.c, dirty_log_test.c): capabilities, memslot
 * creation, flag changes, moves and deletes with Linux 6.12's errors,
 * read-only slots whose writes exit as MMIO, the dirty log after guest
 * writes, the VM feature attributes, and the VM outliving its handle.
 */
#include "kvm_util.h"

static int set_slot(int vm, uint32_t slot, uint32_t flags, uint64_t gpa,
		    uint64_t size, void *host)
{
	struct kvm_userspace_memory_region r = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};

	return kvm_ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r);
}

/* What kvm/vm.c and kvm_main.c answer for LoongArch in Linux 6.12. */
static void test_check_extension(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	static const long one[] = {
		KVM_CAP_ONE_REG, KVM_CAP_ENABLE_CAP, KVM_CAP_READONLY_MEM,
		KVM_CAP_SYNC_MMU, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_IOEVENTFD,
		KVM_CAP_MP_STATE, KVM_CAP_SET_GUEST_DEBUG, KVM_CAP_USER_MEMORY,
		KVM_CAP_USER_MEMORY2, KVM_CAP_IOEVENTFD_ANY_LENGTH,
		KVM_CAP_CHECK_EXTENSION_VM, KVM_CAP_ENABLE_CAP_VM,
		KVM_CAP_HALT_POLL, KVM_CAP_DEVICE_CTRL,
		KVM_CAP_DESTROY_MEMORY_REGION_WORKS,
		KVM_CAP_JOIN_MEMORY_REGIONS_WORKS,
		KVM_CAP_INTERNAL_ERROR_DATA, KVM_CAP_SYSTEM_EVENT_DATA,
		KVM_CAP_BINARY_STATS_FD,
	};
	size_t i;

	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		EXPECT(kvm_ioctl(kvm, KVM_CHECK_EXTENSION, one[i]) == 1);
		EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, one[i]) == 1);
	}
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS) == 256);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPU_ID) == 256);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_NR_MEMSLOTS) ==
	       32767);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION,
			 KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) == 3);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS) >= 1);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_IRQFD) == 0);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_GUEST_MEMFD) == 0);
	EXPECT(kvm_ioctl(vm, KVM_CHECK_EXTENSION, 99999) == 0);
	EXPECT(kvm_ioctl(kvm, KVM_GET_API_VERSION, 0) == 12);
	/* kvm_arch_init_vm ignores the VM type on LoongArch. */
	EXPECT(kvm_close(kvm_ioctl(kvm, KVM_CREATE_VM, 1)) == 0);
	kvm_close(vm);
	kvm_close(kvm);
}

/* __kvm_set_memory_region's rules, with the errno of each. */
static void test_memslots(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	uint8_t *mem = host_pages(0x20000);
	struct kvm_userspace_memory_region2 r2 = { 0 };

	EXPECT(set_slot(vm, 0, 0, 0x100000, 0x10000, mem) == 0);
	/* Same again: nothing to change. */
	EXPECT(set_slot(vm, 0, 0, 0x100000, 0x10000, mem) == 0);
	/* Overlap with another slot, at either end. */
	FAILS(set_slot(vm, 1, 0, 0x10f000, 0x2000, mem + 0x10000), EEXIST);
	FAILS(set_slot(vm, 1, 0, 0x0ff000, 0x2000, mem + 0x10000), EEXIST);
	EXPECT(set_slot(vm, 1, 0, 0x110000, 0x1000, mem + 0x10000) == 0);
	/* Flags only: start and stop dirty logging. */
	EXPECT(set_slot(vm, 0, KVM_MEM_LOG_DIRTY_PAGES, 0x100000, 0x10000,
			mem) == 0);
	EXPECT(set_slot(vm, 0, 0, 0x100000, 0x10000, mem) == 0);
	/* READONLY, size and host address are fixed; the GPA may move. */
	FAILS(set_slot(vm, 0, KVM_MEM_READONLY, 0x100000, 0x10000, mem),
	      EINVAL);
	FAILS(set_slot(vm, 0, 0, 0x100000, 0x8000, mem), EINVAL);
	FAILS(set_slot(vm, 0, 0, 0x100000, 0x10000, mem + 0x1000), EINVAL);
	FAILS(set_slot(vm, 0, 0, 0x108000, 0x10000, mem), EEXIST);
	EXPECT(set_slot(vm, 0, 0, 0x200000, 0x10000, mem) == 0);
	/* Alignment, flags, slot ids, wrap-around, range. */
	FAILS(set_slot(vm, 2, 0, 0x300800, 0x1000, mem), EINVAL);
	FAILS(set_slot(vm, 2, 0, 0x300000, 0x1800, mem), EINVAL);
	FAILS(set_slot(vm, 2, 0, 0x300000, 0x1000, mem + 8), EINVAL);
	FAILS(set_slot(vm, 2, 1U << 2, 0x300000, 0x1000, mem), EINVAL);
	FAILS(set_slot(vm, 32767, 0, 0x300000, 0x1000, mem), EINVAL);
	FAILS(set_slot(vm, 1U << 16 | 2, 0, 0x300000, 0x1000, mem), EINVAL);
	FAILS(set_slot(vm, 2, 0, ~0xfffULL, 0x2000, mem), EINVAL);
	FAILS(set_slot(vm, 2, 0, 1ULL << 47, 0x1000, mem), ENOMEM);
	FAILS(set_slot(vm, 2, 0, (1ULL << 47) - 0x1000, 0x2000, mem), ENOMEM);
	FAILS(set_slot(vm, 2, 0, 0x300000, 0x1000, (void *)(1ULL << 50)),
	      EINVAL);
	EXPECT(set_slot(vm, 32766, 0, (1ULL << 47) - 0x1000, 0x1000, mem) == 0);
	/* Delete, then delete again. */
	EXPECT(set_slot(vm, 32766, 0, 0, 0, NULL) == 0);
	FAILS(set_slot(vm, 32766, 0, 0, 0, NULL), EINVAL);
	/* KVM_SET_USER_MEMORY_REGION2 takes the same path. */
	r2.slot = 3;
	r2.guest_phys_addr = 0x400000;
	r2.memory_size = 0x1000;
	r2.userspace_addr = (uint64_t)(uintptr_t)mem;
	EXPECT(kvm_ioctl(vm, KVM_SET_USER_MEMORY_REGION2, &r2) == 0);
	r2.flags = KVM_MEM_GUEST_MEMFD;
	FAILS(kvm_ioctl(vm, KVM_SET_USER_MEMORY_REGION2, &r2), EINVAL);
	kvm_close(vm);
	kvm_close(kvm);
	munmap(mem, 0x20000);
}

/* A guest store to a read-only slot exits as MMIO; loads read it. */
static void test_readonly_slot(void)
{
	const uint32_t code[] = {
		lu12i_w(12, 0x300), /* t0 = 0x300000 */
		LD_W(14, 12, 0),
		lu12i_w(13, 0x12345),
		ORI(13, 13, 0x678),
		ST_W(13, 12, 4),
	};
	uint8_t *rom = host_pages(0x1000);
	struct kvm_regs regs;
	struct vm1 t;
	uint32_t data, zero = 0;

	vm1_create(&t, code, 5);
	memcpy(rom, "\x11\x22\x33\x44", 4);
	EXPECT(set_slot(t.vm.fd, 1, KVM_MEM_READONLY, 0x300000, 0x1000, rom) ==
	       0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t.vcpu.run->mmio.phys_addr == 0x300004 &&
	       t.vcpu.run->mmio.is_write);
	EXPECT(t.vcpu.run->mmio.len == 4);
	memcpy(&data, t.vcpu.run->mmio.data, 4);
	EXPECT(data == 0x12345678);
	EXPECT(memcmp(rom + 4, &zero, 4) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0);
	EXPECT(regs.gpr[14] == 0x44332211);
	vm1_destroy(&t);
	munmap(rom, 0x1000);
}

/* The MMIO exit of the next KVM_RUN: its address, direction and data. */
static uint32_t run_mmio(struct vm1 *t, uint64_t gpa, bool write)
{
	uint32_t data = 0;

	EXPECT(kvm_ioctl(t->vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t->vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(t->vcpu.run->mmio.phys_addr == gpa);
	EXPECT(t->vcpu.run->mmio.is_write == write);
	memcpy(&data, t->vcpu.run->mmio.data, 4);
	return data;
}

/*
 * A page is MMIO, then RAM once a slot covers it, then MMIO again when
 * the slot goes; after a store to a read-only slot exits, loads from
 * the same page still read its RAM (the CPU remembers unbacked pages).
 */
static void test_slot_appears(void)
{
	const uint32_t code[] = {
	    lu12i_w(12, 0x300), /* t0 = 0x300000 */
	    lu12i_w(13, MMIO_GPA >> 12),
	    LD_W(14, 12, 0), /* no slot: MMIO */
	    LD_W(15, 12, 0), /* slot 1 added: RAM */
	    ST_W(15, 13, 0), /* shows it */
	    LD_W(16, 12, 0), /* slot 1 gone: MMIO */
	    ST_W(16, 12, 4), /* read-only slot 2: MMIO */
	    LD_W(17, 12, 0), /* but loads read it */
	    ST_W(17, 13, 0), /* shows it */
	};
	uint8_t *mem = host_pages(0x1000), *rom = host_pages(0x1000);
	struct vm1 t;

	vm1_create(&t, code, sizeof(code) / 4);
	memcpy(mem, "\x11\x22\x33\x44", 4);
	memcpy(rom, "\x55\x66\x77\x88", 4);
	run_mmio(&t, 0x300000, false);
	EXPECT(set_slot(t.vm.fd, 1, 0, 0x300000, 0x1000, mem) == 0);
	EXPECT(run_mmio(&t, MMIO_GPA, true) == 0x44332211);
	EXPECT(set_slot(t.vm.fd, 1, 0, 0, 0, NULL) == 0);
	run_mmio(&t, 0x300000, false);
	EXPECT(set_slot(t.vm.fd, 2, KVM_MEM_READONLY, 0x300000, 0x1000, rom) ==
	       0);
	run_mmio(&t, 0x300004, true);
	EXPECT(run_mmio(&t, MMIO_GPA, true) == 0x88776655);
	vm1_destroy(&t);
	munmap(mem, 0x1000);
	munmap(rom, 0x1000);
}

static uint64_t dirty_bits(int vm, uint32_t slot)
{
	uint64_t bitmap[2] = { ~0ULL, ~0ULL };
	struct kvm_dirty_log log = { .slot = slot, .dirty_bitmap = bitmap };

	EXPECT(kvm_ioctl(vm, KVM_GET_DIRTY_LOG, &log) == 0);
	EXPECT(bitmap[1] == ~0ULL); /* 16 pages: one word written */
	return bitmap[0];
}

/*
 * dirty_log_test in small: pages 0 and 3 written, a get returns and
 * clears them, then pages 0 and 5 written are logged again.
 */
static void test_dirty_log(void)
{
	const uint32_t code[] = {
		lu12i_w(12, 0x200), ST_W(0, 12, 0),
		lu12i_w(12, 0x203), ST_W(0, 12, 8),
		lu12i_w(12, MMIO_GPA >> 12), ST_W(0, 12, 0),
		lu12i_w(12, 0x200), ST_W(0, 12, 4),
		lu12i_w(12, 0x205), ST_W(0, 12, 0),
		lu12i_w(12, MMIO_GPA >> 12), ST_W(0, 12, 0),
	};
	uint8_t *mem = host_pages(0x10000);
	struct kvm_dirty_log log = { .slot = 0 };
	struct vm1 t;

	vm1_create(&t, code, sizeof(code) / 4);
	log.dirty_bitmap = &log;
	FAILS(kvm_ioctl(t.vm.fd, KVM_GET_DIRTY_LOG, &log), ENOENT);
	log.slot = 7;
	FAILS(kvm_ioctl(t.vm.fd, KVM_GET_DIRTY_LOG, &log), ENOENT);
	EXPECT(set_slot(t.vm.fd, 1, KVM_MEM_LOG_DIRTY_PAGES, 0x200000, 0x10000,
			mem) == 0);
	EXPECT(dirty_bits(t.vm.fd, 1) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(dirty_bits(t.vm.fd, 1) == (1ULL << 0 | 1ULL << 3));
	EXPECT(dirty_bits(t.vm.fd, 1) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(dirty_bits(t.vm.fd, 1) == (1ULL << 0 | 1ULL << 5));
	log.slot = 1;
	log.dirty_bitmap = NULL;
	FAILS(kvm_ioctl(t.vm.fd, KVM_GET_DIRTY_LOG, &log), EFAULT);
	vm1_destroy(&t);
	munmap(mem, 0x10000);
}

/* KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: gets keep bits, clears drop them. */
static void test_manual_protect(void)
{
	struct kvm_enable_cap cap = { .cap = KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 };
	uint64_t bits = 0, mask = 1ULL << 2;
	struct kvm_clear_dirty_log clear = {
		.slot = 1, .num_pages = 16, .dirty_bitmap = &mask,
	};
	uint8_t *mem = host_pages(0x10000);
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	struct kvm_dirty_log log = { .slot = 1, .dirty_bitmap = &bits };

	cap.args[0] = 4;
	FAILS(kvm_ioctl(vm, KVM_ENABLE_CAP, &cap), EINVAL);
	cap.args[0] = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE |
		      KVM_DIRTY_LOG_INITIALLY_SET;
	EXPECT(kvm_ioctl(vm, KVM_ENABLE_CAP, &cap) == 0);
	EXPECT(set_slot(vm, 1, KVM_MEM_LOG_DIRTY_PAGES, 0, 0x10000, mem) == 0);
	EXPECT(kvm_ioctl(vm, KVM_GET_DIRTY_LOG, &log) == 0 && bits == 0xffff);
	EXPECT(kvm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clear) == 0);
	EXPECT(kvm_ioctl(vm, KVM_GET_DIRTY_LOG, &log) == 0 && bits == 0xfffb);
	clear.first_page = 1;
	FAILS(kvm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clear), EINVAL);
	clear.first_page = 0;
	clear.num_pages = 17;
	FAILS(kvm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clear), EINVAL);
	clear.slot = 2;
	FAILS(kvm_ioctl(vm, KVM_CLEAR_DIRTY_LOG, &clear), ENOENT);
	cap.cap = KVM_CAP_HALT_POLL;
	cap.args[0] = 1ULL << 32;
	FAILS(kvm_ioctl(vm, KVM_ENABLE_CAP, &cap), EINVAL);
	cap.args[0] = 1000;
	EXPECT(kvm_ioctl(vm, KVM_ENABLE_CAP, &cap) == 0);
	cap.cap = KVM_CAP_ONE_REG;
	FAILS(kvm_ioctl(vm, KVM_ENABLE_CAP, &cap), EINVAL);
	kvm_close(vm);
	kvm_close(kvm);
	munmap(mem, 0x10000);
}

/* kvm/vm.c kvm_vm_has_attr: only PV IPI and steal time on loongvm. */
static void test_vm_attrs(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	struct kvm_device_attr a = { .group = KVM_LOONGARCH_VM_FEAT_CTRL };
	uint64_t f;

	for (f = KVM_LOONGARCH_VM_FEAT_LSX; f <= 8; f++) {
		a.attr = f;
		if (f == KVM_LOONGARCH_VM_FEAT_PV_IPI ||
		    f == KVM_LOONGARCH_VM_FEAT_PV_STEALTIME)
			EXPECT(kvm_ioctl(vm, KVM_HAS_DEVICE_ATTR, &a) == 0);
		else
			FAILS(kvm_ioctl(vm, KVM_HAS_DEVICE_ATTR, &a), ENXIO);
	}
	a.group = 1;
	a.attr = KVM_LOONGARCH_VM_FEAT_PV_IPI;
	FAILS(kvm_ioctl(vm, KVM_HAS_DEVICE_ATTR, &a), ENXIO);
	FAILS(kvm_ioctl(vm, KVM_GET_DEVICE_ATTR, &a), ENOTTY);
	kvm_close(vm);
	kvm_close(kvm);
}

/* A VM lives while a vCPU handle does (kvm_get_kvm per vCPU). */
static void test_lifetime(void)
{
	int kvm = kvm_open(), vm = kvm_ioctl(kvm, KVM_CREATE_VM, 0);
	int vcpu = kvm_ioctl(vm, KVM_CREATE_VCPU, 3);
	struct kvm_regs regs = { .pc = 0x1234 };

	EXPECT(vcpu >= 0);
	FAILS(kvm_ioctl(vm, KVM_CREATE_VCPU, 3), EEXIST);
	FAILS(kvm_ioctl(vm, KVM_CREATE_VCPU, 256), EINVAL);
	EXPECT(kvm_close(vm) == 0);
	FAILS(kvm_ioctl(vm, KVM_CREATE_VCPU, 4), EBADF);
	FAILS(kvm_close(vm), EBADF);
	EXPECT(kvm_ioctl(vcpu, KVM_SET_REGS, &regs) == 0);
	regs.pc = 0;
	EXPECT(kvm_ioctl(vcpu, KVM_GET_REGS, &regs) == 0 && regs.pc == 0x1234);
	EXPECT(kvm_close(vcpu) == 0);
	FAILS(kvm_ioctl(vcpu, KVM_GET_REGS, &regs), EBADF);
	EXPECT(kvm_close(kvm) == 0);
}

int main(void)
{
	test_check_extension();
	test_memslots();
	test_readonly_slot();
	test_slot_appears();
	test_dirty_log();
	test_manual_protect();
	test_vm_attrs();
	test_lifetime();
	return finish("test_kvm_vm");
}
