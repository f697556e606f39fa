/* SPDX-License-Identifier: MIT */
/* The smallest guest: proves the runtime, the UART and the exit path. */
#include "runtime.h"

int main(void)
{
	puts_uart("hello from a LoongArch guest\n");
	CHECK("one plus one", 1 + 1, 2);
	return test_done("hello");
}
