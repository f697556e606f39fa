/* SPDX-License-Identifier: MIT */
/*
 * The LoongArch IOCSR IPI block: per-CPU STATUS/EN/SET/CLEAR and four
 * 64-bit mailboxes, plus the "send" registers through which one CPU
 * raises another's IPI (IPI_SEND), writes another's mailbox (MAIL_SEND)
 * or writes any IOCSR of another CPU (ANY_SEND). Linux uses it for IPIs
 * and to start secondary CPUs (arch/loongarch/kernel/smp.c).
 *
 * Every access works on the view of the CPU given as the bus's `cpu`
 * argument (its physical id), as the per-core IOCSRs do on hardware.
 * STATUS & EN != 0 drives the CPU's IPI line: irq_set(sink,
 * IPI_CPU_PIN(cpu), level), called only when the level changes.
 *
 * Starting secondary CPUs: Linux writes the entry point into the target's
 * MBUF0 with two MAIL_SEND writes (high half first, then low half) and
 * then sends it an IPI (smp.c: csr_mail_send, loongson_boot_secondary).
 * The device calls `wake(wake_opaque, cpu, event)` after an IPI reaches a
 * CPU (IPI_WAKE_IPI) and after either half of its MBUF0 is written
 * (IPI_WAKE_MBUF0). A board that keeps secondary CPUs parked outside the
 * guest starts one at PC = ipi_mailbox(ipi, cpu, 0) when it gets
 * IPI_WAKE_IPI and that value is non-zero, which is what QEMU's parking
 * loop (hw/loongarch/boot.c) does in guest code. The hook runs with the
 * IOCSR bus lock held: it must not access the bus, only record the event
 * or kick a vCPU thread.
 */
#ifndef LOONGVM_HW_IPI_H
#define LOONGVM_HW_IPI_H

#include <stdint.h>

#include "bus.h"
#include "irq.h"

/* arch/loongarch/include/asm/loongarch.h */
#define IPI_BASE 0x1000ULL
#define IPI_SIZE 0x160ULL /* 0x1000-0x104f and ANY_SEND at 0x1158 */
#define IPI_STATUS 0x1000
#define IPI_EN 0x1004
#define IPI_SET 0x1008
#define IPI_CLEAR 0x100c
#define IPI_MBUF0 0x1020
#define IPI_MBUF_END 0x1040
#define IPI_SEND 0x1040
#define IPI_MAIL_SEND 0x1048
#define IPI_ANY_SEND 0x1158

#define IPI_MAX_CPUS 256
#define IPI_CPU_PIN(cpu) CPU_IRQ_PIN(cpu, 12) /* INT_IPI */

enum ipi_event { IPI_WAKE_IPI, IPI_WAKE_MBUF0 };

struct ipi_cpu {
	uint32_t status, en;
	uint64_t mbuf[4];
	bool line;
};

struct ipi {
	unsigned int ncpus;
	struct ipi_cpu cpu[IPI_MAX_CPUS];
	const struct irq_sink *sink;
	/* ANY_SEND writes other devices of this bus (the caller holds its lock). */
	struct bus *bus;
	unsigned int any_depth;
	void (*wake)(void *opaque, unsigned int cpu, enum ipi_event ev);
	void *wake_opaque;
};

/* ncpus is clamped to IPI_MAX_CPUS; CPUs at or above it are ignored. */
void ipi_init(struct ipi *ipi, unsigned int ncpus, const struct irq_sink *sink,
	      struct bus *bus);
void ipi_set_wake(struct ipi *ipi,
		  void (*wake)(void *opaque, unsigned int cpu,
			       enum ipi_event ev),
		  void *opaque);
/* Mailbox box (0-3) of a CPU; 0 for an unknown CPU or box. */
uint64_t ipi_mailbox(struct ipi *ipi, unsigned int cpu, unsigned int box);
extern const struct bus_ops ipi_ops;

#endif /* LOONGVM_HW_IPI_H */
