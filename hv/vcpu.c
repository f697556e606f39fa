/* SPDX-License-Identifier: MIT */
/*
 * The vCPU object and its whole-state requests, as arch/loongarch/kvm/
 * vcpu.c has them: creation (kvm_vm_ioctl_create_vcpu,
 * kvm_arch_vcpu_create), KVM_GET/SET_REGS, KVM_GET/SET_FPU,
 * KVM_GET/SET_MP_STATE, KVM_SET_GUEST_DEBUG, the CPUID map
 * (kvm_set_cpuid) and KVM_INTERRUPT (kvm_vcpu_ioctl_interrupt).
 * ONE_REG is in onereg.c, the device attributes in vcpu_attr.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hv.h"

/* FCSR0's defined bits: Enables, RM, Flags, Cause (Vol1 3.1.4). */
#define FCSR0_MASK 0x1f1f031fU
/* asm/kvm_host.h KVM_GUESTDBG_VALID_MASK. */
#define GUESTDBG_VALID \
	(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_SINGLESTEP)
/* asm/loongarch.h EXCCODE_INT_NUM: SWI0 .. AVEC (14). */
#define INT_NUM 15

static struct hv_vcpu *alloc_vcpu(struct hv_vm *vm, uint32_t id)
{
	struct hv_vcpu *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	if (la64_cpu_init(&v->cpu, &vm->sys, id)) {
		free(v);
		return NULL;
	}
	v->run_size = (size_t)sysconf(_SC_PAGESIZE) * 2;
	v->run = mmap(NULL, v->run_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v->run == MAP_FAILED) {
		la64_cpu_destroy(&v->cpu);
		free(v);
		return NULL;
	}
	v->vm = vm;
	v->id = id;
	/* kvm_arch_vcpu_create: CPUID is KVM_MAX_PHYID until userspace sets it.
	 */
	v->cpu.csr.cpuid = HV_MAX_PHYID;
	v->mp_state = KVM_MP_STATE_RUNNABLE;
	pthread_mutex_init(&v->lock, NULL);
	pthread_mutex_init(&v->ioctl_lock, NULL);
	return v;
}

/* kvm_vm_ioctl_create_vcpu; returns the vCPU or a negative errno. */
static int add_vcpu(struct hv_vm *vm, uint32_t id, struct hv_vcpu **out)
{
	struct hv_vcpu *v;

	pthread_mutex_lock(&vm->vcpus_lock);
	if (vm->nr_vcpus >= HV_MAX_VCPUS) {
		pthread_mutex_unlock(&vm->vcpus_lock);
		return -EINVAL; /* created_vcpus >= max_vcpus */
	}
	if (vm->vcpus[id]) {
		pthread_mutex_unlock(&vm->vcpus_lock);
		return -EEXIST;
	}
	v = alloc_vcpu(vm, id);
	if (v) {
		vm->vcpus[id] = v;
		vm->nr_vcpus++;
	}
	pthread_mutex_unlock(&vm->vcpus_lock);
	*out = v;
	return v ? 0 : -ENOMEM;
}

/* KVM_CREATE_VCPU: the new vCPU's handle, or a negative errno. */
int hv_vcpu_create_fd(struct hv_vm *vm, unsigned long id)
{
	struct hv_vcpu *v;
	int r;

	if (id >= HV_MAX_VCPUS)
		return -EINVAL; /* KVM_MAX_VCPU_IDS */
	r = add_vcpu(vm, (uint32_t)id, &v);
	if (r)
		return r;
	/* On failure the vCPU stays, as Linux keeps a created one. */
	return hv_new_vcpu_handle(v);
}

struct hv_vcpu *hv_vcpu_create(struct hv_vm *vm, uint32_t id)
{
	struct hv_vcpu *v = NULL;
	int r = id < HV_MAX_VCPUS ? add_vcpu(vm, id, &v) : -EINVAL;

	if (r)
		errno = -r;
	return v;
}

void hv_vcpu_destroy(struct hv_vcpu *v)
{
	hv_vcpu_stats_free(v);
	munmap(v->run, v->run_size);
	la64_cpu_destroy(&v->cpu);
	pthread_mutex_destroy(&v->lock);
	pthread_mutex_destroy(&v->ioctl_lock);
	free(v);
}

int hv_vcpu_get_regs(struct hv_vcpu *v, struct kvm_regs *regs)
{
	memcpy(regs->gpr, v->cpu.gpr, sizeof(regs->gpr));
	regs->gpr[0] = 0;
	regs->pc = v->cpu.pc;
	return 0;
}

/* kvm_arch_vcpu_ioctl_set_regs: $zero cannot be set. */
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

/*
 * kvm_arch_vcpu_ioctl_get_fpu: fcc packs the eight condition flags one
 * byte each (fcc0 in bits 7:0), as kvm_save_fpu stores them; fpr[] are
 * the whole 256-bit registers.
 */
int hv_vcpu_get_fpu(struct hv_vcpu *v, struct kvm_fpu *fpu)
{
	unsigned int i;

	memset(fpu, 0, sizeof(*fpu));
	fpu->fcsr = v->cpu.fcsr;
	for (i = 0; i < 8; i++)
		fpu->fcc |= (uint64_t)(v->cpu.fcc[i] & 1) << (8 * i);
	for (i = 0; i < 32; i++)
		memcpy(fpu->fpr[i].val64, v->cpu.fpr[i].d,
		       sizeof(fpu->fpr[i].val64));
	return 0;
}

/* kvm_arch_vcpu_ioctl_set_fpu; movgr2cf/movgr2fcsr keep defined bits. */
int hv_vcpu_set_fpu(struct hv_vcpu *v, const struct kvm_fpu *fpu)
{
	unsigned int i;

	v->cpu.fcsr = fpu->fcsr & FCSR0_MASK;
	for (i = 0; i < 8; i++)
		v->cpu.fcc[i] = (fpu->fcc >> (8 * i)) & 1;
	for (i = 0; i < 32; i++)
		memcpy(v->cpu.fpr[i].d, fpu->fpr[i].val64,
		       sizeof(fpu->fpr[i].val64));
	return 0;
}

/* kvm_arch_vcpu_ioctl_set_mpstate: only RUNNABLE. */
int hv_vcpu_set_mp_state(struct hv_vcpu *v, const struct kvm_mp_state *mp)
{
	if (mp->mp_state != KVM_MP_STATE_RUNNABLE)
		return -EINVAL;
	v->mp_state = mp->mp_state;
	return 0;
}

/*
 * What the CPU does for the debugger. SINGLESTEP is in Linux's valid mask
 * but does nothing on LoongArch 6.12; loongvm implements it (KVM_RUN
 * returns KVM_EXIT_DEBUG after each instruction or exception taken), and
 * its breakpoints by pc, both only while KVM_GUESTDBG_ENABLE is set.
 */
static void apply_debug(struct hv_vcpu *v)
{
	bool on = v->guest_debug & KVM_GUESTDBG_ENABLE;

	la64_cpu_set_single_step(
	    &v->cpu, (v->guest_debug & KVM_GUESTDBG_SINGLESTEP) != 0);
	la64_cpu_set_breakpoints(&v->cpu, v->bp, on ? v->nbp : 0);
	la64_cpu_set_watchpoints(&v->cpu, v->wp, on ? v->nwp : 0);
}

/* kvm_arch_vcpu_ioctl_set_guest_debug */
int hv_vcpu_set_guest_debug(struct hv_vcpu *v,
			    const struct kvm_guest_debug *dbg)
{
	if (dbg->control & ~(uint32_t)GUESTDBG_VALID)
		return -EINVAL;
	v->guest_debug =
	    (dbg->control & KVM_GUESTDBG_ENABLE) ? dbg->control : 0;
	apply_debug(v);
	return 0;
}

static bool watchpoint_valid(const struct kvm_loongvm_watchpoint *w)
{
	return w->type >= KVM_LOONGVM_WATCH_WRITE &&
	       w->type <= KVM_LOONGVM_WATCH_ACCESS && !w->pad && w->len &&
	       w->len <= 4096;
}

int hv_vcpu_set_watchpoints(struct hv_vcpu *v,
			    const struct kvm_loongvm_watchpoints *wp)
{
	uint32_t i;

	if (wp->flags || wp->n > KVM_LOONGVM_MAX_WATCHPOINTS)
		return -EINVAL;
	for (i = 0; i < wp->n; i++)
		if (!watchpoint_valid(&wp->wp[i]))
			return -EINVAL;
	/* KVM_LOONGVM_WATCH_* and LA_WATCH_* share their bits. */
	for (i = 0; i < wp->n; i++)
		v->wp[i] = (struct la64_watchpoint){ .addr = wp->wp[i].addr,
						     .len = wp->wp[i].len,
						     .type = wp->wp[i].type };
	v->nwp = wp->n;
	apply_debug(v);
	return 0;
}

int hv_vcpu_set_breakpoints(struct hv_vcpu *v,
			    const struct kvm_loongvm_breakpoints *bp)
{
	if (bp->flags || bp->n > KVM_LOONGVM_MAX_BREAKPOINTS)
		return -EINVAL;
	memcpy(v->bp, bp->pc, bp->n * sizeof(bp->pc[0]));
	v->nbp = bp->n;
	apply_debug(v);
	return 0;
}

/*
 * kvm_set_cpuid: a CPUID below KVM_MAX_PHYID, set once per vCPU (setting
 * the same value again is a no-op) and never shared by two vCPUs.
 */
int hv_vcpu_set_cpuid(struct hv_vcpu *v, uint64_t val)
{
	struct hv_vm *vm = v->vm;
	uint64_t cur = v->cpu.csr.cpuid;
	int r = 0;

	if (val >= HV_MAX_PHYID)
		return -EINVAL;
	pthread_mutex_lock(&vm->vcpus_lock);
	if (cur < HV_MAX_PHYID && vm->phyid_map[cur] == v)
		r = cur == val ? 0 : -EINVAL;
	else if (vm->phyid_map[val])
		r = vm->phyid_map[val] == v ? 0 : -EINVAL;
	else {
		la64_csr_restore(&v->cpu, LA_CSR_CPUID, val);
		vm->phyid_map[val] = v;
	}
	pthread_mutex_unlock(&vm->vcpus_lock);
	return r;
}

struct hv_vcpu *hv_vcpu_by_cpuid(struct hv_vm *vm, uint64_t cpuid)
{
	struct hv_vcpu *v;

	if (cpuid >= HV_MAX_PHYID)
		return NULL;
	pthread_mutex_lock(&vm->vcpus_lock);
	v = vm->phyid_map[cpuid];
	pthread_mutex_unlock(&vm->vcpus_lock);
	return v;
}

/*
 * kvm_vcpu_ioctl_interrupt, from any thread: irq > 0 queues, < 0 clears
 * interrupt |irq|, which must be below EXCCODE_INT_NUM. SWI0/1 go through
 * run.c's queue, HWI0-7 and IPI are lines; PCOV, NMI and AVEC are accepted
 * and, as kvm_irq_deliver's default case, do nothing.
 */
int hv_vcpu_interrupt(struct hv_vcpu *v, int irq)
{
	unsigned int n = irq < 0 ? 0U - (unsigned int)irq : (unsigned int)irq;

	if (irq == 0 || n >= INT_NUM)
		return -EINVAL;
	if (n <= LA_IRQ_SWI1 && irq > 0)
		hv_vcpu_queue_swi(v, n);
	else if (n <= LA_IRQ_SWI1)
		hv_vcpu_clear_swi(v, n);
	else if (n != LA_IRQ_PCOV && n < LA_IRQ_COUNT)
		la64_cpu_set_irq(&v->cpu, n, irq > 0);
	hv_vcpu_kick(v);
	return 0;
}

void hv_vcpu_kick(struct hv_vcpu *v)
{
	la64_cpu_kick(&v->cpu);
	hv_vcpu_wake(v); /* halt.c: ends a halt's sleep */
}
