/* SPDX-License-Identifier: MIT */
/*
 * A full trap frame for the test guests (LoongArch Vol1 6.3.3): the entry
 * at EENTRY (ECFG.VS = 0) switches to a trap stack kept in KS2, saves
 * every GPR with ERA, PRMD, ESTAT and BADV, and calls the guest's
 * trap(struct trap_frame *), which may change any of them; the changed
 * values are restored before ertn. Include once per guest.
 */
#ifndef LOONGVM_TESTS_GUEST_TRAP_H
#define LOONGVM_TESTS_GUEST_TRAP_H

#include "runtime.h"

struct trap_frame {
	uint64_t r[32]; /* r[3] ($sp) is the interrupted stack pointer */
	uint64_t era, prmd, estat, badv;
};

void trap(struct trap_frame *f);

#define TRAP_FRAME 288 /* sizeof(struct trap_frame), 16-byte aligned */

/* KS2 swaps with $sp on entry and exit: it holds the trap stack top. */
__asm__(".text\n"
	".balign 4096\n"
	".globl trap_entry\n"
	"trap_entry:\n"
	"	csrwr	$sp, 0x32\n"
	"	addi.d	$sp, $sp, -288\n"
	"	.irp	n, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	st.d	$r\\n, $sp, \\n * 8\n"
	"	.endr\n"
	"	csrrd	$t0, 0x32\n"
	"	st.d	$t0, $sp, 24\n"
	"	csrrd	$t0, 0x6\n"
	"	st.d	$t0, $sp, 256\n"
	"	csrrd	$t0, 0x1\n"
	"	st.d	$t0, $sp, 264\n"
	"	csrrd	$t0, 0x5\n"
	"	st.d	$t0, $sp, 272\n"
	"	csrrd	$t0, 0x7\n"
	"	st.d	$t0, $sp, 280\n"
	"	move	$a0, $sp\n"
	"	bl	trap\n"
	"	ld.d	$t0, $sp, 256\n"
	"	csrwr	$t0, 0x6\n"
	"	ld.d	$t0, $sp, 264\n"
	"	csrwr	$t0, 0x1\n"
	"	.irp	n, 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	ld.d	$r\\n, $sp, \\n * 8\n"
	"	.endr\n"
	"	addi.d	$sp, $sp, 288\n"
	"	csrwr	$sp, 0x32\n"
	"	ertn\n");

extern char trap_entry[];

static uint64_t trap_stack[1024] __attribute__((aligned(16)));

/* Installs trap_entry with ECFG.VS = 0 and no interrupt enabled. */
static inline void trap_install(void)
{
	uint64_t top = (uint64_t)(uintptr_t)&trap_stack[1024];
	uint64_t zero = 0, entry = (uint64_t)(uintptr_t)trap_entry;

	__asm__ volatile("csrwr %0, 0x32" : "+r"(top)::"memory");
	__asm__ volatile("csrwr %0, 0x4" : "+r"(zero)::"memory");
	__asm__ volatile("csrwr %0, 0xc" : "+r"(entry)::"memory");
}

#define TRAP_ECODE(f) (((f)->estat >> 16) & 0x3f)
#define TRAP_ESUBCODE(f) (((f)->estat >> 22) & 0x1ff)

#endif /* LOONGVM_TESTS_GUEST_TRAP_H */
