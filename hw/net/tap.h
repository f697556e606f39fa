/* SPDX-License-Identifier: MIT */
/*
 * The TAP backend: frames go to and come from a host TAP interface
 * (/dev/net/tun with IFF_TAP | IFF_NO_PI), read on an I/O thread.
 */
#ifndef LOONGVM_HW_NET_TAP_H
#define LOONGVM_HW_NET_TAP_H

#include <stddef.h>

#include "net_backend.h"

/*
 * Attaches to the TAP interface ifname (created if it does not exist;
 * NULL or "" lets the kernel pick a tapN name). Received frames are
 * delivered on io, which must not be NULL. NULL on failure with the
 * reason in err (no /dev/net/tun, permission denied, name too long).
 */
struct net_backend *net_tap_create(const char *ifname, struct iothread *io,
				   char *err, size_t errlen);
/* The same from -netdev tap options: "ifname=NAME[,id=ID]". */
struct net_backend *net_tap_create_opts(const char *opts, struct iothread *io,
					char *err, size_t errlen);
/* The interface's name as the kernel knows it. */
const char *net_tap_ifname(const struct net_backend *be);

#endif /* LOONGVM_HW_NET_TAP_H */
