/* SPDX-License-Identifier: MIT */
/*
 * What every benchmark guest shares: the 100 MHz stable counter (rdtime.d;
 * CPUCFG 4 says 100 MHz on QEMU's la464 and on loongvm) and the one result
 * line bench/run.py parses, "bench NAME checksum C ticks T", so that the
 * time is the guest's own and both emulators must agree on the checksum.
 */
#ifndef LOONGVM_BENCH_GUEST_BENCH_H
#define LOONGVM_BENCH_GUEST_BENCH_H

#include "../../tests/guest/runtime.h"

static inline uint64_t bench_now(void)
{
	uint64_t t, id;

	__asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id));
	return t;
}

static inline void bench_report(const char *name, uint64_t checksum,
				uint64_t ticks)
{
	puts_uart("bench ");
	puts_uart(name);
	puts_uart(" checksum ");
	print_hex(checksum);
	puts_uart(" ticks ");
	print_dec((int64_t)ticks);
	puts_uart("\n");
}

/* A small deterministic generator (xorshift64). */
static inline uint64_t bench_rand(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

#endif /* LOONGVM_BENCH_GUEST_BENCH_H */
