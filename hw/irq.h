/* SPDX-License-Identifier: MIT */
/*
 * An interrupt wire: a source calls irq_set on a sink with a pin number and
 * a level. Interrupt controllers are sinks for their inputs and sources for
 * their outputs; the board connects them (devices → PCH-PIC/PCH-MSI →
 * EIOINTC → the CPU's HWI lines, Documentation/arch/loongarch/
 * irq-chip-model.rst).
 */
#ifndef LOONGVM_HW_IRQ_H
#define LOONGVM_HW_IRQ_H

#include <stdbool.h>

struct irq_sink {
	void (*set)(void *opaque, unsigned int pin, bool level);
	void *opaque;
};

/*
 * A CPU interrupt line as a sink pin: irq is the ESTAT bit (HWI0-7 = 2-9,
 * IPI = 12), which the board turns into KVM_INTERRUPT on that vCPU.
 */
#define CPU_IRQ_PIN(cpu, irq) ((cpu) << 4 | (irq))

static inline void irq_set(const struct irq_sink *sink, unsigned int pin,
			   bool level)
{
	if (sink && sink->set)
		sink->set(sink->opaque, pin, level);
}

#endif /* LOONGVM_HW_IRQ_H */
