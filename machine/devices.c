/* SPDX-License-Identifier: MIT */
/*
 * Parsing of -device, -drive and -netdev. Values are comma-separated
 * key=value lists as in QEMU (a doubled comma is a literal one, for file
 * names); unknown keys and devices are errors, so a typo never silently
 * drops a device.
 */
#include <stdio.h>
#include <string.h>

#include "devices.h"
#include "load_util.h"

const char devices_help[] =
    "virtio-rng-pci, virtio-rng-device\n"
    "virtio-blk-pci,drive=ID[,serial=S], virtio-blk-device,drive=ID\n"
    "virtio-net-pci,netdev=ID[,mac=XX:XX:XX:XX:XX:XX], "
    "virtio-net-device,netdev=ID[,mac=...]\n"
    "virtio-console-pci, virtio-console-device (hvc0)\n";

/*
 * Copies the next item of a comma list into buf, turning ",," into ",".
 * Returns 1 with an item, 0 at the end, -1 when it does not fit.
 */
static int next_item(const char **p, char *buf, size_t len)
{
	const char *s = *p;
	size_t n = 0;

	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s == ',' && s[1] == ',')
			s++;
		else if (*s == ',')
			break;
		if (n + 1 >= len)
			return -1;
		buf[n++] = *s;
	}
	buf[n] = '\0';
	*p = *s ? s + 1 : s;
	return 1;
}

/* Splits "key=value" in place; value is NULL without '='. */
static char *split(char *item)
{
	char *eq = strchr(item, '=');

	if (!eq)
		return NULL;
	*eq = '\0';
	return eq + 1;
}

static int copy(char *dst, size_t len, const char *src)
{
	if (strlen(src) >= len)
		return -1;
	strcpy(dst, src);
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes")) {
		*out = true;
		return 0;
	}
	if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no")) {
		*out = false;
		return 0;
	}
	return -1;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "52:54:00:12:34:56"; a multicast address is refused. */
static int parse_mac(const char *s, uint8_t mac[6])
{
	unsigned int i;

	if (strlen(s) != 17)
		return -1;
	for (i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return mac[0] & 1 ? -1 : 0;
}

static const struct {
	const char *name;
	enum vdev_kind kind;
	enum vdev_bus bus;
} models[] = {
    {"virtio-rng-pci", VDEV_RNG, VDEV_PCI},
    {"virtio-blk-pci", VDEV_BLK, VDEV_PCI},
    {"virtio-net-pci", VDEV_NET, VDEV_PCI},
    {"virtio-console-pci", VDEV_CONSOLE, VDEV_PCI},
    {"virtio-rng-device", VDEV_RNG, VDEV_MMIO},
    {"virtio-blk-device", VDEV_BLK, VDEV_MMIO},
    {"virtio-net-device", VDEV_NET, VDEV_MMIO},
    {"virtio-console-device", VDEV_CONSOLE, VDEV_MMIO},
};

/* One key=value of a -device; returns 0 or -1 with err. */
static int device_prop(struct dev_spec *d, const char *name, const char *k,
		       const char *v, char *err, size_t errlen)
{
	if (!v)
		return load_fail(err, errlen, "-device %s: '%s' needs a value",
				 name, k);
	if (!strcmp(k, "id"))
		return 0; /* accepted for QEMU compatibility */
	if (d->kind == VDEV_BLK && !strcmp(k, "drive"))
		return copy(d->ref, sizeof(d->ref), v)
			   ? load_fail(err, errlen,
				       "-device %s: drive id too long", name)
			   : 0;
	if (d->kind == VDEV_BLK && !strcmp(k, "serial"))
		return copy(d->serial, sizeof(d->serial), v)
			   ? load_fail(err, errlen,
				       "-device %s: serial is over %d bytes",
				       name, DEV_SERIAL_LEN)
			   : 0;
	if (d->kind == VDEV_NET && !strcmp(k, "netdev"))
		return copy(d->ref, sizeof(d->ref), v)
			   ? load_fail(err, errlen,
				       "-device %s: netdev id too long", name)
			   : 0;
	if (d->kind == VDEV_NET && !strcmp(k, "mac")) {
		d->has_mac = true;
		return parse_mac(v, d->mac)
			   ? load_fail(err, errlen,
				       "-device %s: bad unicast MAC '%s'", name,
				       v)
			   : 0;
	}
	return load_fail(err, errlen, "-device %s: unknown property '%s'", name,
			 k);
}

int devices_parse_device(struct virt_devices *v, const char *val, char *err,
			 size_t errlen)
{
	char name[64], item[DEV_PATH_LEN];
	struct dev_spec d = {.drive = -1, .netdev = -1};
	const char *p = val;
	size_t i;
	int r;

	if (next_item(&p, name, sizeof(name)) != 1)
		return load_fail(err, errlen, "-device: no device name in '%s'",
				 val);
	for (i = 0; i < sizeof(models) / sizeof(models[0]); i++)
		if (!strcmp(name, models[i].name))
			break;
	if (i == sizeof(models) / sizeof(models[0]))
		return load_fail(
		    err, errlen,
		    "-device: unknown device '%s' (-device help lists "
		    "them)",
		    name);
	d.kind = models[i].kind;
	d.bus = models[i].bus;
	while ((r = next_item(&p, item, sizeof(item))) == 1) {
		char *value = split(item);

		if (device_prop(&d, name, item, value, err, errlen))
			return -1;
	}
	if (r < 0)
		return load_fail(err, errlen, "-device %s: option too long",
				 name);
	if ((d.kind == VDEV_BLK || d.kind == VDEV_NET) && !d.ref[0])
		return load_fail(err, errlen, "-device %s: needs %s=ID", name,
				 d.kind == VDEV_BLK ? "drive" : "netdev");
	if (v->ndevs == DEVICES_MAX)
		return load_fail(err, errlen, "-device: at most %d devices",
				 DEVICES_MAX);
	v->dev[v->ndevs++] = d;
	return 0;
}

static int find_drive(const struct virt_devices *v, const char *id)
{
	unsigned int i;

	for (i = 0; i < v->ndrives; i++)
		if (v->drive[i].id[0] && !strcmp(v->drive[i].id, id))
			return (int)i;
	return -1;
}

static int find_netdev(const struct virt_devices *v, const char *id)
{
	unsigned int i;

	for (i = 0; i < v->nnetdevs; i++)
		if (!strcmp(v->netdev[i].id, id))
			return (int)i;
	return -1;
}

/* One key=value of a -drive. *iface: 1 virtio, 0 none, -1 not given. */
static int drive_prop(struct dev_drive *d, int *iface, const char *k,
		      const char *v, char *err, size_t errlen)
{
	static const char *const cache[] = {"writeback", "none", "unsafe",
					    "directsync", "writethrough"};
	size_t i;

	if (!v)
		return load_fail(err, errlen, "-drive: '%s' needs a value", k);
	if (!strcmp(k, "file"))
		return copy(d->file, sizeof(d->file), v)
			   ? load_fail(err, errlen,
				       "-drive: file name too long")
			   : 0;
	if (!strcmp(k, "id"))
		return copy(d->id, sizeof(d->id), v)
			   ? load_fail(err, errlen, "-drive: id too long")
			   : 0;
	if (!strcmp(k, "readonly"))
		return parse_bool(v, &d->readonly)
			   ? load_fail(err, errlen,
				       "-drive: readonly=%s: use on "
				       "or off",
				       v)
			   : 0;
	if (!strcmp(k, "format"))
		return strcmp(v, "raw")
			   ? load_fail(err, errlen,
				       "-drive: format=%s: only raw images are "
				       "supported",
				       v)
			   : 0;
	if (!strcmp(k, "if")) {
		if (strcmp(v, "virtio") && strcmp(v, "none"))
			return load_fail(err, errlen,
					 "-drive: if=%s: only if=virtio and "
					 "if=none are supported",
					 v);
		*iface = !strcmp(v, "virtio");
		return 0;
	}
	if (!strcmp(k, "media"))
		return strcmp(v, "disk")
			   ? load_fail(err, errlen, "-drive: only media=disk")
			   : 0;
	if (!strcmp(k, "cache")) {
		for (i = 0; i < sizeof(cache) / sizeof(cache[0]); i++)
			if (!strcmp(v, cache[i]))
				return 0; /* the host page cache is used */
		return load_fail(err, errlen, "-drive: unknown cache mode '%s'",
				 v);
	}
	return load_fail(err, errlen, "-drive: unknown key '%s'", k);
}

int devices_parse_drive(struct virt_devices *v, const char *val, char *err,
			size_t errlen)
{
	static char item[DEV_PATH_LEN + 8];
	struct dev_drive d = {0};
	const char *p = val;
	int r, iface = -1;

	while ((r = next_item(&p, item, sizeof(item))) == 1) {
		char *value = split(item);

		if (drive_prop(&d, &iface, item, value, err, errlen))
			return -1;
	}
	if (r < 0)
		return load_fail(err, errlen, "-drive: option too long");
	if (!d.file[0])
		return load_fail(err, errlen, "-drive: needs file=PATH");
	if (iface < 0 && !d.id[0])
		return load_fail(
		    err, errlen,
		    "-drive: give if=virtio, or if=none with id=ID");
	if (iface == 0 && !d.id[0])
		return load_fail(err, errlen, "-drive: if=none needs id=ID");
	if (d.id[0] && find_drive(v, d.id) >= 0)
		return load_fail(err, errlen, "-drive: duplicate id '%s'",
				 d.id);
	if (v->ndrives == DRIVES_MAX)
		return load_fail(err, errlen, "-drive: at most %d drives",
				 DRIVES_MAX);
	if (iface == 1) {
		/* if=virtio: a virtio-blk-pci of its own, here in order. */
		struct dev_spec s = {.kind = VDEV_BLK,
				     .bus = VDEV_PCI,
				     .drive = (int)v->ndrives,
				     .netdev = -1};

		if (v->ndevs == DEVICES_MAX)
			return load_fail(err, errlen,
					 "-drive: at most %d devices",
					 DEVICES_MAX);
		d.used = true;
		v->dev[v->ndevs++] = s;
	}
	v->drive[v->ndrives++] = d;
	return 0;
}

/* The backend spec without script=no/downscript=no, which mean nothing. */
static int netdev_prop(struct dev_netdev *n, const char *k, const char *v,
		       char *err, size_t errlen)
{
	size_t len = strlen(n->spec);

	if (!strcmp(k, "script") || !strcmp(k, "downscript")) {
		if (!v || strcmp(v, "no"))
			return load_fail(
			    err, errlen,
			    "-netdev: %s=%s: only %s=no is supported", k,
			    v ? v : "", k);
		return 0;
	}
	if (!v)
		return load_fail(err, errlen, "-netdev: '%s' needs a value", k);
	if (!strcmp(k, "id") && copy(n->id, sizeof(n->id), v))
		return load_fail(err, errlen, "-netdev: id too long");
	if ((size_t)snprintf(n->spec + len, sizeof(n->spec) - len, ",%s=%s", k,
			     v) >= sizeof(n->spec) - len)
		return load_fail(err, errlen, "-netdev: option too long");
	return 0;
}

int devices_parse_netdev(struct virt_devices *v, const char *val, char *err,
			 size_t errlen)
{
	struct dev_netdev n = {0};
	char item[DEV_SPEC_LEN];
	const char *p = val;
	int r;

	if (next_item(&p, item, sizeof(item)) != 1)
		return load_fail(err, errlen, "-netdev: no type in '%s'", val);
	if (!strncmp(item, "type=", 5))
		memmove(item, item + 5, strlen(item + 5) + 1);
	if (strcmp(item, "user") && strcmp(item, "tap"))
		return load_fail(err, errlen,
				 "-netdev: unknown type '%s' (user or tap)",
				 item);
	strcpy(n.spec, item);
	while ((r = next_item(&p, item, sizeof(item))) == 1) {
		char *value = split(item);

		if (netdev_prop(&n, item, value, err, errlen))
			return -1;
	}
	if (r < 0)
		return load_fail(err, errlen, "-netdev: option too long");
	if (!n.id[0])
		return load_fail(err, errlen, "-netdev: needs id=ID");
	if (find_netdev(v, n.id) >= 0)
		return load_fail(err, errlen, "-netdev: duplicate id '%s'",
				 n.id);
	if (v->nnetdevs == NETDEVS_MAX)
		return load_fail(err, errlen, "-netdev: at most %d",
				 NETDEVS_MAX);
	v->netdev[v->nnetdevs++] = n;
	return 0;
}

static int resolve(struct virt_devices *v, struct dev_spec *d, char *err,
		   size_t errlen)
{
	const char *what = d->kind == VDEV_BLK ? "drive" : "netdev";
	bool *used;
	int i;

	if (d->kind == VDEV_BLK && d->drive < 0) {
		i = d->drive = find_drive(v, d->ref);
		used = i >= 0 ? &v->drive[i].used : NULL;
	} else if (d->kind == VDEV_NET) {
		i = d->netdev = find_netdev(v, d->ref);
		used = i >= 0 ? &v->netdev[i].used : NULL;
	} else {
		return 0;
	}
	if (!used)
		return load_fail(err, errlen,
				 "-device: no %s with id '%s' (define it with "
				 "-%s id=%s,...)",
				 what, d->ref, what, d->ref);
	if (*used)
		return load_fail(err, errlen,
				 "-device: %s '%s' is already in use", what,
				 d->ref);
	*used = true;
	return 0;
}

int devices_finish(struct virt_devices *v, char *err, size_t errlen)
{
	unsigned int i, mmio = 0, pci = 0;

	for (i = 0; i < v->ndevs; i++) {
		if (resolve(v, &v->dev[i], err, errlen))
			return -1;
		if (v->dev[i].bus == VDEV_MMIO)
			mmio++;
		else
			pci++;
	}
	if (mmio > 8)
		return load_fail(
		    err, errlen,
		    "-device: at most 8 virtio-mmio devices (%u given)", mmio);
	if (pci > 31)
		return load_fail(err, errlen,
				 "-device: at most 31 PCI devices");
	return 0;
}
