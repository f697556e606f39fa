/* SPDX-License-Identifier: MIT */
/*
 * Raw mode for the stdio console. Keys such as Ctrl-c belong to the guest,
 * so the terminal must not echo, edit lines or turn keys into signals; a
 * shell left in that state after loongvm ends would be unusable, so the
 * saved mode is restored from atexit and from handlers for the signals
 * that still end the process, which then re-raise them.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "term.h"

static struct termios saved;
static int saved_fd = -1;
static volatile sig_atomic_t raw_active;

void term_restore(void)
{
	if (raw_active) {
		tcsetattr(saved_fd, TCSANOW, &saved);
		raw_active = 0;
	}
}

static void on_fatal_signal(int sig)
{
	term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	static int done;
	struct sigaction sa;
	size_t i;

	if (done)
		return;
	done = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	atexit(term_restore);
}

int term_raw_enter(int fd)
{
	struct termios t;

	if (!isatty(fd) || tcgetattr(fd, &saved))
		return -1;
	saved_fd = fd;
	install_handlers();
	t = saved;
	t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR |
				 IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag = (t.c_cflag & ~(tcflag_t)(CSIZE | PARENB)) | CS8;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	raw_active = 1;
	if (tcsetattr(fd, TCSANOW, &t)) {
		raw_active = 0;
		return -1;
	}
	return 0;
}
