/* SPDX-License-Identifier: MIT */
/*
 * The bare-metal test runtime: UART output at the virt board's ns16550a
 * (0x1fe001e0) and the test verdict through the GED sleep register
 * (hw/ged.h): 0x3c marks a failure under loongvm, 0x34 powers off.
 * Tests print with CHECK so that output is identical under loongvm and
 * QEMU; the differential harness compares it byte for byte.
 */
#ifndef LOONGVM_TESTS_GUEST_RUNTIME_H
#define LOONGVM_TESTS_GUEST_RUNTIME_H

#include <stdint.h>

void putc_uart(char c);
void puts_uart(const char *s);
void print_hex(uint64_t v);  /* 16 hex digits */
void print_dec(int64_t v);
/* Powers off; code != 0 first reports failure. Never returns. */
void test_exit(int code) __attribute__((noreturn));

/* Counts of passed and failed checks, reported by test_done. */
extern int test_failures, test_checks;

/* Records one check; prints a line for failures only. */
void check_u64(const char *what, uint64_t got, uint64_t want);
#define CHECK(what, got, want) check_u64((what), (uint64_t)(got), (uint64_t)(want))
/* Prints "<name>: N checks, N failed" and returns the failure count. */
int test_done(const char *name);

static inline void test_fence(void)
{
	__asm__ volatile("" ::: "memory");
}

#endif /* LOONGVM_TESTS_GUEST_RUNTIME_H */
