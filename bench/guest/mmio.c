/* SPDX-License-Identifier: MIT */
/*
 * The cost of an MMIO exit round trip: a loop that reads the UART's line
 * status register (0x1fe001e5) READS times. Every read leaves the guest
 * (KVM_EXIT_MMIO under loongvm, a device callback under QEMU); run.py
 * turns the ticks into guest instructions per second (4 per iteration).
 */
#include "bench.h"

#define READS 2000000
#define UART_LSR 0x1fe001e5UL

int main(void)
{
	uint64_t t0 = bench_now(), n = READS, acc = 0, v;

	__asm__ volatile("1:\n\t"
			 "ld.bu %1, %3, 0\n\t"
			 "add.d %2, %2, %1\n\t"
			 "addi.d %0, %0, -1\n\t"
			 "bnez %0, 1b"
			 : "+r"(n), "=&r"(v), "+r"(acc)
			 : "r"(UART_LSR)
			 : "memory");
	bench_report("mmio", acc, bench_now() - t0);
	test_exit(0);
}
