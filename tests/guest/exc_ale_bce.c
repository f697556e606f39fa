/* SPDX-License-Identifier: MIT */
/*
 * The alignment and bound-check exceptions (LoongArch Vol1 2.2.7.1,
 * 2.2.10.3, 7.4.6): ll.w at an unaligned address raises ALE with BADV set
 * to the address, and a failed asrtle.d/asrtgt.d raises BCE. QEMU 7.2
 * does neither correctly (see tests/diff-skip.txt).
 */
#include "exc_handler.h"

int main(void)
{
	static uint64_t buf[2];
	uint64_t addr = (uint64_t)(uintptr_t)buf + 1, one = 1, two = 2;

	exc_install();
	/* ll.w needs natural alignment even with CPUCFG1.UAL. */
	EXPECT_EXC("ale ll.w", 0x9, "ll.w $t2, %1, 0", "r"(addr));
	CHECK("ale badv", exc_badv, addr);
	EXPECT_EXC("ale ll.d", 0x9, "ll.d $t2, %1, 0", "r"(addr + 3));
	CHECK("ale ll.d badv", exc_badv, addr + 3);
	EXPECT_EXC("bce asrtle", 0xa, "asrtle.d %1, %2", "r"(two), "r"(one));
	EXPECT_EXC("bce asrtgt", 0xa, "asrtgt.d %1, %2", "r"(one), "r"(two));
	EXPECT_EXC("bce asrtgt eq", 0xa, "asrtgt.d %1, %1", "r"(two));
	CHECK("crmd after", csr_read(CSR_CRMD) & 7, 0);
	return test_done("exc_ale_bce");
}
