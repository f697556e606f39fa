/* SPDX-License-Identifier: MIT */
/*
 * Branches and jumps, LoongArch Vol1 2.2.6: every conditional branch taken
 * and not taken (signed against unsigned comparisons, 64-bit operands),
 * forward and backward offsets, b, bl and its link in $ra, and jirl with
 * offsets and rd == rj. bceqz/bcnez need the FPU enabled through a CSR and
 * are left to the FPU tests.
 */
#include "runtime.h"

/* 1 if "insn a, b, target" branches, else 0. */
#define BR2(insn, a, b)                                                    \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile("ori %0, $zero, 1\n\t" insn " %1, %2, 1f\n\t" \
				 "ori %0, $zero, 0\n"                      \
				 "1:"                                      \
				 : "=&r"(r_)                               \
				 : "r"((uint64_t)(a)), "r"((uint64_t)(b))); \
		r_;                                                        \
	})
#define BR1(insn, a)                                                       \
	({                                                                 \
		uint64_t r_;                                               \
		__asm__ volatile("ori %0, $zero, 1\n\t" insn " %1, 1f\n\t" \
				 "ori %0, $zero, 0\n"                      \
				 "1:"                                      \
				 : "=&r"(r_)                               \
				 : "r"((uint64_t)(a)));                    \
		r_;                                                        \
	})

#define NEG1 0xffffffffffffffffULL
#define HIGH 0x8000000000000000ULL
#define HI32 0x100000000ULL

static void test_cond(void)
{
	CHECK("beq eq", BR2("beq", 5, 5), 1);
	CHECK("beq ne", BR2("beq", 5, 6), 0);
	CHECK("beq high bits", BR2("beq", HI32, 0), 0);
	CHECK("bne ne", BR2("bne", 5, 6), 1);
	CHECK("bne eq", BR2("bne", NEG1, NEG1), 0);
	CHECK("bne high bits", BR2("bne", HI32 | 7, 7), 1);

	CHECK("blt lt", BR2("blt", NEG1, 1), 1);
	CHECK("blt gt", BR2("blt", 1, NEG1), 0);
	CHECK("blt eq", BR2("blt", 3, 3), 0);
	CHECK("blt min", BR2("blt", HIGH, HIGH - 1), 1);
	CHECK("bge gt", BR2("bge", 1, NEG1), 1);
	CHECK("bge eq", BR2("bge", NEG1, NEG1), 1);
	CHECK("bge lt", BR2("bge", HIGH, 0), 0);

	CHECK("bltu lt", BR2("bltu", 1, NEG1), 1);
	CHECK("bltu gt", BR2("bltu", NEG1, 1), 0);
	CHECK("bltu eq", BR2("bltu", 9, 9), 0);
	CHECK("bltu 33 bits", BR2("bltu", 0xffffffffULL, HI32), 1);
	CHECK("bgeu gt", BR2("bgeu", HIGH, HIGH - 1), 1);
	CHECK("bgeu eq", BR2("bgeu", 0, 0), 1);
	CHECK("bgeu lt", BR2("bgeu", 0, NEG1), 0);

	CHECK("beqz zero", BR1("beqz", 0), 1);
	CHECK("beqz nonzero", BR1("beqz", HIGH), 0);
	CHECK("beqz high", BR1("beqz", HI32), 0);
	CHECK("bnez nonzero", BR1("bnez", HI32), 1);
	CHECK("bnez zero", BR1("bnez", 0), 0);
	CHECK("bnez one", BR1("bnez", 1), 1);
}

/* Backward branches: a counted loop per condition. */
static void test_backward(void)
{
	uint64_t n, sum;

	__asm__ volatile("ori %0, $zero, 10\n\t"
			 "move %1, $zero\n"
			 "1:\tadd.d %1, %1, %0\n\t"
			 "addi.d %0, %0, -1\n\t"
			 "bnez %0, 1b"
			 : "=&r"(n), "=&r"(sum));
	CHECK("bnez loop", sum, 55);

	__asm__ volatile("addi.d %0, $zero, -5\n\t"
			 "move %1, $zero\n"
			 "1:\taddi.d %1, %1, 2\n\t"
			 "addi.d %0, %0, 1\n\t"
			 "blt %0, $zero, 1b"
			 : "=&r"(n), "=&r"(sum));
	CHECK("blt loop", sum, 10);

	__asm__ volatile("ori %0, $zero, 3\n\t"
			 "move %1, $zero\n"
			 "1:\taddi.d %1, %1, 1\n\t"
			 "addi.d %0, %0, -1\n\t"
			 "bgeu %0, $zero, 2f\n\t"
			 "b 3f\n"
			 "2:\tbltu $zero, %0, 1b\n"
			 "3:"
			 : "=&r"(n), "=&r"(sum));
	CHECK("bgeu/bltu loop", sum, 3);
}

static void test_jumps(void)
{
	uint64_t r, base, link;

	/* b skips two instructions. */
	__asm__ volatile("ori %0, $zero, 1\n\t"
			 "b 1f\n\t"
			 "ori %0, $zero, 2\n\t"
			 "ori %0, $zero, 3\n"
			 "1:"
			 : "=&r"(r));
	CHECK("b", r, 1);

	/*
	 * bl: $ra is the address after the bl. The assembler rejects a
	 * local bl target, so this is "bl 8" encoded by hand.
	 */
	__asm__ volatile(".word 0x54000800\n\t"
			 "ori $ra, $zero, 0\n\t"
			 "move %0, $ra\n\t"
			 "pcaddi %1, 0"
			 : "=&r"(link), "=&r"(base)
			 :
			 : "$ra");
	CHECK("bl link", base - link, 8);

	/* jirl rd, rj, offs: to rj + offs, linking pc + 4. */
	__asm__ volatile("pcaddi %1, 0\n\t"
			 "jirl %2, %1, 16\n\t"
			 "ori %0, $zero, 1\n\t"
			 "ori %0, $zero, 2\n\t"
			 "ori %0, $zero, 3"
			 : "=&r"(r), "=&r"(base), "=&r"(link));
	CHECK("jirl target", r, 3);
	CHECK("jirl link", link - base, 8);

	/* rd == rj: the target uses the old value. */
	__asm__ volatile("pcaddi %1, 0\n\t"
			 "move %2, %1\n\t"
			 "jirl %1, %1, 20\n\t"
			 "ori %0, $zero, 1\n\t"
			 "ori %0, $zero, 2\n\t"
			 "ori %0, $zero, 4"
			 : "=&r"(r), "=&r"(link), "=&r"(base));
	CHECK("jirl rd == rj target", r, 4);
	CHECK("jirl rd == rj link", link - base, 12);

	/* A negative offset, and rd = $zero (no link). */
	__asm__ volatile("ori %0, $zero, 0\n\t"
			 "b 2f\n"
			 "1:\tori %0, $zero, 7\n\t"
			 "b 3f\n"
			 "2:\tpcaddi %1, 0\n\t"
			 "jirl $zero, %1, -8\n\t"
			 "ori %0, $zero, 9\n"
			 "3:"
			 : "=&r"(r), "=&r"(base));
	CHECK("jirl backward", r, 7);
}

static uint64_t callee(uint64_t x) __attribute__((noinline));
static uint64_t callee(uint64_t x)
{
	return x * 3 + 1;
}

int main(void)
{
	uint64_t (*volatile fp)(uint64_t) = callee;

	test_cond();
	test_backward();
	test_jumps();
	CHECK("indirect call", fp(14), 43);
	return test_done("isa_branch");
}
