/* SPDX-License-Identifier: MIT */
/*
 * CPUCFG words of a Loongson 3A5000 (LA464), LoongArch Vol1 2.2.10. The
 * vector extensions (LSX, LASX) are not advertised, since the CPU model
 * does not implement them yet.
 */
#include "la464.h"
#include "loongvm/kvm.h"

#define BIT(n) (1U << (n))

static const uint32_t cpucfg[21] = {
	[0] = 0x0014c010, /* PRID: Loongson LA464 */
	/* ARCH=LA64, PGMMU, IOCSR, PALEN-1=47, VALEN-1=47, UAL, RI, EP,
	 * RPLV, HP, IOCSR_BRD */
	[1] = 2 | BIT(2) | BIT(3) | (47U << 4) | (47U << 12) | BIT(20) |
	      BIT(21) | BIT(22) | BIT(23) | BIT(24) | BIT(25),
	/* FP, FP_SP, FP_DP, FP_VER=1, LLFTP, LLFTP_VER=1, LSPW, LAM */
	[2] = BIT(0) | BIT(1) | BIT(2) | (1U << 3) | BIT(14) | (1U << 15) |
	      BIT(21) | BIT(22),
	/* CCDMA, SFB, UCACC, LLEXC, SCDLY, LLDBAR, ITLBHMC, ICHMC,
	 * SPW_LVL=4, SPW_HP_HF, RVA, RVAMAX-1=7 */
	[3] = BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) |
	      BIT(7) | (4U << 8) | BIT(11) | BIT(12) | (7U << 13),
	[4] = 100000000, /* the constant timer crystal: 100 MHz */
	[5] = 1 | (1U << 16), /* CC_MUL = 1, CC_DIV = 1 */
	/* L1IU_PRESENT, L1D_PRESENT, L2IU_PRESENT, L2IU_UNIFY, L2IU_PRIVATE,
	 * L3IU_PRESENT, L3IU_UNIFY, L3IU_INCLUSIVE: split L1, a private
	 * unified L2 and a shared inclusive L3 */
	[16] = BIT(0) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(10) |
	       BIT(11) | BIT(13),
	[17] = (4U - 1) | (8U << 16) | (6U << 24),   /* 4 ways, 256 sets, 64B */
	[18] = (4U - 1) | (8U << 16) | (6U << 24),
	[19] = (16U - 1) | (8U << 16) | (6U << 24),
	[20] = (16U - 1) | (14U << 16) | (6U << 24),
};

static int set_reg(int fd, uint64_t id, uint64_t val)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	return kvm_ioctl(fd, KVM_SET_ONE_REG, &reg);
}

int la464_configure(int vcpu_fd, uint32_t cpu_index)
{
	unsigned int i;

	for (i = 0; i < 21; i++)
		if (set_reg(vcpu_fd, KVM_IOC_CPUCFG(i), cpucfg[i]))
			return -1;
	return set_reg(vcpu_fd, KVM_IOC_CSRID(0x20), cpu_index);
}
