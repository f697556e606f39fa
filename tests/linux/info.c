/* SPDX-License-Identifier: MIT */
/*
 * vmtest=info, the default: what the kernel found, for a person reading
 * the log. Prints uname, /proc/interrupts and each virtio device with its
 * device id (/sys/bus/virtio/devices/<name>/device).
 */
#include "lib.h"
#include "vmtest.h"

static void list_virtio(void)
{
	static char dents[4096], path[160], id[32];
	const char *dir = "/sys/bus/virtio/devices";
	long fd = sys_open(dir, O_RDONLY | O_DIRECTORY, 0), n, off, r;
	size_t dl = str_len(dir);
	int count = 0;

	if (fd < 0) {
		out_err(dir, fd);
		return;
	}
	while ((n = sys_getdents64((int)fd, dents, sizeof(dents))) > 0) {
		for (off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			size_t nl = str_len(d->d_name);

			off += d->d_reclen;
			if (d->d_name[0] == '.' || dl + nl + 9 >= sizeof(path))
				continue;
			memcpy(path, dir, dl);
			path[dl] = '/';
			memcpy(path + dl + 1, d->d_name, nl);
			memcpy(path + dl + 1 + nl, "/device", 8);
			r = read_path(path, id, sizeof(id) - 1);
			id[r > 0 ? r : 0] = 0;
			count++;
			out(MARK "virtio device ");
			out(d->d_name);
			out(" id ");
			out(r > 0 ? id : "?\n");
		}
	}
	sys_close((int)fd);
	if (!count)
		out(MARK "no virtio devices\n");
}

const char *vmtest_info(void)
{
	struct utsname u;

	if (sys_uname(&u))
		return "uname failed";
	out(MARK "uname: ");
	out(u.sysname);
	out(" ");
	out(u.release);
	out(" ");
	out(u.machine);
	out("\n");
	cat_path("/proc/interrupts");
	list_virtio();
	return 0;
}
