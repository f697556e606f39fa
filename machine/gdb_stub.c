/* SPDX-License-Identifier: MIT */
/*
 * The GDB stub (gdb_stub.h), after GDB's "Remote Protocol" appendix.
 * The debugger is a peer on a socket, so every packet is checked: bad
 * hex, lengths or thread ids get an error reply, unknown packets the
 * empty reply, and the framing layer (gdb_packet.h) drops what does not
 * parse. While a debugger is attached and the guest is stopped, every
 * vCPU waits outside KVM_RUN (virt_debug_stop); breakpoints and
 * watchpoints are loongvm's hypervisor extensions, checked by the CPU,
 * never written into guest memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_mmu.h"
#include "gdb_packet.h"
#include "gdb_regs.h"
#include "gdb_stub.h"
#include "loongvm/kvm.h"
#include "tcp_listen.h"
#include "virt.h"

#define MEM_MAX ((GDB_PACKET_MAX - 16) / 2) /* bytes per m packet */
#define SIGTRAP 5
#define SIGINT 2

static struct {
	struct virt *v;
	int listen_fd, client_fd, wake[2];
	pthread_t thread;
	bool started, stopping;
	struct gdb_parser parser;
	char last[2 * GDB_PACKET_MAX + 8]; /* the last framed reply */
	size_t last_len;
	bool running;	    /* the guest runs on the debugger's behalf */
	bool stepping_over; /* a continue steps off a breakpoint first */
	char stop[96];	    /* the last stop reply, repeated for '?' */
	unsigned int stop_cpu_seen; /* its thread, and that thread's pc */
	uint64_t stop_pc;
	unsigned int g_cpu, c_cpu; /* Hg and Hc threads, as vCPU indices */
	uint64_t bp[KVM_LOONGVM_MAX_BREAKPOINTS];
	unsigned int nbp;
	struct kvm_loongvm_watchpoint wp[KVM_LOONGVM_MAX_WATCHPOINTS];
	unsigned int nwp;
	pthread_mutex_t lock; /* guards the fields below (vCPU threads) */
	bool attached, stop_pending;
	unsigned int stop_cpu;
} g = {.listen_fd = -1,
       .client_fd = -1,
       .wake = {-1, -1},
       .lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- replies ---- */

static void send_raw(const char *s, size_t n)
{
	while (n && g.client_fd >= 0) {
		ssize_t k = send(g.client_fd, s, n, MSG_NOSIGNAL);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return; /* the read side notices the hang-up */
		s += k;
		n -= (size_t)k;
	}
}

static void reply_n(const char *data, size_t len)
{
	g.last_len = gdb_packet_frame(data, len, g.last, sizeof(g.last));
	send_raw(g.last, g.last_len);
}

static void reply(const char *s)
{
	reply_n(s, strlen(s));
}

static void reply_error(int e)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "E%02x", e & 0xff);
	reply(buf);
}

/* ---- vCPU state ---- */

static int cpu_fd(unsigned int cpu)
{
	return virt_vcpu_fd(g.v, cpu);
}

static uint64_t cpu_pc(unsigned int cpu)
{
	struct kvm_regs r;

	if (kvm_ioctl(cpu_fd(cpu), KVM_GET_REGS, &r) < 0)
		return ~0ULL;
	return r.pc;
}

/*
 * Gives every vCPU the breakpoints, watchpoints and debug flags for the
 * next run: step makes vCPU step_cpu execute one instruction, and leaves
 * out a breakpoint at its own pc so that the step is not reported at once.
 */
static void apply_debug(bool on, bool step, unsigned int step_cpu)
{
	struct kvm_loongvm_watchpoints wps = {.n = on ? g.nwp : 0};
	unsigned int i, k;

	memcpy(wps.wp, g.wp, sizeof(wps.wp));
	for (i = 0; i < virt_ncpus(g.v); i++) {
		struct kvm_loongvm_breakpoints bps = {0};
		struct kvm_guest_debug dbg = {0};
		uint64_t pc = step && i == step_cpu ? cpu_pc(i) : ~0ULL;

		for (k = 0; on && k < g.nbp; k++)
			if (g.bp[k] != pc)
				bps.pc[bps.n++] = g.bp[k];
		if (on)
			dbg.control =
			    KVM_GUESTDBG_ENABLE |
			    (step && i == step_cpu ? KVM_GUESTDBG_SINGLESTEP
						   : 0);
		kvm_ioctl(cpu_fd(i), KVM_LOONGVM_SET_BREAKPOINTS, &bps);
		kvm_ioctl(cpu_fd(i), KVM_LOONGVM_SET_WATCHPOINTS, &wps);
		kvm_ioctl(cpu_fd(i), KVM_SET_GUEST_DEBUG, &dbg);
	}
}

/* The hook on a vCPU thread that got KVM_EXIT_DEBUG. */
static void on_debug_exit(void *opaque, unsigned int cpu)
{
	bool report;

	(void)opaque;
	pthread_mutex_lock(&g.lock);
	report = g.attached && !g.stop_pending;
	if (report) {
		g.stop_pending = true;
		g.stop_cpu = cpu;
	}
	pthread_mutex_unlock(&g.lock);
	if (!report)
		return;
	virt_debug_stop_nowait(g.v);
	if (write(g.wake[1], "", 1) < 0)
		return;
}

/* Keeps a stop reply for '?' and for stepping off a breakpoint. */
static void remember_stop(unsigned int cpu, const char *reply)
{
	snprintf(g.stop, sizeof(g.stop), "%s", reply);
	g.stop_cpu_seen = cpu;
	g.stop_pc = cpu_pc(cpu);
}

/* The stop reply for vCPU cpu stopped by signal sig. */
static void stop_reply(unsigned int cpu, int sig)
{
	struct kvm_loongvm_debug_stop ds = {0};
	char buf[96];
	int n = 0;

	if (sig == SIGTRAP &&
	    !kvm_ioctl(cpu_fd(cpu), KVM_LOONGVM_GET_DEBUG_STOP, &ds) &&
	    ds.reason == KVM_LOONGVM_STOP_WATCHPOINT) {
		const char *kind =
		    g.wp[ds.index % KVM_LOONGVM_MAX_WATCHPOINTS].type ==
			    KVM_LOONGVM_WATCH_ACCESS
			? "awatch"
		    : ds.type == KVM_LOONGVM_WATCH_READ ? "rwatch"
							: "watch";

		n = snprintf(buf, sizeof(buf), "T%02x%s:%llx;", sig, kind,
			     (unsigned long long)ds.addr);
	} else {
		n = snprintf(buf, sizeof(buf), "T%02x", sig);
		if (sig == SIGTRAP && ds.reason == KVM_LOONGVM_STOP_BREAKPOINT)
			n += snprintf(buf + n, sizeof(buf) - (size_t)n,
				      "hwbreak:;");
	}
	snprintf(buf + n, sizeof(buf) - (size_t)n, "thread:%x;", cpu + 1);
	g.g_cpu = g.c_cpu = cpu;
	remember_stop(cpu, buf);
	reply(buf);
}

/* Stops the guest (all vCPUs) if it runs; false if the run has ended. */
static bool stop_all(void)
{
	virt_debug_stop(g.v);
	g.running = false;
	g.stepping_over = false;
	return virt_running(g.v);
}

/* ---- memory ---- */

static bool phys_read(void *opaque, uint64_t pa, uint64_t *val)
{
	void *p = virt_guest_ptr(opaque, pa, 8);

	if (!p)
		return false;
	memcpy(val, p, 8);
	return true;
}

/* Host address of up to *len bytes at va (shortened to one mapping). */
static uint8_t *guest_va(uint64_t va, uint64_t *len, uint64_t *gpa)
{
	struct gdb_mmu_regs r;
	uint64_t span;

	if (gdb_mmu_load(cpu_fd(g.g_cpu), &r) ||
	    !gdb_mmu_translate(&r, va, phys_read, g.v, gpa, &span))
		return NULL;
	if (*len > span)
		*len = span;
	return virt_guest_ptr(g.v, *gpa, *len);
}

/* Copies between guest virtual memory and buf; bytes done. */
static size_t mem_access(uint64_t va, uint8_t *buf, size_t len, bool write)
{
	size_t done = 0;

	while (done < len) {
		uint64_t n = len - done, gpa;
		uint64_t page = 4096 - ((va + done) & 4095);
		uint8_t *p;

		if (n > page)
			n = page;
		p = guest_va(va + done, &n, &gpa);
		if (!p)
			break;
		if (write) {
			struct kvm_loongvm_guest_written w = {.gpa = gpa,
							      .len = n};

			memcpy(p, buf + done, n);
			/* Decoded code from it must go (ENOTTY: no need). */
			kvm_ioctl(virt_vm_fd(g.v), KVM_LOONGVM_GUEST_WRITTEN,
				  &w);
		} else {
			memcpy(buf + done, p, n);
		}
		done += n;
	}
	return done;
}

/* "ADDR,LEN" then end; false if malformed. */
static bool addr_len(const char **s, uint64_t *addr, uint64_t *len)
{
	if (!gdb_hex_u64(s, addr) || **s != ',')
		return false;
	(*s)++;
	return gdb_hex_u64(s, len);
}

static void cmd_read_mem(const char *s)
{
	static uint8_t buf[MEM_MAX];
	static char hex[2 * MEM_MAX + 1];
	uint64_t addr, len;
	size_t n;

	if (!addr_len(&s, &addr, &len) || *s) {
		reply_error(22);
		return;
	}
	if (len > MEM_MAX)
		len = MEM_MAX;
	n = mem_access(addr, buf, len, false);
	if (!n && len) {
		reply_error(14);
		return;
	}
	gdb_hex_encode(buf, n, hex);
	reply_n(hex, 2 * n);
}

/* M (hex data) and X (binary data, already unescaped). */
static void cmd_write_mem(const char *s, size_t len, bool binary)
{
	static uint8_t buf[GDB_PACKET_MAX];
	const char *start = s;
	uint64_t addr, n;

	if (!addr_len(&s, &addr, &n) || *s != ':' || n > sizeof(buf)) {
		reply_error(22);
		return;
	}
	s++;
	len -= (size_t)(s - start);
	if (binary ? len != n : (len != 2 * n || !gdb_hex_decode(s, n, buf))) {
		reply_error(22);
		return;
	}
	if (binary)
		memcpy(buf, s, n);
	reply(mem_access(addr, buf, n, true) == n ? "OK" : "E0e");
}

/* ---- registers ---- */

static void cmd_read_regs(void)
{
	uint8_t buf[GDB_REGS_BYTES];
	char hex[2 * GDB_REGS_BYTES + 1];

	if (gdb_regs_read_all(cpu_fd(g.g_cpu), buf) < 0) {
		reply_error(14);
		return;
	}
	gdb_hex_encode(buf, GDB_REGS_BYTES, hex);
	reply_n(hex, 2 * GDB_REGS_BYTES);
}

static void cmd_write_regs(const char *s, size_t len)
{
	uint8_t buf[GDB_REGS_BYTES];

	if (len != 2 * GDB_REGS_BYTES ||
	    !gdb_hex_decode(s, GDB_REGS_BYTES, buf) ||
	    gdb_regs_write_all(cpu_fd(g.g_cpu), buf)) {
		reply_error(22);
		return;
	}
	reply("OK");
}

static void cmd_read_reg(const char *s)
{
	uint8_t buf[8];
	char hex[17];
	uint64_t n;
	int size;

	if (!gdb_hex_u64(&s, &n) || *s || n >= GDB_NUM_REGS ||
	    (size = gdb_reg_read(cpu_fd(g.g_cpu), (unsigned int)n, buf)) < 0) {
		reply_error(22);
		return;
	}
	gdb_hex_encode(buf, (size_t)size, hex);
	reply_n(hex, 2 * (size_t)size);
}

static void cmd_write_reg(const char *s)
{
	uint8_t buf[8];
	uint64_t n;
	size_t size;

	if (!gdb_hex_u64(&s, &n) || *s != '=' || n >= GDB_NUM_REGS) {
		reply_error(22);
		return;
	}
	s++;
	size = gdb_reg_size((unsigned int)n);
	if (strlen(s) != 2 * size || !gdb_hex_decode(s, size, buf) ||
	    gdb_reg_write(cpu_fd(g.g_cpu), (unsigned int)n, buf)) {
		reply_error(22);
		return;
	}
	reply("OK");
}

/* ---- breakpoints and watchpoints ---- */

static bool bp_set(uint64_t addr, bool insert)
{
	unsigned int i;

	for (i = 0; i < g.nbp && g.bp[i] != addr; i++)
		;
	if (insert) {
		if (i < g.nbp)
			return true;
		if (g.nbp == KVM_LOONGVM_MAX_BREAKPOINTS)
			return false;
		g.bp[g.nbp++] = addr;
	} else if (i < g.nbp) {
		g.bp[i] = g.bp[--g.nbp];
	}
	return true;
}

static bool wp_set(uint64_t addr, uint64_t len, uint32_t type, bool insert)
{
	unsigned int i;

	if (!len || len > 4096)
		return false;
	for (i = 0; i < g.nwp; i++)
		if (g.wp[i].addr == addr && g.wp[i].len == len &&
		    g.wp[i].type == type)
			break;
	if (insert) {
		if (i < g.nwp)
			return true;
		if (g.nwp == KVM_LOONGVM_MAX_WATCHPOINTS)
			return false;
		g.wp[g.nwp++] = (struct kvm_loongvm_watchpoint){
		    .addr = addr, .len = len, .type = type};
	} else if (i < g.nwp) {
		g.wp[i] = g.wp[--g.nwp];
	}
	return true;
}

/* Z/z TYPE,ADDR,KIND. */
static void cmd_point(const char *s, bool insert)
{
	static const uint32_t wtype[] = {KVM_LOONGVM_WATCH_WRITE,
					 KVM_LOONGVM_WATCH_READ,
					 KVM_LOONGVM_WATCH_ACCESS};
	uint64_t type, addr, kind;
	bool ok;

	if (!gdb_hex_u64(&s, &type) || *s != ',') {
		reply_error(22);
		return;
	}
	if (type > 4) {
		reply(""); /* a kind of point this stub does not have */
		return;
	}
	s++;
	/* Conditions and commands after ';' are GDB's to evaluate. */
	if (!addr_len(&s, &addr, &kind) || (*s && *s != ';')) {
		reply_error(22);
		return;
	}
	ok = type <= 1 ? bp_set(addr, insert)
		       : wp_set(addr, kind, wtype[type - 2], insert);
	reply(ok ? "OK" : "E1c");
}

/* ---- running ---- */

static void continue_all(void)
{
	apply_debug(true, false, 0);
	pthread_mutex_lock(&g.lock);
	g.stop_pending = false;
	pthread_mutex_unlock(&g.lock);
	g.running = true;
	virt_debug_resume(g.v);
}

static void step_one(unsigned int cpu)
{
	apply_debug(true, true, cpu);
	pthread_mutex_lock(&g.lock);
	g.stop_pending = false;
	pthread_mutex_unlock(&g.lock);
	g.running = true;
	virt_debug_run_one(g.v, cpu);
}

static bool bp_at(uint64_t pc)
{
	unsigned int i;

	for (i = 0; i < g.nbp; i++)
		if (g.bp[i] == pc)
			return true;
	return false;
}

/*
 * Continue. A breakpoint at the pc where a vCPU starts is reported at
 * once (kvm.h), so the thread last reported stopped on one is first
 * stepped off it, as GDB itself does; on_wake then continues them all.
 */
static void resume_all(void)
{
	unsigned int cpu = g.stop_cpu_seen;

	if (cpu < virt_ncpus(g.v) && bp_at(g.stop_pc) &&
	    cpu_pc(cpu) == g.stop_pc) {
		step_one(cpu);
		g.stepping_over = true;
		return;
	}
	continue_all();
}

/*
 * The optional resume address of c/s ("c ADDR") and C/S ("C SIG;ADDR"):
 * the vCPU resumes there. False when the packet is malformed.
 */
static bool resume_at(const char *s, bool with_signal, unsigned int cpu)
{
	struct kvm_regs r;
	uint64_t v;

	if (with_signal) {
		if (!gdb_hex_u64(&s, &v) || v > 0xff)
			return false;
		if (!*s)
			return true;
		if (*s++ != ';')
			return false;
	} else if (!*s) {
		return true;
	}
	if (!gdb_hex_u64(&s, &v) || *s)
		return false;
	if (kvm_ioctl(cpu_fd(cpu), KVM_GET_REGS, &r) < 0)
		return false;
	r.pc = v;
	return kvm_ioctl(cpu_fd(cpu), KVM_SET_REGS, &r) == 0;
}

/* A thread id: 1 + vCPU index; -1 and 0 mean any. */
static bool thread_id(const char *s, unsigned int *cpu, bool any_ok)
{
	uint64_t t;

	if (!strcmp(s, "-1") || !strcmp(s, "0")) {
		*cpu = 0;
		return any_ok;
	}
	if (!gdb_hex_u64(&s, &t) || *s || t < 1 || t > virt_ncpus(g.v))
		return false;
	*cpu = (unsigned int)(t - 1);
	return true;
}

/* vCont;ACTION[:TID]...: a step for one thread wins over continue. */
static void cmd_vcont(const char *s)
{
	unsigned int cpu = g.c_cpu;
	bool step = false, cont = false;

	while (*s == ';') {
		char act = *++s;
		const char *colon;
		char tid[20] = "";

		if (act != 'c' && act != 'C' && act != 's' && act != 'S') {
			reply_error(22);
			return;
		}
		s = strpbrk(s, ":;");
		colon = s && *s == ':' ? s + 1 : NULL;
		if (colon) {
			size_t n = strcspn(colon, ";");

			if (n >= sizeof(tid)) {
				reply_error(22);
				return;
			}
			memcpy(tid, colon, n);
			s = colon + n;
		}
		if (act == 's' || act == 'S') {
			if (*tid && !thread_id(tid, &cpu, true)) {
				reply_error(22);
				return;
			}
			step = true;
		} else {
			cont = true;
		}
		if (!s)
			break;
	}
	if (step)
		step_one(cpu);
	else if (cont)
		resume_all();
	else
		reply_error(22);
}

static void cmd_set_thread(const char *s)
{
	unsigned int cpu;

	if ((s[0] != 'g' && s[0] != 'c') || !thread_id(s + 1, &cpu, true)) {
		reply_error(22);
		return;
	}
	if (s[0] == 'g')
		g.g_cpu = cpu;
	else
		g.c_cpu = cpu;
	reply("OK");
}

static void cmd_thread_alive(const char *s)
{
	unsigned int cpu;

	reply(thread_id(s, &cpu, false) ? "OK" : "E01");
}

/* qXfer:features:read:target.xml:OFFSET,LENGTH */
static void cmd_xfer(const char *s)
{
	static const char prefix[] = "qXfer:features:read:target.xml:";
	static char out[GDB_PACKET_MAX];
	const char *xml = gdb_target_xml();
	uint64_t off, len, total = strlen(xml);

	if (strncmp(s, prefix, sizeof(prefix) - 1)) {
		reply(strncmp(s, "qXfer:features:read:", 20) ? "" : "E00");
		return;
	}
	s += sizeof(prefix) - 1;
	if (!addr_len(&s, &off, &len) || *s) {
		reply_error(22);
		return;
	}
	if (off >= total) {
		reply("l");
		return;
	}
	if (len > sizeof(out) - 2)
		len = sizeof(out) - 2;
	if (len > total - off)
		len = total - off;
	out[0] = off + len < total ? 'm' : 'l';
	memcpy(out + 1, xml + off, len);
	reply_n(out, len + 1);
}

static void cmd_thread_info(void)
{
	char buf[GDB_PACKET_MAX / 2];
	size_t n = 1;
	unsigned int i;

	buf[0] = 'm';
	for (i = 0; i < virt_ncpus(g.v) && n + 12 < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%x",
				      i ? "," : "", i + 1);
	reply_n(buf, n);
}

static void cmd_query(const char *s)
{
	char buf[64];

	if (!strncmp(s, "qSupported", 10)) {
		snprintf(buf, sizeof(buf),
			 "PacketSize=%x;qXfer:features:read+;hwbreak+;"
			 "vContSupported+",
			 GDB_PACKET_MAX);
		reply(buf);
	} else if (!strncmp(s, "qXfer:", 6)) {
		cmd_xfer(s);
	} else if (!strcmp(s, "qfThreadInfo")) {
		cmd_thread_info();
	} else if (!strcmp(s, "qsThreadInfo")) {
		reply("l");
	} else if (!strcmp(s, "qC")) {
		snprintf(buf, sizeof(buf), "QC%x", g.g_cpu + 1);
		reply(buf);
	} else if (!strncmp(s, "qAttached", 9)) {
		reply("1");
	} else {
		reply("");
	}
}

/* Detach (D) and kill (k): no debugging state is left behind. */
static void release_guest(void)
{
	g.nbp = g.nwp = 0;
	apply_debug(false, false, 0);
	g.running = false;
	virt_debug_resume(g.v);
}

static void drop_client(void)
{
	if (g.client_fd < 0)
		return;
	pthread_mutex_lock(&g.lock);
	g.attached = false;
	g.stop_pending = false;
	pthread_mutex_unlock(&g.lock);
	stop_all();
	release_guest();
	close(g.client_fd);
	g.client_fd = -1;
}

static void handle_packet(const char *p, size_t len)
{
	if (g.running && !stop_all()) {
		reply("W00"); /* the guest is gone */
		return;
	}
	switch (p[0]) {
	case '?':
		reply(g.stop);
		return;
	case 'g':
		cmd_read_regs();
		return;
	case 'G':
		cmd_write_regs(p + 1, len - 1);
		return;
	case 'p':
		cmd_read_reg(p + 1);
		return;
	case 'P':
		cmd_write_reg(p + 1);
		return;
	case 'm':
		cmd_read_mem(p + 1);
		return;
	case 'M':
	case 'X':
		cmd_write_mem(p + 1, len - 1, p[0] == 'X');
		return;
	case 'c':
	case 'C':
		if (!resume_at(p + 1, p[0] == 'C', g.c_cpu))
			reply_error(22);
		else
			resume_all();
		return;
	case 's':
	case 'S':
		if (!resume_at(p + 1, p[0] == 'S', g.c_cpu))
			reply_error(22);
		else
			step_one(g.c_cpu);
		return;
	case 'Z':
	case 'z':
		cmd_point(p + 1, p[0] == 'Z');
		return;
	case 'H':
		cmd_set_thread(p + 1);
		return;
	case 'T':
		cmd_thread_alive(p + 1);
		return;
	case 'q':
		cmd_query(p);
		return;
	case 'D':
		reply("OK");
		drop_client();
		return;
	case 'k':
		drop_client();
		virt_quit(g.v, "host-qmp-quit");
		return;
	case 'v':
		if (!strcmp(p, "vCont?"))
			reply("vCont;c;C;s;S");
		else if (!strncmp(p, "vCont;", 6))
			cmd_vcont(p + 5);
		else
			reply("");
		return;
	default:
		reply("");
	}
}

/* ---- the connection ---- */

static void read_client(void)
{
	uint8_t buf[4096];
	ssize_t n = read(g.client_fd, buf, sizeof(buf)), i;

	if (n <= 0) {
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			drop_client();
		return;
	}
	for (i = 0; i < n && g.client_fd >= 0; i++) {
		switch (gdb_parser_feed(&g.parser, buf[i])) {
		case GDB_PACKET:
			send_raw("+", 1);
			handle_packet(g.parser.buf, g.parser.len);
			break;
		case GDB_BAD:
			send_raw("-", 1);
			break;
		case GDB_NACK:
			send_raw(g.last, g.last_len);
			break;
		case GDB_INTERRUPT:
			if (g.running && stop_all())
				stop_reply(g.g_cpu, SIGINT);
			break;
		default:
			break;
		}
	}
}

static void accept_client(void)
{
	int fd = accept4(g.listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (g.client_fd >= 0) {
		close(fd); /* one debugger at a time */
		return;
	}
	g.client_fd = fd;
	gdb_parser_init(&g.parser);
	g.last_len = 0;
	g.g_cpu = g.c_cpu = 0;
	/* Attaching stops the guest, as GDB expects of a remote target. */
	stop_all();
	remember_stop(0, "T05thread:1;");
	pthread_mutex_lock(&g.lock);
	g.attached = true;
	g.stop_pending = false;
	pthread_mutex_unlock(&g.lock);
}

static bool stopped_on_watchpoint(unsigned int cpu)
{
	struct kvm_loongvm_debug_stop ds = {0};

	return !kvm_ioctl(cpu_fd(cpu), KVM_LOONGVM_GET_DEBUG_STOP, &ds) &&
	       ds.reason == KVM_LOONGVM_STOP_WATCHPOINT;
}

/* A vCPU stopped on its own (breakpoint, step, watchpoint). */
static void on_wake(void)
{
	char buf[32];
	bool pending;
	unsigned int cpu;

	while (read(g.wake[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&g.lock);
	pending = g.stop_pending;
	cpu = g.stop_cpu;
	pthread_mutex_unlock(&g.lock);
	if (!pending || !g.running || g.client_fd < 0)
		return;
	virt_debug_wait_stopped(g.v);
	g.running = false;
	if (g.stepping_over) {
		g.stepping_over = false;
		if (!stopped_on_watchpoint(cpu)) {
			continue_all(); /* off the breakpoint: now all run */
			return;
		}
	}
	stop_reply(cpu, SIGTRAP);
}

static void *stub_main(void *arg)
{
	struct pollfd p[3];

	(void)arg;
	while (!__atomic_load_n(&g.stopping, __ATOMIC_ACQUIRE)) {
		p[0] = (struct pollfd){.fd = g.wake[0], .events = POLLIN};
		p[1] = (struct pollfd){.fd = g.listen_fd, .events = POLLIN};
		p[2] = (struct pollfd){.fd = g.client_fd, .events = POLLIN};
		if (poll(p, g.client_fd >= 0 ? 3 : 2, -1) < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			on_wake();
		if (p[1].revents & POLLIN)
			accept_client();
		if (g.client_fd >= 0 && (p[2].revents & (POLLIN | POLLHUP)))
			read_client();
	}
	return NULL;
}

int gdb_stub_check_spec(const char *spec, char *err, size_t errlen)
{
	struct tcp_addr a;
	char why[200];

	if (strncmp(spec, "tcp:", 4)) {
		snprintf(err, errlen, "-gdb: '%s' is not tcp:[HOST]:PORT",
			 spec);
		return -1;
	}
	if (tcp_addr_parse(spec + 4, &a, why, sizeof(why))) {
		snprintf(err, errlen, "-gdb: %s", why);
		return -1;
	}
	return 0;
}

int gdb_stub_start(struct virt *v, const char *spec)
{
	struct tcp_addr a;
	char err[256];

	if (gdb_stub_check_spec(spec, err, sizeof(err)) ||
	    tcp_addr_parse(spec + 4, &a, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return -1;
	}
	g.v = v;
	g.listen_fd = tcp_listen(&a);
	if (g.listen_fd < 0) {
		fprintf(stderr, "loongvm: -gdb %s: cannot listen: %s\n", spec,
			strerror(errno));
		return -1;
	}
	if (pipe2(g.wake, O_CLOEXEC | O_NONBLOCK)) {
		perror("loongvm: -gdb");
		return -1;
	}
	virt_set_debug_hook(v, on_debug_exit, NULL);
	if (pthread_create(&g.thread, NULL, stub_main, NULL)) {
		fprintf(stderr, "loongvm: -gdb: cannot start its thread\n");
		return -1;
	}
	g.started = true;
	return 0;
}

void gdb_stub_stop(int status)
{
	char buf[8];

	if (g.started) {
		__atomic_store_n(&g.stopping, true, __ATOMIC_RELEASE);
		if (write(g.wake[1], "", 1) < 0)
			perror("loongvm: -gdb");
		pthread_join(g.thread, NULL);
		g.started = false;
	}
	if (g.client_fd >= 0) { /* the guest is gone: say so */
		snprintf(buf, sizeof(buf), "W%02x", status & 0xff);
		reply(buf);
		close(g.client_fd);
		g.client_fd = -1;
	}
	if (g.listen_fd >= 0)
		close(g.listen_fd);
	g.listen_fd = -1;
	if (g.wake[0] >= 0) {
		close(g.wake[0]);
		close(g.wake[1]);
	}
	g.wake[0] = g.wake[1] = -1;
}
