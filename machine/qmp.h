/* SPDX-License-Identifier: MIT */
/*
 * The QEMU Machine Protocol server (-qmp), for tools that control VMs the
 * way they control QEMU: JSON commands over a Unix or TCP socket, replies
 * and asynchronous events (QEMU's docs/interop/qmp-spec.rst). One client
 * at a time, served by a thread of its own.
 */
#ifndef LOONGVM_MACHINE_QMP_H
#define LOONGVM_MACHINE_QMP_H

#include <stddef.h>

struct virt;

/*
 * Starts serving spec: "unix:PATH[,server][,nowait]" or
 * "tcp:[HOST]:PORT[,server][,nowait]" (HOST defaults to 127.0.0.1).
 * Returns 0, or -1 after printing why.
 */
int qmp_start(struct virt *v, const char *spec);
/* Checks spec as qmp_start would, without opening anything. */
int qmp_check_spec(const char *spec, char *err, size_t errlen);
/* Flushes what is queued for the client and stops; safe if not started. */
void qmp_stop(void);

#endif /* LOONGVM_MACHINE_QMP_H */
