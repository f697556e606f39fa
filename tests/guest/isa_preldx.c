/* SPDX-License-Identifier: MIT */
/*
 * preldx (LoongArch Vol1 2.2.7.3) is a hint and never faults, whatever the
 * address. Apart from isa_mem.c because QEMU 7.2 decodes it as INE.
 */
#include "runtime.h"

static uint8_t buf[256] __attribute__((aligned(64)));

int main(void)
{
	__asm__ volatile("preldx 0, %0, %1" ::"r"(buf), "r"(128L));
	__asm__ volatile("preldx 8, %0, %1" ::"r"(0x8000000000000001ULL),
			 "r"(-1L));
	__asm__ volatile("preldx 31, %0, %1" ::"r"(0xdead000000000000ULL),
			 "r"(0L));
	CHECK("preldx", 1, 1);
	return test_done("isa_preldx");
}
