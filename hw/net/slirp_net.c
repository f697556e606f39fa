/* SPDX-License-Identifier: MIT */
/*
 * The libslirp backend. libslirp is not thread-safe, so one dedicated
 * thread makes every call into it after creation: a poll(2) loop over
 * the sockets slirp_pollfds_fill lists, an eventfd, and slirp's timers
 * (a short list whose earliest deadline bounds the poll timeout; slirp
 * asks for few). Frames from the guest reach the thread through a
 * mutex-guarded queue and the eventfd, and are fed to slirp_input there.
 *
 * Frames from slirp (send_packet) go straight to the NIC; when it answers
 * NET_RX_FULL they wait in a bounded queue, in order, until a resume
 * wakes the thread. Past the bound they are dropped and TCP resends, as
 * libslirp.h allows.
 */
#include "slirp_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <slirp/libslirp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#define QUEUE_MAX 512	 /* frames waiting in either direction */
#define POLL_MAX_MS 1000 /* the loop wakes at least this often */

struct sframe {
	struct sframe *next;
	size_t len;
	uint8_t data[];
};

struct squeue {
	struct sframe *head, *tail;
	unsigned int n;
};

struct stimer {
	struct stimer *next;
	SlirpTimerCb cb;
	void *opaque;
	int64_t expire_ms; /* -1: not armed */
};

struct slirp_net {
	struct net_backend be;
	Slirp *slirp;
	pthread_t thread;
	bool started;
	int wakefd;
	pthread_mutex_t lock; /* guards txq and stop */
	struct squeue txq;    /* guest -> slirp */
	bool stop;
	/* Slirp-thread state (or the creating thread before start). */
	struct squeue rxq; /* slirp -> guest, refused by the NIC */
	struct stimer *timers;
	struct pollfd *pfd;
	unsigned int npfd, pfd_cap;
};

static struct slirp_net *to_sn(struct net_backend *be)
{
	return (struct slirp_net *)be;
}

static struct sframe *frame_new(const void *data, size_t len)
{
	struct sframe *f = malloc(sizeof(*f) + len);

	if (f) {
		f->next = NULL;
		f->len = len;
		memcpy(f->data, data, len);
	}
	return f;
}

static void q_push(struct squeue *q, struct sframe *f)
{
	if (q->tail)
		q->tail->next = f;
	else
		q->head = f;
	q->tail = f;
	q->n++;
}

static struct sframe *q_pop(struct squeue *q)
{
	struct sframe *f = q->head;

	if (f) {
		q->head = f->next;
		if (!q->head)
			q->tail = NULL;
		q->n--;
	}
	return f;
}

static void q_free(struct squeue *q)
{
	struct sframe *f;

	while ((f = q_pop(q)))
		free(f);
}

static void wake(struct slirp_net *s)
{
	uint64_t one = 1;

	while (write(s->wakefd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* SlirpCb callbacks; all run on the slirp thread. */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
	struct slirp_net *s = opaque;
	struct sframe *f;

	if (!s->be.rx || len > NET_MAX_FRAME)
		return (ssize_t)len;
	if (!s->rxq.n && s->be.rx(s->be.rx_opaque, buf, len) == NET_RX_DONE)
		return (ssize_t)len;
	/* Behind earlier refused frames, or refused itself: queue it. */
	if (s->rxq.n < QUEUE_MAX && (f = frame_new(buf, len)))
		q_push(&s->rxq, f);
	return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
	(void)opaque;
	fprintf(stderr, "slirp: guest error: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
	(void)opaque;
	return now_ns();
}

static void *cb_timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
	struct slirp_net *s = opaque;
	struct stimer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cb = cb;
	t->opaque = cb_opaque;
	t->expire_ms = -1;
	t->next = s->timers;
	s->timers = t;
	return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
	struct slirp_net *s = opaque;
	struct stimer **pp;

	for (pp = &s->timers; *pp; pp = &(*pp)->next) {
		if (*pp == timer) {
			*pp = ((struct stimer *)timer)->next;
			free(timer);
			return;
		}
	}
}

/* expire_time is in milliseconds of clock_get_ns's clock. */
static void cb_timer_mod(void *timer, int64_t expire_time, void *opaque)
{
	(void)opaque;
	if (timer)
		((struct stimer *)timer)->expire_ms = expire_time;
}

/* The poll set is rebuilt from slirp_pollfds_fill on every iteration. */
static void cb_register_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void cb_unregister_poll_fd(int fd, void *opaque)
{
	(void)fd;
	(void)opaque;
}

static void cb_notify(void *opaque)
{
	wake(opaque);
}

static const SlirpCb slirp_cbs = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_new = cb_timer_new,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
};

/* The poll loop. */

static int add_pollfd(struct slirp_net *s, int fd, short events)
{
	struct pollfd *p;
	unsigned int cap;

	if (s->npfd == s->pfd_cap) {
		cap = s->pfd_cap ? 2 * s->pfd_cap : 16;
		p = realloc(s->pfd, cap * sizeof(*p));
		if (!p)
			return -1;
		s->pfd = p;
		s->pfd_cap = cap;
	}
	s->pfd[s->npfd] = (struct pollfd){.fd = fd, .events = events};
	return (int)s->npfd++;
}

static int cb_add_poll(int fd, int events, void *opaque)
{
	short ev = 0;

	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	return add_pollfd(opaque, fd, ev);
}

static int cb_get_revents(int idx, void *opaque)
{
	struct slirp_net *s = opaque;
	short r;
	int ev = 0;

	if (idx < 0 || (unsigned int)idx >= s->npfd)
		return 0;
	r = s->pfd[idx].revents;
	if (r & POLLIN)
		ev |= SLIRP_POLL_IN;
	if (r & POLLOUT)
		ev |= SLIRP_POLL_OUT;
	if (r & POLLPRI)
		ev |= SLIRP_POLL_PRI;
	if (r & (POLLERR | POLLNVAL))
		ev |= SLIRP_POLL_ERR;
	if (r & POLLHUP)
		ev |= SLIRP_POLL_HUP;
	return ev;
}

/* poll's timeout: slirp's wish, the earliest timer, POLL_MAX_MS. */
static int poll_timeout(struct slirp_net *s, uint32_t slirp_ms)
{
	int64_t now = now_ns() / 1000000, t = POLL_MAX_MS;
	struct stimer *tm;

	if (slirp_ms < (uint32_t)t)
		t = slirp_ms;
	for (tm = s->timers; tm; tm = tm->next)
		if (tm->expire_ms >= 0 && tm->expire_ms - now < t)
			t = tm->expire_ms - now;
	return t < 0 ? 0 : (int)t;
}

/* Fires expired timers; a callback may add, re-arm or free any timer. */
static void run_timers(struct slirp_net *s)
{
	int64_t now = now_ns() / 1000000;
	struct stimer *t;
	bool fired = true;

	while (fired) {
		fired = false;
		for (t = s->timers; t; t = t->next) {
			if (t->expire_ms >= 0 && t->expire_ms <= now) {
				t->expire_ms = -1;
				t->cb(t->opaque);
				fired = true;
				break;
			}
		}
	}
}

/* Offers refused frames to the NIC again, in order. */
static void flush_rxq(struct slirp_net *s)
{
	struct sframe *f;

	while (s->rxq.head) {
		f = s->rxq.head;
		if (s->be.rx(s->be.rx_opaque, f->data, f->len) == NET_RX_FULL)
			return;
		free(q_pop(&s->rxq));
	}
}

/* Handles a wakeup: frames from the guest, a resume. True to stop. */
static bool handle_wake(struct slirp_net *s)
{
	struct squeue q;
	struct sframe *f;
	uint64_t v;
	bool stop;

	while (read(s->wakefd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
	pthread_mutex_lock(&s->lock);
	q = s->txq;
	s->txq = (struct squeue){0};
	stop = s->stop;
	pthread_mutex_unlock(&s->lock);
	while ((f = q_pop(&q))) {
		if (!stop)
			slirp_input(s->slirp, f->data, (int)f->len);
		free(f);
	}
	if (!stop)
		flush_rxq(s);
	return stop;
}

static void *slirp_thread(void *arg)
{
	struct slirp_net *s = arg;
	uint32_t timeout;
	int r;

	for (;;) {
		s->npfd = 0;
		add_pollfd(s, s->wakefd, POLLIN);
		timeout = UINT32_MAX;
		slirp_pollfds_fill(s->slirp, &timeout, cb_add_poll, s);
		r = poll(s->pfd, s->npfd, poll_timeout(s, timeout));
		if (r > 0 && (s->pfd[0].revents & POLLIN) && handle_wake(s))
			break;
		slirp_pollfds_poll(s->slirp, r < 0 && errno != EINTR,
				   cb_get_revents, s);
		run_timers(s);
	}
	return NULL;
}

/* net_backend_ops. */

static int sn_send(struct net_backend *be, const void *frame, size_t len)
{
	struct slirp_net *s = to_sn(be);
	struct sframe *f;
	bool queued = false;

	if (len > NET_MAX_FRAME)
		return -1;
	f = frame_new(frame, len);
	if (!f)
		return -1;
	pthread_mutex_lock(&s->lock);
	if (!s->stop && s->txq.n < QUEUE_MAX) {
		q_push(&s->txq, f);
		queued = true;
	}
	pthread_mutex_unlock(&s->lock);
	if (!queued) {
		free(f);
		return -1;
	}
	wake(s);
	return 0;
}

static void sn_rx_resume(struct net_backend *be)
{
	wake(to_sn(be));
}

static int sn_start(struct net_backend *be)
{
	struct slirp_net *s = to_sn(be);
	int e = pthread_create(&s->thread, NULL, slirp_thread, s);

	if (e) {
		fprintf(stderr, "slirp: cannot start its thread: %s\n",
			strerror(e));
		return -1;
	}
	s->started = true;
	return 0;
}

static void sn_destroy(struct net_backend *be)
{
	struct slirp_net *s = to_sn(be);
	struct stimer *t;

	if (s->started) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_mutex_unlock(&s->lock);
		wake(s);
		pthread_join(s->thread, NULL);
	}
	if (s->slirp)
		slirp_cleanup(s->slirp);
	while ((t = s->timers)) {
		s->timers = t->next;
		free(t);
	}
	q_free(&s->txq);
	q_free(&s->rxq);
	free(s->pfd);
	close(s->wakefd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static const struct net_backend_ops slirp_ops = {
    .kind = "user",
    .start = sn_start,
    .send = sn_send,
    .rx_resume = sn_rx_resume,
    .destroy = sn_destroy,
};

static Slirp *new_stack(struct slirp_net *s, const struct net_slirp_opts *o)
{
	SlirpConfig cfg;

	memset(&cfg, 0, sizeof(cfg));
	cfg.version = 1;
	cfg.restricted = 0;
	cfg.in_enabled = true;
	cfg.vnetwork = o->net;
	cfg.vnetmask.s_addr = htonl(~0u << (32 - o->prefix));
	cfg.vhost = net_slirp_host_addr(o);
	cfg.vnameserver = net_slirp_addr(o, 3);
	cfg.vdhcp_start = net_slirp_dhcp_addr(o);
	cfg.in6_enabled = false;
	cfg.disable_host_loopback = false;
	cfg.enable_emu = false;
	return slirp_new(&cfg, &slirp_cbs, s);
}

static int add_forwards(struct slirp_net *s, const struct net_slirp_opts *o,
			char *err, size_t errlen)
{
	const struct net_slirp_fwd *f;
	struct in_addr guest;
	char host[INET_ADDRSTRLEN];
	unsigned int i;

	for (i = 0; i < o->nfwd; i++) {
		f = &o->fwd[i];
		guest = f->guest_addr.s_addr ? f->guest_addr
					     : net_slirp_dhcp_addr(o);
		errno = 0;
		if (slirp_add_hostfwd(s->slirp, f->udp, f->host_addr,
				      f->host_port, guest, f->guest_port) == 0)
			continue;
		inet_ntop(AF_INET, &f->host_addr, host, sizeof(host));
		snprintf(err, errlen,
			 "-netdev user: hostfwd %s:%s:%u: cannot listen%s%s",
			 f->udp ? "udp" : "tcp", host, f->host_port,
			 errno ? ": " : "", errno ? strerror(errno) : "");
		return -1;
	}
	return 0;
}

struct net_backend *net_slirp_create(const struct net_slirp_opts *o, char *err,
				     size_t errlen)
{
	struct slirp_net *s = calloc(1, sizeof(*s));

	if (!s) {
		snprintf(err, errlen, "-netdev user: out of memory");
		return NULL;
	}
	s->be.ops = &slirp_ops;
	pthread_mutex_init(&s->lock, NULL);
	s->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->wakefd < 0) {
		snprintf(err, errlen, "-netdev user: eventfd: %s",
			 strerror(errno));
		pthread_mutex_destroy(&s->lock);
		free(s);
		return NULL;
	}
	s->slirp = new_stack(s, o);
	if (!s->slirp) {
		snprintf(err, errlen,
			 "-netdev user: libslirp refused the "
			 "configuration");
		sn_destroy(&s->be);
		return NULL;
	}
	if (add_forwards(s, o, err, errlen) < 0) {
		sn_destroy(&s->be);
		return NULL;
	}
	return &s->be;
}

struct net_backend *net_slirp_create_opts(const char *opts, char *err,
					  size_t errlen)
{
	struct net_slirp_opts o;

	net_slirp_default_opts(&o);
	if (net_slirp_parse(opts, &o, err, errlen) < 0)
		return NULL;
	return net_slirp_create(&o, err, errlen);
}
