/* SPDX-License-Identifier: MIT */
/*
 * vmtest=rng: the virtio entropy device through the hw_random core
 * (drivers/char/hw_random/core.c, virtio-rng.c). Reads 64 bytes from
 * /dev/hwrng twice, without blocking and with a deadline, prints them,
 * and checks that rng_current names virtio_rng, that the bytes are not
 * all zero and that the two reads differ. Also prints where virtio0 sits
 * in sysfs, which names its transport (PCI or a virtio-mmio platform
 * device).
 */
#include "lib.h"
#include "vmtest.h"

#define RNG_BYTES 64

/* Fills buf from fd within 10 s; returns 0 or a reason. */
static const char *read_rng(int fd, u8 *buf)
{
	u64 end = now_ms() + 10000;
	size_t got = 0;

	while (got < RNG_BYTES) {
		long n = sys_read(fd, buf + got, RNG_BYTES - got);

		if (n > 0) {
			got += (size_t)n;
			continue;
		}
		if (n != -EAGAIN && n != -EINTR) {
			out_err("read /dev/hwrng", n);
			return "reading /dev/hwrng failed";
		}
		if (now_ms() >= end)
			return "/dev/hwrng gave too few bytes in 10 s";
		sleep_ms(20);
	}
	out(MARK "hwrng: ");
	out_bytes_hex(buf, RNG_BYTES);
	out("\n");
	return 0;
}

static int all_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return 0;
	return 1;
}

static void print_transport(void)
{
	static char link[256];
	long n = sys_readlink("/sys/bus/virtio/devices/virtio0", link,
			      sizeof(link) - 1);

	if (n < 0)
		return;
	link[n] = 0;
	out(MARK "virtio0 is ");
	out(link);
	out("\n");
}

const char *vmtest_rng(void)
{
	static u8 a[RNG_BYTES], b[RNG_BYTES];
	static char cur[128];
	const char *why;
	long fd, n;

	fd = open_wait("/dev/hwrng", O_RDONLY | O_NONBLOCK, 5000);
	if (fd < 0)
		return "no /dev/hwrng";
	why = read_rng((int)fd, a);
	if (!why)
		why = read_rng((int)fd, b);
	sys_close((int)fd);
	print_transport();
	n = read_path("/sys/class/misc/hw_random/rng_current", cur,
		      sizeof(cur) - 1);
	cur[n > 0 ? n : 0] = 0;
	out(MARK "rng_current: ");
	out(cur);
	out(n > 0 && cur[n - 1] == '\n' ? "" : "\n");
	if (why)
		return why;
	if (mem_find(cur, str_len(cur), "virtio_rng") < 0)
		return "the current hw_random source is not virtio_rng";
	if (all_zero(a, RNG_BYTES) || all_zero(b, RNG_BYTES))
		return "the device returned only zero bytes";
	if (!memcmp(a, b, RNG_BYTES))
		return "two reads returned the same bytes";
	return 0;
}
