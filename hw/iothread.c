/* SPDX-License-Identifier: MIT */
/*
 * The I/O thread of iothread.h: one epoll loop per thread. Each watched fd
 * is a "watch" with a unique 64-bit id carried in epoll_event.data, so an
 * event that epoll_wait returned just before a del (or a del and re-add
 * of the same fd number) finds no watch and is dropped instead of calling
 * a stale callback. An eventfd (id 0) wakes the loop to stop it.
 *
 * del must not return while the fd's callback runs on the loop: the loop
 * records the watch it is dispatching and del waits on a condition until
 * that changes. From the loop thread itself (a callback deleting an fd)
 * there is nothing to wait for.
 */
#include "iothread.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <pthread.h>

#define IOTHREAD_EVENTS 32
#define WAKE_ID 0

struct watch {
	struct watch *next;
	uint64_t id;
	int fd;
	iothread_fn fn;
	void *opaque;
};

struct iothread {
	pthread_t thread;
	int epfd, wakefd;
	pthread_mutex_t lock;
	pthread_cond_t idle; /* signalled when running changes */
	struct watch *watches;
	const struct watch *running; /* compared only, never dereferenced */
	uint64_t next_id;
	bool stop;
	char name[32];
};

static struct watch *find_fd(struct iothread *t, int fd, struct watch ***link)
{
	struct watch **pp;

	for (pp = &t->watches; *pp; pp = &(*pp)->next) {
		if ((*pp)->fd == fd) {
			if (link)
				*link = pp;
			return *pp;
		}
	}
	return NULL;
}

static struct watch *find_id(struct iothread *t, uint64_t id)
{
	struct watch *w;

	for (w = t->watches; w; w = w->next)
		if (w->id == id)
			return w;
	return NULL;
}

static void drain_wake(struct iothread *t)
{
	uint64_t v;

	while (read(t->wakefd, &v, sizeof(v)) < 0 && errno == EINTR)
		;
}

/* Runs the callback of watch id, unless it was deleted meanwhile. */
static void dispatch(struct iothread *t, uint64_t id, uint32_t events)
{
	struct watch *w;
	iothread_fn fn;
	void *opaque;

	pthread_mutex_lock(&t->lock);
	w = find_id(t, id);
	if (!w) {
		pthread_mutex_unlock(&t->lock);
		return;
	}
	fn = w->fn;
	opaque = w->opaque;
	t->running = w;
	pthread_mutex_unlock(&t->lock);

	fn(opaque, events);

	pthread_mutex_lock(&t->lock);
	t->running = NULL;
	pthread_cond_broadcast(&t->idle);
	pthread_mutex_unlock(&t->lock);
}

static void *loop(void *arg)
{
	struct iothread *t = arg;
	struct epoll_event ev[IOTHREAD_EVENTS];
	bool stop = false;
	int i, n;

	while (!stop) {
		n = epoll_wait(t->epfd, ev, IOTHREAD_EVENTS, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "iothread %s: epoll_wait: %s\n",
				t->name, strerror(errno));
			break;
		}
		for (i = 0; i < n; i++) {
			if (ev[i].data.u64 == WAKE_ID)
				drain_wake(t);
			else
				dispatch(t, ev[i].data.u64, ev[i].events);
		}
		pthread_mutex_lock(&t->lock);
		stop = t->stop;
		pthread_mutex_unlock(&t->lock);
	}
	return NULL;
}

static int setup_fds(struct iothread *t)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = WAKE_ID};

	t->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (t->epfd < 0)
		return -1;
	t->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (t->wakefd < 0) {
		close(t->epfd);
		return -1;
	}
	if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, t->wakefd, &ev) < 0) {
		close(t->wakefd);
		close(t->epfd);
		return -1;
	}
	return 0;
}

struct iothread *iothread_create(const char *name)
{
	struct iothread *t = calloc(1, sizeof(*t));
	int err;

	if (!t)
		return NULL;
	snprintf(t->name, sizeof(t->name), "%s", name ? name : "io");
	t->next_id = WAKE_ID + 1;
	if (setup_fds(t) < 0) {
		fprintf(stderr, "iothread %s: %s\n", t->name, strerror(errno));
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->idle, NULL);
	err = pthread_create(&t->thread, NULL, loop, t);
	if (err) {
		fprintf(stderr, "iothread %s: pthread_create: %s\n", t->name,
			strerror(err));
		close(t->wakefd);
		close(t->epfd);
		pthread_cond_destroy(&t->idle);
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	return t;
}

void iothread_destroy(struct iothread *t)
{
	uint64_t one = 1;
	struct watch *w;

	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_mutex_unlock(&t->lock);
	while (write(t->wakefd, &one, sizeof(one)) < 0 && errno == EINTR)
		;
	pthread_join(t->thread, NULL);
	while ((w = t->watches)) {
		t->watches = w->next;
		free(w);
	}
	close(t->wakefd);
	close(t->epfd);
	pthread_cond_destroy(&t->idle);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

int iothread_add_fd(struct iothread *t, int fd, uint32_t events, iothread_fn fn,
		    void *opaque)
{
	struct epoll_event ev = {.events = events};
	struct watch *w;

	if (!fn || fd < 0) {
		errno = EINVAL;
		return -1;
	}
	w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	w->fd = fd;
	w->fn = fn;
	w->opaque = opaque;
	pthread_mutex_lock(&t->lock);
	if (find_fd(t, fd, NULL)) {
		pthread_mutex_unlock(&t->lock);
		free(w);
		errno = EEXIST;
		return -1;
	}
	w->id = t->next_id++;
	ev.data.u64 = w->id;
	if (epoll_ctl(t->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		int e = errno;

		pthread_mutex_unlock(&t->lock);
		free(w);
		errno = e;
		return -1;
	}
	w->next = t->watches;
	t->watches = w;
	pthread_mutex_unlock(&t->lock);
	return 0;
}

int iothread_mod_fd(struct iothread *t, int fd, uint32_t events)
{
	struct epoll_event ev = {.events = events};
	struct watch *w;
	int ret, e = 0;

	pthread_mutex_lock(&t->lock);
	w = find_fd(t, fd, NULL);
	if (!w) {
		pthread_mutex_unlock(&t->lock);
		errno = ENOENT;
		return -1;
	}
	ev.data.u64 = w->id;
	ret = epoll_ctl(t->epfd, EPOLL_CTL_MOD, fd, &ev);
	if (ret < 0)
		e = errno;
	pthread_mutex_unlock(&t->lock);
	if (ret < 0)
		errno = e;
	return ret;
}

int iothread_del_fd(struct iothread *t, int fd)
{
	struct watch **link = NULL;
	struct watch *w;
	bool self = pthread_equal(pthread_self(), t->thread);

	pthread_mutex_lock(&t->lock);
	w = find_fd(t, fd, &link);
	if (!w) {
		pthread_mutex_unlock(&t->lock);
		errno = ENOENT;
		return -1;
	}
	*link = w->next;
	/* The fd may already be closed; the watch is gone either way. */
	epoll_ctl(t->epfd, EPOLL_CTL_DEL, fd, NULL);
	while (!self && t->running == w)
		pthread_cond_wait(&t->idle, &t->lock);
	pthread_mutex_unlock(&t->lock);
	free(w);
	return 0;
}
