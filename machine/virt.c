/* SPDX-License-Identifier: MIT */
/*
 * Builds the virt board on the hypervisor API and runs it: RAM as memslots,
 * the UART and GED on the MMIO bus, an IOCSR bus, the kernel image, and the
 * KVM_RUN loop that routes MMIO and IOCSR exits to the buses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../hw/bus.h"
#include "../hw/ged.h"
#include "../hw/uart_ns16550.h"
#include "elf_load.h"
#include "la464.h"
#include "loongvm/kvm.h"
#include "virt.h"

enum run_state { RUNNING, POWEROFF, RESET, TEST_FAIL };

struct virt {
	const struct virt_options *opt;
	int kvm, vm, vcpu;
	struct kvm_run *run;
	struct ram_region ram[2];
	size_t nram;
	struct bus mmio, iocsr;
	struct uart_ns16550 uart0;
	struct ged ged;
	enum run_state state;
};

static void ged_event(void *opaque, enum ged_event ev)
{
	struct virt *v = opaque;

	v->state = ev == GED_POWEROFF ? POWEROFF :
		   ev == GED_RESET    ? RESET :
					TEST_FAIL;
}

static int add_ram(struct virt *v, uint32_t slot, uint64_t gpa, uint64_t size)
{
	struct kvm_userspace_memory_region r;
	void *host = mmap(NULL, size, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (host == MAP_FAILED)
		return -1;
	r = (struct kvm_userspace_memory_region){
		.slot = slot,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uint64_t)(uintptr_t)host,
	};
	v->ram[v->nram++] = (struct ram_region){ gpa, size, host };
	return kvm_ioctl(v->vm, KVM_SET_USER_MEMORY_REGION, &r);
}

static int setup_memory(struct virt *v)
{
	uint64_t low = v->opt->ram_size < VIRT_LOWMEM_SIZE ? v->opt->ram_size :
							     VIRT_LOWMEM_SIZE;

	if (add_ram(v, 0, VIRT_LOWMEM_BASE, low))
		return -1;
	if (v->opt->ram_size > low &&
	    add_ram(v, 1, VIRT_HIGHMEM_BASE, v->opt->ram_size - low))
		return -1;
	return 0;
}

static int setup_devices(struct virt *v)
{
	uart_ns16550_init(&v->uart0, STDOUT_FILENO);
	ged_init(&v->ged, ged_event, v);
	if (bus_add(&v->mmio, "uart0", VIRT_UART0_BASE, VIRT_UART_SIZE,
		    &uart_ns16550_ops, &v->uart0))
		return -1;
	return bus_add(&v->mmio, "ged", GED_REG_BASE, GED_REG_SIZE, &ged_ops,
		       &v->ged);
}

static int load_kernel(struct virt *v)
{
	struct elf_image img;
	struct kvm_regs regs = { 0 };
	char err[256];

	if (elf_load(v->opt->kernel, v->ram, v->nram, &img, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s: %s\n", v->opt->kernel, err);
		return -1;
	}
	regs.pc = img.entry;
	return kvm_ioctl(v->vcpu, KVM_SET_REGS, &regs);
}

static int create_vcpu(struct virt *v)
{
	int size = kvm_ioctl(v->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

	v->vcpu = kvm_ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0 || size <= 0)
		return -1;
	v->run = kvm_mmap(v->vcpu, (size_t)size);
	if (v->run == MAP_FAILED)
		return -1;
	return la464_configure(v->vcpu, 0);
}

static void handle_io(struct bus *bus, uint64_t addr, uint8_t *data,
		      uint32_t len, bool is_write)
{
	uint64_t val = 0;

	if (len > 8)
		return;
	memcpy(&val, data, len);
	bus_access(bus, 0, addr, len, is_write, &val);
	if (!is_write)
		memcpy(data, &val, len);
}

static void report_internal(const struct kvm_run *run)
{
	if (run->internal.suberror == KVM_INTERNAL_ERROR_DELIVERY_EV &&
	    run->internal.ndata >= 4) {
		fprintf(stderr,
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

/* Runs the vCPU until the board stops; returns the exit status. */
static int run_loop(struct virt *v)
{
	struct kvm_run *run = v->run;

	while (v->state == RUNNING) {
		if (kvm_ioctl(v->vcpu, KVM_RUN, 0) < 0 && errno != EINTR) {
			perror("loongvm: KVM_RUN");
			return 2;
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_io(&v->mmio, run->mmio.phys_addr, run->mmio.data,
				  run->mmio.len, run->mmio.is_write);
			break;
		case KVM_EXIT_LOONGARCH_IOCSR:
			handle_io(&v->iocsr, run->iocsr_io.phys_addr,
				  run->iocsr_io.data, run->iocsr_io.len,
				  run->iocsr_io.is_write);
			break;
		case KVM_EXIT_INTR:
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
	return v->state == TEST_FAIL ? 1 : 0;
}

static int reset_vcpu(struct virt *v)
{
	uint64_t one = 1;
	struct kvm_one_reg reg = { KVM_REG_LOONGARCH_VCPU_RESET,
				   (uint64_t)(uintptr_t)&one };

	size_t i;

	v->state = RUNNING;
	if (kvm_ioctl(v->vcpu, KVM_SET_ONE_REG, &reg))
		return -1;
	/* A reboot starts from zeroed RAM, as a fresh mapping does. */
	for (i = 0; i < v->nram; i++)
		madvise(v->ram[i].host, v->ram[i].size, MADV_DONTNEED);
	return load_kernel(v);
}

static int boot(struct virt *v)
{
	int status;

	v->kvm = kvm_open();
	if (v->kvm < 0 || (v->vm = kvm_ioctl(v->kvm, KVM_CREATE_VM, 0)) < 0) {
		perror("loongvm: cannot create the VM");
		return 2;
	}
	if (setup_memory(v) || setup_devices(v) || create_vcpu(v)) {
		perror("loongvm: cannot set up the board");
		return 2;
	}
	if (load_kernel(v))
		return 2;
	for (;;) {
		status = run_loop(v);
		if (v->state != RESET || v->opt->no_reboot)
			return status;
		if (reset_vcpu(v))
			return 2;
	}
}

int virt_run(const struct virt_options *opt)
{
	struct virt v = { .opt = opt, .kvm = -1, .vm = -1, .vcpu = -1 };
	int status;

	bus_init(&v.mmio);
	bus_init(&v.iocsr);
	status = boot(&v);
	size_t i;

	if (v.vcpu >= 0)
		kvm_close(v.vcpu);
	if (v.vm >= 0)
		kvm_close(v.vm);
	if (v.kvm >= 0)
		kvm_close(v.kvm);
	for (i = 0; i < v.nram; i++)
		munmap(v.ram[i].host, v.ram[i].size);
	bus_destroy(&v.mmio);
	bus_destroy(&v.iocsr);
	return status;
}
