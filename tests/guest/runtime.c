/* SPDX-License-Identifier: MIT */
/* The bare-metal test runtime; see runtime.h. */
#include "runtime.h"

#define UART_BASE 0x1fe001e0UL
#define UART_LSR 5
#define LSR_THRE 0x20
#define GED_SLEEP_CTL 0x100e001cUL

int test_failures, test_checks;

void putc_uart(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)UART_BASE;

	while (!(uart[UART_LSR] & LSR_THRE))
		;
	uart[0] = (uint8_t)c;
}

void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

void print_hex(uint64_t v)
{
	int i;

	for (i = 60; i >= 0; i -= 4)
		putc_uart("0123456789abcdef"[(v >> i) & 0xf]);
}

void print_dec(int64_t v)
{
	char buf[24];
	int n = 0;
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	if (v < 0)
		putc_uart('-');
	do {
		buf[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		putc_uart(buf[--n]);
}

void test_exit(int code)
{
	volatile uint8_t *ged = (volatile uint8_t *)GED_SLEEP_CTL;

	if (code)
		*ged = 0x3c;
	*ged = 0x34;
	for (;;)
		;
}

void check_u64(const char *what, uint64_t got, uint64_t want)
{
	test_checks++;
	if (got == want)
		return;
	test_failures++;
	puts_uart("FAIL ");
	puts_uart(what);
	puts_uart(": got ");
	print_hex(got);
	puts_uart(" want ");
	print_hex(want);
	putc_uart('\n');
}

int test_done(const char *name)
{
	puts_uart(name);
	puts_uart(": ");
	print_dec(test_checks);
	puts_uart(" checks, ");
	print_dec(test_failures);
	puts_uart(" failed\n");
	return test_failures;
}
