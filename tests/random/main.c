/* SPDX-License-Identifier: MIT */
/*
 * Runs the random sequences of one generated seqs_NN.S (tests/random/gen.py)
 * and prints, for each, r1..r31 and the scratch area it may have written.
 * The scratch area is filled from the sequence number first, so the output
 * depends on nothing but the instructions under test.
 */
#include "runtime.h"

#define SCRATCH_WORDS 32

extern uint64_t rand_area[SCRATCH_WORDS + 32];
extern void (*const rand_seqs[])(void);
extern const uint64_t rand_first, rand_count;

static void fill_scratch(uint64_t seq)
{
	uint64_t x = seq * 0x9e3779b97f4a7c15ULL + 1;
	int i;

	for (i = 0; i < SCRATCH_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		rand_area[i] = x;
	}
}

static void print_words(const char *tag, const uint64_t *v, int first, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i % 4 == 0)
			puts_uart(tag);
		putc_uart(' ');
		print_dec(first + i);
		putc_uart('=');
		print_hex(v[i]);
		putc_uart(i % 4 == 3 || i == n - 1 ? '\n' : ' ');
	}
}

int main(void)
{
	uint64_t i;

	for (i = 0; i < rand_count; i++) {
		fill_scratch(rand_first + i);
		test_fence();
		rand_seqs[i]();
		test_fence();
		puts_uart("seq ");
		print_dec((int64_t)(rand_first + i));
		putc_uart('\n');
		print_words("r", &rand_area[SCRATCH_WORDS + 1], 1, 31);
		print_words("m", rand_area, 0, SCRATCH_WORDS);
	}
	puts_uart("done ");
	print_dec((int64_t)rand_count);
	putc_uart('\n');
	return 0;
}
