/* SPDX-License-Identifier: MIT */
/*
 * PID 1 of the virtio test initramfs (tests/linux/Makefile packs it):
 * mounts proc, sysfs and devtmpfs, runs the test that the boot parameter
 * vmtest=NAME selects (the kernel hands unknown key=value parameters to
 * init as environment, init/main.c), prints one PASS or FAIL line and
 * powers the board off. It never waits without a bound, so a missing or
 * broken device gives FAIL rather than a hang.
 */
#include "lib.h"
#include "vmtest.h"

struct vmtest {
	const char *name;
	const char *(*run)(void);
};

static const struct vmtest tests[] = {
    {"blk", vmtest_blk},     {"net", vmtest_net},
    {"hvc", vmtest_hvc},     {"rng", vmtest_rng},
    {"info", vmtest_info},   {"blkkill", vmtest_blk_kill},
    {"ctxsw", vmtest_ctxsw},
};

static void mount_one(const char *src, const char *dst, const char *type)
{
	long r;

	sys_mkdir(dst, 0755);
	r = sys_mount(src, dst, type, 0, 0);
	/* -EBUSY: the kernel mounted it already (DEVTMPFS_MOUNT). */
	if (r < 0 && r != -16)
		out_err(dst, r);
}

/*
 * The kernel opened fds 0-2 on /dev/console before init ran; an initramfs
 * built without root has no console node, so open it again from devtmpfs.
 */
static void open_console(void)
{
	long fd = sys_open("/dev/console", O_RDWR, 0);

	if (fd < 0)
		return;
	sys_dup3((int)fd, 0);
	sys_dup3((int)fd, 1);
	sys_dup3((int)fd, 2);
	if (fd > 2)
		sys_close((int)fd);
}

static const struct vmtest *find_test(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		if (str_eq(tests[i].name, name))
			return &tests[i];
	return 0;
}

static void run_test(const char *name)
{
	const struct vmtest *t = find_test(name);
	const char *why;

	out(MARK);
	out("start ");
	out(name);
	out("\n");
	why = t ? t->run() : "no such test (blk, net, hvc, rng, info)";
	out(MARK);
	out(why ? "FAIL " : "PASS ");
	out(name);
	if (why) {
		out(": ");
		out(why);
	}
	out("\n");
}

__attribute__((noreturn)) void start_c(long *sp)
{
	long argc = sp[0];
	char **envp = (char **)(sp + 1 + argc + 1);
	const char *name;

	env_set(envp);
	mount_one("devtmpfs", "/dev", "devtmpfs");
	open_console();
	mount_one("proc", "/proc", "proc");
	mount_one("sysfs", "/sys", "sysfs");
	name = env_get("vmtest");
	run_test(name ? name : "info");
	out(MARK);
	out("powering off\n");
	sys_sync();
	sys_poweroff();
	for (;;)
		sleep_ms(1000);
}
