/* SPDX-License-Identifier: MIT */
/*
 * A shared exception handler for the test guests (LoongArch Vol1 6.2):
 * it records ESTAT, ERA and BADV, steps ERA past the faulting instruction
 * and returns with ertn; interrupts are counted and the timer cleared.
 * Include once per guest.
 */
#ifndef LOONGVM_TESTS_GUEST_EXC_HANDLER_H
#define LOONGVM_TESTS_GUEST_EXC_HANDLER_H

#include "runtime.h"

volatile uint64_t exc_estat, exc_era, exc_badv, exc_count, irq_count;

/*
 * The handler. EENTRY is 4 KiB aligned (Vol1 7.4.9) and ECFG.VS = 0, so
 * every exception and interrupt enters here. t0/t1 are kept in KS0/KS1.
 * Interrupts (Ecode 0) only count and clear the timer (TICLR.CLR); other
 * exceptions are recorded and ERA is stepped past the instruction.
 */
__asm__(".text\n"
	".balign 4096\n"
	".globl exc_entry\n"
	"exc_entry:\n"
	"	csrwr	$t0, 0x30\n"
	"	csrwr	$t1, 0x31\n"
	"	csrrd	$t0, 0x5\n"
	"	srli.d	$t0, $t0, 16\n"
	"	andi	$t0, $t0, 0x3f\n"
	"	bnez	$t0, 1f\n"
	"	ori	$t0, $zero, 1\n"
	"	csrwr	$t0, 0x44\n"
	"	la.pcrel $t1, irq_count\n"
	"	ld.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 1\n"
	"	st.d	$t0, $t1, 0\n"
	"	b	2f\n"
	"1:	csrrd	$t0, 0x5\n"
	"	la.pcrel $t1, exc_estat\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x6\n"
	"	la.pcrel $t1, exc_era\n"
	"	st.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 4\n"
	"	csrwr	$t0, 0x6\n"
	"	csrrd	$t0, 0x7\n"
	"	la.pcrel $t1, exc_badv\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, exc_count\n"
	"	ld.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 1\n"
	"	st.d	$t0, $t1, 0\n"
	"2:	csrrd	$t0, 0x30\n"
	"	csrrd	$t1, 0x31\n"
	"	ertn\n");

extern char exc_entry[];

#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_ECFG 0x4
#define CSR_EENTRY 0xc
#define CSR_TCFG 0x41
#define CSR_TICLR 0x44

#define csr_read(num)                                                      \
	({                                                                 \
		uint64_t v_;                                               \
		__asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(num));    \
		v_;                                                        \
	})
/* Sets CRMD.IE to ie (csrxchg writes the old CRMD back into rd). */
static inline void set_ie(uint64_t ie)
{
	uint64_t v = ie ? 4 : 0;

	__asm__ volatile("csrxchg %0, %1, 0x0" : "+r"(v) : "r"(4UL) : "memory");
}

#define csr_write(num, val)                                                \
	({                                                                 \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrwr %0, %1"                            \
				 : "+r"(v_)                                \
				 : "i"(num)                                \
				 : "memory", "$r14");                      \
		v_;                                                        \
	})

static inline uint64_t counter(void)
{
	uint64_t t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

/*
 * Runs the instruction(s) in insn at label 1 (which may use $t2 as a
 * scratch register) and checks that exactly one
 * exception with ecode was taken there.
 */
#define EXPECT_EXC(name, ecode, insn, ...)                                 \
	do {                                                               \
		uint64_t before_ = exc_count, pc_;                         \
		__asm__ volatile("la.pcrel %0, 1f\n"                       \
				 "1:\t" insn "\n"                          \
				 : "=&r"(pc_)                              \
				 : __VA_ARGS__                             \
				 : "memory", "$r14");                      \
		CHECK(name " taken", exc_count - before_, 1);              \
		CHECK(name " ecode", (exc_estat >> 16) & 0x3f, (ecode));   \
		CHECK(name " esubcode", (exc_estat >> 22) & 0x1ff, 0);     \
		CHECK(name " era", exc_era, pc_);                          \
	} while (0)

/* Installs the handler with ECFG.VS = 0 and no interrupt enabled. */
static inline void exc_install(void)
{
	csr_write(CSR_ECFG, 0);
	csr_write(CSR_EENTRY, (uint64_t)(uintptr_t)exc_entry);
}

#endif /* LOONGVM_TESTS_GUEST_EXC_HANDLER_H */
