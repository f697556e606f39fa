/* SPDX-License-Identifier: MIT */
/*
 * The constant timer and interrupt delivery (LoongArch Vol1 6.1, 6.3.1,
 * 7.6): one-shot and periodic timers, TVAL counting down, TI held in
 * ESTAT until TICLR, vectored entries with ECFG.VS = 3 (one 32-byte slot
 * per exception code, interrupts at 64 + int number; vectors.h), and idle
 * woken by the timer. Interrupt priority is in csr_manual.c: QEMU 7.2 does
 * not deliver software interrupts promptly.
 */
#include "vectors.h"

#define VS 3

/* One-shot: TVAL counts down from InitVal; TI stays until TICLR. */
static void test_oneshot(void)
{
	uint64_t a, b, start, t0;

	csr_wr(0x44, 1);
	t0 = counter();
	csr_wr(0x41, 1000000 | 1); /* 10 ms, one-shot, En */
	a = csr_rd(0x42);
	b = csr_rd(0x42);
	CHECK("tval <= initval", a <= 1000000, 1);
	CHECK("tval counts down", b <= a, 1);
	CHECK("tval running", b > 0, 1);
	CHECK("no ti yet", (csr_rd(0x5) >> 11) & 1, 0);
	start = counter();
	while (!((csr_rd(0x5) >> 11) & 1) && counter() - start < 100000000)
		test_fence();
	CHECK("ti after expiry", (csr_rd(0x5) >> 11) & 1, 1);
	CHECK("not before initval", counter() - t0 >= 1000000, 1);
	/* TI is level: it stays until TICLR, even with TCFG rewritten. */
	csr_wr(0x41, 0);
	CHECK("ti kept after tcfg=0", (csr_rd(0x5) >> 11) & 1, 1);
	CHECK("ticlr reads 0", csr_rd(0x44), 0);
	csr_wr(0x44, 1);
	CHECK("ticlr clears ti", (csr_rd(0x5) >> 11) & 1, 0);
}

/* Periodic: TI again and again through the vectored entry 64 + 11. */
static void test_periodic(void)
{
	uint64_t start, i, ok = 1;

	norder = 0;
	csr_wr(0x4, (uint64_t)VS << 16 | 1 << 11);
	csr_wr(0x41, 20000 | 2 | 1); /* 200 us, periodic, En */
	set_ie(1);
	start = counter();
	while (norder < 4 && counter() - start < 100000000)
		test_fence();
	set_ie(0);
	csr_wr(0x41, 0);
	csr_wr(0x44, 1);
	CHECK("periodic ticks", norder >= 4, 1);
	for (i = 0; i < 4; i++)
		ok &= order[i] == 11;
	CHECK("ticks at the ti vector", ok, 1);
}

/* An exception through its own slot: syscall is Ecode 0xb. */
static void test_vectored_exc(void)
{
	uint64_t pc;

	exc_codes = 0;
	csr_wr(0x4, (uint64_t)VS << 16);
	__asm__ volatile("la.pcrel %0, 1f\n"
			 "1:\tsyscall 0\n"
			 : "=&r"(pc)::"memory");
	CHECK("syscall vector", exc_codes, 0xb);
	CHECK("syscall era", exc_era, pc);
	__asm__ volatile("break 0" ::: "memory");
	CHECK("break vector", exc_codes, 0xc);
}

/* idle (Vol1 4.2.6.2) sleeps until the timer interrupt. */
static void test_idle(void)
{
	norder = 0;
	csr_wr(0x44, 1);
	csr_wr(0x4, (uint64_t)VS << 16 | 1 << 11);
	csr_wr(0x41, 200000 | 1); /* 2 ms, one-shot */
	set_ie(1);
	__asm__ volatile("idle 0" ::: "memory");
	set_ie(0);
	CHECK("idle woken by ti", norder, 1);
	CHECK("idle irq is ti", order[0], 11);
	csr_wr(0x41, 0);
}

int main(void)
{
	csr_wr(0x4, 0);
	csr_wr(0xc, (uint64_t)(uintptr_t)vectors);
	test_oneshot();
	test_periodic();
	test_vectored_exc();
	test_idle();
	csr_wr(0x4, 0);
	return test_done("timer");
}
