/* SPDX-License-Identifier: MIT */
/*
 * vmtest=hvc: the virtio console (drivers/char/virtio_console.c makes
 * its first port hvc0). Booted with console=hvc0, init's /dev/console is
 * the virtio console; this writes one marker there and one to /dev/hvc0
 * directly, and checks that the kernel lists hvc0 as an active console.
 * The host finds both markers and the kernel's log on loongvm's stdout.
 */
#include "lib.h"
#include "vmtest.h"

/* Reads one line typed on the host into line; false after 20 s. */
static int read_typed_line(char *line, size_t len)
{
	long fd = sys_open("/dev/hvc0", O_RDONLY | O_NONBLOCK, 0), n;
	size_t got = 0;
	u64 end = now_ms() + 20000;

	if (fd < 0)
		return 0;
	out(MARK "hvc waiting for input\n");
	while (now_ms() < end && got < len - 1) {
		n = sys_read((int)fd, line + got, len - 1 - got);
		if (n > 0)
			got += (size_t)n;
		if (got && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			break;
		if (n <= 0)
			sleep_ms(50);
	}
	sys_close((int)fd);
	while (got && (line[got - 1] == '\n' || line[got - 1] == '\r'))
		got--;
	line[got] = 0;
	return got > 0;
}

const char *vmtest_hvc(void)
{
	static const char m2[] = MARK "hvc marker via /dev/hvc0\n";
	static char active[256];
	long fd, n, r;

	out(MARK "hvc marker via /dev/console\n");
	fd = open_wait("/dev/hvc0", O_WRONLY, 5000);
	if (fd < 0)
		return "no /dev/hvc0 (is there a virtio console?)";
	r = write_all((int)fd, m2, sizeof(m2) - 1);
	sys_close((int)fd);
	if (r)
		return "writing /dev/hvc0 failed";
	n = read_path("/sys/class/tty/console/active", active,
		      sizeof(active) - 1);
	if (n < 0)
		return "cannot read /sys/class/tty/console/active";
	active[n] = 0;
	out(MARK "active consoles: ");
	out(active);
	if (mem_find(active, (size_t)n, "hvc0") < 0)
		return "hvc0 is not an active console";
	if (!read_typed_line(active, sizeof(active)))
		return "no input arrived on /dev/hvc0";
	out(MARK "hvc typed: ");
	out(active);
	out("\n");
	return 0;
}
