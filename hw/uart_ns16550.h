/* SPDX-License-Identifier: MIT */
/*
 * A ns16550a UART with byte-wide registers (reg-shift 0), as on the virt
 * board at 0x1fe001e0. Transmitted bytes go to an output fd; received
 * bytes come from the board through uart_ns16550_receive (the device does
 * no host input itself). Its interrupt line is one pin of an irq_sink
 * (PCH-PIC input 2 on the virt board).
 */
#ifndef LOONGVM_HW_UART_NS16550_H
#define LOONGVM_HW_UART_NS16550_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bus.h"
#include "irq.h"

#define UART_NS16550_SIZE 0x100
#define UART_FIFO_SIZE 16
/*
 * Received bytes beyond the 16-byte FIFO are held, up to this many in all,
 * and enter the FIFO as the guest reads it; past that they are dropped and
 * LSR.OE is set. The board can ask for the free space first.
 */
#define UART_RX_HOLD 4096

struct uart_ns16550 {
	pthread_mutex_t lock; /* the board feeds input from its own thread */
	int out_fd;	      /* < 0: transmitted bytes are discarded */
	const struct irq_sink *irq;
	unsigned int irq_pin;
	bool irq_level, thre_pending;
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr, lsr_err;
	uint8_t rx[UART_RX_HOLD]; /* ring; its first 16 bytes are the FIFO */
	size_t rx_head, rx_count;
};

void uart_ns16550_init(struct uart_ns16550 *u, int out_fd);
/* Connects the interrupt output; irq may be NULL. */
void uart_ns16550_connect_irq(struct uart_ns16550 *u,
			      const struct irq_sink *irq, unsigned int pin);
/* Queues received bytes; those that do not fit are dropped (LSR.OE). */
void uart_ns16550_receive(struct uart_ns16550 *u, const uint8_t *buf, size_t n);
/* How many bytes uart_ns16550_receive can take now without dropping. */
size_t uart_ns16550_rx_space(struct uart_ns16550 *u);
extern const struct bus_ops uart_ns16550_ops;

#endif /* LOONGVM_HW_UART_NS16550_H */
