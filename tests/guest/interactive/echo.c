/* SPDX-License-Identifier: MIT */
/*
 * An interactive guest for tests/sh/console.sh: it polls the UART's
 * receiver and echoes each byte back inside brackets until it reads '!',
 * then powers off, so a test can check that stdin reaches the guest. It
 * waits for input, which is why it is not one of the auto-run guests.
 */
#include "../runtime.h"

#define UART_BASE 0x1fe001e0UL
#define UART_RBR 0
#define UART_LSR 5
#define LSR_DR 0x01

static char getc_uart(void)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;

	while (!(uart[UART_LSR] & LSR_DR))
		;
	return (char)uart[UART_RBR];
}

int main(void)
{
	char c;

	puts_uart("echo: ready\n");
	while ((c = getc_uart()) != '!') {
		putc_uart('[');
		putc_uart(c);
		putc_uart(']');
	}
	puts_uart("\necho: bye\n");
	test_exit(0);
}
