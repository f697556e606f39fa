/* SPDX-License-Identifier: MIT */
/*
 * KVM_SET_GUEST_DEBUG with KVM_GUESTDBG_SINGLESTEP: Linux 6.12 accepts the
 * flag on LoongArch without acting on it; loongvm implements it (for a
 * GDB stub): each KVM_RUN executes one instruction, including one the
 * hypervisor emulates (cpucfg) and a taken branch, and returns
 * KVM_EXIT_DEBUG; clearing the flag lets the guest run on. And loongvm's
 * breakpoints by pc (KVM_LOONGVM_SET_BREAKPOINTS): checked by the CPU
 * before the instruction runs, only while debugging is enabled.
 */
#include "kvm_util.h"

static void set_debug(struct vcpu *c, uint32_t control)
{
	struct kvm_guest_debug dbg = {.control = control};

	EXPECT(kvm_ioctl(c->fd, KVM_SET_GUEST_DEBUG, &dbg) == 0);
}

/* One KVM_RUN: a debug exit at want_pc. */
static void step(struct vcpu *c, uint64_t want_pc)
{
	EXPECT(kvm_ioctl(c->fd, KVM_RUN, 0) == 0);
	EXPECT(c->run->exit_reason == KVM_EXIT_DEBUG);
	EXPECT(get_regs(c).pc == want_pc);
}

static void test_single_step(void)
{
	uint32_t code[8];
	struct vm vm;
	struct vcpu c;

	code[0] = ADDI_D(R_T0, R_T0, 1);
	code[1] = ADDI_D(R_T0, R_T0, 2);
	code[2] = b_rel(8); /* over code[3] */
	code[3] = ADDI_D(R_T0, R_T0, 100);
	code[4] = CPUCFG(R_T1, R_ZERO); /* emulated by the hypervisor */
	code[5] = lu12i_w(R_T2, MMIO_GPA >> 12);
	code[6] = ST_W(R_T0, R_T2, 0);
	code[7] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 8);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	set_debug(&c, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
	step(&c, CODE_GPA + 4);
	EXPECT(get_regs(&c).gpr[R_T0] == 1);
	step(&c, CODE_GPA + 8);
	EXPECT(get_regs(&c).gpr[R_T0] == 3);
	step(&c, CODE_GPA + 16); /* the branch, taken */
	step(&c, CODE_GPA + 20); /* cpucfg */
	EXPECT(get_regs(&c).gpr[R_T0] == 3);
	/* Stepping off: the guest runs on to its MMIO store. */
	set_debug(&c, 0);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_MMIO);
	EXPECT(c.run->mmio.phys_addr == MMIO_GPA && c.run->mmio.is_write);
	vm_destroy(&vm);
}

/* ENABLE without SINGLESTEP, and bits outside the valid mask. */
static void test_flags(void)
{
	const uint32_t code[2] = {ADDI_D(R_T0, R_T0, 1), B_SELF};
	struct kvm_guest_debug dbg = {.control = 0x80000000u};
	struct vm vm;
	struct vcpu c;

	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 2);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	EXPECT(kvm_ioctl(c.fd, KVM_SET_GUEST_DEBUG, &dbg) == -1 &&
	       errno == EINVAL);
	/* SINGLESTEP without ENABLE does nothing: immediate_exit stops it. */
	set_debug(&c, KVM_GUESTDBG_SINGLESTEP);
	c.run->immediate_exit = 1;
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == -1 && errno == EINTR);
	c.run->immediate_exit = 0;
	set_debug(&c, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
	step(&c, CODE_GPA + 4);
	step(&c, CODE_GPA + 4); /* b . */
	vm_destroy(&vm);
}

static int set_bps(struct vcpu *c, uint32_t n, uint32_t flags,
		   const uint64_t *pc)
{
	struct kvm_loongvm_breakpoints bp = {.n = n, .flags = flags};

	if (pc)
		memcpy(bp.pc, pc, n * sizeof(*pc));
	return kvm_ioctl(c->fd, KVM_LOONGVM_SET_BREAKPOINTS, &bp);
}

static void test_breakpoints(void)
{
	const uint64_t at[2] = {CODE_GPA + 8, CODE_GPA + 0x100};
	uint32_t code[7];
	struct vm vm;
	struct vcpu c;

	code[0] = ADDI_D(R_T0, R_T0, 1);
	code[1] = ADDI_D(R_T0, R_T0, 1);
	code[2] = ADDI_D(R_T0, R_T0, 1); /* the breakpoint */
	code[3] = ADDI_D(R_T0, R_T0, 1);
	code[4] = lu12i_w(R_T2, MMIO_GPA >> 12);
	code[5] = ST_W(R_T0, R_T2, 0);
	code[6] = B_SELF;
	vm_create(&vm);
	vm_load(&vm, CODE_GPA, code, 7);
	vcpu_create(&vm, &c, 0, CODE_GPA);
	EXPECT(kvm_ioctl(vm.fd, KVM_CHECK_EXTENSION,
			 KVM_CAP_LOONGVM_BREAKPOINTS) ==
	       KVM_LOONGVM_MAX_BREAKPOINTS);
	EXPECT(set_bps(&c, KVM_LOONGVM_MAX_BREAKPOINTS + 1, 0, NULL) == -1 &&
	       errno == EINVAL);
	EXPECT(set_bps(&c, 1, 1, at) == -1 && errno == EINVAL);
	EXPECT(set_bps(&c, 2, 0, at) == 0);
	set_debug(&c, KVM_GUESTDBG_ENABLE);
	/* Stops before the instruction at the breakpoint, in mid-block. */
	step(&c, CODE_GPA + 8);
	EXPECT(get_regs(&c).gpr[R_T0] == 2);
	/* Started on it: reported again at once. */
	step(&c, CODE_GPA + 8);
	EXPECT(get_regs(&c).gpr[R_T0] == 2);
	/* Stepping off it with the breakpoints out, as GDB does. */
	EXPECT(set_bps(&c, 0, 0, NULL) == 0);
	set_debug(&c, KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP);
	step(&c, CODE_GPA + 12);
	EXPECT(get_regs(&c).gpr[R_T0] == 3);
	/* Breakpoints are ignored while debugging is off. */
	EXPECT(set_bps(&c, 2, 0, at) == 0);
	set_debug(&c, 0);
	EXPECT(kvm_ioctl(c.fd, KVM_RUN, 0) == 0);
	EXPECT(c.run->exit_reason == KVM_EXIT_MMIO);
	vm_destroy(&vm);
}

int main(void)
{
	test_single_step();
	test_flags();
	test_breakpoints();
	return finish("test_kvm_debug");
}
