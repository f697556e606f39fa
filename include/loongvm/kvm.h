/* SPDX-License-Identifier: MIT */
/*
 * The loongvm hypervisor API: the Linux 6.12 KVM userspace API for LoongArch
 * (include/uapi/linux/kvm.h and arch/loongarch/include/uapi/asm/kvm.h), with
 * the same structure layouts, request numbers, exit reasons and register ids.
 * A VMM written against /dev/kvm ports by replacing open/ioctl/mmap/close
 * with the four kvm_* calls declared at the end; nothing above hv/ may use
 * any other interface to reach the CPU model.
 */
#ifndef LOONGVM_KVM_H
#define LOONGVM_KVM_H

#include <stddef.h>
#include <stdint.h>

/* The generic Linux ioctl number encoding (asm-generic/ioctl.h). */
#define KVM_IOC_NRSHIFT 0
#define KVM_IOC_TYPESHIFT 8
#define KVM_IOC_SIZESHIFT 16
#define KVM_IOC_DIRSHIFT 30
#define KVM_IOC_NONE 0U
#define KVM_IOC_WRITE 1U
#define KVM_IOC_READ 2U
#define KVM_IOC(dir, type, nr, size)                                   \
	(((unsigned long)(dir) << KVM_IOC_DIRSHIFT) |                  \
	 ((unsigned long)(type) << KVM_IOC_TYPESHIFT) |                \
	 ((unsigned long)(nr) << KVM_IOC_NRSHIFT) |                    \
	 ((unsigned long)(size) << KVM_IOC_SIZESHIFT))
#define KVM_IO(t, nr) KVM_IOC(KVM_IOC_NONE, (t), (nr), 0)
#define KVM_IOR(t, nr, ty) KVM_IOC(KVM_IOC_READ, (t), (nr), sizeof(ty))
#define KVM_IOW(t, nr, ty) KVM_IOC(KVM_IOC_WRITE, (t), (nr), sizeof(ty))
#define KVM_IOWR(t, nr, ty)                                            \
	KVM_IOC(KVM_IOC_READ | KVM_IOC_WRITE, (t), (nr), sizeof(ty))

#define KVM_API_VERSION 12
#define KVMIO 0xAE

/* ---- Structures (arch/loongarch/include/uapi/asm/kvm.h) ---- */

#define KVM_COALESCED_MMIO_PAGE_OFFSET 1
#define KVM_DIRTY_LOG_PAGE_OFFSET 64
#define KVM_GUESTDBG_ENABLE 0x00000001
#define KVM_GUESTDBG_SINGLESTEP 0x00000002
#define KVM_GUESTDBG_USE_SW_BP 0x00010000

struct kvm_regs {
	uint64_t gpr[32];
	uint64_t pc;
};

struct kvm_fpu {
	uint32_t fcsr;
	uint64_t fcc; /* eight condition flags, one byte each */
	struct kvm_fpureg {
		uint64_t val64[4];
	} fpr[32];
};

struct kvm_debug_exit_arch {
	char unused_[0];
};
struct kvm_guest_debug_arch {
	char unused_[0];
};
struct kvm_sync_regs {
	char unused_[0];
};
struct kvm_sregs {
	char unused_[0];
};

struct kvm_iocsr_entry {
	uint32_t addr;
	uint32_t pad;
	uint64_t data;
};

#define KVM_NR_IRQCHIPS 1
#define KVM_IRQCHIP_NUM_PINS 64
#define KVM_MAX_CORES 256

/* ---- Generic structures (include/uapi/linux/kvm.h) ---- */

struct kvm_userspace_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};

/* KVM_SET_USER_MEMORY_REGION2 (KVM_CAP_USER_MEMORY2). */
struct kvm_userspace_memory_region2 {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
	uint64_t guest_memfd_offset;
	uint32_t guest_memfd;
	uint32_t pad1;
	uint64_t pad2[14];
};

#define KVM_MEM_LOG_DIRTY_PAGES (1UL << 0)
#define KVM_MEM_READONLY (1UL << 1)
#define KVM_MEM_GUEST_MEMFD (1UL << 2)

struct kvm_translation {
	uint64_t linear_address;
	uint64_t physical_address;
	uint8_t valid;
	uint8_t writeable;
	uint8_t usermode;
	uint8_t pad[5];
};

struct kvm_interrupt {
	uint32_t irq;
};

struct kvm_dirty_log {
	uint32_t slot;
	uint32_t padding1;
	union {
		void *dirty_bitmap;
		uint64_t padding2;
	};
};

struct kvm_clear_dirty_log {
	uint32_t slot;
	uint32_t num_pages;
	uint64_t first_page;
	union {
		void *dirty_bitmap;
		uint64_t padding2;
	};
};

#define KVM_MP_STATE_RUNNABLE 0
#define KVM_MP_STATE_UNINITIALIZED 1
#define KVM_MP_STATE_INIT_RECEIVED 2
#define KVM_MP_STATE_HALTED 3
#define KVM_MP_STATE_SIPI_RECEIVED 4
#define KVM_MP_STATE_STOPPED 5

struct kvm_mp_state {
	uint32_t mp_state;
};

struct kvm_guest_debug {
	uint32_t control;
	uint32_t pad;
	struct kvm_guest_debug_arch arch;
};

#define KVM_IOEVENTFD_FLAG_DATAMATCH (1 << 0)
#define KVM_IOEVENTFD_FLAG_PIO (1 << 1)
#define KVM_IOEVENTFD_FLAG_DEASSIGN (1 << 2)
#define KVM_IOEVENTFD_FLAG_VIRTIO_CCW_NOTIFY (1 << 3)
#define KVM_IOEVENTFD_VALID_FLAG_MASK ((1 << 5) - 1)

struct kvm_ioeventfd {
	uint64_t datamatch;
	uint64_t addr;
	uint32_t len;
	int32_t fd;
	uint32_t flags;
	uint8_t pad[36];
};

struct kvm_enable_cap {
	uint32_t cap;
	uint32_t flags;
	uint64_t args[4];
	uint8_t pad[64];
};

struct kvm_irqfd {
	uint32_t fd;
	uint32_t gsi;
	uint32_t flags;
	uint32_t resamplefd;
	uint8_t pad[16];
};

#define KVM_CREATE_DEVICE_TEST 1

struct kvm_create_device {
	uint32_t type;
	uint32_t fd;
	uint32_t flags;
};

#define KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE (1 << 0)
#define KVM_DIRTY_LOG_INITIALLY_SET (1 << 1)

struct kvm_one_reg {
	uint64_t id;
	uint64_t addr;
};

struct kvm_device_attr {
	uint32_t flags;
	uint32_t group;
	uint64_t attr;
	uint64_t addr;
};

/* ---- kvm_run, the per-vCPU shared page ---- */

#define KVM_EXIT_UNKNOWN 0
#define KVM_EXIT_EXCEPTION 1
#define KVM_EXIT_IO 2
#define KVM_EXIT_HYPERCALL 3
#define KVM_EXIT_DEBUG 4
#define KVM_EXIT_HLT 5
#define KVM_EXIT_MMIO 6
#define KVM_EXIT_IRQ_WINDOW_OPEN 7
#define KVM_EXIT_SHUTDOWN 8
#define KVM_EXIT_FAIL_ENTRY 9
#define KVM_EXIT_INTR 10
#define KVM_EXIT_INTERNAL_ERROR 17
#define KVM_EXIT_SYSTEM_EVENT 24
#define KVM_EXIT_DIRTY_RING_FULL 31
#define KVM_EXIT_LOONGARCH_IOCSR 38
#define KVM_EXIT_MEMORY_FAULT 39

#define KVM_INTERNAL_ERROR_EMULATION 1
#define KVM_INTERNAL_ERROR_SIMUL_EX 2
#define KVM_INTERNAL_ERROR_DELIVERY_EV 3
#define KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON 4

#define KVM_SYSTEM_EVENT_SHUTDOWN 1
#define KVM_SYSTEM_EVENT_RESET 2
#define KVM_SYSTEM_EVENT_CRASH 3
#define KVM_SYSTEM_EVENT_WAKEUP 4
#define KVM_SYSTEM_EVENT_SUSPEND 5

struct kvm_run {
	uint8_t request_interrupt_window;
	uint8_t immediate_exit;
	uint8_t padding1[6];
	uint32_t exit_reason;
	uint8_t ready_for_interrupt_injection;
	uint8_t if_flag;
	uint16_t flags;
	uint64_t cr8;
	uint64_t apic_base;
	union {
		struct {
			uint64_t hardware_exit_reason;
		} hw;
		struct {
			uint64_t hardware_entry_failure_reason;
			uint32_t cpu;
		} fail_entry;
		struct {
			uint32_t exception;
			uint32_t error_code;
		} ex;
		struct {
			uint8_t direction;
			uint8_t size;
			uint16_t port;
			uint32_t count;
			uint64_t data_offset;
		} io;
		struct {
			struct kvm_debug_exit_arch arch;
		} debug;
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} iocsr_io;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint64_t ret;
			uint64_t flags;
		} hypercall;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[16];
		} internal;
		struct {
			uint32_t type;
			uint32_t ndata;
			union {
				uint64_t flags;
				uint64_t data[16];
			};
		} system_event;
		char padding[256];
	};
	uint64_t kvm_valid_regs;
	uint64_t kvm_dirty_regs;
	union {
		struct kvm_sync_regs regs;
		char padding[2048];
	} s;
};

/*
 * Stopping a running vCPU. As with KVM, a VMM stops KVM_RUN by setting
 * run->immediate_exit to 1 and, since the vCPU may be halted in `idle`,
 * sending its thread a signal whose handler is installed (QEMU's SIG_IPI
 * pattern: the handler itself may do nothing but store immediate_exit = 1,
 * which is async-signal-safe). loongvm reads immediate_exit at KVM_RUN
 * entry and between guest blocks, so a plain store from any thread stops
 * a vCPU that executes guest code; a halted vCPU wakes on the handled
 * signal, or when its own thread's handler changes immediate_exit.
 * KVM_RUN then fails with errno EINTR and exit_reason KVM_EXIT_INTR. A
 * handled signal that leaves immediate_exit at 0 interrupts only a halted
 * vCPU (and only a handler without SA_RESTART). The VMM clears
 * immediate_exit before the next KVM_RUN, as it does with KVM.
 */

/* ---- Binary statistics (KVM_GET_STATS_FD, Documentation/virt/kvm/api.rst) ---- */

#define KVM_STATS_NAME_SIZE 48

struct kvm_stats_header {
	uint32_t flags;
	uint32_t name_size;
	uint32_t num_desc;
	uint32_t id_offset;
	uint32_t desc_offset;
	uint32_t data_offset;
};

#define KVM_STATS_TYPE_SHIFT 0
#define KVM_STATS_TYPE_MASK (0xF << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_CUMULATIVE (0x0 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_INSTANT (0x1 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_PEAK (0x2 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LINEAR_HIST (0x3 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_LOG_HIST (0x4 << KVM_STATS_TYPE_SHIFT)
#define KVM_STATS_TYPE_MAX KVM_STATS_TYPE_LOG_HIST

#define KVM_STATS_UNIT_SHIFT 4
#define KVM_STATS_UNIT_MASK (0xF << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_NONE (0x0 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BYTES (0x1 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_SECONDS (0x2 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_CYCLES (0x3 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_BOOLEAN (0x4 << KVM_STATS_UNIT_SHIFT)
#define KVM_STATS_UNIT_MAX KVM_STATS_UNIT_BOOLEAN

#define KVM_STATS_BASE_SHIFT 8
#define KVM_STATS_BASE_MASK (0xF << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW10 (0x0 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_POW2 (0x1 << KVM_STATS_BASE_SHIFT)
#define KVM_STATS_BASE_MAX KVM_STATS_BASE_POW2

/* Followed by the name, header.name_size bytes. */
struct kvm_stats_desc {
	uint32_t flags;
	int16_t exponent;
	uint16_t size;
	uint32_t offset;
	uint32_t bucket_size;
	char name[];
};

/* ---- PV interface (arch/loongarch/include/uapi/asm/kvm_para.h) ---- */

#define CPUCFG_KVM_BASE 0x40000000
#define CPUCFG_KVM_SIZE 0x100
#define CPUCFG_KVM_SIG (CPUCFG_KVM_BASE + 0)
#define KVM_SIGNATURE "KVM\0"
#define CPUCFG_KVM_FEATURE (CPUCFG_KVM_BASE + 4)
#define KVM_FEATURE_IPI 1
#define KVM_FEATURE_STEAL_TIME 2
#define KVM_FEATURE_VIRT_EXTIOI 24

/* ---- Capabilities ---- */

#define KVM_CAP_USER_MEMORY 3
#define KVM_CAP_SET_TSS_ADDR 4
#define KVM_CAP_NR_VCPUS 9
#define KVM_CAP_NR_MEMSLOTS 10
#define KVM_CAP_MP_STATE 14
#define KVM_CAP_COALESCED_MMIO 15
#define KVM_CAP_SYNC_MMU 16
#define KVM_CAP_DESTROY_MEMORY_REGION_WORKS 21
#define KVM_CAP_SET_GUEST_DEBUG 23
#define KVM_CAP_JOIN_MEMORY_REGIONS_WORKS 30
#define KVM_CAP_IRQFD 32
#define KVM_CAP_IOEVENTFD 36
#define KVM_CAP_INTERNAL_ERROR_DATA 40
#define KVM_CAP_ENABLE_CAP 54
#define KVM_CAP_MAX_VCPUS 66
#define KVM_CAP_ONE_REG 70
#define KVM_CAP_READONLY_MEM 81
#define KVM_CAP_DEVICE_CTRL 89
#define KVM_CAP_ENABLE_CAP_VM 98
#define KVM_CAP_CHECK_EXTENSION_VM 105
#define KVM_CAP_MULTI_ADDRESS_SPACE 118
#define KVM_CAP_IOEVENTFD_ANY_LENGTH 122
#define KVM_CAP_MAX_VCPU_ID 128
#define KVM_CAP_IMMEDIATE_EXIT 136
#define KVM_CAP_COALESCED_PIO 162
#define KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 168
#define KVM_CAP_HALT_POLL 182
#define KVM_CAP_DIRTY_LOG_RING 192
#define KVM_CAP_BINARY_STATS_FD 203
#define KVM_CAP_SYSTEM_EVENT_DATA 215
#define KVM_CAP_DIRTY_LOG_RING_ACQ_REL 223
#define KVM_CAP_DIRTY_LOG_RING_WITH_BITMAP 225
#define KVM_CAP_USER_MEMORY2 231
#define KVM_CAP_MEMORY_ATTRIBUTES 233
#define KVM_CAP_GUEST_MEMFD 234

/* ---- Request numbers ---- */

#define KVM_GET_API_VERSION KVM_IO(KVMIO, 0x00)
#define KVM_CREATE_VM KVM_IO(KVMIO, 0x01)
#define KVM_CHECK_EXTENSION KVM_IO(KVMIO, 0x03)
#define KVM_GET_VCPU_MMAP_SIZE KVM_IO(KVMIO, 0x04)
#define KVM_CREATE_VCPU KVM_IO(KVMIO, 0x41)
#define KVM_GET_DIRTY_LOG KVM_IOW(KVMIO, 0x42, struct kvm_dirty_log)
#define KVM_SET_USER_MEMORY_REGION                                     \
	KVM_IOW(KVMIO, 0x46, struct kvm_userspace_memory_region)
#define KVM_SET_USER_MEMORY_REGION2                                    \
	KVM_IOW(KVMIO, 0x49, struct kvm_userspace_memory_region2)
#define KVM_IRQFD KVM_IOW(KVMIO, 0x76, struct kvm_irqfd)
#define KVM_IOEVENTFD KVM_IOW(KVMIO, 0x79, struct kvm_ioeventfd)
#define KVM_RUN KVM_IO(KVMIO, 0x80)
#define KVM_GET_REGS KVM_IOR(KVMIO, 0x81, struct kvm_regs)
#define KVM_SET_REGS KVM_IOW(KVMIO, 0x82, struct kvm_regs)
#define KVM_GET_SREGS KVM_IOR(KVMIO, 0x83, struct kvm_sregs)
#define KVM_SET_SREGS KVM_IOW(KVMIO, 0x84, struct kvm_sregs)
#define KVM_TRANSLATE KVM_IOWR(KVMIO, 0x85, struct kvm_translation)
#define KVM_INTERRUPT KVM_IOW(KVMIO, 0x86, struct kvm_interrupt)
#define KVM_GET_FPU KVM_IOR(KVMIO, 0x8c, struct kvm_fpu)
#define KVM_SET_FPU KVM_IOW(KVMIO, 0x8d, struct kvm_fpu)
#define KVM_GET_MP_STATE KVM_IOR(KVMIO, 0x98, struct kvm_mp_state)
#define KVM_SET_MP_STATE KVM_IOW(KVMIO, 0x99, struct kvm_mp_state)
#define KVM_SET_GUEST_DEBUG KVM_IOW(KVMIO, 0x9b, struct kvm_guest_debug)
#define KVM_ENABLE_CAP KVM_IOW(KVMIO, 0xa3, struct kvm_enable_cap)
#define KVM_GET_ONE_REG KVM_IOW(KVMIO, 0xab, struct kvm_one_reg)
#define KVM_SET_ONE_REG KVM_IOW(KVMIO, 0xac, struct kvm_one_reg)
#define KVM_CLEAR_DIRTY_LOG KVM_IOWR(KVMIO, 0xc0, struct kvm_clear_dirty_log)
#define KVM_GET_STATS_FD KVM_IO(KVMIO, 0xce)
#define KVM_CREATE_DEVICE KVM_IOWR(KVMIO, 0xe0, struct kvm_create_device)
#define KVM_SET_DEVICE_ATTR KVM_IOW(KVMIO, 0xe1, struct kvm_device_attr)
#define KVM_GET_DEVICE_ATTR KVM_IOW(KVMIO, 0xe2, struct kvm_device_attr)
#define KVM_HAS_DEVICE_ATTR KVM_IOW(KVMIO, 0xe3, struct kvm_device_attr)

/* ---- ONE_REG ids ---- */

#define KVM_REG_ARCH_MASK 0xff00000000000000ULL
#define KVM_REG_LOONGARCH 0x9000000000000000ULL
#define KVM_REG_SIZE_SHIFT 52
#define KVM_REG_SIZE_MASK 0x00f0000000000000ULL
#define KVM_REG_SIZE_U64 0x0030000000000000ULL

#define KVM_REG_LOONGARCH_GPR (KVM_REG_LOONGARCH | 0x00000ULL)
#define KVM_REG_LOONGARCH_CSR (KVM_REG_LOONGARCH | 0x10000ULL)
#define KVM_REG_LOONGARCH_KVM (KVM_REG_LOONGARCH | 0x20000ULL)
#define KVM_REG_LOONGARCH_FPSIMD (KVM_REG_LOONGARCH | 0x30000ULL)
#define KVM_REG_LOONGARCH_CPUCFG (KVM_REG_LOONGARCH | 0x40000ULL)
#define KVM_REG_LOONGARCH_LBT (KVM_REG_LOONGARCH | 0x50000ULL)
#define KVM_REG_LOONGARCH_MASK (KVM_REG_LOONGARCH | 0x70000ULL)
#define KVM_CSR_IDX_MASK 0x7fff
#define KVM_CPUCFG_IDX_MASK 0x7fff

#define KVM_REG_LOONGARCH_COUNTER                                      \
	(KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | 1)
#define KVM_REG_LOONGARCH_VCPU_RESET                                   \
	(KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | 2)
#define KVM_REG_LOONGARCH_DEBUG_INST                                   \
	(KVM_REG_LOONGARCH_KVM | KVM_REG_SIZE_U64 | 3)

#define KVM_REG_LOONGARCH_LBT_SCR0 (KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 1)
#define KVM_REG_LOONGARCH_LBT_SCR1 (KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 2)
#define KVM_REG_LOONGARCH_LBT_SCR2 (KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 3)
#define KVM_REG_LOONGARCH_LBT_SCR3 (KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 4)
#define KVM_REG_LOONGARCH_LBT_EFLAGS                                   \
	(KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 5)
#define KVM_REG_LOONGARCH_LBT_FTOP (KVM_REG_LOONGARCH_LBT | KVM_REG_SIZE_U64 | 6)

#define LOONGARCH_REG_SHIFT 3
#define LOONGARCH_REG_64(type, reg)                                    \
	((type) | KVM_REG_SIZE_U64 | ((uint64_t)(reg) << LOONGARCH_REG_SHIFT))
#define KVM_IOC_CSRID(reg) LOONGARCH_REG_64(KVM_REG_LOONGARCH_CSR, reg)
#define KVM_IOC_CPUCFG(reg) LOONGARCH_REG_64(KVM_REG_LOONGARCH_CPUCFG, reg)

#define KVM_LOONGARCH_VM_FEAT_CTRL 0
#define KVM_LOONGARCH_VM_FEAT_LSX 0
#define KVM_LOONGARCH_VM_FEAT_LASX 1
#define KVM_LOONGARCH_VM_FEAT_X86BT 2
#define KVM_LOONGARCH_VM_FEAT_ARMBT 3
#define KVM_LOONGARCH_VM_FEAT_MIPSBT 4
#define KVM_LOONGARCH_VM_FEAT_PMU 5
#define KVM_LOONGARCH_VM_FEAT_PV_IPI 6
#define KVM_LOONGARCH_VM_FEAT_PV_STEALTIME 7

#define KVM_LOONGARCH_VCPU_CPUCFG 0
#define KVM_LOONGARCH_VCPU_PVTIME_CTRL 1
#define KVM_LOONGARCH_VCPU_PVTIME_GPA 0

/* Interrupt numbers for KVM_INTERRUPT (arch/loongarch/include/asm/loongarch.h). */
#define KVM_LOONGARCH_INT_SWI0 0
#define KVM_LOONGARCH_INT_SWI1 1
#define KVM_LOONGARCH_INT_HWI0 2
#define KVM_LOONGARCH_INT_TI 11
#define KVM_LOONGARCH_INT_IPI 12

/*
 * ---- loongvm extension: board-requested system events ----
 *
 * Linux 6.12 on LoongArch never produces KVM_EXIT_SYSTEM_EVENT: power-off
 * and reset are MMIO writes the VMM handles (the GED registers). loongvm
 * lets the board turn such a request into that exit on every vCPU, as
 * PSCI SYSTEM_OFF/RESET do on arm64: each vCPU's next (or current)
 * KVM_RUN returns 0 with exit_reason KVM_EXIT_SYSTEM_EVENT, the type, and
 * ndata 1 with data[0] the request's data. Each vCPU sees one request
 * once. Probe with KVM_CHECK_EXTENSION(KVM_CAP_LOONGVM_SYSTEM_EVENT); on a
 * real /dev/kvm the ioctl fails with ENOTTY and a VMM stops its vCPUs
 * with immediate_exit instead. type is SHUTDOWN, RESET or CRASH; flags
 * must be 0 (EINVAL otherwise).
 */
#define KVM_CAP_LOONGVM_SYSTEM_EVENT 0x4c560001
struct kvm_loongvm_system_event {
	uint32_t type;
	uint32_t flags;
	uint64_t data;
};
#define KVM_LOONGVM_REQUEST_SYSTEM_EVENT \
	KVM_IOW(KVMIO, 0xf0, struct kvm_loongvm_system_event)

/*
 * ---- loongvm extension: breakpoints by pc ----
 *
 * LoongArch's struct kvm_guest_debug_arch is empty, so KVM_SET_GUEST_DEBUG
 * cannot carry hardware breakpoint addresses. This vCPU ioctl sets up to
 * KVM_LOONGVM_MAX_BREAKPOINTS guest virtual pcs (replacing earlier ones;
 * n = 0 clears them). They are checked by the CPU, not written into guest
 * memory, so the guest cannot overwrite them. While KVM_GUESTDBG_ENABLE is
 * set, reaching one (before it executes) ends KVM_RUN with KVM_EXIT_DEBUG,
 * pc on the breakpoint; one at the pc where KVM_RUN starts is reported at
 * once, so step off it with KVM_GUESTDBG_SINGLESTEP and it removed, as
 * GDB does. Probe with KVM_CAP_LOONGVM_BREAKPOINTS (returns the maximum).
 * n above the maximum, or flags != 0: EINVAL.
 */
#define KVM_CAP_LOONGVM_BREAKPOINTS 0x4c560002
#define KVM_LOONGVM_MAX_BREAKPOINTS 16
struct kvm_loongvm_breakpoints {
	uint32_t n;
	uint32_t flags;
	uint64_t pc[KVM_LOONGVM_MAX_BREAKPOINTS];
};
#define KVM_LOONGVM_SET_BREAKPOINTS \
	KVM_IOW(KVMIO, 0xf1, struct kvm_loongvm_breakpoints)

/*
 * ---- loongvm extension: watchpoints and the reason for a debug exit ----
 *
 * Up to KVM_LOONGVM_MAX_WATCHPOINTS ranges of guest virtual addresses
 * (replacing earlier ones; n = 0 clears them), each watched for writes,
 * reads or both. While KVM_GUESTDBG_ENABLE is set, a load or store that
 * touches a range completes, then KVM_RUN ends with KVM_EXIT_DEBUG and pc
 * on the next instruction (GDB expects a watchpoint to trigger after the
 * access). len is 1 to 4096. Bad type, len, n, pad or flags: EINVAL.
 * KVM_LOONGVM_GET_DEBUG_STOP says why the last KVM_EXIT_DEBUG happened and,
 * for a watchpoint, which one and the address accessed.
 * Probe with KVM_CAP_LOONGVM_WATCHPOINTS (returns the maximum).
 */
#define KVM_CAP_LOONGVM_WATCHPOINTS 0x4c560003
#define KVM_LOONGVM_MAX_WATCHPOINTS 4
#define KVM_LOONGVM_WATCH_WRITE 1
#define KVM_LOONGVM_WATCH_READ 2
#define KVM_LOONGVM_WATCH_ACCESS 3
struct kvm_loongvm_watchpoint {
	uint64_t addr;
	uint64_t len;
	uint32_t type; /* KVM_LOONGVM_WATCH_* */
	uint32_t pad;  /* 0 */
};
struct kvm_loongvm_watchpoints {
	uint32_t n;
	uint32_t flags;
	struct kvm_loongvm_watchpoint wp[KVM_LOONGVM_MAX_WATCHPOINTS];
};
#define KVM_LOONGVM_SET_WATCHPOINTS \
	KVM_IOW(KVMIO, 0xf2, struct kvm_loongvm_watchpoints)

#define KVM_LOONGVM_STOP_NONE 0	      /* no KVM_EXIT_DEBUG yet */
#define KVM_LOONGVM_STOP_STEP 1	      /* KVM_GUESTDBG_SINGLESTEP */
#define KVM_LOONGVM_STOP_BREAKPOINT 2 /* a pc from SET_BREAKPOINTS */
#define KVM_LOONGVM_STOP_WATCHPOINT 3 /* a range from SET_WATCHPOINTS */
struct kvm_loongvm_debug_stop {
	uint32_t reason; /* KVM_LOONGVM_STOP_* */
	uint32_t index;	 /* the watchpoint's index in wp[] */
	uint64_t addr;	 /* the guest virtual address accessed */
	uint32_t type;	 /* KVM_LOONGVM_WATCH_READ or _WRITE: the access */
	uint32_t pad;
};
#define KVM_LOONGVM_GET_DEBUG_STOP \
	KVM_IOR(KVMIO, 0xf3, struct kvm_loongvm_debug_stop)

/*
 * ---- loongvm extension: memory the VMM wrote ----
 *
 * A Loongson CPU keeps its instruction cache coherent with stores from
 * devices, so on real hardware a VMM may write guest memory (device DMA,
 * a debugger's memory writes) without telling anyone. loongvm's CPU keeps
 * decoded code, so a VMM that writes guest-physical memory the vCPUs did
 * not write reports the range with this VM ioctl: decoded code from it is
 * dropped before any vCPU runs it again. Ranges outside every memslot are
 * ignored. Probe with KVM_CAP_LOONGVM_GUEST_WRITTEN; on /dev/kvm the ioctl
 * fails with ENOTTY, and needs no replacement. flags != 0: EINVAL.
 */
#define KVM_CAP_LOONGVM_GUEST_WRITTEN 0x4c560004
struct kvm_loongvm_guest_written {
	uint64_t gpa;
	uint64_t len;
	uint32_t flags;
	uint32_t pad;
};
#define KVM_LOONGVM_GUEST_WRITTEN \
	KVM_IOW(KVMIO, 0xf4, struct kvm_loongvm_guest_written)

/* ---- The four entry points that stand in for open/ioctl/mmap/close ---- */

/* Opens the hypervisor, as open("/dev/kvm", O_RDWR). */
int kvm_open(void);
/* Issues a request on a system, VM or vCPU fd; -1 and errno on error. */
int kvm_ioctl(int fd, unsigned long request, ...);
/* Maps a vCPU's struct kvm_run; len comes from KVM_GET_VCPU_MMAP_SIZE. */
void *kvm_mmap(int vcpu_fd, size_t len);
/* Releases a system, VM or vCPU fd. */
int kvm_close(int fd);

#endif /* LOONGVM_KVM_H */
