/* SPDX-License-Identifier: MIT */
/*
 * vCPU creation and register access (kvm/vcpu.c): KVM_GET/SET_REGS and
 * the ONE_REG groups for CSRs, CPUCFG and the KVM-specific registers.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hv.h"

struct hv_vcpu *hv_vcpu_create(struct hv_vm *vm, uint32_t id)
{
	struct hv_vcpu *v;

	if (id >= HV_MAX_VCPUS) {
		errno = EINVAL;
		return NULL;
	}
	pthread_mutex_lock(&vm->vcpus_lock);
	if (vm->vcpus[id]) {
		pthread_mutex_unlock(&vm->vcpus_lock);
		errno = EEXIST;
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v || la64_cpu_init(&v->cpu, &vm->sys, id)) {
		pthread_mutex_unlock(&vm->vcpus_lock);
		free(v);
		errno = ENOMEM;
		return NULL;
	}
	v->vm = vm;
	v->id = id;
	v->run_size = (size_t)sysconf(_SC_PAGESIZE) * 2;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->run == MAP_FAILED) {
		la64_cpu_destroy(&v->cpu);
		free(v);
		pthread_mutex_unlock(&vm->vcpus_lock);
		errno = ENOMEM;
		return NULL;
	}
	/* As kvm_arch_vcpu_create: CPUID is invalid until userspace sets it. */
	v->cpu.csr.cpuid = 0x100;
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->wake, NULL);
	vm->vcpus[id] = v;
	vm->nr_vcpus++;
	pthread_mutex_unlock(&vm->vcpus_lock);
	return v;
}

void hv_vcpu_destroy(struct hv_vcpu *v)
{
	munmap(v->run, v->run_size);
	la64_cpu_destroy(&v->cpu);
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->wake);
	free(v);
}

int hv_vcpu_get_regs(struct hv_vcpu *v, struct kvm_regs *regs)
{
	memcpy(regs->gpr, v->cpu.gpr, sizeof(regs->gpr));
	regs->gpr[0] = 0;
	regs->pc = v->cpu.pc;
	return 0;
}

int hv_vcpu_set_regs(struct hv_vcpu *v, const struct kvm_regs *regs)
{
	memcpy(v->cpu.gpr, regs->gpr, sizeof(regs->gpr));
	v->cpu.gpr[0] = 0;
	v->cpu.pc = regs->pc;
	return 0;
}

void hv_set_gpr(struct hv_vcpu *v, unsigned int reg, uint64_t val)
{
	if (reg != 0 && reg < 32)
		v->cpu.gpr[reg] = val;
}

static int csr_get(struct hv_vcpu *v, unsigned int n, uint64_t *val)
{
	if (la64_csr_is_hw(n)) {
		*val = la64_csr_read(&v->cpu, n);
		return 0;
	}
	if (n < HV_CSR_MAX) {
		*val = v->sw_csr[n];
		return 0;
	}
	return -EINVAL;
}

static int csr_set(struct hv_vcpu *v, unsigned int n, uint64_t val)
{
	if (la64_csr_is_hw(n)) {
		la64_csr_restore(&v->cpu, n, val);
		return 0;
	}
	if (n < HV_CSR_MAX) {
		v->sw_csr[n] = val;
		return 0;
	}
	return -EINVAL;
}

int hv_vcpu_get_one_reg(struct hv_vcpu *v, uint64_t id, uint64_t *val)
{
	unsigned int idx = (unsigned int)(id & KVM_CSR_IDX_MASK) >>
			   LOONGARCH_REG_SHIFT;

	if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		return csr_get(v, idx, val);
	case KVM_REG_LOONGARCH_CPUCFG:
		if (idx >= HV_MAX_CPUCFG)
			return -EINVAL;
		*val = v->cpucfg[idx];
		return 0;
	default:
		break;
	}
	if (id == KVM_REG_LOONGARCH_COUNTER) {
		*val = la64_cpu_counter(&v->cpu);
		return 0;
	}
	return -EINVAL;
}

int hv_vcpu_set_one_reg(struct hv_vcpu *v, uint64_t id, uint64_t val)
{
	unsigned int idx = (unsigned int)(id & KVM_CSR_IDX_MASK) >>
			   LOONGARCH_REG_SHIFT;

	if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
		return -EINVAL;
	switch (id & KVM_REG_LOONGARCH_MASK) {
	case KVM_REG_LOONGARCH_CSR:
		return csr_set(v, idx, val);
	case KVM_REG_LOONGARCH_CPUCFG:
		if (idx >= HV_MAX_CPUCFG || val > 0xffffffffULL)
			return -EINVAL;
		v->cpucfg[idx] = (uint32_t)val;
		return 0;
	default:
		break;
	}
	if (id == KVM_REG_LOONGARCH_VCPU_RESET) {
		la64_cpu_reset(&v->cpu);
		v->pending.active = false;
		return 0;
	}
	if (id == KVM_REG_LOONGARCH_COUNTER) {
		if (v->id == 0)
			atomic_store(&v->vm->sys.counter_offset,
				     (int64_t)(val - la64_host_counter()));
		return 0;
	}
	return -EINVAL;
}

int hv_vcpu_interrupt(struct hv_vcpu *v, int irq)
{
	int n = irq < 0 ? -irq : irq;

	if (irq == 0 || n >= LA_IRQ_COUNT)
		return -EINVAL;
	la64_cpu_set_irq(&v->cpu, (unsigned int)n, irq > 0);
	hv_vcpu_kick(v);
	return 0;
}

void hv_vcpu_kick(struct hv_vcpu *v)
{
	la64_cpu_kick(&v->cpu);
	pthread_mutex_lock(&v->lock);
	pthread_cond_broadcast(&v->wake);
	pthread_mutex_unlock(&v->lock);
}
