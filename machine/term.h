/* SPDX-License-Identifier: MIT */
/*
 * The host terminal behind the stdio console: raw mode while the guest
 * runs, and the saved mode put back on every way out of loongvm (return,
 * exit, and the fatal signals SIGINT, SIGTERM and SIGHUP).
 */
#ifndef LOONGVM_MACHINE_TERM_H
#define LOONGVM_MACHINE_TERM_H

/* Puts fd into raw mode if it is a terminal; 0, or -1 when it is not. */
int term_raw_enter(int fd);
/* Puts the saved mode back; safe to call often and in signal handlers. */
void term_restore(void);

#endif /* LOONGVM_MACHINE_TERM_H */
