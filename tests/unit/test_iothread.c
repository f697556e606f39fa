/* SPDX-License-Identifier: MIT */
/*
 * The I/O thread (hw/iothread.c): callbacks run on the loop thread for the
 * events registered, mod changes the mask, del returns only once a running
 * callback has finished and no later event reaches it, a callback may
 * delete its own fd, and destroy stops a busy loop.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "../../hw/iothread.h"
#include "expect.h"

struct probe {
	struct iothread *t;
	int fd;
	atomic_int calls;
	atomic_int running;
	atomic_bool ran_elsewhere;
	atomic_uint last_events;
	pthread_t main_thread;
	unsigned int sleep_ms; /* how long each callback takes */
	bool self_delete;
	atomic_int del_ret;
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void probe_fn(void *opaque, uint32_t events)
{
	struct probe *p = opaque;
	uint64_t v;

	atomic_store(&p->running, 1);
	if (pthread_equal(pthread_self(), p->main_thread))
		atomic_store(&p->ran_elsewhere, false);
	atomic_store(&p->last_events, events);
	if (events & EPOLLIN)
		(void)!read(p->fd, &v, sizeof(v));
	if (p->sleep_ms)
		sleep_ms(p->sleep_ms);
	if (p->self_delete)
		atomic_store(&p->del_ret, iothread_del_fd(p->t, p->fd));
	atomic_fetch_add(&p->calls, 1);
	atomic_store(&p->running, 0);
}

static void kick(int fd)
{
	uint64_t one = 1;

	EXPECT(write(fd, &one, sizeof(one)) == sizeof(one));
}

/* Waits up to 2 s for *v to reach want. */
static bool wait_calls(atomic_int *v, int want)
{
	int i;

	for (i = 0; i < 2000; i++) {
		if (atomic_load(v) >= want)
			return true;
		sleep_ms(1);
	}
	return false;
}

static void probe_init(struct probe *p, struct iothread *t)
{
	atomic_init(&p->calls, 0);
	atomic_init(&p->running, 0);
	atomic_init(&p->ran_elsewhere, true);
	atomic_init(&p->last_events, 0);
	atomic_init(&p->del_ret, 99);
	p->t = t;
	p->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	p->main_thread = pthread_self();
	p->sleep_ms = 0;
	p->self_delete = false;
}

static void test_basic(struct iothread *t)
{
	struct probe p;

	probe_init(&p, t);
	EXPECT(iothread_add_fd(t, p.fd, EPOLLIN, probe_fn, &p) == 0);
	/* A second add of the same fd is refused. */
	EXPECT(iothread_add_fd(t, p.fd, EPOLLIN, probe_fn, &p) < 0);
	EXPECT(errno == EEXIST);
	kick(p.fd);
	EXPECT(wait_calls(&p.calls, 1));
	EXPECT(atomic_load(&p.ran_elsewhere));
	EXPECT(atomic_load(&p.last_events) & EPOLLIN);
	kick(p.fd);
	EXPECT(wait_calls(&p.calls, 2));

	/* mod to EPOLLOUT: an eventfd is always writable, so it fires. */
	EXPECT(iothread_mod_fd(t, p.fd, EPOLLOUT | EPOLLONESHOT) == 0);
	EXPECT(wait_calls(&p.calls, 3));
	EXPECT(atomic_load(&p.last_events) & EPOLLOUT);

	EXPECT(iothread_del_fd(t, p.fd) == 0);
	EXPECT(iothread_del_fd(t, p.fd) < 0 && errno == ENOENT);
	EXPECT(iothread_mod_fd(t, p.fd, EPOLLIN) < 0 && errno == ENOENT);
	kick(p.fd);
	sleep_ms(50);
	EXPECT(atomic_load(&p.calls) == 3);
	close(p.fd);
	EXPECT(iothread_add_fd(t, -1, EPOLLIN, probe_fn, &p) < 0);
}

/* del from another thread waits for a running callback to finish. */
static void test_del_waits(struct iothread *t)
{
	struct probe p;

	probe_init(&p, t);
	p.sleep_ms = 200;
	EXPECT(iothread_add_fd(t, p.fd, EPOLLIN, probe_fn, &p) == 0);
	kick(p.fd);
	while (!atomic_load(&p.running) && atomic_load(&p.calls) == 0)
		sleep_ms(1);
	EXPECT(iothread_del_fd(t, p.fd) == 0);
	EXPECT(atomic_load(&p.running) == 0);
	EXPECT(atomic_load(&p.calls) == 1);
	close(p.fd);
}

/* A callback deletes its own fd without deadlocking. */
static void test_self_delete(struct iothread *t)
{
	struct probe p;

	probe_init(&p, t);
	p.self_delete = true;
	EXPECT(iothread_add_fd(t, p.fd, EPOLLIN, probe_fn, &p) == 0);
	kick(p.fd);
	EXPECT(wait_calls(&p.calls, 1));
	EXPECT(atomic_load(&p.del_ret) == 0);
	kick(p.fd);
	sleep_ms(50);
	EXPECT(atomic_load(&p.calls) == 1);
	close(p.fd);
}

/* Many fds at once, and destroy with them still registered and busy. */
static void test_many_and_destroy(void)
{
	struct iothread *t = iothread_create("many");
	struct probe p[40];
	int i, total;

	EXPECT(t != NULL);
	if (!t)
		return;
	for (i = 0; i < 40; i++) {
		probe_init(&p[i], t);
		EXPECT(iothread_add_fd(t, p[i].fd, EPOLLIN, probe_fn, &p[i]) ==
		       0);
		kick(p[i].fd);
	}
	for (i = 0; i < 40; i++)
		EXPECT(wait_calls(&p[i].calls, 1));
	/* Destroy meets callbacks still due or running. */
	for (i = 0; i < 40; i++)
		p[i].sleep_ms = 1;
	for (i = 0; i < 40; i++)
		kick(p[i].fd);
	iothread_destroy(t);
	total = 0;
	for (i = 0; i < 40; i++) {
		EXPECT(atomic_load(&p[i].running) == 0);
		total += atomic_load(&p[i].calls);
		close(p[i].fd);
	}
	EXPECT(total >= 40);
}

int main(void)
{
	struct iothread *t = iothread_create("test");

	EXPECT(t != NULL);
	if (!t)
		return 1;
	test_basic(t);
	test_del_waits(t);
	test_self_delete(t);
	iothread_destroy(t);
	iothread_destroy(NULL);
	test_many_and_destroy();
	if (failures) {
		fprintf(stderr, "test_iothread: %d failures\n", failures);
		return 1;
	}
	printf("test_iothread: all checks passed\n");
	return 0;
}
