/* SPDX-License-Identifier: MIT */
/*
 * Entry of a bare-metal test guest: PLV0, direct-address mode, as loongvm
 * and QEMU start an ELF. Sets up the stack, clears .bss, runs main and
 * hands its result to test_exit.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	la.pcrel	$sp, __stack_top
	la.pcrel	$t0, __bss_start
	la.pcrel	$t1, __bss_end
1:	bgeu		$t0, $t1, 2f
	st.d		$zero, $t0, 0
	addi.d		$t0, $t0, 8
	b		1b
2:	bl		main
	bl		test_exit
3:	b		3b
