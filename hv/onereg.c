/* SPDX-License-Identifier: MIT */
/*
 * KVM_GET/SET_ONE_REG, as arch/loongarch/kvm/vcpu.c kvm_get_reg,
 * kvm_set_reg and their helpers do it: only 64-bit ids; the CSR group
 * (_kvm_getcsr/_kvm_setcsr), the CPUCFG group validated against the
 * supported masks (_kvm_get_cpucfg_mask, kvm_check_cpucfg), the KVM group
 * (COUNTER, VCPU_RESET, DEBUG_INST) and the LBT group, which a guest
 * without LBT refuses with -ENXIO. GPR and FPSIMD ids are -EINVAL.
 */
#include <errno.h>

#include "hv.h"

#define GENMASK(h, l) (((~0ULL) >> (63 - (h))) & ~((1ULL << (l)) - 1))

#define CPUCFG2_FP (1ULL << 0)
#define CPUCFG2_FPSP (1ULL << 1)
#define CPUCFG2_FPDP (1ULL << 2)
#define CPUCFG2_FPVERS GENMASK(5, 3)
#define CPUCFG2_LLFTP (1ULL << 14)
#define CPUCFG2_LLFTPREV GENMASK(17, 15)
#define CPUCFG2_LSPW (1ULL << 21)
#define CPUCFG2_LAM (1ULL << 22)

/* asm/inst.h INSN_HVCL | asm/kvm_para.h KVM_HCALL_SWDBG (hvcl 0x101). */
#define DEBUG_INST (0x002b8000ULL | 0x101)

static unsigned int reg_index(uint64_t id)
{
	return (unsigned int)(id & KVM_CSR_IDX_MASK) >> LOONGARCH_REG_SHIFT;
}

/*
 * _kvm_get_cpucfg_mask for loongvm's LA464 model, whose host features
 * are fixed: no LSX, LASX, LBT or PMU, so CPUCFG2 offers only the
 * unconditional bits and CPUCFG6 is 0.
 */
int hv_cpucfg_mask(uint64_t id, uint64_t *mask)
{
	if (id >= HV_MAX_CPUCFG)
		return -EINVAL;
	switch (id) {
	case 0:
	case 4:
	case 5:
		*mask = GENMASK(31, 0);
		break;
	case 1:
		*mask = GENMASK(25, 0); /* no CPUCFG1_MSGINT */
		break;
	case 2:
		*mask = CPUCFG2_FP | CPUCFG2_FPSP | CPUCFG2_FPDP |
			CPUCFG2_FPVERS | CPUCFG2_LLFTP | CPUCFG2_LLFTPREV |
			CPUCFG2_LSPW | CPUCFG2_LAM;
		break;
	case 3:
	case 16:
		*mask = GENMASK(16, 0);
		break;
	case 17:
	case 18:
	case 19:
	case 20:
		*mask = GENMASK(30, 0);
		break;
	default:
		*mask = 0;
		break;
	}
	return 0;
}

/* kvm_check_cpucfg */
static int check_cpucfg(unsigned int id, uint64_t val)
{
	uint64_t mask;
	int r = hv_cpucfg_mask(id, &mask);

	if (r)
		return r;
	if (val & ~mask)
		return -EINVAL;
	if (id != 2)
		return 0;
	if (!(val & CPUCFG2_LLFTP))
		return -EINVAL; /* the guest needs the constant timer */
	if ((val & CPUCFG2_FP) &&
	    (!(val & CPUCFG2_FPSP) || !(val & CPUCFG2_FPDP)))
		return -EINVAL;
	return 0;
}

static int csr_get(struct hv_vcpu *v, unsigned int n, uint64_t *val)
{
	if (la64_csr_is_hw(n))
		*val = la64_csr_read(&v->cpu, n);
	else if (n < HV_CSR_MAX)
		*val = v->sw_csr[n];
	else
		return -EINVAL; /* INVALID_GCSR beyond CSR_MAX_NUMS */
	return 0;
}

/*
 * _kvm_setcsr: a hardware CSR is restored whole (ESTAT splits into the
 * lines and the rest), CPUID goes through kvm_set_cpuid, any other
 * number below CSR_MAX_NUMS is the software array.
 */
static int csr_set(struct hv_vcpu *v, unsigned int n, uint64_t val)
{
	if (n == LA_CSR_CPUID)
		return hv_vcpu_set_cpuid(v, val);
	if (la64_csr_is_hw(n))
		la64_csr_restore(&v->cpu, n, val);
	else if (n < HV_CSR_MAX)
		v->sw_csr[n] = val;
	else
		return -EINVAL;
	return 0;
}

static int kvm_group_get(struct hv_vcpu *v, uint64_t id, uint64_t *val)
{
	switch (id) {
	case KVM_REG_LOONGARCH_COUNTER:
		*val = la64_cpu_counter(&v->cpu);
		return 0;
	case KVM_REG_LOONGARCH_DEBUG_INST:
		*val = DEBUG_INST;
		return 0;
	default:
		return -EINVAL;
	}
}

/*
 * VCPU_RESET: Linux drops the steal-time area and the pending interrupts
 * and clears ESTAT; loongvm also resets the rest of the architectural
 * state (the board reboots through it), keeping the CPUID that
 * kvm_set_cpuid fixed, and drops a system event the vCPU has not reported
 * (a parked secondary must not see the reset that brought it back).
 */
static void vcpu_reset(struct hv_vcpu *v)
{
	uint64_t cpuid = v->cpu.csr.cpuid;

	la64_cpu_reset(&v->cpu);
	v->cpu.csr.cpuid = cpuid;
	v->pending.active = false;
	v->st.guest_addr = 0;
	atomic_store(&v->irq_queued, 0);
	atomic_store(&v->irq_cleared, 0);
	atomic_store(&v->sysev, 0);
}

static int kvm_group_set(struct hv_vcpu *v, uint64_t id, uint64_t val)
{
	switch (id) {
	case KVM_REG_LOONGARCH_COUNTER:
		/* The offset is the board's: only vCPU 0 sets it. */
		if (v->id == 0)
			atomic_store(&v->vm->sys.counter_offset,
				     (int64_t)(val - la64_host_counter()));
		return 0;
	case KVM_REG_LOONGARCH_VCPU_RESET:
		vcpu_reset(v);
		return 0;
	default:
		return -EINVAL;
	}
}

static int get_one(struct hv_vcpu *v, uint64_t id, uint64_t *val)
{
	unsigned int idx = reg_index(id);

	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		return csr_get(v, idx, val);
	case KVM_REG_LOONGARCH_CPUCFG:
		if (idx >= HV_MAX_CPUCFG)
			return -EINVAL;
		*val = v->cpucfg[idx];
		return 0;
	case KVM_REG_LOONGARCH_LBT:
		return -ENXIO; /* !kvm_guest_has_lbt */
	case KVM_REG_LOONGARCH_KVM:
		return kvm_group_get(v, id, val);
	default:
		return -EINVAL;
	}
}

static int set_one(struct hv_vcpu *v, uint64_t id, uint64_t val)
{
	unsigned int idx = reg_index(id);
	int r;

	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		return csr_set(v, idx, val);
	case KVM_REG_LOONGARCH_CPUCFG:
		r = check_cpucfg(idx, val);
		if (r == 0)
			v->cpucfg[idx] = (uint32_t)val;
		return r;
	case KVM_REG_LOONGARCH_LBT:
		return -ENXIO;
	case KVM_REG_LOONGARCH_KVM:
		return kvm_group_set(v, id, val);
	default:
		return -EINVAL;
	}
}

int hv_vcpu_get_one_reg(struct hv_vcpu *v, const struct kvm_one_reg *reg)
{
	uint64_t val;
	int r;

	if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	r = get_one(v, reg->id, &val);
	if (r)
		return r;
	return hv_copy_to_user((void *)(uintptr_t)reg->addr, &val, sizeof(val));
}

int hv_vcpu_set_one_reg(struct hv_vcpu *v, const struct kvm_one_reg *reg)
{
	uint64_t val;
	int r;

	if ((reg->id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	r = hv_copy_from_user(&val, (const void *)(uintptr_t)reg->addr,
			      sizeof(val));
	if (r)
		return r;
	return set_one(v, reg->id, val);
}
