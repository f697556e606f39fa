/* SPDX-License-Identifier: MIT */
/*
 * The stdio console (-nographic, -serial stdio and -serial mon:stdio):
 * stdin feeds the guest's UART from a thread of its own, with QEMU's
 * Ctrl-a escapes (x quits, h helps, c switches between the guest and the
 * monitor, Ctrl-a sends Ctrl-a).
 */
#ifndef LOONGVM_MACHINE_CONSOLE_H
#define LOONGVM_MACHINE_CONSOLE_H

struct uart_ns16550;
struct virtio_console;

/* Called from the console's thread when the user quits (Ctrl-a x). */
typedef void (*console_quit_fn)(void *opaque, int status);
/* Runs a monitor command line; its output (malloc'd), or NULL. */
typedef char *(*console_monitor_fn)(void *opaque, const char *line);

/*
 * Starts reading stdin into uart (raw mode if stdin is a terminal);
 * 0, or -1 with errno. There is one console per process.
 */
int console_start(struct uart_ns16550 *uart, console_quit_fn quit,
		  void *opaque);
/* Also feeds stdin to this virtio console (call before console_start). */
void console_set_hvc(struct virtio_console *hvc);
/* Enables Ctrl-a c (-serial mon:stdio); call before console_start. */
void console_set_monitor(console_monitor_fn fn, void *opaque);
/* Stops the reader and restores the terminal; safe if never started. */
void console_stop(void);

#endif /* LOONGVM_MACHINE_CONSOLE_H */
