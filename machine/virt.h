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

/* Boots and runs the board; returns the process exit status. */
int virt_run(const struct virt_options *opt);

#endif /* LOONGVM_MACHINE_VIRT_H */
