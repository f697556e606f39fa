/* SPDX-License-Identifier: MIT */
/*
 * -netdev user option parsing (the syntax QEMU's users know): the guest
 * subnet and host-to-guest port forwards, each checked with a message
 * that names the bad part.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slirp_net.h"

#define MAX_PREFIX 27 /* the subnet must hold .2, .3 and .15 */

void net_slirp_default_opts(struct net_slirp_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->net.s_addr = htonl(0x0a000200); /* 10.0.2.0 */
	o->prefix = 24;
}

struct in_addr net_slirp_addr(const struct net_slirp_opts *o, uint32_t host)
{
	struct in_addr a = {htonl(ntohl(o->net.s_addr) | host)};

	return a;
}

struct in_addr net_slirp_host_addr(const struct net_slirp_opts *o)
{
	return net_slirp_addr(o, 2);
}

struct in_addr net_slirp_dhcp_addr(const struct net_slirp_opts *o)
{
	return net_slirp_addr(o, 15);
}

/* A decimal number in [lo, hi] spanning all of s. */
static int parse_num(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_net(const char *v, struct net_slirp_opts *o, char *err,
		     size_t errlen)
{
	char addr[32];
	const char *slash = strchr(v, '/');
	long prefix = 24;
	uint32_t mask;
	size_t alen = slash ? (size_t)(slash - v) : strlen(v);

	if (alen >= sizeof(addr) ||
	    (slash && parse_num(slash + 1, 8, MAX_PREFIX, &prefix) < 0))
		goto bad;
	memcpy(addr, v, alen);
	addr[alen] = 0;
	if (inet_pton(AF_INET, addr, &o->net) != 1)
		goto bad;
	mask = ~0u << (32 - prefix);
	if (ntohl(o->net.s_addr) & ~mask) {
		snprintf(err, errlen, "-netdev user: net=%s has host bits set",
			 v);
		return -1;
	}
	o->prefix = (unsigned int)prefix;
	return 0;
bad:
	snprintf(err, errlen,
		 "-netdev user: net=%s is not A.B.C.D/N with N in 8..%d", v,
		 MAX_PREFIX);
	return -1;
}

/* "[ADDR]:PORT" into addr (left alone when ADDR is empty) and port. */
static int parse_endpoint(char *s, struct in_addr *addr, uint16_t *port)
{
	char *colon = strrchr(s, ':');
	long p;

	if (!colon || parse_num(colon + 1, 1, 65535, &p) < 0)
		return -1;
	*colon = 0;
	if (*s && inet_pton(AF_INET, s, addr) != 1)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

static int parse_hostfwd(const char *v, struct net_slirp_opts *o, char *err,
			 size_t errlen)
{
	struct net_slirp_fwd *f = &o->fwd[o->nfwd];
	char buf[128], *rest, *dash;

	if (o->nfwd == NET_SLIRP_MAX_FWD) {
		snprintf(err, errlen,
			 "-netdev user: more than %d hostfwd rules",
			 NET_SLIRP_MAX_FWD);
		return -1;
	}
	if (strlen(v) >= sizeof(buf))
		goto bad;
	strcpy(buf, v);
	rest = strchr(buf, ':');
	if (!rest)
		goto bad;
	*rest++ = 0;
	if (strcmp(buf, "udp") == 0)
		f->udp = true;
	else if (*buf && strcmp(buf, "tcp") != 0)
		goto bad;
	dash = strchr(rest, '-');
	if (!dash)
		goto bad;
	*dash++ = 0;
	f->host_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->guest_addr.s_addr = 0; /* the DHCP address, resolved at create */
	if (parse_endpoint(rest, &f->host_addr, &f->host_port) < 0 ||
	    parse_endpoint(dash, &f->guest_addr, &f->guest_port) < 0)
		goto bad;
	o->nfwd++;
	return 0;
bad:
	memset(f, 0, sizeof(*f));
	snprintf(err, errlen,
		 "-netdev user: hostfwd=%s is not "
		 "[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT",
		 v);
	return -1;
}

int net_slirp_parse(const char *opts, struct net_slirp_opts *o, char *err,
		    size_t errlen)
{
	const char *p = opts;
	char key[32], val[160];
	int r;

	while ((r = net_opt_next(&p, key, sizeof(key), val, sizeof(val)))) {
		if (r < 0) {
			snprintf(err, errlen,
				 "-netdev user: malformed option list '%s'",
				 opts);
			return -1;
		}
		if (strcmp(key, "id") == 0)
			continue;
		if (strcmp(key, "net") == 0)
			r = parse_net(val, o, err, errlen);
		else if (strcmp(key, "hostfwd") == 0)
			r = parse_hostfwd(val, o, err, errlen);
		else {
			snprintf(err, errlen,
				 "-netdev user: unknown option '%s' (known: "
				 "id, net, hostfwd)",
				 key);
			r = -1;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}
