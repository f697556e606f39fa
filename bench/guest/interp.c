/* SPDX-License-Identifier: MIT */
/*
 * The branchy interpreter loop: a byte-code stack machine with a switch
 * per instruction (data-dependent indirect branches, as in guest
 * interpreters and parsers) running a program that counts Collatz steps.
 */
#include "bench.h"

#define END_N 50000

enum op { PUSH, DUP, MUL, INC, DIV2, ODD, ONE, JZ, JMP, STEP, DONE };

/* n on the stack; until n == 1: n = n odd ? 3n + 1 : n / 2, steps++. */
static const uint8_t prog[] = {
	DUP,  ONE, JZ,  19, /* 0: n == 1 -> 19 */
	DUP,  ODD, JZ,  11, /* 4: odd -> 11 */
	DIV2, JMP, 15,	    /* 8 */
	PUSH, 3,   MUL, INC, /* 11: 3n + 1 */
	STEP, JMP, 0,	    /* 15 */
	DONE,		    /* 18 */
	DONE,		    /* 19 */
};

static uint64_t run(uint64_t n)
{
	uint64_t stack[4], steps = 0;
	unsigned int sp = 0, pc = 0;

	stack[sp++] = n;
	for (;;) {
		switch (prog[pc]) {
		case PUSH:
			stack[sp++] = prog[pc + 1];
			pc += 2;
			break;
		case DUP:
			stack[sp] = stack[sp - 1];
			sp++;
			pc++;
			break;
		case MUL:
			sp--;
			stack[sp - 1] *= stack[sp];
			pc++;
			break;
		case INC:
			stack[sp - 1]++;
			pc++;
			break;
		case DIV2:
			stack[sp - 1] >>= 1;
			pc++;
			break;
		case ODD: /* 1 when even */
			stack[sp - 1] = !(stack[sp - 1] & 1);
			pc++;
			break;
		case ONE:
			stack[sp - 1] = stack[sp - 1] != 1;
			pc++;
			break;
		case JZ:
			sp--;
			pc = stack[sp] ? pc + 2 : prog[pc + 1];
			break;
		case JMP:
			pc = prog[pc + 1];
			break;
		case STEP:
			steps++;
			pc++;
			break;
		default:
			return steps;
		}
	}
}

int main(void)
{
	uint64_t t0 = bench_now(), sum = 0, n;

	for (n = 1; n <= END_N; n++)
		sum = sum * 3 + run(n);
	bench_report("interp", sum, bench_now() - t0);
	test_exit(0);
}
