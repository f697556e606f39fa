/* SPDX-License-Identifier: MIT */
/*
 * The QMP server (qmp.h). The client is untrusted: its bytes go through
 * the bounded JSON splitter and parser (json.h), every command checks its
 * arguments, and any mistake gets an error reply while the VMM runs on.
 * Replies and events go to an output buffer that only this thread writes
 * to the socket, so a client that stops reading stalls nobody else; the
 * buffer is capped, and a client that lets it overflow is dropped.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "json.h"
#include "monitor.h"
#include "qmp.h"
#include "tcp_listen.h"
#include "vcpu_stats.h"
#include "virt.h"

#define OUT_MAX (4u << 20) /* queued output before a client is dropped */
#define READ_CHUNK 4096

struct qmp_addr {
	bool is_unix;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct tcp_addr tcp;
};

static struct {
	struct virt *v;
	int listen_fd, client_fd;
	int wake[2];
	pthread_t thread;
	bool started;
	pthread_mutex_t lock; /* guards out, negotiated and stopping */
	struct json_buf out;
	bool negotiated, stopping;
	struct json_splitter split;
	char unix_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
} q = {.listen_fd = -1,
       .client_fd = -1,
       .wake = {-1, -1},
       .lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- the address ---- */

static int parse_flags(const char *f, char *err, size_t errlen)
{
	char buf[128], *tok, *save;

	if (!f)
		return 0;
	snprintf(buf, sizeof(buf), "%s", f);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "server") && strcmp(tok, "server=on") &&
		    strcmp(tok, "nowait") && strcmp(tok, "wait=off")) {
			snprintf(err, errlen, "-qmp: unsupported flag '%s'",
				 tok);
			return -1;
		}
	}
	return 0;
}

static int parse_spec(const char *spec, struct qmp_addr *a, char *err,
		      size_t errlen)
{
	const char *comma = strchr(spec, ',');
	size_t n = comma ? (size_t)(comma - spec) : strlen(spec);
	char main_part[512];

	memset(a, 0, sizeof(*a));
	if (n >= sizeof(main_part)) {
		snprintf(err, errlen, "-qmp: address too long");
		return -1;
	}
	memcpy(main_part, spec, n);
	main_part[n] = '\0';
	if (parse_flags(comma ? comma + 1 : NULL, err, errlen))
		return -1;
	if (!strncmp(main_part, "unix:", 5)) {
		a->is_unix = true;
		if (!main_part[5] || strlen(main_part + 5) >= sizeof(a->path)) {
			snprintf(err, errlen, "-qmp unix: bad socket path");
			return -1;
		}
		memcpy(a->path, main_part + 5, strlen(main_part + 5) + 1);
		return 0;
	}
	if (!strncmp(main_part, "tcp:", 4) &&
	    tcp_addr_parse(main_part + 4, &a->tcp, err, errlen)) {
		snprintf(main_part, sizeof(main_part), "-qmp tcp: %s", err);
		snprintf(err, errlen, "%s", main_part);
		return -1;
	}
	if (!strncmp(main_part, "tcp:", 4))
		return 0;
	snprintf(err, errlen,
		 "-qmp: '%s' is neither unix:PATH nor tcp:[HOST]:PORT", spec);
	return -1;
}

int qmp_check_spec(const char *spec, char *err, size_t errlen)
{
	struct qmp_addr a;

	return parse_spec(spec, &a, err, errlen);
}

static int listen_unix(const struct qmp_addr *a)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	memcpy(sa.sun_path, a->path, strlen(a->path) + 1);
	/* A stale socket from an earlier run is replaced, nothing else. */
	if (!lstat(a->path, &st) && S_ISSOCK(st.st_mode))
		unlink(a->path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		close(fd);
		return -1;
	}
	snprintf(q.unix_path, sizeof(q.unix_path), "%s", a->path);
	return fd;
}

/* ---- output ---- */

static void wake_thread(void)
{
	if (write(q.wake[1], "", 1) < 0 && errno != EAGAIN)
		return;
}

/* Queues one JSON text and its line end; called with q.lock held. */
static void queue_locked(struct json_buf *msg)
{
	if (msg->failed || q.client_fd < 0 || q.out.len + msg->len > OUT_MAX)
		return;
	jb_raw(&q.out, msg->p, msg->len);
	jb_raw(&q.out, "\r\n", 2);
}

static void queue(struct json_buf *msg)
{
	pthread_mutex_lock(&q.lock);
	queue_locked(msg);
	pthread_mutex_unlock(&q.lock);
	jb_free(msg);
}

static const char *event_name(enum virt_event ev)
{
	static const char *const names[] = {
	    [VIRT_EVENT_STOP] = "STOP",
	    [VIRT_EVENT_RESUME] = "RESUME",
	    [VIRT_EVENT_RESET] = "RESET",
	    [VIRT_EVENT_POWERDOWN] = "POWERDOWN",
	    [VIRT_EVENT_SHUTDOWN] = "SHUTDOWN",
	};

	return names[ev];
}

/* The board's hook: any thread, no board lock held. */
static void on_event(void *opaque, enum virt_event ev, bool guest,
		     const char *reason)
{
	struct json_buf m;
	struct timeval tv;

	(void)opaque;
	gettimeofday(&tv, NULL);
	jb_init(&m);
	jb_printf(&m,
		  "{\"timestamp\": {\"seconds\": %lld, \"microseconds\": "
		  "%ld}, \"event\": \"%s\"",
		  (long long)tv.tv_sec, (long)tv.tv_usec, event_name(ev));
	if (ev == VIRT_EVENT_RESET || ev == VIRT_EVENT_SHUTDOWN) {
		jb_printf(&m, ", \"data\": {\"guest\": %s, \"reason\": ",
			  guest ? "true" : "false");
		jb_cstring(&m, reason ? reason : "host-error");
		jb_puts(&m, "}");
	}
	jb_puts(&m, "}");
	pthread_mutex_lock(&q.lock);
	if (q.negotiated) /* events start after capabilities negotiation */
		queue_locked(&m);
	pthread_mutex_unlock(&q.lock);
	jb_free(&m);
	wake_thread();
}

/* ---- commands ---- */

struct qmp_error {
	const char *cls;
	char desc[256];
};

/* A command writes its "return" value into ret, or fills err. */
typedef void (*qmp_cmd_fn)(const struct json *args, struct json_buf *ret,
			   struct qmp_error *err);

static void cmd_capabilities(const struct json *args, struct json_buf *ret,
			     struct qmp_error *err)
{
	(void)args;
	(void)err;
	jb_puts(ret, "{}");
}

static void cmd_query_version(const struct json *args, struct json_buf *ret,
			      struct qmp_error *err)
{
	const char *ver = virt_options(q.v)->version;
	unsigned int major = 0, minor = 0, micro = 0;

	(void)args;
	(void)err;
	if (ver)
		sscanf(ver, "%u.%u.%u", &major, &minor, &micro);
	jb_printf(ret,
		  "{\"qemu\": {\"major\": %u, \"minor\": %u, \"micro\": %u}, "
		  "\"package\": ",
		  major, minor, micro);
	jb_cstring(ret, ver ? ver : "");
	jb_puts(ret, "}");
}

static void cmd_query_status(const struct json *args, struct json_buf *ret,
			     struct qmp_error *err)
{
	bool paused = virt_paused(q.v);

	(void)args;
	(void)err;
	jb_printf(ret,
		  "{\"status\": \"%s\", \"singlestep\": false, "
		  "\"running\": %s}",
		  paused ? "paused" : "running", paused ? "false" : "true");
}

static void cmd_stop(const struct json *args, struct json_buf *ret,
		     struct qmp_error *err)
{
	(void)args;
	(void)err;
	virt_pause(q.v);
	jb_puts(ret, "{}");
}

static void cmd_cont(const struct json *args, struct json_buf *ret,
		     struct qmp_error *err)
{
	(void)args;
	(void)err;
	virt_resume(q.v);
	jb_puts(ret, "{}");
}

static void cmd_system_reset(const struct json *args, struct json_buf *ret,
			     struct qmp_error *err)
{
	(void)args;
	(void)err;
	virt_system_reset(q.v);
	jb_puts(ret, "{}");
}

static void cmd_system_powerdown(const struct json *args, struct json_buf *ret,
				 struct qmp_error *err)
{
	(void)args;
	(void)err;
	virt_system_powerdown(q.v);
	jb_puts(ret, "{}");
}

static void cmd_quit(const struct json *args, struct json_buf *ret,
		     struct qmp_error *err)
{
	(void)args;
	(void)err;
	jb_puts(ret, "{}");
	/* The reply is queued before SHUTDOWN, which quit emits. */
}

/* The QOM path QEMU gives vCPU i on a board without sockets. */
#define VCPU_QOM_PATH "/machine/unattached/device[%u]"

static void cmd_query_cpus_fast(const struct json *args, struct json_buf *ret,
				struct qmp_error *err)
{
	unsigned int i;

	(void)args;
	(void)err;
	jb_puts(ret, "[");
	for (i = 0; i < virt_ncpus(q.v); i++)
		jb_printf(ret,
			  "%s{\"cpu-index\": %u, \"qom-path\": "
			  "\"" VCPU_QOM_PATH "\", "
			  "\"thread-id\": %d, \"props\": {\"core-id\": %u}, "
			  "\"target\": \"loongarch64\"}",
			  i ? ", " : "", i, i, virt_vcpu_thread_id(q.v, i), i);
	jb_puts(ret, "]");
}

struct stats_out {
	struct json_buf *b;
	const struct json *names; /* the provider's names filter, or NULL */
	bool first;
};

/* Whether array a (of strings, checked by stats_filter) holds str. */
static bool json_has_string(const struct json *a, const char *str)
{
	size_t k;

	for (k = 0; k < a->n; k++)
		if (!strcmp(a->items[k]->str, str))
			return true;
	return false;
}

static void stat_json(void *opaque, const char *name, uint64_t value)
{
	struct stats_out *o = opaque;

	if (o->names && !json_has_string(o->names, name))
		return;
	jb_puts(o->b, o->first ? "{\"name\": " : ", {\"name\": ");
	jb_cstring(o->b, name);
	jb_printf(o->b, ", \"value\": %llu}", (unsigned long long)value);
	o->first = false;
}

static bool string_array(const struct json *a)
{
	size_t k;

	if (a->type != JSON_ARRAY)
		return false;
	for (k = 0; k < a->n; k++)
		if (a->items[k]->type != JSON_STRING)
			return false;
	return true;
}

/*
 * The StatsFilter of qapi/stats.json for target "vcpu": vcpus (QOM paths)
 * and providers ([{provider, names}]); only the "kvm" provider exists.
 * Sets *kvm when kvm's statistics are wanted and *names to its names
 * filter; false when the filter is malformed.
 */
static bool stats_filter(const struct json *args, const struct json **vcpus,
			 bool *kvm, const struct json **names)
{
	const struct json *prov = json_get(args, "providers"), *p, *n;
	size_t k;

	*vcpus = json_get(args, "vcpus");
	*kvm = !prov;
	*names = NULL;
	if (*vcpus && !string_array(*vcpus))
		return false;
	if (!prov)
		return true;
	if (prov->type != JSON_ARRAY)
		return false;
	for (k = 0; k < prov->n; k++) {
		p = json_get(prov->items[k], "provider");
		n = json_get(prov->items[k], "names");
		if (!p || p->type != JSON_STRING || (n && !string_array(n)))
			return false;
		if (!strcmp(p->str, "kvm") && !*kvm) {
			*kvm = true;
			*names = n;
		}
	}
	return true;
}

/* One vCPU's entry, left out when the names filter leaves no statistic. */
static void vcpu_stats_json(struct json_buf *ret, unsigned int i,
			    const struct json *names, bool *first)
{
	struct json_buf b;
	struct stats_out o = {.b = &b, .names = names, .first = true};

	jb_init(&b);
	vcpu_stats_read(virt_vcpu_stats_fd(q.v, i), stat_json, &o);
	if (!o.first || !names) {
		jb_printf(ret,
			  "%s{\"provider\": \"kvm\", \"qom-path\": "
			  "\"" VCPU_QOM_PATH "\", \"stats\": [",
			  *first ? "" : ", ", i);
		jb_raw(ret, b.p ? b.p : "", b.len);
		jb_puts(ret, "]}");
		*first = false;
	}
	jb_free(&b);
}

/* query-stats (qapi/stats.json) for target "vcpu", provider "kvm". */
static void cmd_query_stats(const struct json *args, struct json_buf *ret,
			    struct qmp_error *err)
{
	const struct json *target = json_get(args, "target"), *vcpus, *names;
	char path[48];
	bool kvm, first = true;
	unsigned int i;

	if (!target || target->type != JSON_STRING ||
	    !stats_filter(args, &vcpus, &kvm, &names)) {
		err->cls = "GenericError";
		snprintf(err->desc, sizeof(err->desc),
			 "Parameter 'target' is missing or not a string, or "
			 "'vcpus' or 'providers' is malformed");
		return;
	}
	jb_puts(ret, "[");
	for (i = 0; kvm && !strcmp(target->str, "vcpu") && i < virt_ncpus(q.v);
	     i++) {
		snprintf(path, sizeof(path), VCPU_QOM_PATH, i);
		if (!vcpus || json_has_string(vcpus, path))
			vcpu_stats_json(ret, i, names, &first);
	}
	jb_puts(ret, "]"); /* no VM-wide statistics */
}

static void cmd_hmp(const struct json *args, struct json_buf *ret,
		    struct qmp_error *err)
{
	const struct json *line = json_get(args, "command-line");
	char *out;

	if (!line || line->type != JSON_STRING) {
		err->cls = "GenericError";
		snprintf(err->desc, sizeof(err->desc),
			 "Parameter 'command-line' is missing or not a "
			 "string");
		return;
	}
	out = monitor_run(q.v, line->str);
	if (!out) {
		err->cls = "GenericError";
		snprintf(err->desc, sizeof(err->desc), "out of memory");
		return;
	}
	jb_cstring(ret, out);
	free(out);
}

static void cmd_query_commands(const struct json *args, struct json_buf *ret,
			       struct qmp_error *err);

static const struct {
	const char *name;
	qmp_cmd_fn fn;
} commands[] = {
    {"qmp_capabilities", cmd_capabilities},
    {"query-version", cmd_query_version},
    {"query-commands", cmd_query_commands},
    {"query-status", cmd_query_status},
    {"stop", cmd_stop},
    {"cont", cmd_cont},
    {"system_reset", cmd_system_reset},
    {"system_powerdown", cmd_system_powerdown},
    {"quit", cmd_quit},
    {"query-cpus-fast", cmd_query_cpus_fast},
    {"query-stats", cmd_query_stats},
    {"x-query-loongvm-stats", cmd_query_stats},
    {"human-monitor-command", cmd_hmp},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void cmd_query_commands(const struct json *args, struct json_buf *ret,
			       struct qmp_error *err)
{
	size_t i;

	(void)args;
	(void)err;
	jb_puts(ret, "[");
	for (i = 0; i < NCOMMANDS; i++) {
		jb_puts(ret, i ? ", {\"name\": " : "{\"name\": ");
		jb_cstring(ret, commands[i].name);
		jb_puts(ret, "}");
	}
	jb_puts(ret, "]");
}

/* ---- requests ---- */

static void reply_error(const struct json *id, const char *cls,
			const char *desc)
{
	struct json_buf m;

	jb_init(&m);
	jb_printf(&m, "{\"error\": {\"class\": \"%s\", \"desc\": ", cls);
	jb_cstring(&m, desc);
	jb_puts(&m, "}");
	if (id) {
		jb_puts(&m, ", \"id\": ");
		jb_value(&m, id);
	}
	jb_puts(&m, "}");
	queue(&m);
}

static void reply_return(const struct json *id, struct json_buf *ret)
{
	struct json_buf m;

	jb_init(&m);
	jb_puts(&m, "{\"return\": ");
	jb_raw(&m, ret->p ? ret->p : "{}", ret->p ? ret->len : 2);
	if (id) {
		jb_puts(&m, ", \"id\": ");
		jb_value(&m, id);
	}
	jb_puts(&m, "}");
	if (ret->failed)
		m.failed = true;
	queue(&m);
}

/* The command's function, after the negotiation rules; NULL with err. */
static qmp_cmd_fn find_command(const char *name, struct qmp_error *err)
{
	bool is_caps = !strcmp(name, "qmp_capabilities");
	bool negotiated;
	size_t i;

	pthread_mutex_lock(&q.lock);
	negotiated = q.negotiated;
	pthread_mutex_unlock(&q.lock);
	if (!negotiated && !is_caps) {
		err->cls = "CommandNotFound";
		snprintf(err->desc, sizeof(err->desc),
			 "Expecting capabilities negotiation with "
			 "'qmp_capabilities'");
		return NULL;
	}
	if (negotiated && is_caps) {
		err->cls = "CommandNotFound";
		snprintf(err->desc, sizeof(err->desc),
			 "Capabilities negotiation is already complete, "
			 "command ignored");
		return NULL;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return commands[i].fn;
	err->cls = "CommandNotFound";
	snprintf(err->desc, sizeof(err->desc),
		 "The command %.200s has not been found", name);
	return NULL;
}

/* Checks the request's shape (qmp-spec "Issuing Commands"). */
static const char *check_request(const struct json *req)
{
	const struct json *exec = json_get(req, "execute");
	const struct json *args = json_get(req, "arguments");
	size_t i;

	if (req->type != JSON_OBJECT)
		return "QMP input must be a JSON object";
	if (!exec)
		return "QMP input lacks member 'execute'";
	if (exec->type != JSON_STRING)
		return "QMP input member 'execute' must be a string";
	if (args && args->type != JSON_OBJECT)
		return "QMP input member 'arguments' must be an object";
	for (i = 0; i < req->n; i++)
		if (strcmp(req->keys[i], "execute") &&
		    strcmp(req->keys[i], "arguments") &&
		    strcmp(req->keys[i], "id"))
			return "QMP input member is unexpected";
	return NULL;
}

static void run_request(const struct json *req)
{
	const struct json *id = json_get(req, "id");
	const char *bad = check_request(req);
	struct qmp_error err = {0};
	struct json_buf ret;
	qmp_cmd_fn fn;
	const char *name;

	if (bad) {
		reply_error(id, "GenericError", bad);
		return;
	}
	name = json_get(req, "execute")->str;
	fn = find_command(name, &err);
	if (!fn) {
		reply_error(id, err.cls, err.desc);
		return;
	}
	jb_init(&ret);
	fn(json_get(req, "arguments"), &ret, &err);
	if (err.cls)
		reply_error(id, err.cls, err.desc);
	else
		reply_return(id, &ret);
	jb_free(&ret);
	if (err.cls)
		return;
	if (fn == cmd_capabilities) {
		pthread_mutex_lock(&q.lock);
		q.negotiated = true;
		pthread_mutex_unlock(&q.lock);
	} else if (fn == cmd_quit) {
		virt_quit(q.v, "host-qmp-quit");
	}
}

static void on_text(void *opaque, const char *text, size_t len,
		    const char *error)
{
	char msg[300];
	struct json *req;

	(void)opaque;
	if (error) {
		snprintf(msg, sizeof(msg), "JSON parse error, %s", error);
		reply_error(NULL, "GenericError", msg);
		return;
	}
	req = json_parse(text, len, msg, sizeof(msg));
	if (!req) {
		char full[340];

		snprintf(full, sizeof(full), "JSON parse error, %s", msg);
		reply_error(NULL, "GenericError", full);
		return;
	}
	run_request(req);
	json_free(req);
}

/* ---- the connection ---- */

static void greet(void)
{
	const char *ver = virt_options(q.v)->version;
	unsigned int major = 0, minor = 0, micro = 0;
	struct json_buf m;

	if (ver)
		sscanf(ver, "%u.%u.%u", &major, &minor, &micro);
	jb_init(&m);
	jb_printf(&m,
		  "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": %u, "
		  "\"minor\": %u, \"major\": %u}, \"package\": \"loongvm\"}, "
		  "\"capabilities\": []}}",
		  micro, minor, major);
	queue(&m);
}

static void drop_client(void)
{
	pthread_mutex_lock(&q.lock);
	if (q.client_fd >= 0)
		close(q.client_fd);
	q.client_fd = -1;
	q.negotiated = false;
	jb_free(&q.out);
	pthread_mutex_unlock(&q.lock);
	json_splitter_destroy(&q.split);
}

static void accept_client(void)
{
	int fd = accept4(q.listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	if (q.client_fd >= 0) { /* one client at a time, as QEMU's chardev */
		close(fd);
		return;
	}
	json_splitter_init(&q.split);
	pthread_mutex_lock(&q.lock);
	q.client_fd = fd;
	pthread_mutex_unlock(&q.lock);
	greet();
}

static void read_client(void)
{
	uint8_t buf[READ_CHUNK];
	ssize_t n = read(q.client_fd, buf, sizeof(buf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_client();
		return;
	}
	if (n > 0 &&
	    json_splitter_feed(&q.split, buf, (size_t)n, on_text, NULL) < 0)
		drop_client();
}

/* Writes what is queued; false when the client is gone. */
static bool flush_out(void)
{
	ssize_t n;
	bool ok = true;

	pthread_mutex_lock(&q.lock);
	while (q.client_fd >= 0 && q.out.len) {
		n = send(q.client_fd, q.out.p, q.out.len, MSG_NOSIGNAL);
		if (n < 0) {
			ok = errno == EAGAIN || errno == EINTR;
			break;
		}
		memmove(q.out.p, q.out.p + n, q.out.len - (size_t)n);
		q.out.len -= (size_t)n;
	}
	if (q.out.failed) /* a reply was lost: the stream is broken */
		ok = false;
	pthread_mutex_unlock(&q.lock);
	return ok;
}

static bool has_output(void)
{
	bool has;

	pthread_mutex_lock(&q.lock);
	has = q.out.len > 0;
	pthread_mutex_unlock(&q.lock);
	return has;
}

static bool stopping(void)
{
	bool s;

	pthread_mutex_lock(&q.lock);
	s = q.stopping;
	pthread_mutex_unlock(&q.lock);
	return s;
}

static void drain_wake(void)
{
	char buf[64];

	while (read(q.wake[0], buf, sizeof(buf)) > 0)
		;
}

static void *qmp_main(void *arg)
{
	struct pollfd p[3];
	int waits = 0;

	(void)arg;
	for (;;) {
		bool out = has_output();

		if (stopping() && (!out || q.client_fd < 0 || ++waits > 50))
			break;
		p[0] = (struct pollfd){.fd = q.wake[0], .events = POLLIN};
		p[1] = (struct pollfd){.fd = q.listen_fd, .events = POLLIN};
		p[2] = (struct pollfd){
		    .fd = q.client_fd,
		    .events = (short)(POLLIN | (out ? POLLOUT : 0))};
		if (poll(p, q.client_fd >= 0 ? 3 : 2, stopping() ? 20 : -1) <
			0 &&
		    errno != EINTR)
			break;
		if (p[0].revents)
			drain_wake();
		if (p[1].revents & POLLIN)
			accept_client();
		if (q.client_fd >= 0 && (p[2].revents & (POLLIN | POLLHUP)) &&
		    !stopping())
			read_client();
		if (q.client_fd >= 0 && !flush_out())
			drop_client();
	}
	drop_client();
	return NULL;
}

int qmp_start(struct virt *v, const char *spec)
{
	struct qmp_addr a;
	char err[256];

	if (parse_spec(spec, &a, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return -1;
	}
	q.v = v;
	q.listen_fd = a.is_unix ? listen_unix(&a) : tcp_listen(&a.tcp);
	if (q.listen_fd < 0) {
		fprintf(stderr, "loongvm: -qmp %s: cannot listen: %s\n", spec,
			strerror(errno));
		return -1;
	}
	if (pipe2(q.wake, O_CLOEXEC | O_NONBLOCK)) {
		perror("loongvm: -qmp");
		return -1;
	}
	virt_set_event_hook(v, on_event, NULL);
	if (pthread_create(&q.thread, NULL, qmp_main, NULL)) {
		fprintf(stderr, "loongvm: -qmp: cannot start its thread\n");
		return -1;
	}
	q.started = true;
	return 0;
}

void qmp_stop(void)
{
	if (q.started) {
		pthread_mutex_lock(&q.lock);
		q.stopping = true;
		pthread_mutex_unlock(&q.lock);
		wake_thread();
		pthread_join(q.thread, NULL);
		q.started = false;
	}
	if (q.listen_fd >= 0)
		close(q.listen_fd);
	q.listen_fd = -1;
	if (q.unix_path[0])
		unlink(q.unix_path);
	q.unix_path[0] = '\0';
	if (q.wake[0] >= 0) {
		close(q.wake[0]);
		close(q.wake[1]);
	}
	q.wake[0] = q.wake[1] = -1;
}
