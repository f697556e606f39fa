/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry and ertn (LoongArch Vol1 6.2, 7.4): a
 * handler at EENTRY records ESTAT, ERA and BADV, steps ERA past the
 * faulting instruction and returns with ertn (exc_handler.h). Checks
 * SYS, BRK and INE (ALE and BCE are in exc_ale_bce.c), timer interrupts (TCFG periodic, TICLR), and idle woken by the
 * timer.
 */
#include "exc_handler.h"

static void test_sync(void)
{
	uint64_t prmd;

	EXPECT_EXC("syscall", 0xb, "syscall 0", "i"(0));
	EXPECT_EXC("syscall 0x7fff", 0xb, "syscall 0x7fff", "i"(0));
	EXPECT_EXC("break", 0xc, "break 0", "i"(0));
	EXPECT_EXC("break 5", 0xc, "break 5", "i"(0));
	/* No LoongArch encoding has the major opcode 0x3f. */
	EXPECT_EXC("ine", 0xd, ".word 0xffffffff", "i"(0));
	EXPECT_EXC("ine 0", 0xd, ".word 0", "i"(0));

	/* The handler returned to PLV0 with interrupts still off. */
	CHECK("crmd after", csr_read(CSR_CRMD) & 7, 0);
	prmd = csr_read(CSR_PRMD);
	CHECK("prmd pplv/pie", prmd & 7, 0);
}

/*
 * The constant timer (Vol1 7.6): periodic with a 20 us period; each TI
 * is counted by the handler, which clears it through TICLR.
 */
static void test_timer(void)
{
	uint64_t start, n;

	irq_count = 0;
	csr_write(CSR_ECFG, 1U << 11); /* LIE: TI only, VS = 0 */
	csr_write(CSR_TCFG, 2000 | 2 | 1); /* InitVal, Periodic, En */
	set_ie(1);
	start = counter();
	while (irq_count < 5 && counter() - start < 100000000)
		test_fence();
	set_ie(0);
	n = irq_count;
	CHECK("periodic timer irqs", n >= 5, 1);
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
	CHECK("estat.ti clear", (csr_read(0x5) >> 11) & 1, 0);

	/* A one-shot timer fires once and sets ESTAT.TI while IE is off. */
	csr_write(CSR_TCFG, 1000 | 1);
	start = counter();
	while (!((csr_read(0x5) >> 11) & 1) && counter() - start < 100000000)
		test_fence();
	CHECK("one-shot sets estat.ti", (csr_read(0x5) >> 11) & 1, 1);
	CHECK("one-shot no irq with ie=0", irq_count, n);
	csr_write(CSR_TICLR, 1);
	CHECK("ticlr clears estat.ti", (csr_read(0x5) >> 11) & 1, 0);
	csr_write(CSR_TCFG, 0);
}

/* idle (Vol1 4.2.6.2) sleeps until the one-shot timer interrupts. */
static void test_idle(void)
{
	uint64_t before;

	irq_count = 0;
	csr_write(CSR_TICLR, 1);
	csr_write(CSR_TCFG, 100000 | 1); /* 1 ms, one-shot */
	set_ie(1);
	__asm__ volatile("idle 0" ::: "memory");
	set_ie(0);
	before = irq_count;
	CHECK("idle woken by the timer", before, 1);
	csr_write(CSR_TCFG, 0);
	csr_write(CSR_TICLR, 1);
}

int main(void)
{
	exc_install();
	CHECK("eentry", csr_read(CSR_EENTRY), (uint64_t)(uintptr_t)exc_entry);
	test_sync();
	test_timer();
	test_idle();
	CHECK("no stray exceptions", (exc_estat >> 16) & 0x3f, 0xd);
	return test_done("exceptions");
}
