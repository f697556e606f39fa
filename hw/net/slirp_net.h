/* SPDX-License-Identifier: MIT */
/*
 * The user-mode network backend: libslirp (4.7) plays router, DHCP and
 * DNS server for the guest's subnet and turns its TCP and UDP flows into
 * host sockets, so no privileges or host setup are needed. The guest
 * reaches the host's loopback at the router address (10.0.2.2 by
 * default); hostfwd rules forward host ports into the guest.
 */
#ifndef LOONGVM_HW_NET_SLIRP_NET_H
#define LOONGVM_HW_NET_SLIRP_NET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net_backend.h"

#define NET_SLIRP_MAX_FWD 16

struct net_slirp_fwd {
	bool udp;
	struct in_addr host_addr; /* default 127.0.0.1 */
	uint16_t host_port;
	struct in_addr guest_addr; /* 0: the DHCP address (.15) */
	uint16_t guest_port;
};

struct net_slirp_opts {
	struct in_addr net;  /* default 10.0.2.0; router .2, DNS .3, DHCP .15 */
	unsigned int prefix; /* default 24, at most 27 */
	struct net_slirp_fwd fwd[NET_SLIRP_MAX_FWD];
	unsigned int nfwd;
};

/* The defaults: 10.0.2.0/24, no forwards. */
void net_slirp_default_opts(struct net_slirp_opts *o);

/*
 * Parses -netdev user options, "[id=ID][,net=A.B.C.D/N]
 * [,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT]...",
 * over the defaults. Returns 0, or -1 with the reason in err.
 */
int net_slirp_parse(const char *opts, struct net_slirp_opts *o, char *err,
		    size_t errlen);

/*
 * Creates the stack and its forwards (a host port already in use fails
 * here). Slirp runs on its own thread, started by net_backend_attach;
 * frames reach the NIC's rx callback on that thread. NULL on failure
 * with the reason in err.
 */
struct net_backend *net_slirp_create(const struct net_slirp_opts *o, char *err,
				     size_t errlen);
/* net_slirp_parse, then net_slirp_create. */
struct net_backend *net_slirp_create_opts(const char *opts, char *err,
					  size_t errlen);

/* Address number host in the subnet (network order): .2, .3, .15. */
struct in_addr net_slirp_addr(const struct net_slirp_opts *o, uint32_t host);
/* The router (the host's loopback to the guest) and the DHCP address. */
struct in_addr net_slirp_host_addr(const struct net_slirp_opts *o);
struct in_addr net_slirp_dhcp_addr(const struct net_slirp_opts *o);

#endif /* LOONGVM_HW_NET_SLIRP_NET_H */
