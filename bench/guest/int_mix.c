/* SPDX-License-Identifier: MIT */
/*
 * The integer mix, in the spirit of CoreMark's kernels: a linked list
 * that is searched, reversed and re-sorted, an integer matrix product, a
 * text-scanning state machine and a bitwise CRC-32, repeated ROUNDS times.
 */
#include "bench.h"

#define ROUNDS 1000
#define LIST_N 512
#define MAT_N 24
#define TEXT_N 4096

struct node {
	struct node *next;
	int32_t key, val;
};

static struct node nodes[LIST_N];
static int32_t ma[MAT_N][MAT_N], mb[MAT_N][MAT_N], mc[MAT_N][MAT_N];
static char text[TEXT_N];

static struct node *list_build(uint64_t *seed)
{
	struct node *head = 0;
	int i;

	for (i = 0; i < LIST_N; i++) {
		nodes[i].key = (int32_t)(bench_rand(seed) & 0xffff);
		nodes[i].val = i;
		nodes[i].next = head;
		head = &nodes[i];
	}
	return head;
}

static struct node *list_reverse(struct node *h)
{
	struct node *prev = 0, *next;

	while (h) {
		next = h->next;
		h->next = prev;
		prev = h;
		h = next;
	}
	return prev;
}

/* Insertion sort by key: branchy pointer chasing. */
static struct node *list_sort(struct node *h)
{
	struct node *sorted = 0, *next, **p;

	while (h) {
		next = h->next;
		for (p = &sorted; *p && (*p)->key < h->key; p = &(*p)->next)
			;
		h->next = *p;
		*p = h;
		h = next;
	}
	return sorted;
}

static uint64_t list_work(uint64_t *seed)
{
	struct node *h = list_sort(list_reverse(list_build(seed)));
	uint64_t sum = 0;
	int32_t want = (int32_t)(bench_rand(seed) & 0xffff);

	for (; h; h = h->next)
		sum = sum * 31 + (uint64_t)(h->key >= want ? h->val : h->key);
	return sum;
}

static uint64_t matrix_work(uint64_t *seed)
{
	uint64_t sum = 0;
	int i, j, k;

	for (i = 0; i < MAT_N; i++)
		for (j = 0; j < MAT_N; j++) {
			ma[i][j] = (int32_t)(bench_rand(seed) & 0xff) - 128;
			mb[i][j] = (int32_t)(bench_rand(seed) & 0xff) - 128;
		}
	for (i = 0; i < MAT_N; i++)
		for (j = 0; j < MAT_N; j++) {
			int32_t acc = 0;

			for (k = 0; k < MAT_N; k++)
				acc += ma[i][k] * mb[k][j];
			mc[i][j] = acc;
			sum += (uint64_t)(uint32_t)acc;
		}
	return sum;
}

/* Counts numbers, words and punctuation with a small state machine. */
static uint64_t state_work(uint64_t *seed)
{
	static const char alphabet[] = "ab1 2.,x9-";
	enum { START, WORD, NUMBER, PUNCT } st = START;
	uint64_t counts[4] = {0, 0, 0, 0};
	int i;

	for (i = 0; i < TEXT_N; i++)
		text[i] = alphabet[bench_rand(seed) % 10];
	for (i = 0; i < TEXT_N; i++) {
		char c = text[i];

		if (c >= '0' && c <= '9')
			st = st == WORD ? WORD : NUMBER;
		else if (c >= 'a' && c <= 'z')
			st = WORD;
		else if (c == ' ')
			st = START;
		else
			st = PUNCT;
		counts[st]++;
	}
	return counts[1] << 48 ^ counts[2] << 32 ^ counts[3] << 16 ^ counts[0];
}

static uint64_t crc_work(void)
{
	uint32_t crc = ~0U;
	int i, k;

	for (i = 0; i < TEXT_N; i++) {
		crc ^= (uint8_t)text[i];
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

int main(void)
{
	uint64_t seed = 0x1234567, sum = 0, t0 = bench_now();
	int r;

	for (r = 0; r < ROUNDS; r++) {
		sum = sum * 7 + list_work(&seed);
		sum = sum * 7 + matrix_work(&seed);
		sum = sum * 7 + state_work(&seed);
		sum = sum * 7 + crc_work();
	}
	bench_report("int_mix", sum, bench_now() - t0);
	test_exit(0);
}
