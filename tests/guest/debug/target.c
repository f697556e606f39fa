/* SPDX-License-Identifier: MIT */
/*
 * The guest that tests/sh/qmp.sh, monitor.sh and gdb.sh control: it calls
 * target_fn in a loop, adding to counter, until counter reaches limit
 * (never, unless a debugger lowers it), then says so and powers off. It
 * does not end by itself, which is why it is not an auto-run guest; it is
 * built with -g so GDB finds target_fn, counter and limit.
 */
#include "../runtime.h"

volatile uint64_t counter;
volatile uint64_t limit = ~0ULL;

__attribute__((noinline)) uint64_t target_fn(uint64_t x)
{
	counter += x;
	return counter;
}

int main(void)
{
	uint64_t i;

	puts_uart("debug guest: running\n");
	for (i = 1; counter < limit; i++)
		target_fn(i & 7);
	puts_uart("debug guest: reached the limit\n");
	return 0;
}
