/* SPDX-License-Identifier: MIT */
/* FCSR access and a three-operand runner shared by the FPU test guests. */
#ifndef LOONGVM_TESTS_GUEST_FPU_UTIL_H
#define LOONGVM_TESTS_GUEST_FPU_UTIL_H

#include <stdint.h>

static void set_fcsr(uint64_t v)
{
	__asm__ volatile("movgr2fcsr $fcsr0, %0" ::"r"(v));
}

static uint64_t get_fcsr(void)
{
	uint64_t v;

	__asm__ volatile("movfcsr2gr %0, $fcsr0" : "=r"(v));
	return v;
}

/* fd = ins(fj = a, fk = b, fa = c), all three as 64-bit FPR contents. */
#define RUN3(ins, a, b, c, d)                                               \
	({                                                                  \
		uint64_t r_;                                                \
		__asm__ volatile("movgr2fr.d $fa0, %1\n"                    \
				 "movgr2fr.d $fa1, %2\n"                    \
				 "movgr2fr.d $fa2, %3\n"                    \
				 "movgr2fr.d $fa3, %4\n" ins "\n"           \
				 "movfr2gr.d %0, $fa3"                      \
				 : "=r"(r_)                                 \
				 : "r"((uint64_t)(a)), "r"((uint64_t)(b)),  \
				   "r"((uint64_t)(c)), "r"((uint64_t)(d))   \
				 : "$fa0", "$fa1", "$fa2", "$fa3");         \
		r_;                                                         \
	})

#endif /* LOONGVM_TESTS_GUEST_FPU_UTIL_H */
