/* SPDX-License-Identifier: MIT */
/*
 * An I/O thread: an epoll loop that runs device work off the vCPU
 * threads, so a slow disk or a busy network does not stall the guest's
 * CPUs (issue 6). Devices register file descriptors (an eventfd their
 * queue_notify signals, a TAP fd, a timerfd) with a callback that runs on
 * the loop's thread.
 */
#ifndef LOONGVM_HW_IOTHREAD_H
#define LOONGVM_HW_IOTHREAD_H

#include <stdint.h>

struct iothread;

/* events is the epoll mask that fired (EPOLLIN, EPOLLOUT, EPOLLERR ...). */
typedef void (*iothread_fn)(void *opaque, uint32_t events);

/* Starts a loop thread; name shows in messages. NULL on failure. */
struct iothread *iothread_create(const char *name);
/* Stops the loop (waiting for a running callback) and frees it. */
void iothread_destroy(struct iothread *t);

/*
 * Watches fd for the epoll events mask; fn runs on the loop's thread.
 * Any thread may call these, including a callback on the loop itself.
 * Return 0, or -1 with errno.
 */
int iothread_add_fd(struct iothread *t, int fd, uint32_t events,
		    iothread_fn fn, void *opaque);
int iothread_mod_fd(struct iothread *t, int fd, uint32_t events);
/* After it returns, fn is not running and will not run again for fd. */
int iothread_del_fd(struct iothread *t, int fd);

#endif /* LOONGVM_HW_IOTHREAD_H */
