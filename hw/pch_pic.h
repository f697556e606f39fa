/* SPDX-License-Identifier: MIT */
/*
 * The LS7A PCH-PIC: the board's I/O interrupt controller at 0x10000000.
 * Device lines (UART, RTC, GED, PCI INTx) enter on its 64 input pins;
 * each unmasked pending input drives the EIOINTC input pin named by its
 * HTMSI_VEC byte. Register map as Linux 6.12 drivers/irqchip/
 * irq-loongson-pch-pic.c uses it and the Loongson 7A1000 bridge manual
 * describes it (Documentation/arch/loongarch/irq-chip-model.rst).
 */
#ifndef LOONGVM_HW_PCH_PIC_H
#define LOONGVM_HW_PCH_PIC_H

#include <pthread.h>
#include <stdint.h>

#include "bus.h"
#include "irq.h"

#define PCH_PIC_BASE 0x10000000ULL
#define PCH_PIC_SIZE 0x400ULL
#define PCH_PIC_INPUTS 64
#define PCH_PIC_OUTPUTS 256 /* EIOINTC input pins an HTMSI_VEC byte names */

struct pch_pic {
	pthread_mutex_t lock;	    /* inputs arrive from any thread */
	const struct irq_sink *out; /* EIOINTC inputs; NULL: not connected */
	uint64_t mask, htmsi_en, edge, auto0, auto1, pol;
	uint64_t line; /* raw input levels, before polarity */
	uint64_t irr;  /* pending: latched edges, live asserted levels */
	uint8_t route[PCH_PIC_INPUTS], htmsi_vec[PCH_PIC_INPUTS];
	uint64_t out_level[PCH_PIC_OUTPUTS / 64]; /* what out last saw */
};

/*
 * Reset state: every input masked, level-triggered, active high, every
 * HTMSI_VEC zero. out may be NULL and set later with pch_pic_connect.
 */
void pch_pic_init(struct pch_pic *p, const struct irq_sink *out);
void pch_pic_connect(struct pch_pic *p, const struct irq_sink *out);
void pch_pic_destroy(struct pch_pic *p);

/* The input side: pin 0-63 (others ignored), level of the wire. */
void pch_pic_set_irq(void *opaque, unsigned int pin, bool level);
static inline struct irq_sink pch_pic_sink(struct pch_pic *p)
{
	return (struct irq_sink){pch_pic_set_irq, p};
}

extern const struct bus_ops pch_pic_ops;

#endif /* LOONGVM_HW_PCH_PIC_H */
