/* SPDX-License-Identifier: MIT */
/*
 * Entry of the test init: the kernel starts it with sp at argc, then
 * argv, a NULL, envp, a NULL (the ELF process start-up of
 * arch/loongarch/kernel/process.c); start_c reads them from there.
 */
	.text
	.globl _start
_start:
	move		$a0, $sp
	bl		start_c
1:	b		1b
