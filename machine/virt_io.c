/* SPDX-License-Identifier: MIT */
/*
 * Builds the virt board's PCIe host and virtio devices. The windows
 * follow QEMU's virt board (fdt.h); PCI devices take slots 1, 2, ... in
 * command-line order, virtio-mmio device n sits at 0x16000000 + n * 0x200
 * on PCH-PIC input 20 + n (docs/memory-map.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../hw/iothread.h"
#include "../hw/net/net_backend.h"
#include "../hw/virtio/virtio_blk.h"
#include "../hw/virtio/virtio_console.h"
#include "../hw/virtio/virtio_mmio.h"
#include "../hw/virtio/virtio_net.h"
#include "../hw/virtio/virtio_pci.h"
#include "../hw/virtio/virtio_rng.h"
#include "loongvm/kvm.h"
#include "virt_io.h"

static int setup_host(struct virt_io *x, const struct virt_io_wiring *w)
{
	const struct pci_host_config c = {
	    .mmio_base = VIRT_PCI_MMIO_BASE,
	    .io_bus_base = VIRT_PCI_IO_BUS_BASE,
	    .msi_addr = PCH_MSI_BASE,
	    .msi = w->msi,
	    .intx = w->pic,
	    .intx_base = VIRT_PCI_INTX_IRQ,
	};

	pci_host_init(&x->host, &c);
	if (bus_add(w->mmio, "pci-ecam", VIRT_PCI_ECAM_BASE, VIRT_PCI_ECAM_SIZE,
		    &pci_ecam_ops, &x->host) ||
	    bus_add(w->mmio, "pci-io", VIRT_PCI_IO_BASE, VIRT_PCI_IO_SIZE,
		    &pci_io_ops, &x->host))
		return -1;
	return bus_add(w->mmio, "pci-mmio", VIRT_PCI_MMIO_BASE,
		       VIRT_PCI_MMIO_SIZE, &pci_mmio_ops, &x->host);
}

/*
 * Device writes reach the hypervisor so decoded code is dropped; a real
 * /dev/kvm keeps caches coherent itself and says ENOTTY once.
 */
static void guest_written(void *opaque, uint64_t gpa, uint64_t len)
{
	struct virt_io *x = opaque;
	struct kvm_loongvm_guest_written w = {.gpa = gpa, .len = len};
	int fd = __atomic_load_n(&x->vm_fd, __ATOMIC_RELAXED);

	if (fd >= 0 && kvm_ioctl(fd, KVM_LOONGVM_GUEST_WRITTEN, &w) < 0 &&
	    errno == ENOTTY)
		__atomic_store_n(&x->vm_fd, -1, __ATOMIC_RELAXED);
}

static void setup_mem(struct virt_io *x, const struct virt_io_wiring *w)
{
	size_t i;

	x->vm_fd = w->vm_fd;
	x->mem.wrote = guest_written;
	x->mem.wrote_opaque = x;
	for (i = 0; i < w->nram && i < GUEST_MEM_MAX_REGIONS; i++)
		x->mem.r[i] = (struct guest_mem_region){
		    w->ram[i].gpa, w->ram[i].size, w->ram[i].host};
	x->mem.n = (unsigned int)i;
}

static int make_rng(struct virt_io_dev *d, struct virt_io *x)
{
	struct virtio_rng *r = calloc(1, sizeof(*r));

	if (!r || virtio_rng_init(r, &x->mem)) {
		free(r);
		return -1;
	}
	d->model = r;
	d->vdev = &r->dev;
	return 0;
}

static int make_console(struct virt_io_dev *d, struct virt_io *x)
{
	struct virtio_console *c = calloc(1, sizeof(*c));

	if (!c || virtio_console_init(c, &x->mem, STDOUT_FILENO)) {
		free(c);
		return -1;
	}
	d->model = c;
	d->vdev = &c->dev;
	return 0;
}

static int make_blk(struct virt_io_dev *d, struct virt_io *x,
		    const struct dev_spec *s, const struct virt_devices *devs,
		    char *err, size_t errlen)
{
	const struct dev_drive *dr = &devs->drive[s->drive];
	const struct virtio_blk_config_opts o = {
	    .path = dr->file,
	    .readonly = dr->readonly,
	    .serial = s->serial[0] ? s->serial : NULL,
	};
	struct virtio_blk *b =
	    virtio_blk_create(&o, &x->mem, x->io, err, errlen);

	if (!b)
		return -1;
	d->model = b;
	d->vdev = virtio_blk_dev(b);
	return 0;
}

static int make_net(struct virt_io_dev *d, struct virt_io *x,
		    const struct dev_spec *s, const struct virt_devices *devs,
		    unsigned int index, char *err, size_t errlen)
{
	struct virtio_net_opts o = {.has_mac = s->has_mac, .index = index};
	struct net_backend *be;
	struct virtio_net *n;

	memcpy(o.mac, s->mac, sizeof(o.mac));
	be = net_backend_create(devs->netdev[s->netdev].spec, x->io, err,
				errlen);
	if (!be)
		return -1;
	n = virtio_net_create(&o, be, &x->mem, x->io, err, errlen);
	if (!n)
		return -1;
	d->model = n;
	d->vdev = virtio_net_dev(n);
	return 0;
}

/* The device model of spec s; err says why not. */
static int make_model(struct virt_io *x, struct virt_io_dev *d,
		      const struct dev_spec *s, const struct virt_devices *devs,
		      unsigned int net_index, char *err, size_t errlen)
{
	d->kind = s->kind;
	switch (s->kind) {
	case VDEV_RNG:
		return make_rng(d, x) ? load_fail(err, errlen, "virtio-rng failed")
				      : 0;
	case VDEV_CONSOLE:
		return make_console(d, x)
			   ? load_fail(err, errlen, "virtio-console failed")
			   : 0;
	case VDEV_BLK:
		return make_blk(d, x, s, devs, err, errlen);
	default:
		return make_net(d, x, s, devs, net_index, err, errlen);
	}
}

static int attach_pci(struct virt_io *x, struct virt_io_dev *d, char *err,
		      size_t errlen)
{
	d->pci = calloc(1, sizeof(*d->pci));
	if (!d->pci || virtio_pci_init(d->pci, d->vdev)) {
		free(d->pci);
		d->pci = NULL;
		return load_fail(err, errlen, "%s: cannot build its PCI function",
			    d->vdev->ops->name);
	}
	if (pci_host_plug(&x->host, &d->pci->pci, -1) < 0)
		return load_fail(err, errlen, "no free PCI slot for %s",
			    d->vdev->ops->name);
	return 0;
}

static int attach_mmio(struct virt_io *x, struct virt_io_dev *d,
		       const struct virt_io_wiring *w, char *err, size_t errlen)
{
	unsigned int n = x->plat.n_mmio;
	uint64_t base = VIRT_VIRTIO_MMIO_BASE + n * VIRT_VIRTIO_MMIO_STRIDE;

	if (n >= VIRT_VIRTIO_MMIO_MAX)
		return load_fail(err, errlen, "at most %d virtio-mmio devices",
			    VIRT_VIRTIO_MMIO_MAX);
	d->mmio = calloc(1, sizeof(*d->mmio));
	if (!d->mmio)
		return load_fail(err, errlen, "out of memory");
	virtio_mmio_init(d->mmio, d->vdev, w->pic, VIRT_VIRTIO_MMIO_IRQ + n);
	x->plat.n_mmio++;
	if (bus_add(w->mmio, "virtio-mmio", base, VIRTIO_MMIO_SIZE,
		    &virtio_mmio_ops, d->mmio))
		return load_fail(err, errlen, "cannot map virtio-mmio %u", n);
	return 0;
}

static bool needs_iothread(const struct virt_devices *devs)
{
	unsigned int i;

	for (i = 0; i < devs->ndevs; i++)
		if (devs->dev[i].kind == VDEV_BLK ||
		    devs->dev[i].kind == VDEV_NET)
			return true;
	return false;
}

int virt_io_setup(struct virt_io *x, const struct virt_devices *devs,
		  const struct virt_io_wiring *w, char *err, size_t errlen)
{
	unsigned int i, nets = 0;

	memset(x, 0, sizeof(*x));
	x->plat.has_pci = 1;
	setup_mem(x, w);
	if (setup_host(x, w))
		return load_fail(err, errlen, "cannot map the PCIe host windows");
	if (!devs || !devs->ndevs)
		return 0;
	if (needs_iothread(devs)) {
		x->io = iothread_create("virtio-io");
		if (!x->io)
			return load_fail(err, errlen, "cannot start the I/O thread");
	}
	for (i = 0; i < devs->ndevs; i++) {
		const struct dev_spec *s = &devs->dev[i];
		struct virt_io_dev *d = &x->dev[x->ndev];

		if (make_model(x, d, s, devs, nets, err, errlen))
			return -1;
		x->ndev++;
		nets += s->kind == VDEV_NET;
		if (s->bus == VDEV_PCI ? attach_pci(x, d, err, errlen)
				       : attach_mmio(x, d, w, err, errlen))
			return -1;
	}
	return 0;
}

void virt_io_reset(struct virt_io *x)
{
	unsigned int i;

	for (i = 0; i < x->ndev; i++) {
		struct virt_io_dev *d = &x->dev[i];

		if (d->pci) {
			virtio_pci_reset(d->pci);
		} else if (d->vdev) {
			pthread_mutex_lock(&d->vdev->lock);
			virtio_set_status(d->vdev, 0);
			pthread_mutex_unlock(&d->vdev->lock);
		}
	}
	pci_host_reset(&x->host);
}

static void destroy_model(struct virt_io_dev *d)
{
	switch (d->kind) {
	case VDEV_RNG:
		virtio_rng_destroy(d->model);
		break;
	case VDEV_CONSOLE:
		virtio_console_destroy(d->model);
		break;
	case VDEV_BLK:
		virtio_blk_destroy(d->model);
		return; /* it frees itself */
	case VDEV_NET:
		virtio_net_destroy(d->model);
		return;
	}
	free(d->model);
}

void virt_io_destroy(struct virt_io *x)
{
	unsigned int i;

	/* Devices first: they stop their work on the I/O thread. */
	for (i = 0; i < x->ndev; i++)
		if (x->dev[i].model)
			destroy_model(&x->dev[i]);
	if (x->io)
		iothread_destroy(x->io);
	for (i = 0; i < x->ndev; i++) {
		if (x->dev[i].pci)
			virtio_pci_destroy(x->dev[i].pci);
		if (x->dev[i].mmio)
			virtio_mmio_destroy(x->dev[i].mmio);
		free(x->dev[i].pci);
		free(x->dev[i].mmio);
	}
	pci_host_destroy(&x->host);
	memset(x, 0, sizeof(*x));
}
