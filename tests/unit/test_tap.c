// SPDX-License-Identifier: MIT
/*
 * The TAP backend (hw/net/tap.c): option and name errors, then, when the
 * host lets us create a TAP interface (root or CAP_NET_ADMIN; otherwise
 * the test is skipped with exit 77), a live exchange with the host
 * kernel. The interface gets 198.18.77.1/24; an ARP request sent as the
 * guest (198.18.77.2) must be answered through the I/O thread, and
 * flow control must hold a refused frame until the resume redelivers it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../../hw/iothread.h"
#include "../../hw/net/tap.h"

#include "expect.h"

#define WAIT_MS 5000
#define HOST_IP "198.18.77.1"
#define GUEST_IP "198.18.77.2"

static const uint8_t guest_mac[6] = {0x52, 0x54, 0x00, 0x77, 0x00, 0x02};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool refuse;
	unsigned int accepted, refused, replies;
	uint8_t refused_frame[2048];
	size_t refused_len;
	bool redelivered; /* the refused frame came back after resume */
} rx = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static bool is_arp_reply(const uint8_t *f, size_t len)
{
	struct in_addr host;

	inet_pton(AF_INET, HOST_IP, &host);
	return len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[20] == 0 &&
	       f[21] == 2 && memcmp(f + 28, &host, 4) == 0 &&
	       memcmp(f + 32, guest_mac, 6) == 0;
}

static enum net_rx_result on_rx(void *opaque, const void *frame, size_t len)
{
	enum net_rx_result r = NET_RX_DONE;

	(void)opaque;
	pthread_mutex_lock(&rx.lock);
	if (rx.refuse) {
		if (!rx.refused++ && len <= sizeof(rx.refused_frame)) {
			memcpy(rx.refused_frame, frame, len);
			rx.refused_len = len;
		}
		r = NET_RX_FULL;
	} else {
		if (rx.refused && !rx.accepted && len == rx.refused_len &&
		    memcmp(frame, rx.refused_frame, len) == 0)
			rx.redelivered = true;
		rx.accepted++;
		rx.replies += is_arp_reply(frame, len);
	}
	pthread_cond_broadcast(&rx.cond);
	pthread_mutex_unlock(&rx.lock);
	return r;
}

/* Waits until *counter reaches want; false on timeout. Lock held. */
static bool wait_count(unsigned int *counter, unsigned int want)
{
	struct timespec dl;

	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += WAIT_MS / 1000;
	while (*counter < want)
		if (pthread_cond_timedwait(&rx.cond, &rx.lock, &dl))
			return false;
	return true;
}

static size_t arp_request(uint8_t *f)
{
	struct in_addr a;

	memset(f, 0xff, 6);
	memcpy(f + 6, guest_mac, 6);
	f[12] = 0x08;
	f[13] = 0x06;
	memcpy(f + 14, "\x00\x01\x08\x00\x06\x04\x00\x01", 8);
	memcpy(f + 22, guest_mac, 6);
	inet_pton(AF_INET, GUEST_IP, &a);
	memcpy(f + 28, &a, 4);
	memset(f + 32, 0, 6);
	inet_pton(AF_INET, HOST_IP, &a);
	memcpy(f + 38, &a, 4);
	return 42;
}

static void test_errors(void)
{
	char err[200] = "";

	EXPECT(net_tap_create("a-name-far-too-long-for-linux", (void *)1, err,
			      sizeof(err)) == NULL);
	EXPECT(strstr(err, "longer than 15 bytes") != NULL);
	EXPECT(net_tap_create("tap0", NULL, err, sizeof(err)) == NULL);
	EXPECT(strstr(err, "no I/O thread") != NULL);
	EXPECT(net_tap_create_opts("id=n0,script=no", (void *)1, err,
				   sizeof(err)) == NULL);
	EXPECT(strstr(err, "unknown option 'script'") != NULL);
	EXPECT(net_backend_create("tap,ifname=", NULL, err, sizeof(err)) ==
	       NULL);
}

/* Gives the interface HOST_IP/24 and brings it up. */
static int configure(const char *ifname, char *why, size_t len)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), ret = -1;

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, HOST_IP, &sin->sin_addr);
	if (ioctl(s, SIOCSIFADDR, &ifr) < 0)
		goto out;
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	if (ioctl(s, SIOCSIFNETMASK, &ifr) < 0 ||
	    ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		goto out;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		goto out;
	ret = 0;
out:
	if (ret)
		snprintf(why, len, "cannot configure %s: %s", ifname,
			 strerror(errno));
	close(s);
	return ret;
}

/* Returns 77 when the host does not allow a TAP interface. */
static int test_live(void)
{
	struct iothread *io = iothread_create("tap-test");
	struct net_backend *be;
	char err[200] = "";
	uint8_t f[64];
	struct timespec ts = {0, 300 * 1000000};

	if (!io) {
		EXPECT(io != NULL);
		return 0;
	}
	be = net_tap_create(NULL, io, err, sizeof(err));
	if (!be) {
		iothread_destroy(io);
		printf("skipped: %s\n", err);
		return 77;
	}
	EXPECT(strncmp(net_tap_ifname(be), "tap", 3) == 0);
	if (configure(net_tap_ifname(be), err, sizeof(err)) < 0) {
		net_backend_destroy(be);
		iothread_destroy(io);
		printf("skipped: %s\n", err);
		return 77;
	}
	EXPECT(net_backend_attach(be, on_rx, NULL) == 0);
	EXPECT(net_backend_send(be, f, arp_request(f)) == 0);
	pthread_mutex_lock(&rx.lock);
	EXPECT(wait_count(&rx.replies, 1));

	/* Refuse: the backend must stop reading and keep the frame. */
	rx.refuse = true;
	pthread_mutex_unlock(&rx.lock);
	EXPECT(net_backend_send(be, f, arp_request(f)) == 0);
	pthread_mutex_lock(&rx.lock);
	EXPECT(wait_count(&rx.refused, 1));
	rx.accepted = 0;
	pthread_mutex_unlock(&rx.lock);
	nanosleep(&ts, NULL);
	pthread_mutex_lock(&rx.lock);
	EXPECT(rx.refused == 1); /* paused: not offered again */
	EXPECT(rx.accepted == 0);
	rx.refuse = false;
	pthread_mutex_unlock(&rx.lock);
	net_backend_rx_resume(be);
	pthread_mutex_lock(&rx.lock);
	EXPECT(wait_count(&rx.accepted, 1));
	EXPECT(rx.redelivered);
	pthread_mutex_unlock(&rx.lock);
	/* Reading resumed: the host still answers. */
	EXPECT(net_backend_send(be, f, arp_request(f)) == 0);
	pthread_mutex_lock(&rx.lock);
	EXPECT(wait_count(&rx.replies, 3));
	pthread_mutex_unlock(&rx.lock);

	net_backend_destroy(be);
	iothread_destroy(io);
	return 0;
}

int main(void)
{
	int r;

	test_errors();
	r = test_live();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	return r;
}
