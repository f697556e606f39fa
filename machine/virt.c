/* SPDX-License-Identifier: MIT */
/*
 * Builds the virt board on the hypervisor API and runs it: RAM as memslots,
 * the UART and GED on the MMIO bus, an IOCSR bus, the kernel image, and the
 * KVM_RUN loop of each vCPU's thread, which routes MMIO and IOCSR exits
 * to the buses. vCPU 0 boots Linux; the others start when it writes their
 * IPI mailbox and sends them an IPI.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../hw/bus.h"
#include "../hw/eiointc.h"
#include "../hw/ged.h"
#include "../hw/iocsr_misc.h"
#include "../hw/ipi.h"
#include "../hw/pch_msi.h"
#include "../hw/pch_pic.h"
#include "../hw/rtc_ls7a.h"
#include "../hw/uart_ns16550.h"
#include "boot.h"
#include "console.h"
#include "elf_load.h"
#include "gdb_stub.h"
#include "guest_clock.h"
#include "loongvm/kvm.h"
#include "monitor.h"
#include "qmp.h"
#include "vcpu_thread.h"
#include "virt.h"
#include "virt_io.h"

enum run_state { RUNNING, POWEROFF, RESET, TEST_FAIL, STOPPED };

/* What QMP and the monitor see of a vCPU; guarded by state_lock. */
struct vcpu_ctl {
	int tid;      /* its host thread, once it has run */
	bool in_loop; /* in run_loop, so maybe in KVM_RUN */
	int stats_fd;
};

struct virt {
	const struct virt_options *opt;
	int kvm, vm;
	struct vcpu *cpus;
	unsigned int ncpus, ncreated;
	struct ram_region ram[2];
	size_t nram;
	struct bus mmio, iocsr;
	struct uart_ns16550 uart0;
	struct ged ged;
	struct iocsr_misc iocsr_misc;
	struct ipi ipi;
	struct eiointc eiointc;
	struct pch_pic pch_pic;
	struct irq_sink pch_pic_in; /* device lines -> PCH-PIC inputs */
	struct pch_msi pch_msi;
	struct rtc_ls7a rtc;
	struct irq_sink cpu_irq; /* CPU_IRQ_PIN lines -> KVM_INTERRUPT */
	struct virt_io io;	 /* PCIe host, virtio devices */
	bool io_up;
	pthread_mutex_t state_lock; /* guards state changes and the threads */
	pthread_cond_t state_cond;  /* signalled when state leaves RUNNING */
	enum run_state state;
	int stop_status; /* the exit status when STOPPED */
	/* Pausing (virt.h): vCPUs wait in pause_wait while halt is set. */
	struct vcpu_ctl *ctl;
	pthread_cond_t pause_cond; /* nactive, paused or holds changed */
	bool paused;		   /* stop/cont */
	unsigned int holds;	   /* virt_hold */
	unsigned int nactive;	   /* vCPU threads in run_loop, not waiting */
	bool debug_hold;	   /* the GDB stub stopped the board */
	int run_only;		   /* this vCPU runs while halted, or -1 */
	bool halt; /* paused || holds || debug_hold, read without the lock */
	struct guest_clock clock; /* stopped while paused */
	virt_debug_fn debug_fn;
	void *debug_opaque;
	bool end_guest; /* why the run ended, for SHUTDOWN */
	const char *end_reason;
	virt_event_fn event_fn;
	void *event_opaque;
};

static enum run_state get_state(struct virt *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_SEQ_CST);
}

static void emit(struct virt *v, enum virt_event ev, bool guest,
		 const char *reason)
{
	virt_event_fn fn = __atomic_load_n(&v->event_fn, __ATOMIC_ACQUIRE);

	if (fn)
		fn(v->event_opaque, ev, guest, reason);
}

/*
 * Ends the run (the first call wins) and stops every vCPU thread: a
 * running one through immediate_exit, one halted in `idle` through the
 * kick signal, a parked one through its condition variable. The winner
 * emits RESET or SHUTDOWN with guest and reason.
 */
static void finish_why(struct virt *v, enum run_state state, int status,
		       bool guest, const char *reason)
{
	unsigned int i;
	bool won = false;

	pthread_mutex_lock(&v->state_lock);
	if (get_state(v) == RUNNING) {
		won = true;
		v->stop_status = status;
		v->end_guest = guest;
		v->end_reason = reason;
		__atomic_store_n(&v->state, state, __ATOMIC_SEQ_CST);
		for (i = 0; i < v->ncpus; i++)
			vcpu_kick(&v->cpus[i]);
		pthread_cond_broadcast(&v->state_cond);
		pthread_cond_broadcast(&v->pause_cond);
	}
	pthread_mutex_unlock(&v->state_lock);
	/* With -no-reboot a reset ends the run, so QMP sees SHUTDOWN. */
	if (won)
		emit(v,
		     state == RESET && !v->opt->no_reboot ? VIRT_EVENT_RESET
							  : VIRT_EVENT_SHUTDOWN,
		     guest, reason);
}

/* The board's own reasons, QMP's ShutdownCause (qapi/run-state.json). */
static void finish(struct virt *v, enum run_state state, int status)
{
	if (state == RESET)
		finish_why(v, state, status, true, "guest-reset");
	else if (state == STOPPED)
		finish_why(v, state, status, false,
			   status ? "host-error" : "host-ui");
	else
		finish_why(v, state, status, true, "guest-shutdown");
}

/*
 * The guest asked the GED for power-off or reset: the hypervisor turns
 * that into KVM_EXIT_SYSTEM_EVENT on every vCPU, and the first vCPU to
 * see it ends the run. A hypervisor without loongvm's request (a real
 * /dev/kvm) says ENOTTY, and the board stops the vCPUs itself.
 */
static void ged_event(void *opaque, enum ged_event ev)
{
	struct virt *v = opaque;
	struct kvm_loongvm_system_event req = {
	    .type = KVM_SYSTEM_EVENT_SHUTDOWN,
	};

	if (ev == GED_TEST_FAIL) {
		finish(v, TEST_FAIL, 0);
		return;
	}
	if (ev == GED_RESET)
		req.type = KVM_SYSTEM_EVENT_RESET;
	if (kvm_ioctl(v->vm, KVM_LOONGVM_REQUEST_SYSTEM_EVENT, &req))
		finish(v, ev == GED_RESET ? RESET : POWEROFF, 0);
}

/* KVM_EXIT_SYSTEM_EVENT: what the board does with each type. */
static void system_event(struct virt *v, const struct kvm_run *run)
{
	switch (run->system_event.type) {
	case KVM_SYSTEM_EVENT_RESET:
		finish(v, RESET, 0);
		break;
	case KVM_SYSTEM_EVENT_CRASH:
		fprintf(stderr, "loongvm: the guest crashed\n");
		finish_why(v, STOPPED, 1, true, "guest-panic");
		break;
	default:
		finish(v, POWEROFF, 0);
		break;
	}
}

/* Ends the run from any thread with this exit status (Ctrl-a x). */
/*
 * A stop the host asked for (quit, Ctrl-a x) also wins over a reset under
 * way, which would otherwise reboot the board and forget it.
 */
static void host_stop(struct virt *v, int status, const char *reason)
{
	bool during_reset;

	pthread_mutex_lock(&v->state_lock);
	during_reset = get_state(v) == RESET;
	if (during_reset) {
		v->stop_status = status;
		v->end_guest = false;
		v->end_reason = reason;
		__atomic_store_n(&v->state, STOPPED, __ATOMIC_SEQ_CST);
	}
	pthread_mutex_unlock(&v->state_lock);
	if (during_reset)
		emit(v, VIRT_EVENT_SHUTDOWN, false, reason);
	else
		finish_why(v, STOPPED, status, false, reason);
}

void virt_request_stop(struct virt *v, int status)
{
	host_stop(v, status, status ? "host-error" : "host-ui");
}

static void console_quit(void *opaque, int status)
{
	virt_request_stop(opaque, status);
}

void virt_set_event_hook(struct virt *v, virt_event_fn fn, void *opaque)
{
	v->event_opaque = opaque;
	__atomic_store_n(&v->event_fn, fn, __ATOMIC_RELEASE);
}

const struct virt_options *virt_options(const struct virt *v)
{
	return v->opt;
}

/*
 * Stops the guest's clock while paused (guest_clock.h). The counter is
 * vCPU 0's register, so it is left alone while vCPU 0 runs a debug step
 * and may be in KVM_RUN; the next pause or resume catches up.
 */
static void clock_follow_locked(struct virt *v)
{
	if (v->run_only != 0)
		guest_clock_set_running(&v->clock, virt_vcpu_fd(v, 0),
					!v->paused);
}

/*
 * Sets halt from paused and holds and, when set, kicks every vCPU in
 * run_loop out of KVM_RUN and waits until none is active (all-stop). A
 * parked secondary is left alone: it is outside KVM_RUN, and run_loop
 * looks at halt before its first KVM_RUN. Called with state_lock held.
 */
static void quiesce_locked(struct virt *v)
{
	bool halt = v->paused || v->holds || v->debug_hold;
	unsigned int i;

	__atomic_store_n(&v->halt, halt, __ATOMIC_SEQ_CST);
	if (!halt) {
		clock_follow_locked(v);
		pthread_cond_broadcast(&v->pause_cond);
		return;
	}
	for (i = 0; i < v->ncpus; i++)
		if (v->ctl[i].in_loop)
			vcpu_kick(&v->cpus[i]);
	while (v->nactive)
		pthread_cond_wait(&v->pause_cond, &v->state_lock);
	clock_follow_locked(v);
}

void virt_pause(struct virt *v)
{
	bool was;

	pthread_mutex_lock(&v->state_lock);
	was = v->paused;
	v->paused = true;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
	if (!was)
		emit(v, VIRT_EVENT_STOP, false, NULL);
}

void virt_resume(struct virt *v)
{
	bool was;

	pthread_mutex_lock(&v->state_lock);
	was = v->paused;
	v->paused = false;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
	if (was)
		emit(v, VIRT_EVENT_RESUME, false, NULL);
}

bool virt_paused(struct virt *v)
{
	bool p;

	pthread_mutex_lock(&v->state_lock);
	p = v->paused;
	pthread_mutex_unlock(&v->state_lock);
	return p;
}

void virt_hold(struct virt *v)
{
	pthread_mutex_lock(&v->state_lock);
	v->holds++;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_release(struct virt *v)
{
	pthread_mutex_lock(&v->state_lock);
	if (v->holds)
		v->holds--;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_system_reset(struct virt *v)
{
	finish_why(v, RESET, 0, false, "host-qmp-system-reset");
}

void virt_system_powerdown(struct virt *v)
{
	emit(v, VIRT_EVENT_POWERDOWN, false, NULL);
}

void virt_quit(struct virt *v, const char *reason)
{
	host_stop(v, 0, reason);
}

void virt_set_debug_hook(struct virt *v, virt_debug_fn fn, void *opaque)
{
	v->debug_opaque = opaque;
	__atomic_store_n(&v->debug_fn, fn, __ATOMIC_RELEASE);
}

void virt_debug_stop_nowait(struct virt *v)
{
	unsigned int i;

	pthread_mutex_lock(&v->state_lock);
	v->debug_hold = true;
	v->run_only = -1;
	__atomic_store_n(&v->halt, true, __ATOMIC_SEQ_CST);
	for (i = 0; i < v->ncpus; i++)
		if (v->ctl[i].in_loop)
			vcpu_kick(&v->cpus[i]);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_debug_stop(struct virt *v)
{
	pthread_mutex_lock(&v->state_lock);
	v->debug_hold = true;
	v->run_only = -1;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_debug_wait_stopped(struct virt *v)
{
	pthread_mutex_lock(&v->state_lock);
	while (v->nactive && get_state(v) == RUNNING)
		pthread_cond_wait(&v->pause_cond, &v->state_lock);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_debug_run_one(struct virt *v, unsigned int cpu)
{
	pthread_mutex_lock(&v->state_lock);
	v->run_only = (int)cpu;
	pthread_cond_broadcast(&v->pause_cond);
	pthread_mutex_unlock(&v->state_lock);
}

void virt_debug_resume(struct virt *v)
{
	bool was;

	pthread_mutex_lock(&v->state_lock);
	was = v->paused;
	v->debug_hold = false;
	v->paused = false; /* as QEMU's stub, continue also ends -S */
	v->run_only = -1;
	quiesce_locked(v);
	pthread_mutex_unlock(&v->state_lock);
	if (was)
		emit(v, VIRT_EVENT_RESUME, false, NULL);
}

bool virt_running(struct virt *v)
{
	return get_state(v) == RUNNING;
}

void *virt_guest_ptr(struct virt *v, uint64_t gpa, uint64_t len)
{
	size_t i;

	for (i = 0; i < v->nram; i++) {
		const struct ram_region *r = &v->ram[i];

		if (len && gpa >= r->gpa && gpa - r->gpa < r->size &&
		    len <= r->size - (gpa - r->gpa))
			return r->host + (gpa - r->gpa);
	}
	return NULL;
}

int virt_vm_fd(const struct virt *v)
{
	return v->vm;
}

unsigned int virt_ncpus(const struct virt *v)
{
	return v->ncpus;
}

int virt_vcpu_fd(const struct virt *v, unsigned int i)
{
	return i < v->ncpus ? v->cpus[i].fd : -1;
}

int virt_vcpu_stats_fd(const struct virt *v, unsigned int i)
{
	return i < v->ncpus ? v->ctl[i].stats_fd : -1;
}

int virt_vcpu_thread_id(struct virt *v, unsigned int i)
{
	int tid = 0;

	pthread_mutex_lock(&v->state_lock);
	if (i < v->ncpus)
		tid = v->ctl[i].tid;
	pthread_mutex_unlock(&v->state_lock);
	return tid;
}

static int add_ram(struct virt *v, uint32_t slot, uint64_t gpa, uint64_t size)
{
	struct kvm_userspace_memory_region r;
	void *host = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (host == MAP_FAILED)
		return -1;
	/*
	 * Transparent huge pages where the host offers them only on request
	 * (as QEMU asks for guest RAM): fewer host faults and TLB misses.
	 */
	madvise(host, size, MADV_HUGEPAGE);
	r = (struct kvm_userspace_memory_region){
	    .slot = slot,
	    .guest_phys_addr = gpa,
	    .memory_size = size,
	    .userspace_addr = (uint64_t)(uintptr_t)host,
	};
	v->ram[v->nram++] = (struct ram_region){gpa, size, host};
	return kvm_ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &r);
}

static int setup_memory(struct virt *v)
{
	uint64_t low = v->opt->ram_size < VIRT_LOWMEM_SIZE ? v->opt->ram_size
							   : VIRT_LOWMEM_SIZE;

	if (add_ram(v, 0, VIRT_LOWMEM_BASE, low))
		return -1;
	if (v->opt->ram_size > low &&
	    add_ram(v, 1, VIRT_HIGHMEM_BASE, v->opt->ram_size - low))
		return -1;
	return 0;
}

/*
 * Raises or lowers a CPU interrupt line (a CPU_IRQ_PIN from the IPI or
 * EIOINTC) with KVM_INTERRUPT on that vCPU: irq to raise, -irq to lower
 * (kvm/vcpu.c kvm_vcpu_ioctl_interrupt), which any thread may call.
 */
static void cpu_irq_set(void *opaque, unsigned int pin, bool level)
{
	struct virt *v = opaque;
	unsigned int cpu = pin >> 4, irq = pin & 0xf;
	struct kvm_interrupt intr = {level ? irq : (uint32_t) - (int32_t)irq};

	if (cpu < v->ncpus && v->cpus[cpu].fd >= 0)
		kvm_ioctl(v->cpus[cpu].fd, KVM_INTERRUPT, &intr);
}

/*
 * The IPI hook, under the IOCSR bus lock: Linux has written a secondary's
 * entry point into its MBUF0 and sent it an IPI, so un-park it there.
 */
static void ipi_wake(void *opaque, unsigned int cpu, enum ipi_event ev)
{
	struct virt *v = opaque;
	uint64_t pc;

	if (ev != IPI_WAKE_IPI || cpu == 0 || cpu >= v->ncpus)
		return;
	pc = ipi_mailbox(&v->ipi, cpu, 0);
	if (pc)
		vcpu_post_start(&v->cpus[cpu], pc);
}

/* The IOCSR devices, at the addresses of QEMU hw/loongarch/virt.c. */
static int setup_iocsr(struct virt *v)
{
	v->cpu_irq = (struct irq_sink){cpu_irq_set, v};
	iocsr_misc_init(&v->iocsr_misc);
	ipi_init(&v->ipi, v->ncpus, &v->cpu_irq, &v->iocsr);
	ipi_set_wake(&v->ipi, ipi_wake, v);
	eiointc_init(&v->eiointc, v->ncpus, &v->cpu_irq);
	if (bus_add(&v->iocsr, "iocsr-misc", IOCSR_MISC_BASE, IOCSR_MISC_SIZE,
		    &iocsr_misc_ops, &v->iocsr_misc) ||
	    bus_add(&v->iocsr, "ipi", IPI_BASE, IPI_SIZE, &ipi_ops, &v->ipi))
		return -1;
	return bus_add(&v->iocsr, "eiointc", EIOINTC_BASE, EIOINTC_SIZE,
		       &eiointc_ops, &v->eiointc);
}

/*
 * PCH-PIC, PCH-MSI and the RTC, at QEMU's addresses (include/hw/loongarch/
 * virt.h); PCH-PIC and PCH-MSI feed the EIOINTC, UART0 is PCH-PIC input 2.
 */
static int setup_irq_devices(struct virt *v)
{
	pch_pic_init(&v->pch_pic, eiointc_input(&v->eiointc));
	v->pch_pic_in = pch_pic_sink(&v->pch_pic);
	pch_msi_init(&v->pch_msi, eiointc_input(&v->eiointc));
	rtc_ls7a_init(&v->rtc);
	if (bus_add(&v->mmio, "pch-pic", PCH_PIC_BASE, PCH_PIC_SIZE,
		    &pch_pic_ops, &v->pch_pic) ||
	    bus_add(&v->mmio, "pch-msi", PCH_MSI_BASE, PCH_MSI_SIZE,
		    &pch_msi_ops, &v->pch_msi))
		return -1;
	return bus_add(&v->mmio, "rtc", RTC_LS7A_BASE, RTC_LS7A_SIZE,
		       &rtc_ls7a_ops, &v->rtc);
}

static int setup_devices(struct virt *v)
{
	if (setup_iocsr(v) || setup_irq_devices(v))
		return -1;
	uart_ns16550_init(&v->uart0, STDOUT_FILENO);
	uart_ns16550_connect_irq(&v->uart0, &v->pch_pic_in, 2);
	ged_init(&v->ged, ged_event, v);
	if (bus_add(&v->mmio, "uart0", VIRT_UART0_BASE, VIRT_UART_SIZE,
		    &uart_ns16550_ops, &v->uart0))
		return -1;
	return bus_add(&v->mmio, "ged", GED_REG_BASE, GED_REG_SIZE, &ged_ops,
		       &v->ged);
}

/* The PCIe host and the virtio devices of the command line. */
static int setup_io(struct virt *v)
{
	const struct virt_io_wiring w = {
	    .mmio = &v->mmio,
	    .msi = &v->pch_msi,
	    .pic = &v->pch_pic_in,
	    .ram = v->ram,
	    .nram = v->nram,
	    .vm_fd = v->vm,
	};
	char err[512];

	v->io_up = true;
	if (virt_io_setup(&v->io, v->opt->devices, &w, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return -1;
	}
	return 0;
}

/* Direct boot (boot.c): the boot CPU enters in DA mode, a0-a2 set. */
static int load_kernel(struct virt *v)
{
	const struct boot_config cfg = {
	    .kernel = v->opt->kernel,
	    .initrd = v->opt->initrd,
	    .cmdline = v->opt->append,
	    .dtb = v->opt->dtb,
	    .ncpus = v->opt->smp,
	    .platform = v->io_up ? &v->io.plat : NULL,
	};
	struct boot_entry e;
	char err[512];

	if (boot_linux(&cfg, v->ram, v->nram, &e, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return -1;
	}
	return vcpu_set_entry(&v->cpus[0], e.pc,
			      (const uint64_t[3]){e.a0, e.a1, e.a2});
}

/* -M virt,dumpdtb=FILE: write the tree boot.c placed, and stop. */
static int dump_dtb(struct virt *v)
{
	char err[512];

	if (boot_dump_dtb(v->ram, v->nram, v->opt->dumpdtb, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return 2;
	}
	return 0;
}

/* vCPU i has CPUID i, the physical id of /cpus/cpu@i (fdt.c). */
static int create_vcpus(struct virt *v)
{
	unsigned int i;

	for (i = 0; i < v->ncpus; i++) {
		v->ncreated = i + 1;
		if (vcpu_create(&v->cpus[i], v->kvm, v->vm, i))
			return -1;
		/* For query-stats; a hypervisor without stats says -1. */
		v->ctl[i].stats_fd =
		    kvm_ioctl(v->cpus[i].fd, KVM_GET_STATS_FD, 0);
	}
	return 0;
}

static void handle_io(struct bus *bus, unsigned int cpu, uint64_t addr,
		      uint8_t *data, uint32_t len, bool is_write)
{
	uint64_t val = 0;

	if (len > 8)
		return;
	memcpy(&val, data, len);
	bus_access(bus, cpu, addr, len, is_write, &val);
	if (!is_write)
		memcpy(data, &val, len);
}

static void report_internal(const struct kvm_run *run)
{
	if (run->internal.suberror == KVM_INTERNAL_ERROR_DELIVERY_EV &&
	    run->internal.ndata >= 4) {
		fprintf(
		    stderr,
		    "loongvm: guest is stuck re-taking exception ecode 0x%llx "
		    "at its own vector: pc=0x%llx EENTRY=0x%llx BADV=0x%llx\n",
		    (unsigned long long)run->internal.data[0],
		    (unsigned long long)run->internal.data[1],
		    (unsigned long long)run->internal.data[2],
		    (unsigned long long)run->internal.data[3]);
		return;
	}
	fprintf(stderr, "loongvm: internal error %u\n", run->internal.suberror);
}

/*
 * Waits while the board is paused or held, outside KVM_RUN. The kick
 * that got the vCPU here left immediate_exit set; it is cleared under
 * state_lock, which a later pause or finish takes to set it again.
 */
static void pause_wait(struct virt *v, struct vcpu *c)
{
	pthread_mutex_lock(&v->state_lock);
	v->nactive--;
	pthread_cond_broadcast(&v->pause_cond);
	while ((v->paused || v->holds || v->debug_hold) &&
	       v->run_only != (int)c->id && get_state(v) == RUNNING)
		pthread_cond_wait(&v->pause_cond, &v->state_lock);
	v->nactive++;
	if (get_state(v) == RUNNING)
		__atomic_store_n(&c->run->immediate_exit, 0, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&v->state_lock);
}

/* A debug exit goes to the stub; without one, the guest runs on. */
static void debug_exit(struct virt *v, struct vcpu *c)
{
	virt_debug_fn fn = __atomic_load_n(&v->debug_fn, __ATOMIC_ACQUIRE);

	if (fn)
		fn(v->debug_opaque, c->id);
}

/* Marks vCPU c as in run_loop (in) or out of it, for pausing. */
static void loop_mark(struct virt *v, struct vcpu *c, bool in)
{
	pthread_mutex_lock(&v->state_lock);
	v->ctl[c->id].in_loop = in;
	if (in) {
		v->nactive++;
	} else {
		v->nactive--;
		pthread_cond_broadcast(&v->pause_cond);
	}
	pthread_mutex_unlock(&v->state_lock);
}

/* Runs a vCPU until the board stops; returns 0 or an error status. */
static int run_loop(struct virt *v, struct vcpu *c)
{
	struct kvm_run *run = c->run;

	for (;;) {
		if (__atomic_load_n(&v->halt, __ATOMIC_SEQ_CST))
			pause_wait(v, c);
		if (get_state(v) != RUNNING)
			break;
		if (kvm_ioctl(c->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			perror("loongvm: KVM_RUN");
			return 2;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_io(&v->mmio, c->id, run->mmio.phys_addr,
				  run->mmio.data, run->mmio.len,
				  run->mmio.is_write);
			break;
		case KVM_EXIT_LOONGARCH_IOCSR:
			handle_io(&v->iocsr, c->id, run->iocsr_io.phys_addr,
				  run->iocsr_io.data, run->iocsr_io.len,
				  run->iocsr_io.is_write);
			break;
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			system_event(v, run);
			break;
		case KVM_EXIT_DEBUG:
			debug_exit(v, c);
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			report_internal(run);
			return 3;
		default:
			fprintf(stderr, "loongvm: unexpected exit reason %u\n",
				run->exit_reason);
			return 2;
		}
	}
	return 0;
}

/* A vCPU thread: secondaries wait parked for their entry point. */
static void *vcpu_main(void *arg)
{
	struct vcpu *c = arg;
	struct virt *v = c->board;
	int status;

	pthread_mutex_lock(&v->state_lock);
	v->ctl[c->id].tid = (int)syscall(SYS_gettid);
	pthread_mutex_unlock(&v->state_lock);
	if (c->id != 0 && vcpu_wait_start(c)) {
		if (get_state(v) == RUNNING)
			perror("loongvm: cannot start a secondary vCPU");
		finish(v, STOPPED, 2);
		return NULL;
	}
	loop_mark(v, c, true);
	status = run_loop(v, c);
	loop_mark(v, c, false);
	if (status)
		finish(v, STOPPED, status);
	return NULL;
}

/* Runs every vCPU on its own thread until the board stops; its status. */
static int run_vcpus(struct virt *v)
{
	unsigned int i;
	int err = 0;

	pthread_mutex_lock(&v->state_lock);
	for (i = 0; i < v->ncpus && !err; i++)
		err = vcpu_spawn(&v->cpus[i], vcpu_main, v);
	if (err) {
		perror("loongvm: cannot start a vCPU thread");
		pthread_mutex_unlock(&v->state_lock);
		finish(v, STOPPED, 2);
		pthread_mutex_lock(&v->state_lock);
	}
	while (get_state(v) == RUNNING)
		pthread_cond_wait(&v->state_cond, &v->state_lock);
	pthread_mutex_unlock(&v->state_lock);
	for (i = 0; i < v->ncpus; i++)
		vcpu_join(&v->cpus[i]);
	if (v->state == STOPPED)
		return v->stop_status;
	return v->state == TEST_FAIL ? 1 : 0;
}

/* A reboot: every vCPU back to power-on, fresh IPIs, the kernel reloaded. */
static int reset_board(struct virt *v)
{
	size_t i;

	for (i = 0; i < v->ncpus; i++)
		if (vcpu_reset(&v->cpus[i]))
			return -1;
	pthread_mutex_lock(&v->iocsr.lock);
	ipi_init(&v->ipi, v->ncpus, &v->cpu_irq, &v->iocsr);
	ipi_set_wake(&v->ipi, ipi_wake, v);
	pthread_mutex_unlock(&v->iocsr.lock);
	pthread_mutex_lock(&v->mmio.lock);
	virt_io_reset(&v->io);
	pthread_mutex_unlock(&v->mmio.lock);
	/* A reboot starts from zeroed RAM, as a fresh mapping does. */
	for (i = 0; i < v->nram; i++)
		madvise(v->ram[i].host, v->ram[i].size, MADV_DONTNEED);
	/* Unless a quit came during the reset (finish_why). */
	pthread_mutex_lock(&v->state_lock);
	if (get_state(v) == RESET)
		__atomic_store_n(&v->state, RUNNING, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&v->state_lock);
	return load_kernel(v);
}

static int boot(struct virt *v)
{
	unsigned int i;
	int status;

	v->kvm = kvm_open();
	if (v->kvm < 0 || (v->vm = kvm_ioctl(v->kvm, KVM_CREATE_VM, 0)) < 0) {
		perror("loongvm: cannot create the VM");
		return 2;
	}
	if (setup_memory(v) || setup_devices(v) || create_vcpus(v)) {
		perror("loongvm: cannot set up the board");
		return 2;
	}
	if (setup_io(v))
		return 2;
	if (load_kernel(v))
		return 2;
	if (v->opt->dumpdtb)
		return dump_dtb(v);
	for (i = 0; i < v->io.ndev; i++)
		if (v->io.dev[i].kind == VDEV_CONSOLE)
			console_set_hvc(v->io.dev[i].model);
	if (v->opt->monitor)
		console_set_monitor(monitor_run, v);
	if (console_start(&v->uart0, console_quit, v)) {
		perror("loongvm: cannot start the console");
		return 2;
	}
	if (v->opt->qmp && qmp_start(v, v->opt->qmp))
		return 2;
	if (v->opt->gdb && gdb_stub_start(v, v->opt->gdb))
		return 2;
	if (v->opt->start_paused) { /* -S: no vCPU has run yet */
		v->paused = true;
		__atomic_store_n(&v->halt, true, __ATOMIC_SEQ_CST);
		guest_clock_set_running(&v->clock, virt_vcpu_fd(v, 0), false);
	}
	for (;;) {
		status = run_vcpus(v);
		if (v->state != RESET || v->opt->no_reboot)
			return status;
		if (reset_board(v))
			return 2;
		if (get_state(v) == STOPPED)
			return v->stop_status;
	}
}

int virt_run(const struct virt_options *opt)
{
	struct virt v = {.opt = opt, .kvm = -1, .vm = -1};
	int status;
	size_t i;

	v.ncpus = opt->smp ? opt->smp : 1;
	v.cpus = calloc(v.ncpus, sizeof(*v.cpus));
	v.ctl = calloc(v.ncpus, sizeof(*v.ctl));
	if (!v.cpus || !v.ctl) {
		perror("loongvm");
		free(v.cpus);
		free(v.ctl);
		return 2;
	}
	for (i = 0; i < v.ncpus; i++)
		v.cpus[i].fd = v.ctl[i].stats_fd = -1;
	pthread_mutex_init(&v.state_lock, NULL);
	pthread_cond_init(&v.state_cond, NULL);
	pthread_cond_init(&v.pause_cond, NULL);
	v.run_only = -1;
	bus_init(&v.mmio);
	bus_init(&v.iocsr);
	vcpu_install_kick();
	status = boot(&v);
	qmp_stop();
	gdb_stub_stop(status);
	console_stop();
	for (i = 0; i < v.ncreated; i++) {
		if (v.ctl[i].stats_fd >= 0)
			close(v.ctl[i].stats_fd);
		vcpu_destroy(&v.cpus[i]);
	}
	if (v.io_up)
		virt_io_destroy(&v.io);
	free(v.cpus);
	free(v.ctl);
	if (v.vm >= 0)
		kvm_close(v.vm);
	if (v.kvm >= 0)
		kvm_close(v.kvm);
	for (i = 0; i < v.nram; i++)
		munmap(v.ram[i].host, v.ram[i].size);
	bus_destroy(&v.mmio);
	bus_destroy(&v.iocsr);
	eiointc_destroy(&v.eiointc);
	pthread_cond_destroy(&v.pause_cond);
	pthread_cond_destroy(&v.state_cond);
	pthread_mutex_destroy(&v.state_lock);
	return status;
}
