/* SPDX-License-Identifier: MIT */
/*
 * A vectored exception table for the test guests (LoongArch Vol1 6.3.1,
 * ECFG.VS = 3: one 32-byte slot per code, interrupts at 64 + int number).
 * Interrupts are recorded in order[] as they are taken, software
 * interrupts and the timer are cleared; exceptions record their code,
 * ERA, PRMD and CRMD and return past the instruction. Include once.
 */
#ifndef LOONGVM_TESTS_GUEST_VECTORS_H
#define LOONGVM_TESTS_GUEST_VECTORS_H

#include "runtime.h"

#define NSLOTS 77 /* Ecodes 0..63, then interrupts 64..76 */

volatile uint64_t order[16], norder, exc_codes, exc_era, exc_prmd, exc_crmd;

/* csrwr swaps: the register receives the old value, hence "+r". */
#define csr_wr(num, val)                                                   \
	({                                                                 \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrwr %0, " #num : "+r"(v_)::"memory");  \
		v_;                                                        \
	})
#define csr_rd(num)                                                        \
	({                                                                 \
		uint64_t v_;                                               \
		__asm__ volatile("csrrd %0, " #num : "=r"(v_)::"memory");  \
		v_;                                                        \
	})

static inline uint64_t counter(void)
{
	uint64_t t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/*
 * The vector table: slot n (32 bytes at vectors + n * 32) saves t0/t1 in
 * KS0/KS1, puts n in t0 and joins vec_common, which records interrupts
 * (n >= 64) in order[], clears a software interrupt or the timer, and
 * steps ERA past an exception.
 */
__asm__(".text\n"
	".balign 4096\n"
	".globl vectors\n"
	"vectors:\n"
	".set vnum, 0\n"
	".rept 77\n"
	"	csrwr	$t0, 0x30\n"
	"	csrwr	$t1, 0x31\n"
	"	ori	$t0, $zero, vnum\n"
	"	b	vec_common\n"
	"	.word	0, 0, 0, 0\n"
	".set vnum, vnum + 1\n"
	".endr\n"
	"vec_common:\n"
	"	ori	$t1, $zero, 64\n"
	"	blt	$t0, $t1, 2f\n"
	"	addi.d	$t0, $t0, -64\n"
	"	la.pcrel $t1, norder\n"
	"	ld.d	$t1, $t1, 0\n"
	"	slli.d	$t1, $t1, 3\n"
	"	csrwr	$t2, 0x32\n"
	"	la.pcrel $t2, order\n"
	"	stx.d	$t0, $t2, $t1\n"
	"	la.pcrel $t2, norder\n"
	"	ld.d	$t1, $t2, 0\n"
	"	addi.d	$t1, $t1, 1\n"
	"	st.d	$t1, $t2, 0\n"
	"	csrrd	$t2, 0x32\n"
	"	ori	$t1, $zero, 11\n"
	"	bne	$t0, $t1, 1f\n"
	"	ori	$t1, $zero, 1\n"
	"	csrwr	$t1, 0x44\n"
	"	b	3f\n"
	/* SWI n: clear ESTAT.IS[n] with csrxchg (mask 1 << n, value 0). */
	"1:	ori	$t1, $zero, 1\n"
	"	sll.d	$t1, $t1, $t0\n"
	"	csrxchg	$zero, $t1, 0x5\n"
	"	b	3f\n"
	"2:	la.pcrel $t1, exc_codes\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x1\n"
	"	la.pcrel $t1, exc_prmd\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x0\n"
	"	la.pcrel $t1, exc_crmd\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x6\n"
	"	la.pcrel $t1, exc_era\n"
	"	st.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 4\n"
	"	csrwr	$t0, 0x6\n"
	"3:	csrrd	$t0, 0x30\n"
	"	csrrd	$t1, 0x31\n"
	"	ertn\n");

extern char vectors[];

static inline void set_ie(int on)
{
	uint64_t v = on ? 4 : 0;

	__asm__ volatile("csrxchg %0, %1, 0x0" : "+r"(v) : "r"(4UL) : "memory");
}

#endif /* LOONGVM_TESTS_GUEST_VECTORS_H */
