/* SPDX-License-Identifier: MIT */
/*
 * The ns16550a through the MMIO bus: interrupt identification (THRE and
 * received-data, their priority and clearing, as Linux 6.12
 * drivers/tty/serial/8250/8250_port.c relies on), the receive FIFO with
 * LSR.DR and RBR, held and dropped bytes, FCR clearing, loopback and
 * access-size checks.
 */
#include <unistd.h>

#include "../../hw/uart_ns16550.h"
#include "hw_util.h"

#define U 0x1fe001e0ULL
#define RBR (U + 0)
#define IER (U + 1)
#define IIR (U + 2)
#define FCR (U + 2)
#define LCR (U + 3)
#define MCR (U + 4)
#define LSR (U + 5)
#define MSR (U + 6)

static struct bus bus;
static struct uart_ns16550 uart;
static struct rec rec;
static struct irq_sink sink;

static void setup(int fd)
{
	bus_init(&bus);
	uart_ns16550_init(&uart, fd);
	sink = rec_sink(&rec);
	uart_ns16550_connect_irq(&uart, &sink, 2);
	EXPECT(bus_add(&bus, "uart", U, UART_NS16550_SIZE, &uart_ns16550_ops,
		       &uart) == 0);
}

static void teardown(void)
{
	bus_destroy(&bus);
}

static void test_thre(void)
{
	int p[2];
	char c = 0;

	EXPECT(pipe(p) == 0);
	setup(p[1]);
	EXPECT(rd(&bus, IIR, 1) == 0x01 && !rec.level[2]);
	EXPECT((rd(&bus, LSR, 1) & 0x61) == 0x60);
	/* Enabling ETBEI with THR empty raises THRE at once. */
	wr(&bus, IER, 1, 0x02);
	EXPECT(rec.level[2]);
	EXPECT(rd(&bus, IIR, 1) == 0x02); /* reading IIR clears it */
	EXPECT(!rec.level[2] && rd(&bus, IIR, 1) == 0x01);
	/* Writing THR sends the byte and THR is empty again. */
	wr(&bus, RBR, 1, 'x');
	EXPECT(read(p[0], &c, 1) == 1 && c == 'x');
	EXPECT(rec.level[2] && rec.rises[2] == 2);
	/* Disabling ETBEI drops the line; re-enabling raises it again. */
	wr(&bus, IER, 1, 0);
	EXPECT(!rec.level[2]);
	wr(&bus, IER, 1, 0x02);
	EXPECT(rec.level[2] && rd(&bus, IIR, 1) == 0x02);
	/* FIFO enable shows in IIR bits 7:6. */
	wr(&bus, FCR, 1, 0x01);
	EXPECT(rd(&bus, IIR, 1) == 0xc1);
	/* The divisor latch hides THR/IER. */
	wr(&bus, LCR, 1, 0x83);
	wr(&bus, RBR, 1, 0x36);
	wr(&bus, IER, 1, 0x01);
	EXPECT(rd(&bus, RBR, 1) == 0x36 && rd(&bus, IER, 1) == 0x01);
	wr(&bus, LCR, 1, 0x03);
	EXPECT(rd(&bus, IER, 1) == 0x02);
	teardown();
	close(p[0]);
	close(p[1]);
}

static void test_receive(void)
{
	static uint8_t big[UART_RX_HOLD + 10];
	const uint8_t msg[] = "hi";
	unsigned int i;

	setup(-1);
	EXPECT(uart_ns16550_rx_space(&uart) == UART_RX_HOLD);
	uart_ns16550_receive(&uart, msg, 2);
	EXPECT(!rec.level[2]); /* ERBFI off */
	EXPECT(rd(&bus, LSR, 1) & 0x01);
	wr(&bus, IER, 1, 0x03);
	EXPECT(rec.level[2]);
	/* Received data outranks THRE. */
	EXPECT(rd(&bus, IIR, 1) == 0x04);
	EXPECT(rd(&bus, RBR, 1) == 'h' && rd(&bus, RBR, 1) == 'i');
	EXPECT(!(rd(&bus, LSR, 1) & 0x01));
	EXPECT(rd(&bus, IIR, 1) == 0x02); /* THRE was pending underneath */
	EXPECT(!rec.level[2]);
	EXPECT(rd(&bus, RBR, 1) == 0); /* empty FIFO reads 0 */

	/* Bytes past the FIFO are held and arrive as it drains. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)i;
	uart_ns16550_receive(&uart, big, 40);
	EXPECT(uart_ns16550_rx_space(&uart) == UART_RX_HOLD - 40);
	/* FCR clear drops only the 16 bytes in the FIFO. */
	wr(&bus, FCR, 1, 0x03);
	EXPECT(rd(&bus, RBR, 1) == 16);
	for (i = 17; i < 40; i++)
		EXPECT(rd(&bus, RBR, 1) == i);
	EXPECT(!(rd(&bus, LSR, 1) & 0x01) && !rec.level[2]);

	/* Beyond the hold buffer bytes are dropped, with LSR.OE. */
	wr(&bus, IER, 1, 0x05);
	uart_ns16550_receive(&uart, big, sizeof(big));
	EXPECT(uart_ns16550_rx_space(&uart) == 0);
	EXPECT(rd(&bus, IIR, 1) == 0xc6); /* line status first */
	EXPECT(rd(&bus, LSR, 1) == 0x63); /* OE | DR | THRE | TEMT; clears */
	EXPECT(rd(&bus, IIR, 1) == 0xc4);
	for (i = 0; i < UART_RX_HOLD; i++)
		EXPECT(rd(&bus, RBR, 1) == (uint8_t)i);
	EXPECT(rd(&bus, LSR, 1) == 0x60 && !rec.level[2]);
	teardown();
}

static void test_loopback_and_sizes(void)
{
	setup(-1);
	wr(&bus, MCR, 1, 0x1b); /* LOOP, OUT2, RTS, DTR */
	EXPECT(rd(&bus, MSR, 1) == 0xb0);
	wr(&bus, RBR, 1, 0x5a);
	EXPECT(rd(&bus, LSR, 1) & 0x01);
	EXPECT(rd(&bus, RBR, 1) == 0x5a);
	wr(&bus, MCR, 1, 0x00);
	/* Wider or unknown accesses do nothing and read zero. */
	wr(&bus, IER, 4, 0x0f);
	EXPECT(rd(&bus, IER, 1) == 0);
	EXPECT(rd(&bus, U, 4) == 0 && rd(&bus, U, 8) == 0);
	EXPECT(rd(&bus, U + 0x80, 1) == 0);
	wr(&bus, U + 0xff, 1, 1);
	/* A NULL sink is allowed. */
	uart_ns16550_connect_irq(&uart, NULL, 0);
	wr(&bus, IER, 1, 0x02);
	teardown();
}

int main(void)
{
	test_thre();
	test_receive();
	test_loopback_and_sizes();
	return finish("test_hw_uart");
}
