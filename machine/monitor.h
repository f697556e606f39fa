/* SPDX-License-Identifier: MIT */
/*
 * The human monitor's commands (a small subset of QEMU's HMP), shared by
 * the Ctrl-a c console monitor of -serial mon:stdio and QMP's
 * human-monitor-command.
 */
#ifndef LOONGVM_MACHINE_MONITOR_H
#define LOONGVM_MACHINE_MONITOR_H

/*
 * Runs one command line on the board opaque (a struct virt); returns its
 * output, malloc'd and ending in a newline unless empty, or NULL when out
 * of memory.
 */
char *monitor_run(void *opaque, const char *line);

#endif /* LOONGVM_MACHINE_MONITOR_H */
