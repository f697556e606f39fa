/* SPDX-License-Identifier: MIT */
/*
 * ns16550a register model: THR/RBR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR,
 * and the divisor latch behind LCR.DLAB. The transmitter is always ready,
 * since bytes are written to the host at once.
 */
#include <errno.h>
#include <unistd.h>

#include "uart_ns16550.h"

#define LCR_DLAB 0x80
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define IIR_NO_INT 0x01

void uart_ns16550_init(struct uart_ns16550 *u, int out_fd)
{
	*u = (struct uart_ns16550){ .out_fd = out_fd, .lcr = 0x03 };
}

static void emit(struct uart_ns16550 *u, uint8_t c)
{
	ssize_t n;

	do {
		n = write(u->out_fd, &c, 1);
	} while (n < 0 && errno == EINTR);
}

static uint64_t uart_read(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size)
{
	struct uart_ns16550 *u = opaque;
	bool dlab = u->lcr & LCR_DLAB;

	(void)size;
	(void)cpu;
	switch (off) {
	case 0:
		return dlab ? u->dll : 0;
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:
		return IIR_NO_INT | (u->fcr & 1 ? 0xc0 : 0);
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		return LSR_THRE | LSR_TEMT;
	case 6:
		return 0xb0; /* DCD, DSR, CTS */
	case 7:
		return u->scr;
	default:
		return 0;
	}
}

static void uart_write(void *opaque, unsigned int cpu, uint64_t off,
			unsigned int size, uint64_t val)
{
	struct uart_ns16550 *u = opaque;
	uint8_t v = (uint8_t)val;
	bool dlab = u->lcr & LCR_DLAB;

	(void)size;
	(void)cpu;
	switch (off) {
	case 0:
		if (dlab)
			u->dll = v;
		else
			emit(u, v);
		break;
	case 1:
		if (dlab)
			u->dlm = v;
		else
			u->ier = v & 0x0f;
		break;
	case 2:
		u->fcr = v;
		break;
	case 3:
		u->lcr = v;
		break;
	case 4:
		u->mcr = v & 0x1f;
		break;
	case 7:
		u->scr = v;
		break;
	default:
		break;
	}
}

const struct bus_ops uart_ns16550_ops = { uart_read, uart_write };
