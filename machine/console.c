/* SPDX-License-Identifier: MIT */
/*
 * Why a thread: vCPUs must never wait for the user, so one reader thread
 * polls stdin and a stop pipe, and hands the UART only as many bytes as
 * its receive FIFO has room for (the rest wait in the kernel's tty or pipe
 * buffer). Escapes follow QEMU's character multiplexer, which users know:
 * Ctrl-a x quits, Ctrl-a h lists the escapes, Ctrl-a Ctrl-a sends a
 * Ctrl-a, Ctrl-a c switches between the guest and the monitor (with
 * -serial mon:stdio; monitor.h runs its lines), and other keys after
 * Ctrl-a are dropped. At end of file the thread just stops reading.
 *
 * With a virtio console (hvc0) on the board, input goes to it as well, so
 * the user can type to whichever console the guest runs its shell on;
 * then stdin is always read, and what the UART's FIFO cannot take is
 * dropped for the UART, as on an overrun serial line.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../hw/uart_ns16550.h"
#include "../hw/virtio/virtio_console.h"
#include "console.h"
#include "term.h"

#define ESCAPE_CHAR 0x01 /* Ctrl-a */
#define READ_MAX 256
#define FULL_RETRY_MS 10
#define LINE_MAX_LEN 256
#define PROMPT "(loongvm) "

static struct {
	struct uart_ns16550 *uart;
	struct virtio_console *hvc; /* NULL: no virtio console */
	console_quit_fn quit;
	void *opaque;
	console_monitor_fn monitor; /* NULL: no monitor */
	void *mon_opaque;
	char line[LINE_MAX_LEN];
	size_t line_len;
	pthread_t thread;
	int stop_pipe[2];
	bool running, got_escape, done;
	bool in_monitor, last_cr, echo;
} con = {.stop_pipe = {-1, -1}};

static void say(const char *s)
{
	/* In raw mode "\n" does not return the carriage: send both. */
	if (write(STDERR_FILENO, s, strlen(s)) < 0)
		return;
}

/* Monitor output goes where the guest's does, "\n" as "\r\n". */
static void mon_say(const char *s)
{
	size_t n;

	while (*s) {
		n = strcspn(s, "\n");
		if (n && write(STDOUT_FILENO, s, n) < 0)
			return;
		s += n;
		if (*s == '\n') {
			if (write(STDOUT_FILENO, "\r\n", 2) < 0)
				return;
			s++;
		}
	}
}

static void escape_help(void)
{
	say("\r\nC-a h    print this help\r\n"
	    "C-a x    exit loongvm\r\n"
	    "C-a c    switch between the console and the monitor\r\n"
	    "C-a C-a  send C-a\r\n");
}

static void monitor_toggle(void)
{
	if (!con.monitor) {
		say("\r\nloongvm: the monitor is not available here "
		    "(use -serial mon:stdio)\r\n");
		return;
	}
	con.in_monitor = !con.in_monitor;
	con.line_len = 0;
	if (con.in_monitor)
		mon_say("\nloongvm monitor - type 'help' for more "
			"information\n" PROMPT);
	else
		mon_say("\n");
}

static void monitor_line(void)
{
	char *out;

	con.line[con.line_len] = '\0';
	con.line_len = 0;
	mon_say("\n");
	out = con.monitor(con.mon_opaque, con.line);
	mon_say(out ? out : "out of memory\n");
	free(out);
	mon_say(PROMPT);
}

/* One byte typed at the monitor: a line editor with backspace. */
static void monitor_byte(uint8_t ch)
{
	bool cr = con.last_cr;

	con.last_cr = ch == '\r';
	if (ch == '\r' || (ch == '\n' && !cr)) {
		monitor_line();
	} else if (ch == 0x7f || ch == '\b') {
		if (con.line_len) {
			con.line_len--;
			if (con.echo)
				mon_say("\b \b");
		}
	} else if (ch >= 0x20 && ch < 0x7f &&
		   con.line_len + 1 < sizeof(con.line)) {
		con.line[con.line_len++] = (char)ch;
		if (con.echo && write(STDOUT_FILENO, &ch, 1) < 0)
			return;
	}
}

/* Acts on the key after Ctrl-a; returns true when it is to be sent. */
static bool escape_key(uint8_t ch)
{
	switch (ch) {
	case ESCAPE_CHAR:
		return true;
	case 'x':
		say("\r\nloongvm: terminated\r\n");
		term_restore();
		con.done = true;
		if (con.quit)
			con.quit(con.opaque, 0);
		return false;
	case 'h':
		escape_help();
		return false;
	case 'c':
		monitor_toggle();
		return false;
	default:
		return false;
	}
}

/* Filters escapes out of in[0..n); returns the bytes left in out. */
static size_t filter(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t i, k = 0;

	for (i = 0; i < n && !con.done; i++) {
		if (con.got_escape) {
			con.got_escape = false;
			if (escape_key(in[i]) && !con.in_monitor)
				out[k++] = in[i];
		} else if (in[i] == ESCAPE_CHAR) {
			con.got_escape = true;
		} else if (con.in_monitor) {
			monitor_byte(in[i]);
		} else {
			out[k++] = in[i];
		}
	}
	return k;
}

/* Reads what the UART can take; false at end of file or on an error. */
static bool pump(size_t room)
{
	uint8_t in[READ_MAX], out[READ_MAX];
	ssize_t n = read(STDIN_FILENO, in, room < READ_MAX ? room : READ_MAX);
	size_t k;

	if (n < 0)
		return errno == EINTR || errno == EAGAIN;
	if (n == 0)
		return false;
	k = filter(in, (size_t)n, out);
	if (k && con.hvc)
		virtio_console_input(con.hvc, out, k);
	room = uart_ns16550_rx_space(con.uart);
	if (k > room)
		k = room;
	if (k)
		uart_ns16550_receive(con.uart, out, k);
	return !con.done;
}

static void *reader(void *arg)
{
	struct pollfd p[2] = {{.fd = con.stop_pipe[0], .events = POLLIN},
			      {.fd = STDIN_FILENO, .events = POLLIN}};
	size_t room;

	(void)arg;
	for (;;) {
		room = con.hvc || con.in_monitor
			   ? READ_MAX
			   : uart_ns16550_rx_space(con.uart);
		/* A full FIFO: leave stdin alone and look again soon. */
		p[1].fd = room ? STDIN_FILENO : -1;
		if (poll(p, 2, room ? -1 : FULL_RETRY_MS) < 0 && errno != EINTR)
			break;
		if (p[0].revents)
			break;
		if (room && p[1].revents && !pump(room))
			break;
	}
	return NULL;
}

void console_set_hvc(struct virtio_console *hvc)
{
	con.hvc = hvc;
}

void console_set_monitor(console_monitor_fn fn, void *opaque)
{
	con.monitor = fn;
	con.mon_opaque = opaque;
}

int console_start(struct uart_ns16550 *uart, console_quit_fn quit, void *opaque)
{
	int err;

	if (con.running)
		return 0;
	con.uart = uart;
	con.quit = quit;
	con.opaque = opaque;
	con.got_escape = con.done = con.in_monitor = false;
	if (pipe(con.stop_pipe))
		return -1;
	/* A terminal in raw mode does not echo: the monitor does. */
	con.echo = term_raw_enter(STDIN_FILENO) == 0;
	err = pthread_create(&con.thread, NULL, reader, NULL);
	if (err) {
		console_stop();
		errno = err;
		return -1;
	}
	con.running = true;
	return 0;
}

void console_stop(void)
{
	if (con.running) {
		if (write(con.stop_pipe[1], "", 1) < 0)
			perror("loongvm: console");
		pthread_join(con.thread, NULL);
		con.running = false;
	}
	if (con.stop_pipe[0] >= 0) {
		close(con.stop_pipe[0]);
		close(con.stop_pipe[1]);
		con.stop_pipe[0] = con.stop_pipe[1] = -1;
	}
	term_restore();
}
