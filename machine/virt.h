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
	const struct virt_devices *devices; /* -device etc.; NULL: none */
};

struct virt;

/* Stops the board from any thread; virt_run then returns status. */
void virt_request_stop(struct virt *v, int status);

/* Boots and runs the board; returns the process exit status. */
int virt_run(const struct virt_options *opt);

#endif /* LOONGVM_MACHINE_VIRT_H */
