/* SPDX-License-Identifier: MIT */
/*
 * The bundled demo guest for the README's first command: a few small
 * benchmarks (a prime sieve, CRC-32 over a buffer, an integer matrix
 * product) whose results and timings it prints from inside the guest.
 */
#include "../runtime.h"

#define SIEVE_N 2000000
#define CRC_BYTES (1 << 20)
#define MAT_N 64

static uint8_t sieve[SIEVE_N];
static uint8_t buf[CRC_BYTES];
static uint32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];

static uint64_t now(void)
{
	uint64_t t, id;

	__asm__ volatile("rdtime.d %0, %1" : "=r"(t), "=r"(id));
	return t;
}

static uint64_t count_primes(void)
{
	uint64_t n = 0, i, j;

	for (i = 2; i < SIEVE_N; i++) {
		if (sieve[i])
			continue;
		n++;
		for (j = i * i; j < SIEVE_N; j += i)
			sieve[j] = 1;
	}
	return n;
}

static uint32_t crc32_buf(void)
{
	uint32_t crc = ~0U, i;
	int k;

	for (i = 0; i < CRC_BYTES; i++)
		buf[i] = (uint8_t)(i * 2654435761U >> 24);
	for (i = 0; i < CRC_BYTES; i++) {
		crc ^= buf[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

static uint64_t matmul(void)
{
	uint64_t sum = 0;
	int i, j, k;

	for (i = 0; i < MAT_N; i++)
		for (j = 0; j < MAT_N; j++) {
			ma[i][j] = (uint32_t)(i * 7 + j);
			mb[i][j] = (uint32_t)(i ^ (j * 3));
		}
	for (i = 0; i < MAT_N; i++)
		for (j = 0; j < MAT_N; j++) {
			uint32_t s = 0;

			for (k = 0; k < MAT_N; k++)
				s += ma[i][k] * mb[k][j];
			mc[i][j] = s;
			sum += s;
		}
	return sum;
}

static void report(const char *what, uint64_t value, uint64_t t0)
{
	uint64_t ms = (now() - t0) / 100000; /* the counter runs at 100 MHz */

	puts_uart(what);
	print_dec((int64_t)value);
	puts_uart("  (");
	print_dec((int64_t)ms);
	puts_uart(" ms)\n");
}

int main(void)
{
	uint64_t t0, start = now();

	puts_uart("loongvm demo: a bare-metal LoongArch guest\n");
	t0 = now();
	report("primes below 2000000: ", count_primes(), t0);
	t0 = now();
	report("crc32 of 1 MiB:        ", crc32_buf(), t0);
	t0 = now();
	report("64x64 matrix sum:      ", matmul(), t0);
	report("total guest time ms:   ", (now() - start) / 100000, start);
	return 0;
}
