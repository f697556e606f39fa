/* SPDX-License-Identifier: MIT */
/*
 * vmtest=ctxsw: a context-switch-heavy workload for bench/run.py. A child
 * and init bounce one byte through two pipes ROUNDS times, so every round
 * trip is two blocking reads and two switches (four with -smp 1). Prints
 * "ctxsw round trips N ms M".
 */
#include "lib.h"
#include "vmtest.h"

#define ROUNDS 20000

static void child(int in, int out_fd)
{
	char b;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		if (sys_read(in, &b, 1) != 1)
			break;
		if (write_all(out_fd, &b, 1))
			break;
	}
	sys_exit(0);
}

const char *vmtest_ctxsw(void)
{
	int ping[2], pong[2], i;
	long pid;
	char b = 'x';
	u64 t0;

	if (sys_pipe2(ping, 0) || sys_pipe2(pong, 0))
		return "pipe2 failed";
	pid = sys_fork();
	if (pid < 0)
		return "fork failed";
	if (pid == 0)
		child(ping[0], pong[1]);
	t0 = now_ms();
	for (i = 0; i < ROUNDS; i++) {
		if (write_all(ping[1], &b, 1) || sys_read(pong[0], &b, 1) != 1)
			return "the ping-pong broke off";
	}
	t0 = now_ms() - t0;
	sys_wait4(pid);
	out(MARK "ctxsw round trips ");
	out_dec(ROUNDS);
	out(" ms ");
	out_dec((long)t0);
	out("\n");
	return 0;
}
