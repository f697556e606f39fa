/* SPDX-License-Identifier: MIT */
/*
 * The GDB remote serial protocol stub (-gdb tcp::PORT, -s): a debugger
 * attached over TCP sees one thread per vCPU, reads and writes registers
 * and memory (by guest virtual address), and sets breakpoints and
 * watchpoints that the CPU checks, with all-stop semantics: when one vCPU
 * stops, they all do. One client at a time, served by its own thread.
 */
#ifndef LOONGVM_MACHINE_GDB_STUB_H
#define LOONGVM_MACHINE_GDB_STUB_H

#include <stddef.h>

struct virt;

/* Checks "tcp:[HOST]:PORT" (HOST defaults to 127.0.0.1); 0 or -1. */
int gdb_stub_check_spec(const char *spec, char *err, size_t errlen);
/* Listens on spec and starts the stub's thread; 0, or -1 after a message. */
int gdb_stub_start(struct virt *v, const char *spec);
/* Tells an attached debugger the guest is gone, and stops; safe if idle. */
void gdb_stub_stop(int status);

#endif /* LOONGVM_MACHINE_GDB_STUB_H */
