/* SPDX-License-Identifier: MIT */
/*
 * ns16550a register model: THR/RBR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR,
 * and the divisor latch behind LCR.DLAB (National Semiconductor PC16550D
 * datasheet; Linux 6.12 include/uapi/linux/serial_reg.h names the bits).
 * The transmitter is always ready, since bytes are written to the host at
 * once, so THRE is pending again right after every THR write.
 *
 * Interrupts, highest priority first (datasheet table 4): receiver line
 * status (IIR 0x06, LSR.OE with IER.ELSI), received data available (0x04,
 * any byte in the FIFO with IER.ERBFI; there is no character-timeout
 * distinction since Linux's 8250 core treats both alike), and transmitter
 * holding register empty (0x02, with IER.ETBEI; raised when THR empties or
 * ETBEI is set while it is empty, cleared by reading IIR while it is the
 * reported source or by writing THR). Modem-status interrupts never occur.
 * MCR.LOOP sends transmitted bytes to the receiver, as the chip does.
 * Accesses other than one byte read zero and write nothing.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "uart_ns16550.h"

#define IER_ERBFI 0x01
#define IER_ETBEI 0x02
#define IER_ELSI 0x04
#define IIR_NO_INT 0x01
#define IIR_THRI 0x02
#define IIR_RDI 0x04
#define IIR_RLSI 0x06
#define IIR_FIFO 0xc0
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define LCR_DLAB 0x80
#define MCR_LOOP 0x10
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

void uart_ns16550_init(struct uart_ns16550 *u, int out_fd)
{
	memset(u, 0, sizeof(*u));
	pthread_mutex_init(&u->lock, NULL);
	u->out_fd = out_fd;
	u->lcr = 0x03;
	u->thre_pending = true;
}

static uint8_t iir(const struct uart_ns16550 *u)
{
	uint8_t fifo = u->fcr & FCR_ENABLE ? IIR_FIFO : 0;

	if ((u->ier & IER_ELSI) && (u->lsr_err & LSR_OE))
		return IIR_RLSI | fifo;
	if ((u->ier & IER_ERBFI) && u->rx_count)
		return IIR_RDI | fifo;
	if ((u->ier & IER_ETBEI) && u->thre_pending)
		return IIR_THRI | fifo;
	return IIR_NO_INT | fifo;
}

static void update_irq(struct uart_ns16550 *u)
{
	bool level = !(iir(u) & IIR_NO_INT);

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	irq_set(u->irq, u->irq_pin, level);
}

void uart_ns16550_connect_irq(struct uart_ns16550 *u,
			      const struct irq_sink *irq, unsigned int pin)
{
	pthread_mutex_lock(&u->lock);
	u->irq = irq;
	u->irq_pin = pin;
	u->irq_level = false;
	if (!(iir(u) & IIR_NO_INT)) {
		u->irq_level = true;
		irq_set(u->irq, u->irq_pin, true);
	}
	pthread_mutex_unlock(&u->lock);
}

static void rx_push(struct uart_ns16550 *u, const uint8_t *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (u->rx_count == UART_RX_HOLD) {
			u->lsr_err |= LSR_OE;
			break;
		}
		u->rx[(u->rx_head + u->rx_count++) % UART_RX_HOLD] = buf[i];
	}
}

void uart_ns16550_receive(struct uart_ns16550 *u, const uint8_t *buf, size_t n)
{
	pthread_mutex_lock(&u->lock);
	rx_push(u, buf, n);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

size_t uart_ns16550_rx_space(struct uart_ns16550 *u)
{
	size_t n;

	pthread_mutex_lock(&u->lock);
	n = UART_RX_HOLD - u->rx_count;
	pthread_mutex_unlock(&u->lock);
	return n;
}

static uint8_t rx_pop(struct uart_ns16550 *u)
{
	uint8_t c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % UART_RX_HOLD;
	u->rx_count--;
	return c;
}

static void emit(struct uart_ns16550 *u, uint8_t c)
{
	ssize_t n;

	if (u->mcr & MCR_LOOP) {
		rx_push(u, &c, 1);
		return;
	}
	if (u->out_fd < 0)
		return;
	do {
		n = write(u->out_fd, &c, 1);
	} while (n < 0 && errno == EINTR);
}

/* MSR: in loopback the modem inputs mirror MCR's outputs. */
static uint8_t msr(const struct uart_ns16550 *u)
{
	if (!(u->mcr & MCR_LOOP))
		return 0xb0; /* DCD, DSR, CTS */
	return (u->mcr & 0x01) << 5 | (u->mcr & 0x02) << 3 |
	       (u->mcr & 0x04) << 4 | (u->mcr & 0x08) << 4;
}

static uint8_t reg_read(struct uart_ns16550 *u, uint64_t off)
{
	bool dlab = u->lcr & LCR_DLAB;
	uint8_t v;

	switch (off) {
	case 0:
		return dlab ? u->dll : rx_pop(u);
	case 1:
		return dlab ? u->dlm : u->ier;
	case 2:
		v = iir(u);
		if ((v & 0x0f) == IIR_THRI)
			u->thre_pending = false;
		return v;
	case 3:
		return u->lcr;
	case 4:
		return u->mcr;
	case 5:
		v = LSR_THRE | LSR_TEMT | u->lsr_err |
		    (u->rx_count ? LSR_DR : 0);
		u->lsr_err = 0;
		return v;
	case 6:
		return msr(u);
	case 7:
		return u->scr;
	default:
		return 0;
	}
}

static void reg_write(struct uart_ns16550 *u, uint64_t off, uint8_t v)
{
	bool dlab = u->lcr & LCR_DLAB;

	switch (off) {
	case 0:
		if (dlab) {
			u->dll = v;
		} else {
			emit(u, v);
			u->thre_pending = true; /* sent at once: empty again */
		}
		break;
	case 1:
		if (dlab) {
			u->dlm = v;
			break;
		}
		if ((v & IER_ETBEI) && !(u->ier & IER_ETBEI))
			u->thre_pending = true;
		u->ier = v & 0x0f;
		break;
	case 2:
		/* Clearing drops the FIFO's 16 bytes, not the ones held. */
		if (v & FCR_CLEAR_RX) {
			size_t n = u->rx_count < UART_FIFO_SIZE
				       ? u->rx_count
				       : UART_FIFO_SIZE;

			u->rx_head = (u->rx_head + n) % UART_RX_HOLD;
			u->rx_count -= n;
		}
		u->fcr = v & 0xc9; /* trigger level, DMA mode, enable */
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

static uint64_t uart_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	struct uart_ns16550 *u = opaque;
	uint8_t v;

	(void)cpu;
	if (size != 1)
		return 0;
	pthread_mutex_lock(&u->lock);
	v = reg_read(u, off);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
	return v;
}

static void uart_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct uart_ns16550 *u = opaque;

	(void)cpu;
	if (size != 1)
		return;
	pthread_mutex_lock(&u->lock);
	reg_write(u, off, (uint8_t)val);
	update_irq(u);
	pthread_mutex_unlock(&u->lock);
}

const struct bus_ops uart_ns16550_ops = {uart_read, uart_write};
