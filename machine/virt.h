/* SPDX-License-Identifier: MIT */
/*
 * The virt board: QEMU's LoongArch virt memory map (include/hw/loongarch/
 * virt.h), its devices, and the loop that runs its vCPUs through the KVM
 * API. It knows the CPU only through include/loongvm/kvm.h.
 */
#ifndef LOONGVM_MACHINE_VIRT_H
#define LOONGVM_MACHINE_VIRT_H

#include <stdbool.h>
#include <stdint.h>

#define VIRT_LOWMEM_BASE 0x0ULL
#define VIRT_LOWMEM_SIZE 0x10000000ULL
#define VIRT_HIGHMEM_BASE 0x80000000ULL
#define VIRT_UART0_BASE 0x1fe001e0ULL
#define VIRT_UART_SIZE 0x100ULL
#define VIRT_MAX_CPUS 256 /* IPI_MAX_CPUS */

struct virt_devices;

struct virt_options {
	const char *kernel;
	const char *initrd;  /* -initrd, or NULL */
	const char *append;  /* -append, or NULL */
	const char *dtb;     /* -dtb: the user's tree instead of ours */
	const char *dumpdtb; /* -M virt,dumpdtb=FILE: write ours and exit */
	uint64_t ram_size;
	unsigned int smp;
	bool no_reboot;
	bool monitor;	     /* -serial mon:stdio: Ctrl-a c opens the monitor */
	const char *qmp;     /* -qmp SPEC (qmp.h), or NULL */
	const char *version; /* "MAJOR.MINOR.MICRO", for query-version */
	bool start_paused;   /* -S: vCPUs wait for cont (QMP, monitor, GDB) */
	const char *gdb;     /* -gdb SPEC (gdb_stub.h), or NULL */
	const struct virt_devices *devices; /* -device etc.; NULL: none */
};

struct virt;

/* Stops the board from any thread; virt_run then returns status. */
void virt_request_stop(struct virt *v, int status);

/*
 * Control for QMP and the monitor (qmp.h, monitor.h); any thread but a
 * vCPU's may call these. The events are QMP's (qapi/run-state.json).
 */
enum virt_event {
	VIRT_EVENT_STOP,
	VIRT_EVENT_RESUME,
	VIRT_EVENT_RESET,
	VIRT_EVENT_POWERDOWN,
	VIRT_EVENT_SHUTDOWN,
};

/* guest: the guest asked for it; reason: a QMP ShutdownCause, or NULL. */
typedef void (*virt_event_fn)(void *opaque, enum virt_event ev, bool guest,
			      const char *reason);

/* One hook; called without board locks held, from any thread. */
void virt_set_event_hook(struct virt *v, virt_event_fn fn, void *opaque);
const struct virt_options *virt_options(const struct virt *v);
/* Pauses the board; returns once no vCPU is in KVM_RUN (emits STOP). */
void virt_pause(struct virt *v);
/* Undoes virt_pause (emits RESUME if it was paused). */
void virt_resume(struct virt *v);
bool virt_paused(struct virt *v);
/*
 * Keeps every vCPU out of KVM_RUN between hold and release, without
 * events, so that their registers can be read; holds nest.
 */
void virt_hold(struct virt *v);
void virt_release(struct virt *v);
/* A reset as the GED's, asked by the host (emits RESET). */
void virt_system_reset(struct virt *v);
/* The virt board has no power button: only emits POWERDOWN (README). */
void virt_system_powerdown(struct virt *v);
/* Ends the run with status 0, emitting SHUTDOWN with reason. */
void virt_quit(struct virt *v, const char *reason);
unsigned int virt_ncpus(const struct virt *v);
/* vCPU i's fd, for KVM_GET_REGS and KVM_GET_ONE_REG while held. */
int virt_vcpu_fd(const struct virt *v, unsigned int i);
/* vCPU i's KVM_GET_STATS_FD (pread only), or -1. */
int virt_vcpu_stats_fd(const struct virt *v, unsigned int i);
/* The host thread id running vCPU i, or 0 before it first runs. */
int virt_vcpu_thread_id(struct virt *v, unsigned int i);

/*
 * For the GDB stub (gdb_stub.h). The hook runs on the vCPU thread that
 * got KVM_EXIT_DEBUG; it must not wait for the board to stop (its own
 * vCPU is still active), so it calls virt_debug_stop_nowait, and the stub
 * thread waits with virt_debug_wait_stopped.
 */
typedef void (*virt_debug_fn)(void *opaque, unsigned int cpu);
void virt_set_debug_hook(struct virt *v, virt_debug_fn fn, void *opaque);
/* Stops every vCPU outside KVM_RUN, without waiting; any thread. */
void virt_debug_stop_nowait(struct virt *v);
/* Stops every vCPU and waits until none is in KVM_RUN; not a vCPU's. */
void virt_debug_stop(struct virt *v);
/* Waits until no vCPU is active (or the run ended). */
void virt_debug_wait_stopped(struct virt *v);
/* While stopped, lets only vCPU cpu run (a step); its exit stops it. */
void virt_debug_run_one(struct virt *v, unsigned int cpu);
/* Lets every vCPU run again, also ending a -S or QMP pause. */
void virt_debug_resume(struct virt *v);
/* Whether the board still runs (no quit, power-off or reset yet). */
bool virt_running(struct virt *v);
/* The host address of guest-physical [gpa, gpa + len) in RAM, or NULL. */
void *virt_guest_ptr(struct virt *v, uint64_t gpa, uint64_t len);
int virt_vm_fd(const struct virt *v);

/* Boots and runs the board; returns the process exit status. */
int virt_run(const struct virt_options *opt);

#endif /* LOONGVM_MACHINE_VIRT_H */
