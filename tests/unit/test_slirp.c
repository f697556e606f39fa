// SPDX-License-Identifier: MIT
/*
 * The libslirp backend (hw/net/slirp_net.c) and -netdev option parsing,
 * from the guest's side of the wire: hand-built frames go in through
 * net_backend_send and the answers are checked as they reach the rx
 * callback on slirp's thread. ARP for the router, a DHCP offer, a TCP
 * SYN to 10.0.2.2 reaching a listener on the host's loopback, a hostfwd
 * connection arriving as a SYN to the guest, and flow control (frames
 * refused with NET_RX_FULL come back in order after a resume). Every
 * wait has a timeout, so a broken stack fails instead of hanging.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../hw/net/slirp_net.h"

#include "expect.h"

#define MAX_FRAMES 256
#define WAIT_MS 5000

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* Frames the rx callback accepted, in order, and the refusals. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct {
		size_t len;
		uint8_t *data;
	} f[MAX_FRAMES];
	unsigned int n, refused;
	bool refuse;
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static enum net_rx_result on_rx(void *opaque, const void *frame, size_t len)
{
	enum net_rx_result r = NET_RX_DONE;

	(void)opaque;
	pthread_mutex_lock(&rx.lock);
	if (rx.refuse) {
		rx.refused++;
		r = NET_RX_FULL;
	} else if (rx.n < MAX_FRAMES) {
		rx.f[rx.n].data = malloc(len);
		memcpy(rx.f[rx.n].data, frame, len);
		rx.f[rx.n].len = len;
		rx.n++;
	}
	pthread_cond_broadcast(&rx.cond);
	pthread_mutex_unlock(&rx.lock);
	return r;
}

typedef bool (*match_fn)(const uint8_t *f, size_t len, void *arg);

/* Waits for an accepted frame at index >= *from that matches. */
static const uint8_t *wait_frame(unsigned int *from, match_fn m, void *arg,
				 size_t *len)
{
	struct timespec dl;
	const uint8_t *hit = NULL;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += WAIT_MS / 1000;
	pthread_mutex_lock(&rx.lock);
	for (;;) {
		for (; *from < rx.n && !hit; (*from)++)
			if (m(rx.f[*from].data, rx.f[*from].len, arg)) {
				hit = rx.f[*from].data;
				*len = rx.f[*from].len;
			}
		if (hit || pthread_cond_timedwait(&rx.cond, &rx.lock, &dl))
			break;
	}
	pthread_mutex_unlock(&rx.lock);
	return hit;
}

static void put16be(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = (uint8_t)v;
}

static uint16_t get16be(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32be(const uint8_t *p)
{
	return (uint32_t)get16be(p) << 16 | get16be(p + 2);
}

static uint32_t sum16(const uint8_t *p, size_t len, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += get16be(p + i);
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	inet_pton(AF_INET, s, &a);
	return ntohl(a.s_addr);
}

static void put_ip(uint8_t *p, uint32_t a)
{
	put16be(p, (uint16_t)(a >> 16));
	put16be(p + 2, (uint16_t)a);
}

/* Ethernet header; returns the payload. */
static uint8_t *eth(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, guest_mac, 6);
	put16be(f + 12, type);
	return f + 14;
}

/* IPv4 header (20 bytes) with its checksum; returns the payload. */
static uint8_t *ipv4(uint8_t *p, uint8_t proto, uint32_t src, uint32_t dst,
		     size_t payload)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	put16be(p + 2, (uint16_t)(20 + payload));
	p[8] = 64;
	p[9] = proto;
	put_ip(p + 12, src);
	put_ip(p + 16, dst);
	put16be(p + 10, fold(sum16(p, 20, 0)));
	return p + 20;
}

static size_t arp_request(uint8_t *f, uint32_t target)
{
	uint8_t *a = eth(f, bcast, 0x0806);

	put16be(a, 1);
	put16be(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16be(a + 6, 1);
	memcpy(a + 8, guest_mac, 6);
	put_ip(a + 14, ip4("10.0.2.15"));
	memset(a + 18, 0, 6);
	put_ip(a + 24, target);
	return 14 + 28;
}

static bool is_arp_reply(const uint8_t *f, size_t len, void *arg)
{
	const uint8_t *a = f + 14;

	return len >= 42 && get16be(f + 12) == 0x0806 && get16be(a + 6) == 2 &&
	       get32be(a + 14) == *(uint32_t *)arg &&
	       memcmp(a + 18, guest_mac, 6) == 0 &&
	       memcmp(f, guest_mac, 6) == 0;
}

static size_t dhcp_discover(uint8_t *f)
{
	uint8_t *ip = eth(f, bcast, 0x0800), *udp, *b;
	size_t blen = 240 + 4;

	udp = ipv4(ip, 17, 0, 0xffffffff, 8 + blen);
	put16be(udp, 68);
	put16be(udp + 2, 67);
	put16be(udp + 4, (uint16_t)(8 + blen));
	put16be(udp + 6, 0); /* no UDP checksum */
	b = udp + 8;
	memset(b, 0, blen);
	b[0] = 1; /* BOOTREQUEST */
	b[1] = 1;
	b[2] = 6;
	put_ip(b + 4, 0x1234abcd); /* xid */
	memcpy(b + 28, guest_mac, 6);
	put_ip(b + 236, 0x63825363); /* magic cookie */
	b[240] = 53;		     /* DHCP message type */
	b[241] = 1;
	b[242] = 1; /* DISCOVER */
	b[243] = 255;
	return 14 + 20 + 8 + blen;
}

/* A DHCP OFFER for our xid with yiaddr 10.0.2.15. */
static bool is_dhcp_offer(const uint8_t *f, size_t len, void *arg)
{
	const uint8_t *ip = f + 14, *udp = ip + 20, *b = udp + 8;
	size_t i;

	(void)arg;
	if (len < 14 + 20 + 8 + 240 || get16be(f + 12) != 0x0800 ||
	    ip[9] != 17 || get16be(udp) != 67 || get16be(udp + 2) != 68 ||
	    b[0] != 2 || get32be(b + 4) != 0x1234abcd ||
	    get32be(b + 16) != ip4("10.0.2.15"))
		return false;
	for (i = 14 + 20 + 8 + 240; i + 2 < len && f[i] != 255;
	     i += 2 + f[i + 1])
		if (f[i] == 53)
			return f[i + 2] == 2;
	return false;
}

static uint16_t tcp_csum(const uint8_t *ip, const uint8_t *tcp, size_t len)
{
	uint8_t ph[12];

	memcpy(ph, ip + 12, 8);
	ph[8] = 0;
	ph[9] = 6;
	put16be(ph + 10, (uint16_t)len);
	return fold(sum16(tcp, len, sum16(ph, 12, 0)));
}

static size_t tcp_syn(uint8_t *f, const uint8_t *router_mac, uint32_t dst,
		      uint16_t sport, uint16_t dport, uint32_t seq)
{
	uint8_t *ip = eth(f, router_mac, 0x0800), *t;

	t = ipv4(ip, 6, ip4("10.0.2.15"), dst, 20);
	memset(t, 0, 20);
	put16be(t, sport);
	put16be(t + 2, dport);
	put_ip(t + 4, seq);
	t[12] = 5 << 4;
	t[13] = 0x02; /* SYN */
	put16be(t + 14, 65535);
	put16be(t + 16, tcp_csum(ip, t, 20));
	return 14 + 40;
}

struct tcp_match {
	uint32_t src, dst;
	uint16_t sport, dport;
	uint8_t flags;
	uint32_t ack; /* checked when flags has ACK */
};

static bool is_tcp(const uint8_t *f, size_t len, void *arg)
{
	const struct tcp_match *m = arg;
	const uint8_t *ip = f + 14, *t;

	if (len < 14 + 40 || get16be(f + 12) != 0x0800 || ip[9] != 6)
		return false;
	t = ip + (ip[0] & 15) * 4;
	if (get32be(ip + 12) != m->src || get32be(ip + 16) != m->dst ||
	    get16be(t + 2) != m->dport || (t[13] & 0x3f) != m->flags)
		return false;
	if (m->sport && get16be(t) != m->sport)
		return false;
	/* The checksum over pseudo-header and segment must verify. */
	if (tcp_csum(ip, t, get16be(ip + 2) - (ip[0] & 15) * 4) != 0)
		return false;
	return !(m->flags & 0x10) || get32be(t + 8) == m->ack;
}

/* A listening TCP socket on 127.0.0.1; its port in *port. */
static int listen_loopback(uint16_t *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s, 4) < 0 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) < 0) {
		perror("listen");
		exit(1);
	}
	*port = ntohs(a.sin_port);
	return s;
}

static uint16_t free_port(void)
{
	uint16_t port;

	close(listen_loopback(&port));
	return port;
}

static void test_parse(void)
{
	struct net_slirp_opts o;
	char err[200], buf[32];

	net_slirp_default_opts(&o);
	EXPECT(net_slirp_parse("", &o, err, sizeof(err)) == 0);
	EXPECT(ntohl(o.net.s_addr) == ip4("10.0.2.0") && o.prefix == 24);
	EXPECT(ntohl(net_slirp_host_addr(&o).s_addr) == ip4("10.0.2.2"));
	EXPECT(ntohl(net_slirp_dhcp_addr(&o).s_addr) == ip4("10.0.2.15"));
	EXPECT(net_slirp_parse("id=n0,net=192.168.76.0/24,hostfwd=tcp::5555-:"
			       "22,hostfwd=udp:127.0.0.2:53-10.0.2.9:5353",
			       &o, err, sizeof(err)) == 0);
	EXPECT(ntohl(o.net.s_addr) == ip4("192.168.76.0"));
	EXPECT(ntohl(net_slirp_host_addr(&o).s_addr) == ip4("192.168.76.2"));
	EXPECT(o.nfwd == 2);
	EXPECT(!o.fwd[0].udp && o.fwd[0].host_port == 5555 &&
	       o.fwd[0].guest_port == 22);
	EXPECT(ntohl(o.fwd[0].host_addr.s_addr) == ip4("127.0.0.1"));
	EXPECT(o.fwd[0].guest_addr.s_addr == 0);
	EXPECT(o.fwd[1].udp && o.fwd[1].host_port == 53);
	EXPECT(ntohl(o.fwd[1].host_addr.s_addr) == ip4("127.0.0.2"));
	EXPECT(ntohl(o.fwd[1].guest_addr.s_addr) == ip4("10.0.2.9"));

	net_slirp_default_opts(&o);
	err[0] = 0;
	EXPECT(net_slirp_parse("bogus=1", &o, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "unknown option 'bogus'"));
	EXPECT(net_slirp_parse("net=10.0.2.0/28", &o, err, sizeof(err)) < 0);
	EXPECT(net_slirp_parse("net=10.0.2.1/24", &o, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "host bits"));
	EXPECT(net_slirp_parse("net=10.0.300.0/24", &o, err, sizeof(err)) < 0);
	EXPECT(net_slirp_parse("hostfwd=tcp::5555:22", &o, err, sizeof(err)) <
	       0);
	EXPECT(strstr(err, "hostfwd=tcp::5555:22"));
	EXPECT(net_slirp_parse("hostfwd=sctp::1-:2", &o, err, sizeof(err)) < 0);
	EXPECT(net_slirp_parse("hostfwd=tcp::0-:22", &o, err, sizeof(err)) < 0);
	EXPECT(net_slirp_parse("hostfwd=tcp::70000-:22", &o, err, sizeof(err)) <
	       0);
	EXPECT(net_slirp_parse(",,=x", &o, err, sizeof(err)) < 0);
	EXPECT(o.nfwd == 0);

	EXPECT(net_backend_create("vde,sock=/x", NULL, err, sizeof(err)) ==
	       NULL);
	EXPECT(strstr(err, "unknown network backend"));
	EXPECT(net_opt_get("user,id=n0,net=1.2.3.0/24", "id", buf,
			   sizeof(buf)) == 0);
	EXPECT(strcmp(buf, "n0") == 0);
	EXPECT(net_opt_get("user,net=1.2.3.0/24", "id", buf, sizeof(buf)) < 0);
}

static void test_live(void)
{
	uint8_t f[600], router_mac[6];
	uint32_t router = ip4("10.0.2.2"), guest = ip4("10.0.2.15");
	struct net_backend *be;
	struct pollfd pfd;
	const uint8_t *r;
	unsigned int from = 0;
	uint16_t lport, hport = free_port();
	char spec[128], err[200] = "";
	int ls, cs;
	size_t len;

	snprintf(spec, sizeof(spec), "user,id=n0,hostfwd=tcp::%u-:2222", hport);
	be = net_backend_create(spec, NULL, err, sizeof(err));
	EXPECT(be != NULL);
	if (!be) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	EXPECT(strcmp(be->ops->kind, "user") == 0);
	EXPECT(net_backend_attach(be, on_rx, NULL) == 0);

	/* ARP: the router answers for 10.0.2.2 (and learns our MAC). */
	EXPECT(net_backend_send(be, f, arp_request(f, router)) == 0);
	r = wait_frame(&from, is_arp_reply, &router, &len);
	EXPECT(r != NULL);
	if (!r)
		goto out;
	memcpy(router_mac, r + 6, 6);

	/* DHCP: DISCOVER gets an OFFER of 10.0.2.15. */
	EXPECT(net_backend_send(be, f, dhcp_discover(f)) == 0);
	EXPECT(wait_frame(&from, is_dhcp_offer, NULL, &len) != NULL);

	/* TCP to 10.0.2.2:port reaches the host's 127.0.0.1:port. */
	ls = listen_loopback(&lport);
	EXPECT(net_backend_send(
		   be, f, tcp_syn(f, router_mac, router, 40000, lport, 1000)) ==
	       0);
	{
		struct tcp_match m = {router, guest, lport, 40000, 0x12, 1001};

		EXPECT(wait_frame(&from, is_tcp, &m, &len) != NULL);
	}
	pfd = (struct pollfd){.fd = ls, .events = POLLIN};
	EXPECT(poll(&pfd, 1, WAIT_MS) == 1);
	cs = accept(ls, NULL, NULL);
	EXPECT(cs >= 0);
	if (cs >= 0)
		close(cs);
	close(ls);

	/* hostfwd: a connection to 127.0.0.1:hport is a SYN to :2222. */
	{
		struct sockaddr_in a = {.sin_family = AF_INET,
					.sin_port = htons(hport)};
		struct tcp_match m = {router, guest, 0, 2222, 0x02, 0};

		a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		cs = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		EXPECT(connect(cs, (struct sockaddr *)&a, sizeof(a)) == 0 ||
		       errno == EINPROGRESS);
		EXPECT(wait_frame(&from, is_tcp, &m, &len) != NULL);
		close(cs);
	}

	/* Flow control: refused frames wait, then arrive after a resume. */
	pthread_mutex_lock(&rx.lock);
	rx.refuse = true;
	rx.refused = 0;
	pthread_mutex_unlock(&rx.lock);
	from = rx.n;
	net_backend_send(be, f, arp_request(f, router));
	net_backend_send(be, f, arp_request(f, ip4("10.0.2.3")));
	{
		struct timespec ts = {0, 300 * 1000000};

		nanosleep(&ts, NULL);
	}
	pthread_mutex_lock(&rx.lock);
	EXPECT(rx.refused >= 1);
	EXPECT(rx.n == from); /* nothing slipped past the refusal */
	rx.refuse = false;
	pthread_mutex_unlock(&rx.lock);
	net_backend_rx_resume(be);
	{
		uint32_t dns = ip4("10.0.2.3");
		unsigned int first = from;

		EXPECT(wait_frame(&from, is_arp_reply, &router, &len));
		EXPECT(from == first + 1); /* in order: the router's first */
		EXPECT(wait_frame(&from, is_arp_reply, &dns, &len));
	}
out:
	net_backend_destroy(be);
}

/* A host port already taken is a clear error at creation. */
static void test_hostfwd_busy(void)
{
	char spec[96], err[200] = "";
	uint16_t port;
	int ls = listen_loopback(&port);

	snprintf(spec, sizeof(spec), "user,hostfwd=tcp:127.0.0.1:%u-:22", port);
	EXPECT(net_backend_create(spec, NULL, err, sizeof(err)) == NULL);
	EXPECT(strstr(err, "cannot listen") != NULL);
	close(ls);
}

int main(void)
{
	unsigned int i;

	test_parse();
	test_live();
	test_hostfwd_busy();
	for (i = 0; i < rx.n; i++)
		free(rx.f[i].data);
	if (failures)
		fprintf(stderr, "%d check(s) failed\n", failures);
	return failures != 0;
}
