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

static inline void irq_set(const struct irq_sink *sink, unsigned int pin,
			   bool level)
{
	if (sink && sink->set)
		sink->set(sink->opaque, pin, level);
}

#endif /* LOONGVM_HW_IRQ_H */
