/* SPDX-License-Identifier: MIT */
/*
 * The TAP backend (Linux Documentation/networking/tuntap.rst): one
 * non-blocking fd carries whole Ethernet frames, one per read or write.
 * The fd is watched on the I/O thread; when the NIC answers NET_RX_FULL
 * the frame is kept, the fd is unwatched, and a resume (an eventfd any
 * thread may signal) retries the frame and watches the fd again. On the
 * transmit side a full TAP queue drops the frame, as a NIC's would.
 */
#include "tap.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../iothread.h"

#define TUN_PATH "/dev/net/tun"
#define TAP_RX_BUDGET 64 /* frames read per wakeup, for fairness */

struct tap_net {
	struct net_backend be;
	struct iothread *io;
	int fd, resumefd;
	bool watching, started;
	char ifname[IFNAMSIZ];
	/* I/O-thread state. */
	bool paused;	/* fd unwatched: the NIC said FULL */
	size_t pending; /* length of the refused frame in buf, or 0 */
	bool warned_rx, warned_tx;
	uint8_t buf[NET_MAX_FRAME + 1]; /* one more: detects oversize */
};

static struct tap_net *to_tap(struct net_backend *be)
{
	return (struct tap_net *)be;
}

static int tap_send(struct net_backend *be, const void *frame, size_t len)
{
	struct tap_net *t = to_tap(be);
	ssize_t n;

	do
		n = write(t->fd, frame, len);
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)len)
		return 0;
	/* EAGAIN is a full queue; EIO a downed link. Both drop. */
	if (n < 0 && errno != EAGAIN && !t->warned_tx) {
		fprintf(stderr, "tap %s: write: %s; dropping frames\n",
			t->ifname, strerror(errno));
		t->warned_tx = true;
	}
	return -1;
}

/* Offers a frame to the NIC; false (paused, frame kept) on FULL. */
static bool tap_deliver(struct tap_net *t, size_t len)
{
	if (t->be.rx(t->be.rx_opaque, t->buf, len) == NET_RX_DONE)
		return true;
	t->pending = len;
	if (!t->paused) {
		t->paused = true;
		iothread_mod_fd(t->io, t->fd, 0);
	}
	return false;
}

static void tap_read_error(struct tap_net *t, int err)
{
	/* The interface is gone or broken: stop watching, or the level-
	 * triggered loop would spin on the error. */
	fprintf(stderr, "tap %s: read: %s; reception stopped\n", t->ifname,
		strerror(err));
	t->paused = true;
	iothread_mod_fd(t->io, t->fd, 0);
}

static void tap_readable(void *opaque, uint32_t events)
{
	struct tap_net *t = opaque;
	unsigned int i;
	ssize_t n;

	(void)events;
	for (i = 0; i < TAP_RX_BUDGET && !t->paused; i++) {
		n = read(t->fd, t->buf, sizeof(t->buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0) {
			tap_read_error(t, errno);
			return;
		}
		if (n == 0)
			continue;
		if (n > NET_MAX_FRAME) {
			if (!t->warned_rx)
				fprintf(stderr,
					"tap %s: dropping a frame over %d "
					"bytes\n",
					t->ifname, NET_MAX_FRAME);
			t->warned_rx = true;
			continue;
		}
		if (!tap_deliver(t, (size_t)n))
			return;
	}
}

static void tap_resume_ready(void *opaque, uint32_t events)
{
	struct tap_net *t = opaque;
	uint64_t v;

	(void)events;
	while (read(t->resumefd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	if (t->pending) {
		if (!tap_deliver(t, t->pending))
			return;
		t->pending = 0;
	}
	if (t->paused) {
		t->paused = false;
		iothread_mod_fd(t->io, t->fd, EPOLLIN);
	}
}

static void tap_rx_resume(struct net_backend *be)
{
	struct tap_net *t = to_tap(be);
	uint64_t one = 1;

	while (write(t->resumefd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static int tap_start(struct net_backend *be)
{
	struct tap_net *t = to_tap(be);

	if (iothread_add_fd(t->io, t->resumefd, EPOLLIN, tap_resume_ready, t) <
	    0)
		return -1;
	if (iothread_add_fd(t->io, t->fd, EPOLLIN, tap_readable, t) < 0) {
		iothread_del_fd(t->io, t->resumefd);
		return -1;
	}
	t->started = true;
	return 0;
}

static void tap_destroy(struct net_backend *be)
{
	struct tap_net *t = to_tap(be);

	if (t->started) {
		iothread_del_fd(t->io, t->fd);
		iothread_del_fd(t->io, t->resumefd);
	}
	close(t->fd);
	close(t->resumefd);
	free(t);
}

static const struct net_backend_ops tap_ops = {
    .kind = "tap",
    .start = tap_start,
    .send = tap_send,
    .rx_resume = tap_rx_resume,
    .destroy = tap_destroy,
};

static int tun_open(char *err, size_t errlen)
{
	int fd = open(TUN_PATH, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		return fd;
	if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
		snprintf(err, errlen,
			 "tap: %s is missing (is the tun module loaded?)",
			 TUN_PATH);
	else if (errno == EACCES || errno == EPERM)
		snprintf(err, errlen,
			 "tap: permission denied opening %s (needs "
			 "CAP_NET_ADMIN or read-write access to it)",
			 TUN_PATH);
	else
		snprintf(err, errlen, "tap: %s: %s", TUN_PATH, strerror(errno));
	return -1;
}

static int tun_attach(int fd, const char *ifname, char *out, char *err,
		      size_t errlen)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	if (ifname)
		memcpy(ifr.ifr_name, ifname, strlen(ifname));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		int e = errno;

		snprintf(err, errlen, "tap: cannot attach to '%s': %s%s",
			 ifname ? ifname : "(new)", strerror(e),
			 e == EPERM ? " (needs CAP_NET_ADMIN, or a persistent "
				      "TAP owned by this user)"
			 : e == EBUSY  ? " (another process holds it)"
			 : e == EINVAL ? " (not a TAP interface?)"
				       : "");
		return -1;
	}
	memcpy(out, ifr.ifr_name, IFNAMSIZ);
	out[IFNAMSIZ - 1] = 0;
	return 0;
}

struct net_backend *net_tap_create(const char *ifname, struct iothread *io,
				   char *err, size_t errlen)
{
	struct tap_net *t;

	if (ifname && !*ifname)
		ifname = NULL;
	if (ifname && strlen(ifname) >= IFNAMSIZ) {
		snprintf(err, errlen,
			 "tap: interface name '%s' is longer than %d bytes",
			 ifname, IFNAMSIZ - 1);
		return NULL;
	}
	if (!io) {
		snprintf(err, errlen, "tap: no I/O thread");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "tap: out of memory");
		return NULL;
	}
	t->be.ops = &tap_ops;
	t->io = io;
	t->resumefd = -1;
	t->fd = tun_open(err, errlen);
	if (t->fd < 0)
		goto fail;
	if (tun_attach(t->fd, ifname, t->ifname, err, errlen) < 0)
		goto fail;
	t->resumefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (t->resumefd < 0) {
		snprintf(err, errlen, "tap: eventfd: %s", strerror(errno));
		goto fail;
	}
	return &t->be;
fail:
	if (t->fd >= 0)
		close(t->fd);
	free(t);
	return NULL;
}

struct net_backend *net_tap_create_opts(const char *opts, struct iothread *io,
					char *err, size_t errlen)
{
	char key[32], val[IFNAMSIZ + 64], ifname[IFNAMSIZ + 64] = "";
	const char *p = opts;
	int r;

	while ((r = net_opt_next(&p, key, sizeof(key), val, sizeof(val)))) {
		if (r < 0) {
			snprintf(err, errlen,
				 "-netdev tap: malformed option "
				 "list '%s'",
				 opts);
			return NULL;
		}
		if (strcmp(key, "ifname") == 0) {
			strcpy(ifname, val);
		} else if (strcmp(key, "id") != 0) {
			snprintf(err, errlen,
				 "-netdev tap: unknown option '%s' (known: "
				 "id, ifname)",
				 key);
			return NULL;
		}
	}
	return net_tap_create(ifname, io, err, errlen);
}

const char *net_tap_ifname(const struct net_backend *be)
{
	return ((const struct tap_net *)be)->ifname;
}
