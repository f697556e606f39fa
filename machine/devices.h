/* SPDX-License-Identifier: MIT */
/*
 * The -device, -drive and -netdev options, in QEMU's syntax: what the
 * user asked for, checked and cross-referenced before the board is
 * built. virt_io.c turns the result into devices.
 *
 *   -device virtio-{rng,blk,net,console}-pci    on the PCIe host
 *   -device virtio-{rng,blk,net,console}-device on virtio-mmio
 *   -drive file=F,if=virtio|none,format=raw[,readonly=on][,id=ID]
 *   -netdev user,id=N[,hostfwd=tcp::HOSTPORT-:GUESTPORT]
 *   -netdev tap,id=N,ifname=X[,script=no,downscript=no]
 */
#ifndef LOONGVM_MACHINE_DEVICES_H
#define LOONGVM_MACHINE_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DEVICES_MAX 24
#define DRIVES_MAX 8
#define NETDEVS_MAX 4
#define DEV_ID_LEN 32
#define DEV_PATH_LEN 4096
#define DEV_SPEC_LEN 512
#define DEV_SERIAL_LEN 20 /* virtio-blk GET_ID */

enum vdev_kind { VDEV_RNG, VDEV_BLK, VDEV_NET, VDEV_CONSOLE };
enum vdev_bus { VDEV_PCI, VDEV_MMIO };

struct dev_drive {
	char id[DEV_ID_LEN]; /* "" for an anonymous if=virtio drive */
	char file[DEV_PATH_LEN];
	bool readonly;
	bool used; /* claimed by a device */
};

struct dev_netdev {
	char id[DEV_ID_LEN];
	char spec[DEV_SPEC_LEN]; /* for net_backend_create */
	bool used;
};

struct dev_spec {
	enum vdev_kind kind;
	enum vdev_bus bus;
	char ref[DEV_ID_LEN]; /* drive= or netdev=, resolved by finish */
	int drive, netdev;    /* indexes once resolved, else -1 */
	bool has_mac;
	uint8_t mac[6];
	char serial[DEV_SERIAL_LEN + 1];
};

struct virt_devices {
	struct dev_drive drive[DRIVES_MAX];
	struct dev_netdev netdev[NETDEVS_MAX];
	struct dev_spec dev[DEVICES_MAX]; /* in command-line order */
	unsigned int ndrives, nnetdevs, ndevs;
};

/*
 * Each parses one option value; on error returns -1 with a message in
 * err (the caller exits with status 2).
 */
int devices_parse_device(struct virt_devices *v, const char *val, char *err,
			 size_t errlen);
int devices_parse_drive(struct virt_devices *v, const char *val, char *err,
			size_t errlen);
int devices_parse_netdev(struct virt_devices *v, const char *val, char *err,
			 size_t errlen);

/* Resolves drive= and netdev= and checks the limits; 0 or -1 with err. */
int devices_finish(struct virt_devices *v, char *err, size_t errlen);

/* The list -device help prints. */
extern const char devices_help[];

#endif /* LOONGVM_MACHINE_DEVICES_H */
