/* SPDX-License-Identifier: MIT */
/*
 * "[HOST]:PORT" addresses and listening sockets for the servers the host
 * talks to (QMP, the GDB stub). An empty HOST means 127.0.0.1: control
 * and debug ports are not for the network unless the user says so.
 */
#ifndef LOONGVM_MACHINE_TCP_LISTEN_H
#define LOONGVM_MACHINE_TCP_LISTEN_H

#include <stddef.h>

struct tcp_addr {
	char host[256];
	char port[16];
};

/* Parses "[HOST]:PORT"; 0, or -1 with a message in err. */
int tcp_addr_parse(const char *s, struct tcp_addr *a, char *err, size_t errlen);
/* A listening socket (close-on-exec) for a, or -1 with errno. */
int tcp_listen(const struct tcp_addr *a);

#endif /* LOONGVM_MACHINE_TCP_LISTEN_H */
