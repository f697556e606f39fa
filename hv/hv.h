/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's objects, shaped like arch/loongarch/kvm: a VM owns
 * memslots and vCPUs; a vCPU wraps one LA464 guest context and the state
 * KVM keeps beside it (software CSRs, CPUCFG, pending MMIO/IOCSR reads).
 * Only hv/ sees this header; the VMM uses include/loongvm/kvm.h.
 */
#ifndef LOONGVM_HV_HV_H
#define LOONGVM_HV_HV_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../cpu/la64/cpu.h"
#include "loongvm/kvm.h"

#define HV_MAX_VCPUS 256
#define HV_MAX_MEMSLOTS 64
#define HV_MAX_CPUCFG 21
#define HV_CSR_MAX 0x800
#define HV_GPA_BITS 47

struct hv_memslot {
	bool used;
	uint32_t flags;
	uint64_t gpa, size;
	uint8_t *host;
	uint64_t *dirty; /* one bit per 4 KiB page, with LOG_DIRTY_PAGES */
};

struct hv_vm;

/* A pending read that KVM_RUN completes after userspace fills the data. */
struct hv_pending_read {
	bool active;
	bool is_iocsr;
	uint8_t rd;
	uint8_t len;
	bool sign;
};

struct hv_vcpu {
	struct hv_vm *vm;
	uint32_t id;
	struct la64_cpu cpu;
	struct kvm_run *run;
	size_t run_size;
	uint64_t sw_csr[HV_CSR_MAX]; /* software-kept CSRs */
	uint32_t cpucfg[HV_MAX_CPUCFG];
	struct hv_pending_read pending;
	uint32_t mp_state;
	uint32_t guest_debug;
	pthread_mutex_t lock; /* guards sleep/wake */
	pthread_cond_t wake;
	_Atomic bool running;
	/* Exit counters, named as Linux names them. */
	uint64_t stat_mmio_exits, stat_iocsr_exits, stat_idle_exits;
	uint64_t stat_cpucfg_exits, stat_signal_exits, stat_hypercall_exits;
	uint64_t stat_int_exits;
};

struct hv_vm {
	pthread_rwlock_t slots_lock;
	struct hv_memslot slots[HV_MAX_MEMSLOTS];
	struct la64_system sys;
	pthread_mutex_t vcpus_lock;
	struct hv_vcpu *vcpus[HV_MAX_VCPUS];
	unsigned int nr_vcpus;
};

/* vm.c */
struct hv_vm *hv_vm_create(void);
void hv_vm_destroy(struct hv_vm *vm);
int hv_vm_check_extension(long cap);
/* Flushes every vCPU's cached translations (after stage-2 changes). */
void hv_vm_flush_all(struct hv_vm *vm);

/* memslot.c */
int hv_set_memory_region(struct hv_vm *vm,
			 const struct kvm_userspace_memory_region *r);
int hv_get_dirty_log(struct hv_vm *vm, struct kvm_dirty_log *log);
void *hv_stage2_map(void *opaque, uint64_t gpa, bool write);

/* vcpu.c */
struct hv_vcpu *hv_vcpu_create(struct hv_vm *vm, uint32_t id);
void hv_vcpu_destroy(struct hv_vcpu *vcpu);
int hv_vcpu_get_regs(struct hv_vcpu *vcpu, struct kvm_regs *regs);
int hv_vcpu_set_regs(struct hv_vcpu *vcpu, const struct kvm_regs *regs);
int hv_vcpu_get_one_reg(struct hv_vcpu *vcpu, uint64_t id, uint64_t *val);
int hv_vcpu_set_one_reg(struct hv_vcpu *vcpu, uint64_t id, uint64_t val);
int hv_vcpu_interrupt(struct hv_vcpu *vcpu, int irq);
void hv_vcpu_kick(struct hv_vcpu *vcpu);

/* run.c */
int hv_vcpu_run(struct hv_vcpu *vcpu);

/* exit.c: in-hypervisor emulation of what LVZ traps. Returns > 0 to resume
 * the guest, 0 to return to userspace with run->exit_reason set. */
int hv_handle_exit(struct hv_vcpu *vcpu, const struct la64_exit *exit);
/* Writes a GPR, ignoring $zero. */
void hv_set_gpr(struct hv_vcpu *vcpu, unsigned int reg, uint64_t val);

#endif /* LOONGVM_HV_HV_H */
