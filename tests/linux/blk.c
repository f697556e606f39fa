/* SPDX-License-Identifier: MIT */
/*
 * vmtest=blk: ext4 on the virtio disk. Mounts /dev/vda on /mnt, reads
 * what the host put in the image (from-host.txt, and from-host.bin whose
 * FNV-1a it prints), writes from-guest.txt (echoing from-host.txt) and
 * from-guest.bin (1 MiB of xorshift64 seeded by FNV-1a of from-host.txt),
 * fsyncs both and the directory, and unmounts. The host reads them back
 * from the image with debugfs (tests/sh/virtio_blk.sh).
 */
#include "lib.h"
#include "vmtest.h"

#define BIG_BYTES (1u << 20)

static u8 big[BIG_BYTES];

/* The host's copy of this generator is in tests/sh/virtio_blk.sh. */
static void fill_pattern(u64 seed, u8 *p, size_t len)
{
	u64 x = seed | 1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7)) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
		}
		p[i] = (u8)(x >> (8 * (i & 7)));
	}
}

static const char *hash_file(const char *path)
{
	long fd = sys_open(path, O_RDONLY, 0), n;
	u64 h = FNV1A_INIT, total = 0;

	if (fd < 0)
		return "cannot open /mnt/from-host.bin";
	while ((n = sys_read((int)fd, big, sizeof(big))) > 0) {
		h = fnv1a(h, big, (size_t)n);
		total += (u64)n;
	}
	sys_close((int)fd);
	if (n < 0)
		return "reading /mnt/from-host.bin failed";
	out(MARK);
	out("from-host.bin bytes ");
	out_dec((long)total);
	out(" fnv1a ");
	out_hex(h, 16);
	out("\n");
	return 0;
}

static const char *write_file(const char *path, const void *p, size_t len)
{
	long fd = sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return "cannot create a file in /mnt";
	if (write_all((int)fd, p, len) || sys_fsync((int)fd)) {
		sys_close((int)fd);
		return "write or fsync of a file in /mnt failed";
	}
	return sys_close((int)fd) ? "close failed" : 0;
}

static const char *sync_dir(const char *path)
{
	long fd = sys_open(path, O_RDONLY | O_DIRECTORY, 0);
	long r;

	if (fd < 0)
		return "cannot open /mnt";
	r = sys_fsync((int)fd);
	sys_close((int)fd);
	return r ? "fsync of /mnt failed" : 0;
}

static const char *guest_files(void)
{
	static char token[256], line[300];
	long n = read_path("/mnt/from-host.txt", token, sizeof(token) - 1);
	const char *why;
	size_t len;

	if (n < 0)
		return "cannot read /mnt/from-host.txt";
	while (n > 0 && (token[n - 1] == '\n' || token[n - 1] == '\r'))
		n--;
	token[n] = 0;
	out(MARK);
	out("from-host.txt: ");
	out(token);
	out("\n");
	why = hash_file("/mnt/from-host.bin");
	if (why)
		return why;
	len = str_len("guest-echo: ");
	memcpy(line, "guest-echo: ", len);
	memcpy(line + len, token, (size_t)n);
	line[len + (size_t)n] = '\n';
	why = write_file("/mnt/from-guest.txt", line, len + (size_t)n + 1);
	if (why)
		return why;
	fill_pattern(fnv1a(FNV1A_INIT, token, (size_t)n), big, sizeof(big));
	why = write_file("/mnt/from-guest.bin", big, sizeof(big));
	return why ? why : sync_dir("/mnt");
}

static const char *mount_vda(void)
{
	long fd = open_wait("/dev/vda", O_RDONLY, 5000), r;

	if (fd < 0)
		return "no /dev/vda (is there a virtio disk?)";
	sys_close((int)fd);
	sys_mkdir("/mnt", 0755);
	r = sys_mount("/dev/vda", "/mnt", "ext4", 0, 0);
	if (r) {
		out_err("mount /dev/vda", r);
		return "cannot mount /dev/vda as ext4";
	}
	return 0;
}

const char *vmtest_blk(void)
{
	const char *why = mount_vda();
	long r;

	if (why)
		return why;
	why = guest_files();
	r = sys_umount("/mnt");
	if (r) {
		out_err("umount /mnt", r);
		return why ? why : "umount /mnt failed";
	}
	return why;
}

/*
 * vmtest=blkkill: writes flushed.txt (the host's token behind "flushed: "),
 * fsyncs it and /mnt, says "flushed" and waits: the host kills the VMM
 * then and must find the file in the image (tests/sh/virtio_blk_kill.sh).
 */
const char *vmtest_blk_kill(void)
{
	static char line[300];
	const char *why = mount_vda();
	size_t len = str_len("flushed: ");
	long n;

	if (why)
		return why;
	memcpy(line, "flushed: ", len);
	n = read_path("/mnt/from-host.txt", line + len, 256);
	if (n <= 0)
		return "cannot read /mnt/from-host.txt";
	why = write_file("/mnt/flushed.txt", line, len + (size_t)n);
	if (!why)
		why = sync_dir("/mnt");
	if (why)
		return why;
	out(MARK "flushed\n");
	for (;;)
		sleep_ms(1000);
}
