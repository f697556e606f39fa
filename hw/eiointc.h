/* SPDX-License-Identifier: MIT */
/*
 * The extended I/O interrupt controller (EIOINTC, "EXTIOI") on IOCSR:
 * 256 vectors, fed by PCH-PIC (vectors 0-31 on the virt board) and
 * PCH-MSI (32-255), each routed to one core and, by its group of 32, to
 * one of the core's HWI0-3 lines (Documentation/arch/loongarch/
 * irq-chip-model.rst; Linux drivers/irqchip/irq-loongson-eiointc.c).
 *
 * Inputs: `eiointc_input(e)` is a sink whose pin is the vector. A call with
 * level true latches the vector into the ISR, as a message from PCH-PIC or
 * PCH-MSI does; level false withdraws a request not yet cleared. Clearing
 * the ISR does not re-sample the input: a source still asserted must call
 * again. Outputs: irq_set(out, CPU_IRQ_PIN(cpu, 2 + ip), level) when the
 * level of core cpu's HWI<ip> changes; it is high while some enabled
 * vector routed to that core, whose group maps to ip, is in the ISR.
 *
 * Locking: PCH-PIC and PCH-MSI call the input from MMIO exits while IOCSR
 * accesses arrive under the IOCSR bus lock, possibly on other vCPU
 * threads, so the device has a lock of its own. It is held while the
 * outputs are called; an output must not call back into the device.
 */
#ifndef LOONGVM_HW_EIOINTC_H
#define LOONGVM_HW_EIOINTC_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "irq.h"

/* arch/loongarch/include/asm/loongarch.h, LOONGARCH_IOCSR_EXTIOI_* */
#define EIOINTC_BASE 0x1400ULL
#define EIOINTC_SIZE 0x900ULL
#define EIOINTC_NODEMAP 0x14a0
#define EIOINTC_IPMAP 0x14c0
#define EIOINTC_ENABLE 0x1600
#define EIOINTC_BOUNCE 0x1680
#define EIOINTC_COREISR 0x1800
#define EIOINTC_ROUTE 0x1c00

#define EIOINTC_VECTORS 256
#define EIOINTC_MAX_CPUS 64 /* 16 nodes of 4 cores in a ROUTE byte */

struct eiointc {
	pthread_mutex_t lock; /* inputs and bus accesses come from any thread */
	unsigned int ncpus;
	uint8_t nodemap[32];
	uint8_t ipmap[8];
	uint8_t enable[32];
	uint8_t bounce[32];
	uint8_t route[EIOINTC_VECTORS];
	uint64_t isr[4];
	uint8_t line[EIOINTC_MAX_CPUS]; /* current HWI0-3 levels, a bitmap */
	const struct irq_sink *out;
	struct irq_sink in;
};

/* ncpus is clamped to EIOINTC_MAX_CPUS; routes to other CPUs are dropped. */
void eiointc_init(struct eiointc *e, unsigned int ncpus,
		  const struct irq_sink *out);
void eiointc_destroy(struct eiointc *e);
const struct irq_sink *eiointc_input(struct eiointc *e);
extern const struct bus_ops eiointc_ops;

#endif /* LOONGVM_HW_EIOINTC_H */
