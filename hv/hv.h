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
/* KVM_USER_MEM_SLOTS (include/linux/kvm_host.h): slot ids 0..32766. */
#define HV_MAX_MEMSLOT_ID 32767
/* kvm_host.h KVM_MAX_PHYID: the CPUIDs a vCPU may take. */
#define HV_MAX_PHYID 256
/* loongvm's PAGE_SIZE for memslots and the dirty log. */
#define HV_PAGE_SIZE 4096ULL

struct hv_memslot {
	bool used;
	uint16_t id; /* the KVM slot id */
	uint32_t flags;
	uint64_t gpa, size;
	uint8_t *host;
	uint64_t *dirty; /* one bit per 4 KiB page, with LOG_DIRTY_PAGES */
};

struct hv_vm;

/*
 * The per-vCPU statistics, in the order of Linux 6.12's kvm_vcpu_stat:
 * kvm_vcpu_stat_generic (include/linux/kvm_host.h) and the LoongArch
 * exits (arch/loongarch/include/asm/kvm_host.h), then two loongvm
 * counters of exits to userspace. stats.c describes them to userspace.
 */
#define HV_HALT_POLL_HIST_COUNT 32
struct hv_vcpu_stat {
	uint64_t halt_successful_poll, halt_attempted_poll, halt_poll_invalid;
	uint64_t halt_wakeup, halt_poll_success_ns, halt_poll_fail_ns;
	uint64_t halt_wait_ns;
	uint64_t halt_poll_success_hist[HV_HALT_POLL_HIST_COUNT];
	uint64_t halt_poll_fail_hist[HV_HALT_POLL_HIST_COUNT];
	uint64_t halt_wait_hist[HV_HALT_POLL_HIST_COUNT];
	uint64_t blocking;
	uint64_t int_exits, idle_exits, cpucfg_exits, signal_exits;
	uint64_t hypercall_exits;
	uint64_t mmio_exits, iocsr_exits;
};

/* PV steal time (kvm_vcpu_arch.st): the guest's area and the last update. */
struct hv_steal_time {
	uint64_t guest_addr; /* GPA | KVM_STEAL_PHYS_VALID, as the guest gave it */
	uint64_t last_ns;    /* when the vCPU last stopped running guest code */
};

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
	/* KVM_LOONGVM_SET_BREAKPOINTS; given to the CPU while debug is on. */
	uint64_t bp[KVM_LOONGVM_MAX_BREAKPOINTS];
	uint32_t nbp;
	/* KVM_LOONGVM_SET_WATCHPOINTS, in the CPU's form. */
	struct la64_watchpoint wp[KVM_LOONGVM_MAX_WATCHPOINTS];
	uint32_t nwp;
	struct kvm_loongvm_debug_stop debug_stop; /* the last KVM_EXIT_DEBUG */
	pthread_mutex_t lock; /* guards creating the stats file */
	_Atomic bool in_guest; /* inside la64_cpu_run (vm.c waits on it) */
	_Atomic uint32_t wake_seq;   /* halt.c: bumped by hv_vcpu_wake */
	_Atomic uint32_t irq_queued; /* SWI bits queued by other threads */
	_Atomic uint32_t irq_cleared; /* SWI bits other threads lowered */
	/* system_event.c: a board request not yet reported, and its data. */
	_Atomic uint32_t sysev;
	_Atomic uint64_t sysev_data;
	/* stats.c: the counters live in a memfd that KVM_GET_STATS_FD shares. */
	struct hv_vcpu_stat *_Atomic stat;
	int stats_memfd;
	size_t stats_map_len;
	void *stats_map;
	struct hv_steal_time st; /* pv.c */
	/* vcpu->mutex: every vCPU ioctl but KVM_INTERRUPT holds it. */
	pthread_mutex_t ioctl_lock;
};

struct hv_ioeventfds;

struct hv_vm {
	pthread_rwlock_t slots_lock;
	/* memslot.c: the slots in use, sorted by gpa (kvm_memslots). */
	struct hv_memslot *slots;
	unsigned int nr_slots, slots_cap;
	/* kvm->users_count: the VM handle, each vCPU handle, each ioctl. */
	_Atomic unsigned int users;
	/* kvm_phyid_map: CPUID to vCPU, under vcpus_lock (vcpu.c). */
	struct hv_vcpu *phyid_map[HV_MAX_PHYID];
	/* KVM_ENABLE_CAP(MANUAL_DIRTY_LOG_PROTECT2) and (HALT_POLL). */
	_Atomic uint64_t manual_dirty_log_protect;
	_Atomic uint32_t max_halt_poll_ns;
	_Atomic bool override_halt_poll_ns;
	/* ioeventfd.c: KVM_IOEVENTFD's registrations. */
	struct hv_ioeventfds *ioeventfds;
	struct la64_system sys;
	pthread_mutex_t vcpus_lock;
	struct hv_vcpu *vcpus[HV_MAX_VCPUS];
	unsigned int nr_vcpus;
	/* pv.c: CPUCFG_KVM_FEATURE; 0 until set means Linux's default. */
	_Atomic uint64_t pv_features;
};

/* vm.c */
struct hv_vm *hv_vm_create(void);
void hv_vm_destroy(struct hv_vm *vm);
/* kvm_get_kvm/kvm_put_kvm: the last put destroys the VM. */
void hv_vm_get(struct hv_vm *vm);
void hv_vm_put(struct hv_vm *vm);
/* kvm_vm_ioctl_check_extension_generic; vm may be NULL (/dev/kvm). */
int hv_vm_check_extension(struct hv_vm *vm, long cap);
int hv_vm_enable_cap(struct hv_vm *vm, const struct kvm_enable_cap *cap);
int hv_vm_has_attr(struct hv_vm *vm, const struct kvm_device_attr *attr);
/* Flushes every vCPU's cached translations (after stage-2 changes). */
void hv_vm_flush_all(struct hv_vm *vm);

/* system_event.c */
int hv_vm_request_system_event(struct hv_vm *vm,
			       const struct kvm_loongvm_system_event *ev);
/* Fills in KVM_EXIT_SYSTEM_EVENT if a request is pending for v. */
bool hv_vcpu_system_event_exit(struct hv_vcpu *v);

/* memslot.c */
int hv_set_memory_region(struct hv_vm *vm,
			 const struct kvm_userspace_memory_region2 *r);
/* The slot with this id, or NULL; caller holds slots_lock. */
struct hv_memslot *hv_memslot_by_id(struct hv_vm *vm, uint32_t id);
void hv_memslots_free(struct hv_vm *vm);
/* Host address of gpa (NULL if no slot, or write to a read-only one). */
void *hv_stage2_map(void *opaque, uint64_t gpa, bool write);
/* The readable RAM range around gpa (la64_stage2.ram_range). */
bool hv_stage2_ram_range(void *opaque, uint64_t gpa, uint64_t *lo,
			 uint64_t *len, uint8_t **host);

/* dirty_log.c */
int hv_get_dirty_log(struct hv_vm *vm, const struct kvm_dirty_log *log);
int hv_clear_dirty_log(struct hv_vm *vm, const struct kvm_clear_dirty_log *log);

/* ioeventfd.c: KVM_IOEVENTFD and the MMIO write path that uses it. */
int hv_ioeventfd(struct hv_vm *vm, const struct kvm_ioeventfd *args);
/* Signals a matching eventfd for a guest MMIO write; true if one matched. */
bool hv_ioeventfd_signal(struct hv_vm *vm, uint64_t addr, unsigned int len,
			 uint64_t val);
void hv_ioeventfd_free(struct hv_vm *vm);

/* uaccess.c: copy_from_user/copy_to_user for request arguments. */
int hv_copy_from_user(void *dst, const void *uptr, size_t len);
int hv_copy_to_user(void *uptr, const void *src, size_t len);

/* vcpu.c */
struct hv_vcpu *hv_vcpu_create(struct hv_vm *vm, uint32_t id);
/* KVM_CREATE_VCPU: a handle for the new vCPU, or a negative errno. */
int hv_vcpu_create_fd(struct hv_vm *vm, unsigned long id);
void hv_vcpu_destroy(struct hv_vcpu *vcpu);
int hv_vcpu_get_regs(struct hv_vcpu *vcpu, struct kvm_regs *regs);
int hv_vcpu_set_regs(struct hv_vcpu *vcpu, const struct kvm_regs *regs);
int hv_vcpu_get_fpu(struct hv_vcpu *vcpu, struct kvm_fpu *fpu);
int hv_vcpu_set_fpu(struct hv_vcpu *vcpu, const struct kvm_fpu *fpu);
int hv_vcpu_set_mp_state(struct hv_vcpu *vcpu, const struct kvm_mp_state *mp);
/* KVM_LOONGVM_SET_WATCHPOINTS (include/loongvm/kvm.h). */
int hv_vcpu_set_watchpoints(struct hv_vcpu *vcpu,
			    const struct kvm_loongvm_watchpoints *wp);
/* KVM_LOONGVM_SET_BREAKPOINTS (include/loongvm/kvm.h). */
int hv_vcpu_set_breakpoints(struct hv_vcpu *vcpu,
			    const struct kvm_loongvm_breakpoints *bp);
int hv_vcpu_set_guest_debug(struct hv_vcpu *vcpu,
			    const struct kvm_guest_debug *dbg);
/* kvm_set_cpuid: CPUIDs are unique in the VM and set once. */
int hv_vcpu_set_cpuid(struct hv_vcpu *vcpu, uint64_t val);
/* kvm_get_vcpu_by_cpuid: the vCPU that took CPUID cpuid, or NULL. */
struct hv_vcpu *hv_vcpu_by_cpuid(struct hv_vm *vm, uint64_t cpuid);
int hv_vcpu_interrupt(struct hv_vcpu *vcpu, int irq);

/* onereg.c: KVM_GET/SET_ONE_REG (kvm/vcpu.c kvm_get_reg/kvm_set_reg). */
int hv_vcpu_get_one_reg(struct hv_vcpu *vcpu, const struct kvm_one_reg *reg);
int hv_vcpu_set_one_reg(struct hv_vcpu *vcpu, const struct kvm_one_reg *reg);
/* _kvm_get_cpucfg_mask: the CPUCFG bits loongvm can give a guest. */
int hv_cpucfg_mask(uint64_t id, uint64_t *mask);

/* vcpu_attr.c: the vCPU device attributes (CPUCFG, PVTIME_CTRL). */
int hv_vcpu_has_attr(struct hv_vcpu *vcpu, const struct kvm_device_attr *a);
int hv_vcpu_get_attr(struct hv_vcpu *vcpu, const struct kvm_device_attr *a);
int hv_vcpu_set_attr(struct hv_vcpu *vcpu, const struct kvm_device_attr *a);

/* ioctl_vm.c and ioctl_vcpu.c: the request dispatch of kvm_main.c. */
long hv_vm_ioctl(struct hv_vm *vm, unsigned long req, void *argp);
long hv_vcpu_ioctl(struct hv_vcpu *vcpu, unsigned long req, void *argp);
/* api.c: a new VM or vCPU handle (anon_inode_getfd). */
int hv_new_vm_handle(struct hv_vm *vm);
int hv_new_vcpu_handle(struct hv_vcpu *vcpu);
void hv_vcpu_kick(struct hv_vcpu *vcpu);

/* run.c */
int hv_vcpu_run(struct hv_vcpu *vcpu);

/* exit.c: in-hypervisor emulation of what LVZ traps. Returns > 0 to resume
 * the guest, 0 to return to userspace with run->exit_reason set, or a
 * negative errno for KVM_RUN (-EINTR with KVM_EXIT_INTR). */
int hv_handle_exit(struct hv_vcpu *vcpu, const struct la64_exit *exit);
/* Writes a GPR, ignoring $zero. */
void hv_set_gpr(struct hv_vcpu *vcpu, unsigned int reg, uint64_t val);

/* run.c: kvm_queue_irq for SWI0/1 from any thread, delivered on entry. */
void hv_vcpu_queue_swi(struct hv_vcpu *vcpu, unsigned int irq);
void hv_vcpu_clear_swi(struct hv_vcpu *vcpu, unsigned int irq);
void hv_vcpu_deliver_intr(struct hv_vcpu *vcpu);

/* halt.c: kvm_vcpu_halt. Wakes another vCPU's halt from any thread. */
enum hv_halt_result { HV_HALT_RUNNABLE, HV_HALT_EXIT, HV_HALT_SIGNAL };
enum hv_halt_result hv_vcpu_halt(struct hv_vcpu *vcpu);
void hv_vcpu_wake(struct hv_vcpu *vcpu);
/*
 * True when the running vCPU must return to userspace: immediate_exit, or
 * a pending system event (system_event.c).
 */
bool hv_vcpu_exit_requested(const struct hv_vcpu *vcpu);

/* stats.c: KVM_GET_STATS_FD. hv_vcpu_stats_init is idempotent. */
int hv_vcpu_stats_init(struct hv_vcpu *vcpu);
int hv_vcpu_stats_fd(struct hv_vcpu *vcpu);
void hv_vcpu_stats_free(struct hv_vcpu *vcpu);

/* pv.c: hvcl KVM_HCALL_SERVICE, CPUCFG_KVM_FEATURE and steal time. */
#define HV_PV_FEAT_UPDATED (1ULL << 63)
uint64_t hv_pv_features(struct hv_vm *vm);
void hv_pv_handle_service(struct hv_vcpu *vcpu);
void hv_pv_update_steal_time(struct hv_vcpu *vcpu);
void hv_pv_stop_steal_clock(struct hv_vcpu *vcpu);
uint64_t hv_now_ns(void);

#endif /* LOONGVM_HV_HV_H */
