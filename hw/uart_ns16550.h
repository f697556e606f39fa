/* SPDX-License-Identifier: MIT */
/*
 * A ns16550a UART with byte-wide registers (reg-shift 0), as on the virt
 * board at 0x1fe001e0. Transmitted bytes go to an output fd.
 */
#ifndef LOONGVM_HW_UART_NS16550_H
#define LOONGVM_HW_UART_NS16550_H

#include <stdint.h>

#include "bus.h"

#define UART_NS16550_SIZE 0x100

struct uart_ns16550 {
	int out_fd;
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
};

void uart_ns16550_init(struct uart_ns16550 *u, int out_fd);
extern const struct bus_ops uart_ns16550_ops;

#endif /* LOONGVM_HW_UART_NS16550_H */
