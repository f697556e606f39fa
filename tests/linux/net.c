/* SPDX-License-Identifier: MIT */
/*
 * vmtest=net: TCP over virtio-net and the VMM's user-mode network
 * (libslirp: the guest is 10.0.2.15/24, the gateway 10.0.2.2 is the host's
 * loopback). Brings eth0 up with the classic SIOCSIF* ioctls and a default
 * route (SIOCADDRT), sends an HTTP/1.0 GET for $vmpath to 10.0.2.2:$vmport
 * and prints the body between markers with its length and FNV-1a.
 */
#include "lib.h"
#include "vmtest.h"

#define AF_INET 2
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOL_SOCKET 1
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
/* include/uapi/linux/sockios.h, if.h, route.h */
#define SIOCADDRT 0x890b
#define SIOCGIFFLAGS 0x8913
#define SIOCSIFFLAGS 0x8914
#define SIOCSIFADDR 0x8916
#define SIOCSIFNETMASK 0x891c
#define IFF_UP 1
#define RTF_UP 1
#define RTF_GATEWAY 2
#define EEXIST_ROUTE -17

struct sockaddr_in {
	u16 family;
	u8 port[2]; /* big-endian */
	u8 addr[4];
	u8 zero[8];
};

struct ifreq {
	char name[16];
	union {
		struct sockaddr_in addr;
		short flags;
		u8 pad[24];
	} u;
};

struct rtentry {
	unsigned long pad1;
	struct sockaddr_in dst, gateway, genmask;
	unsigned short flags;
	short pad2;
	unsigned long pad3;
	void *pad4;
	short metric;
	char *dev;
	unsigned long mtu, window;
	unsigned short irtt;
};

#define RESP_MAX (512u << 10)
#define PRINT_MAX 16384

static char resp[RESP_MAX];

static struct sockaddr_in inet(u8 a, u8 b, u8 c, u8 d, unsigned int port)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.family = AF_INET;
	s.port[0] = (u8)(port >> 8);
	s.port[1] = (u8)port;
	s.addr[0] = a;
	s.addr[1] = b;
	s.addr[2] = c;
	s.addr[3] = d;
	return s;
}

static long if_ioctl(int fd, unsigned long req, const char *dev,
		     struct ifreq *ifr)
{
	memcpy(ifr->name, dev, str_len(dev) + 1);
	return sys_ioctl(fd, req, ifr);
}

static long if_up(int fd, const char *dev)
{
	struct ifreq ifr;
	long r;

	memset(&ifr, 0, sizeof(ifr));
	r = if_ioctl(fd, SIOCGIFFLAGS, dev, &ifr);
	if (r)
		return r;
	ifr.u.flags |= IFF_UP;
	return if_ioctl(fd, SIOCSIFFLAGS, dev, &ifr);
}

/* eth0 may still be probing: wait for it a little. */
static long wait_eth0(int fd)
{
	struct ifreq ifr;
	u64 end = now_ms() + 5000;
	long r;

	for (;;) {
		memset(&ifr, 0, sizeof(ifr));
		r = if_ioctl(fd, SIOCGIFFLAGS, "eth0", &ifr);
		if (!r || now_ms() >= end)
			return r;
		sleep_ms(50);
	}
}

static const char *ioctl_failed(const char *what, long r, const char *why)
{
	out_err(what, r);
	return why;
}

static const char *configure(int fd)
{
	struct ifreq ifr;
	struct rtentry rt;
	long r;

	if (wait_eth0(fd))
		return "no eth0 (is there a virtio-net device?)";
	if_up(fd, "lo");
	memset(&ifr, 0, sizeof(ifr));
	ifr.u.addr = inet(10, 0, 2, 15, 0);
	if ((r = if_ioctl(fd, SIOCSIFADDR, "eth0", &ifr)) != 0)
		return ioctl_failed("SIOCSIFADDR", r,
				    "cannot set eth0's address");
	memset(&ifr, 0, sizeof(ifr));
	ifr.u.addr = inet(255, 255, 255, 0, 0);
	if ((r = if_ioctl(fd, SIOCSIFNETMASK, "eth0", &ifr)) != 0)
		return ioctl_failed("SIOCSIFNETMASK", r,
				    "cannot set the netmask");
	if ((r = if_up(fd, "eth0")) != 0)
		return ioctl_failed("SIOCSIFFLAGS", r, "cannot bring eth0 up");
	memset(&rt, 0, sizeof(rt));
	rt.dst = inet(0, 0, 0, 0, 0);
	rt.genmask = inet(0, 0, 0, 0, 0);
	rt.gateway = inet(10, 0, 2, 2, 0);
	rt.flags = RTF_UP | RTF_GATEWAY;
	r = sys_ioctl(fd, SIOCADDRT, &rt);
	if (r && r != EEXIST_ROUTE)
		return ioctl_failed("SIOCADDRT", r,
				    "cannot add the default route");
	return 0;
}

static long build_request(char *req, size_t max, const char *path)
{
	static const char *const parts[] = {"GET ", 0, " HTTP/1.0\r\n",
					    "Host: 10.0.2.2\r\n",
					    "Connection: close\r\n\r\n"};
	size_t len = 0, i, n;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *s = parts[i] ? parts[i] : path;

		n = str_len(s);
		if (len + n >= max)
			return -1;
		memcpy(req + len, s, n);
		len += n;
	}
	return (long)len;
}

/* Connects, sends the GET and reads the whole response into resp. */
static long fetch(unsigned int port, const char *path)
{
	struct timeval tv = {15, 0};
	struct sockaddr_in sa = inet(10, 0, 2, 2, port);
	static char req[512];
	long fd, r, len = build_request(req, sizeof(req), path), got = 0;

	if (len < 0)
		return -22;
	fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return fd;
	sys_setsockopt((int)fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	sys_setsockopt((int)fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	r = sys_connect((int)fd, &sa, sizeof(sa));
	if (!r)
		r = write_all((int)fd, req, (size_t)len);
	while (!r && (size_t)got < sizeof(resp)) {
		long n = sys_read((int)fd, resp + got, sizeof(resp) - got);

		if (n == -EINTR)
			continue;
		if (n <= 0) {
			r = n;
			break;
		}
		got += n;
	}
	sys_close((int)fd);
	return r ? r : got;
}

static int printable(const char *p, size_t len)
{
	for (; len; len--, p++)
		if ((*p < 0x20 || *p > 0x7e) && *p != '\n')
			return 0;
	return 1;
}

static const char *report(long len)
{
	long hdr = mem_find(resp, (size_t)len, "\r\n\r\n"), cl;
	const char *body;
	size_t blen;

	if (hdr < 0 || !str_starts(resp, "HTTP/1."))
		return "no HTTP response header";
	body = resp + hdr + 4;
	blen = (size_t)(len - hdr - 4);
	out(MARK);
	out("status line: ");
	out_n(resp, (size_t)mem_find(resp, (size_t)len, "\r\n"));
	out("\n" MARK "body bytes ");
	out_dec((long)blen);
	out(" fnv1a ");
	out_hex(fnv1a(FNV1A_INIT, body, blen), 16);
	out("\n");
	if (blen <= PRINT_MAX && printable(body, blen)) {
		out(MARK "body begin\n");
		out_n(body, blen);
		out(MARK "body end\n");
	}
	if (mem_find(resp, 13, " 200 ") < 0)
		return "the HTTP status is not 200";
	cl = mem_find(resp, (size_t)hdr, "Content-Length: ");
	if (cl >= 0 && parse_dec(resp + cl + 16) != (long)blen)
		return "the body is shorter than Content-Length";
	return 0;
}

const char *vmtest_net(void)
{
	long port = parse_dec(env_get("vmport"));
	const char *path = env_get("vmpath");
	const char *why;
	long fd, len;

	if (port <= 0 || port > 65535 || !path || path[0] != '/')
		return "set vmport=PORT and vmpath=/PATH on the command line";
	fd = sys_socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0)
		return "no AF_INET sockets";
	why = configure((int)fd);
	sys_close((int)fd);
	if (why)
		return why;
	len = fetch((unsigned int)port, path);
	if (len < 0) {
		out_err("HTTP GET from 10.0.2.2", len);
		return "the HTTP GET failed";
	}
	if ((size_t)len >= sizeof(resp))
		return "the response is too long";
	return report(len);
}
