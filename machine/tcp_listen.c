/* SPDX-License-Identifier: MIT */
/*
 * TCP addresses and listeners (tcp_listen.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tcp_listen.h"

int tcp_addr_parse(const char *s, struct tcp_addr *a, char *err, size_t errlen)
{
	const char *colon = strrchr(s, ':');
	size_t hl;
	char *end;
	long port;

	if (!colon) {
		snprintf(err, errlen, "'%s' is not [HOST]:PORT", s);
		return -1;
	}
	hl = (size_t)(colon - s);
	if (hl >= sizeof(a->host)) {
		snprintf(err, errlen, "host name too long");
		return -1;
	}
	memcpy(a->host, s, hl);
	a->host[hl] = '\0';
	if (!hl)
		snprintf(a->host, sizeof(a->host), "127.0.0.1");
	port = strtol(colon + 1, &end, 10);
	if (end == colon + 1 || *end || port < 0 || port > 65535) {
		snprintf(err, errlen, "bad port '%s'", colon + 1);
		return -1;
	}
	snprintf(a->port, sizeof(a->port), "%ld", port);
	return 0;
}

int tcp_listen(const struct tcp_addr *a)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE};
	struct addrinfo *res, *ai;
	int fd = -1, one = 1;

	if (getaddrinfo(a->host, a->port, &hints, &res)) {
		errno = EADDRNOTAVAIL; /* the host name did not resolve */
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!bind(fd, ai->ai_addr, ai->ai_addrlen) && !listen(fd, 1))
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}
