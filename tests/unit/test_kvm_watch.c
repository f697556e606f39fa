/* SPDX-License-Identifier: MIT */
/*
 * loongvm's debugging extensions beyond breakpoints (include/loongvm/kvm.h):
 * watchpoints on guest virtual ranges stop the vCPU after a load, store or
 * read-modify-write touches them, KVM_LOONGVM_GET_DEBUG_STOP tells a step
 * from a breakpoint from a watchpoint, and KVM_LOONGVM_GUEST_WRITTEN makes
 * the CPU drop code it decoded from memory the VMM rewrote.
 */
#include "kvm_util.h"

#define DATA_GPA 0x8000U
#define AMADD_W(rd, rk, rj) (0x38610000U | (rk) << 10 | (rj) << 5 | (rd))

static void set_debug(struct vcpu *c, uint32_t control)
{
	struct kvm_guest_debug dbg = {.control = control};

	EXPECT(kvm_ioctl(c->fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
}

static int set_watch(struct vcpu *c, uint64_t addr, uint64_t len, uint32_t type)
{
	struct kvm_loongvm_watchpoints wp = {.n = 1};

	wp.wp[0].addr = addr;
	wp.wp[0].len = len;
	wp.wp[0].type = type;
	return kvm_ioctl(c->fd, KVM_LOONGVM_SET_WATCHPOINTS, &wp);
}

static struct kvm_loongvm_debug_stop debug_stop(struct vcpu *c)
{
	struct kvm_loongvm_debug_stop ds;

	memset(&ds, 0xff, sizeof(ds));
	EXPECT(kvm_ioctl(c->fd, KVM_LOONGVM_GET_DEBUG_STOP, &ds) == 0);
	return ds;
}

/* One KVM_RUN ending on a watchpoint hit by an access of type at addr. */
static void expect_watch(struct vcpu *c, uint64_t pc, uint32_t type,
			 uint64_t addr)
{
	struct kvm_loongvm_debug_stop ds;

	EXPECT(kvm_ioctl(c->fd, KVM_RUN, 0) == 0);
	EXPECT(c->run->exit_reason == KVM_EXIT_DEBUG);
	EXPECT(get_regs(c).pc == pc);
	ds = debug_stop(c);
	EXPECT(ds.reason == KVM_LOONGVM_STOP_WATCHPOINT);
	EXPECT(ds.index == 0 && ds.type == type && ds.addr == addr);
}

static void expect_mmio(struct vcpu *c)
{
	EXPECT(kvm_ioctl(c->fd, KVM_RUN, 0) == 0);
	EXPECT(c->run->exit_reason == KVM_EXIT_MMIO);
}

/*
 * The guest: a load of DATA, a store next to it, a store to it, an amadd
 * on it, then an MMIO store.
 */
static void watch_guest(struct vm *vm, struct vcpu *c)
{
	uint32_t code[10];

	code[0] = lu12i_w(R_T2, DATA_GPA >> 12);
	code[1] = ORI(R_T0, R_ZERO, 5);
	code[2] = LD_W(R_T1, R_T2, 0);
	code[3] = ST_W(R_T0, R_T2, 4);
	code[4] = ST_W(R_T0, R_T2, 0);
	code[5] = AMADD_W(R_T3, R_T0, R_T2);
	code[6] = lu12i_w(R_T2, MMIO_GPA >> 12);
	code[7] = ST_W(R_T0, R_T2, 0);
	code[8] = B_SELF;
	vm_create(vm);
	vm_load(vm, CODE_GPA, code, 9);
	memcpy(vm->ram + DATA_GPA, &(uint32_t){0x1234}, 4);
	vcpu_create(vm, c, 0, CODE_GPA);
	set_debug(c, KVM_GUESTDBG_ENABLE);
}

static void test_write_watch(void)
{
	struct vm vm;
	struct vcpu c;
	uint32_t v;

	watch_guest(&vm, &c);
	EXPECT(set_watch(&c, DATA_GPA, 4, KVM_LOONGVM_WATCH_WRITE) == 0);
	/* The store has completed and pc is on the next instruction. */
	expect_watch(&c, CODE_GPA + 20, KVM_LOONGVM_WATCH_WRITE, DATA_GPA);
	memcpy(&v, vm.ram + DATA_GPA, 4);
	EXPECT(v == 5);
	expect_watch(&c, CODE_GPA + 24, KVM_LOONGVM_WATCH_WRITE, DATA_GPA);
	memcpy(&v, vm.ram + DATA_GPA, 4);
	EXPECT(v == 10 && get_regs(&c).gpr[R_T3] == 5);
	expect_mmio(&c);
	vm_destroy(&vm);
}

static void test_read_and_access_watch(void)
{
	struct vm vm;
	struct vcpu c;

	watch_guest(&vm, &c);
	EXPECT(set_watch(&c, DATA_GPA + 2, 1, KVM_LOONGVM_WATCH_READ) == 0);
	expect_watch(&c, CODE_GPA + 12, KVM_LOONGVM_WATCH_READ, DATA_GPA);
	EXPECT(get_regs(&c).gpr[R_T1] == 0x1234);
	/* amadd reads too; the plain stores do not stop a read watch. */
	expect_watch(&c, CODE_GPA + 24, KVM_LOONGVM_WATCH_READ, DATA_GPA);
	expect_mmio(&c);
	vm_destroy(&vm);

	watch_guest(&vm, &c);
	EXPECT(set_watch(&c, DATA_GPA + 4, 4, KVM_LOONGVM_WATCH_ACCESS) == 0);
	expect_watch(&c, CODE_GPA + 16, KVM_LOONGVM_WATCH_WRITE, DATA_GPA + 4);
	expect_mmio(&c);
	vm_destroy(&vm);
}

/* Watchpoints, like breakpoints, act only while debugging is enabled. */
static void test_watch_needs_debug(void)
{
	struct vm vm;
	struct vcpu c;

	watch_guest(&vm, &c);
	EXPECT(set_watch(&c, DATA_GPA, 8, KVM_LOONGVM_WATCH_ACCESS) == 0);
	set_debug(&c, 0);
	expect_mmio(&c);
	vm_destroy(&vm);
}

static void test_errors(void)
{
	struct kvm_loongvm_watchpoints wp = {.n = 5};
	struct vm vm;
	struct vcpu c;

	watch_guest(&vm, &c);
	EXPECT(kvm_ioctl(vm.fd, KVM_CHECK_EXTENSION,
			 KVM_CAP_LOONGVM_WATCHPOINTS) ==
	       KVM_LOONGVM_MAX_WATCHPOINTS);
	FAILS(set_watch(&c, DATA_GPA, 4, 0), EINVAL);
	FAILS(set_watch(&c, DATA_GPA, 4, 4), EINVAL);
	FAILS(set_watch(&c, DATA_GPA, 0, 1), EINVAL);
	FAILS(set_watch(&c, DATA_GPA, 4097, 1), EINVAL);
	FAILS(kvm_ioctl(c.fd, KVM_LOONGVM_SET_WATCHPOINTS, &wp), EINVAL);
	wp.n = 0;
	wp.flags = 1;
	FAILS(kvm_ioctl(c.fd, KVM_LOONGVM_SET_WATCHPOINTS, &wp), EINVAL);
	wp.flags = 0;
	wp.n = 1;
	wp.wp[0] = (struct kvm_loongvm_watchpoint){
	    .addr = DATA_GPA, .len = 4, .type = 1, .pad = 1};
	FAILS(kvm_ioctl(c.fd, KVM_LOONGVM_SET_WATCHPOINTS, &wp), EINVAL);
	FAILS(kvm_ioctl(c.fd, KVM_LOONGVM_SET_WATCHPOINTS, (void *)8), EFAULT);
	/* Nothing stopped yet. */
	EXPECT(debug_stop(&c).reason == KVM_LOONGVM_STOP_NONE);
	vm_destroy(&vm);
}

/* The reason for steps and breakpoints. */
static void test_stop_reasons(void)
{
	struct kvm_loongvm_breakpoints bp = {.n = 1, .pc = {CODE_GPA + 8}};
	struct vm vm;
	struct vcpu c;

	watch_guest(&vm, &c);
	EXPECT(kvm_ioctl(c.fd, KVM_LOONGVM_SET_BREAKPOINTS, &bp) == 0);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_DEBUG);
	EXPECT(debug_stop(&c).reason == KVM_LOONGVM_STOP_BREAKPOINT);
	set_debug(&c, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
	bp.n = 0;
	EXPECT(kvm_ioctl(c.fd, KVM_LOONGVM_SET_BREAKPOINTS, &bp) == 0);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(get_regs(&c).pc == CODE_GPA + 12);
	EXPECT(debug_stop(&c).reason == KVM_LOONGVM_STOP_STEP);
	vm_destroy(&vm);
}

static void set_pc(struct vcpu *c, uint64_t pc)
{
	struct kvm_regs r = get_regs(c);

	r.pc = pc;
	EXPECT(kvm_ioctl(c->fd, KVM_SET_REGS, &r) == 0);
}

static int written(struct vm *vm, uint64_t gpa, uint64_t len, uint32_t flags)
{
	struct kvm_loongvm_guest_written w = {
	    .gpa = gpa, .len = len, .flags = flags};

	return kvm_ioctl(vm->fd, KVM_LOONGVM_GUEST_WRITTEN, &w);
}

/* Code the VMM rewrites runs anew once the range is reported. */
static void test_guest_written(void)
{
	uint32_t code[4];
	struct vm vm;
	struct vcpu c;

	code[0] = ADDI_D(R_T0, R_T0, 1);
	code[1] = lu12i_w(R_T2, MMIO_GPA >> 12);
	code[2] = ST_W(R_T0, R_T2, 0);
	code[3] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 4);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	EXPECT(kvm_ioctl(vm.fd, KVM_CHECK_EXTENSION,
			 KVM_CAP_LOONGVM_GUEST_WRITTEN) == 1);
	expect_mmio(&c);
	EXPECT(c.run->mmio.phys_addr == MMIO_GPA);
	EXPECT(get_regs(&c).gpr[R_T0] == 1);
	code[0] = ADDI_D(R_T0, R_T0, 100);
	vm_load(&vm, CODE_GPA, code, 1);
	EXPECT(written(&vm, CODE_GPA + 2, 1, 0) == 0);
	set_pc(&c, CODE_GPA);
	expect_mmio(&c); /* completes the first store */
	EXPECT(get_regs(&c).gpr[R_T0] == 101);
	/* A huge or wrapping range is fine; flags must be 0. */
	EXPECT(written(&vm, ~0ULL - 10, 100, 0) == 0);
	EXPECT(written(&vm, 0, ~0ULL, 0) == 0);
	FAILS(written(&vm, 0, 4, 1), EINVAL);
	vm_destroy(&vm);
}

int main(void)
{
	test_write_watch();
	test_read_and_access_watch();
	test_watch_needs_debug();
	test_errors();
	test_stop_reasons();
	test_guest_written();
	return finish("test_kvm_watch");
}
