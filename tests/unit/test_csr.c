/* SPDX-License-Identifier: MIT */
/*
 * Hardware versus software-kept guest CSRs through the KVM API
 * (kvm/main.c kvm_init_gcsr_flag, kvm/vcpu.c _kvm_get/setcsr,
 * kvm/exit.c kvm_handle_csr): ONE_REG reaches both kinds; a guest csrrd of
 * a software CSR traps and the hypervisor answers from its copy, one of an
 * invalid CSR reads 0; ESTAT carries the interrupt lines; TVAL restores.
 */
#include "kvm_util.h"

static int get_csr(struct vm1 *t, unsigned int n, uint64_t *v)
{
	return get_reg(t->vcpu.fd, KVM_IOC_CSRID(n), v);
}

static int set_csr(struct vm1 *t, unsigned int n, uint64_t v)
{
	return set_reg(t->vcpu.fd, KVM_IOC_CSRID(n), v);
}

/*
 * The guest reads KS0 (HW), MERRSAVE 0x95 (SW) and KS8 0x38 (neither),
 * writes KS1 and MERRCTL 0x90, then leaves to userspace at an iocsrwr.w.
 */
static void test_hw_vs_sw(void)
{
	const uint32_t code[] = {
		CSRRD(12, 0x30), CSRRD(13, 0x95), CSRRD(14, 0x38),
		CSRWR(15, 0x31), CSRWR(16, 0x90),
		IOCSRWR(2, R_ZERO, R_ZERO), /* iocsrwr.w $zero, $zero */
	};
	struct vm1 t;
	struct kvm_regs regs;
	uint64_t v;

	vm1_create(&t, code, 6);
	EXPECT(set_csr(&t, 0x30, 0x1111) == 0);
	EXPECT(set_csr(&t, 0x95, 0x2222) == 0);
	EXPECT(set_csr(&t, 0x38, 0x3333) == 0); /* sw array, like KVM */
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0);
	regs.gpr[14] = 0xdead;
	regs.gpr[15] = 0x4444;
	regs.gpr[16] = 0x5555;
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_SET_REGS, &regs) == 0);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_RUN, 0) == 0);
	EXPECT(t.vcpu.run->exit_reason == KVM_EXIT_LOONGARCH_IOCSR);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_GET_REGS, &regs) == 0);
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
	vm1_destroy(&t);
}

/* ESTAT via ONE_REG: IS[9:2] and IPI are the lines, the rest ESTAT. */
static void test_estat_and_tval(void)
{
	const uint32_t code[] = { 0 };
	struct kvm_interrupt irq = { 3 }; /* HWI1 */
	struct vm1 t;
	uint64_t v;

	vm1_create(&t, code, 1);
	EXPECT(kvm_ioctl(t.vcpu.fd, KVM_INTERRUPT, &irq) == 0);
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
	vm1_destroy(&t);
}

int main(void)
{
	test_hw_vs_sw();
	test_estat_and_tval();
	return finish("test_csr");
}
