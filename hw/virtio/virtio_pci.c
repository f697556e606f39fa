/* SPDX-License-Identifier: MIT */
/*
 * virtio-pci modern (virtio 1.2 section 4.1): the capabilities that tell
 * the driver where each structure lives, the common configuration
 * registers mapped onto the device core (virtio.h), the ISR, device
 * config and notification windows, and interrupt delivery through MSI-X
 * or INTx. The guest side is Linux 6.12 drivers/virtio/virtio_pci_modern.c
 * and virtio_pci_modern_dev.c.
 */
#include <string.h>

#include "virtio_pci.h"

/* struct virtio_pci_common_cfg (4.1.4.3), by offset. */
enum {
	CC_DFSELECT = 0x00,
	CC_DF = 0x04,
	CC_GFSELECT = 0x08,
	CC_GF = 0x0c,
	CC_MSIX_CONFIG = 0x10,
	CC_NUM_QUEUES = 0x12,
	CC_STATUS = 0x14,
	CC_CFG_GENERATION = 0x15,
	CC_Q_SELECT = 0x16,
	CC_Q_SIZE = 0x18,
	CC_Q_MSIX = 0x1a,
	CC_Q_ENABLE = 0x1c,
	CC_Q_NOFF = 0x1e,
	CC_Q_DESC = 0x20,
	CC_Q_DESC_HI = 0x24,
	CC_Q_AVAIL = 0x28,
	CC_Q_AVAIL_HI = 0x2c,
	CC_Q_USED = 0x30,
	CC_Q_USED_HI = 0x34,
};

/* The register each byte of the common config belongs to, and its size. */
static const struct {
	uint8_t off, len;
} cc_fields[] = {
    {CC_DFSELECT, 4},	 {CC_DF, 4},
    {CC_GFSELECT, 4},	 {CC_GF, 4},
    {CC_MSIX_CONFIG, 2}, {CC_NUM_QUEUES, 2},
    {CC_STATUS, 1},	 {CC_CFG_GENERATION, 1},
    {CC_Q_SELECT, 2},	 {CC_Q_SIZE, 2},
    {CC_Q_MSIX, 2},	 {CC_Q_ENABLE, 2},
    {CC_Q_NOFF, 2},	 {CC_Q_DESC, 4},
    {CC_Q_DESC_HI, 4},	 {CC_Q_AVAIL, 4},
    {CC_Q_AVAIL_HI, 4},	 {CC_Q_USED, 4},
    {CC_Q_USED_HI, 4},
};

static void put(uint8_t *b, unsigned int off, unsigned int len, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		b[off + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *b, unsigned int off, unsigned int len)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		v |= (uint64_t)b[off + i] << (8 * i);
	return v;
}

/* The selected queue, or NULL when queue_select names none. */
static struct virtqueue *selected(struct virtio_pci *vp)
{
	struct virtio_dev *d = vp->vdev;

	if (vp->queue_sel >= d->ops->num_queues)
		return NULL;
	return &d->vq[vp->queue_sel];
}

/* The common config as the driver would read it now. d->lock held. */
static void cc_snapshot(struct virtio_pci *vp, uint8_t *b)
{
	struct virtio_dev *d = vp->vdev;
	struct virtqueue *vq = selected(vp);
	uint32_t fs = vp->dev_features_sel, gs = vp->drv_features_sel;

	memset(b, 0, VIRTIO_PCI_COMMON_LEN);
	put(b, CC_DFSELECT, 4, fs);
	put(b, CC_DF, 4, fs < 2 ? d->host_features >> (32 * fs) : 0);
	put(b, CC_GFSELECT, 4, gs);
	put(b, CC_GF, 4, gs < 2 ? d->driver_features >> (32 * gs) : 0);
	put(b, CC_MSIX_CONFIG, 2, vp->config_vector);
	put(b, CC_NUM_QUEUES, 2, d->ops->num_queues);
	put(b, CC_STATUS, 1, d->status);
	put(b, CC_CFG_GENERATION, 1, d->config_generation);
	put(b, CC_Q_SELECT, 2, vp->queue_sel);
	put(b, CC_Q_MSIX, 2, VIRTIO_MSI_NO_VECTOR);
	if (!vq)
		return; /* queue_size 0: not available (4.1.4.3.1) */
	put(b, CC_Q_SIZE, 2, vq->size);
	put(b, CC_Q_MSIX, 2, vq->msix_vector);
	put(b, CC_Q_ENABLE, 2, vq->ready);
	put(b, CC_Q_NOFF, 2, vp->queue_sel);
	put(b, CC_Q_DESC, 8, vq->desc_gpa);
	put(b, CC_Q_AVAIL, 8, vq->avail_gpa);
	put(b, CC_Q_USED, 8, vq->used_gpa);
}

/* A vector the driver asked for: one the table has, or NO_VECTOR. */
static uint16_t valid_vector(struct virtio_pci *vp, uint64_t v)
{
	return v < vp->msix.nvec ? (uint16_t)v : VIRTIO_MSI_NO_VECTOR;
}

/* The transport's own state after a device reset. irq_lock not held. */
static void transport_reset(struct virtio_pci *vp)
{
	unsigned int i;

	pthread_mutex_lock(&vp->irq_lock);
	vp->config_vector = VIRTIO_MSI_NO_VECTOR;
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		vp->queue_vector[i] = VIRTIO_MSI_NO_VECTOR;
	vp->isr = 0;
	pci_dev_set_intx(&vp->pci, false);
	pthread_mutex_unlock(&vp->irq_lock);
	vp->dev_features_sel = vp->drv_features_sel = 0;
	vp->queue_sel = 0;
}

static void set_queue_vector(struct virtio_pci *vp, struct virtqueue *vq,
			     uint64_t v)
{
	vq->msix_vector = valid_vector(vp, v);
	pthread_mutex_lock(&vp->irq_lock);
	vp->queue_vector[vq->index] = vq->msix_vector;
	pthread_mutex_unlock(&vp->irq_lock);
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* 4.1.4.3.2: queue fields are the driver's only while the queue is off. */
static void queue_field(struct virtio_pci *vp, unsigned int off, uint64_t v)
{
	struct virtqueue *vq = selected(vp);
	uint64_t *gpa;

	if (!vq)
		return;
	if (off == CC_Q_MSIX) {
		set_queue_vector(vp, vq, v);
		return;
	}
	if (vq->ready)
		return;
	switch (off) {
	case CC_Q_SIZE:
		if (is_pow2(v) && v <= vq->size_max)
			vq->size = (uint16_t)v;
		return;
	case CC_Q_ENABLE:
		if (v == 1 && vq->size)
			vq->ready = true;
		return;
	case CC_Q_DESC:
	case CC_Q_DESC_HI:
		gpa = &vq->desc_gpa;
		break;
	case CC_Q_AVAIL:
	case CC_Q_AVAIL_HI:
		gpa = &vq->avail_gpa;
		break;
	default:
		gpa = &vq->used_gpa;
		break;
	}
	if (off & 4)
		*gpa = (*gpa & 0xffffffffULL) | v << 32;
	else
		*gpa = (*gpa & ~0xffffffffULL) | v;
}

/* One register's new value. d->lock held; returns true after a reset. */
static bool cc_field_write(struct virtio_pci *vp, unsigned int off, uint64_t v)
{
	struct virtio_dev *d = vp->vdev;

	switch (off) {
	case CC_DFSELECT:
		vp->dev_features_sel = (uint32_t)v;
		break;
	case CC_GFSELECT:
		vp->drv_features_sel = (uint32_t)v;
		break;
	case CC_GF:
		virtio_set_driver_features(d, vp->drv_features_sel,
					   (uint32_t)v);
		break;
	case CC_MSIX_CONFIG:
		pthread_mutex_lock(&vp->irq_lock);
		vp->config_vector = valid_vector(vp, v);
		pthread_mutex_unlock(&vp->irq_lock);
		break;
	case CC_STATUS:
		virtio_set_status(d, (uint8_t)v);
		return v == 0;
	case CC_Q_SELECT:
		vp->queue_sel = (uint16_t)v;
		break;
	case CC_DF:
	case CC_NUM_QUEUES:
	case CC_CFG_GENERATION:
	case CC_Q_NOFF:
		break; /* read-only */
	default:
		queue_field(vp, off, v);
		break;
	}
	return false;
}

static uint64_t common_read(struct virtio_pci *vp, uint64_t off,
			    unsigned int size)
{
	uint8_t b[VIRTIO_PCI_COMMON_LEN];

	if (off >= VIRTIO_PCI_COMMON_LEN || size > VIRTIO_PCI_COMMON_LEN - off)
		return 0;
	pthread_mutex_lock(&vp->vdev->lock);
	cc_snapshot(vp, b);
	pthread_mutex_unlock(&vp->vdev->lock);
	return get(b, (unsigned int)off, size);
}

/*
 * A write of any width: merge it into the current values, then apply
 * each register it touched, in offset order.
 */
static void common_write(struct virtio_pci *vp, uint64_t off, unsigned int size,
			 uint64_t val)
{
	uint8_t b[VIRTIO_PCI_COMMON_LEN];
	bool reset = false;
	size_t i;

	if (off >= VIRTIO_PCI_COMMON_LEN || size > VIRTIO_PCI_COMMON_LEN - off)
		return;
	pthread_mutex_lock(&vp->vdev->lock);
	cc_snapshot(vp, b);
	put(b, (unsigned int)off, size, val);
	for (i = 0; i < sizeof(cc_fields) / sizeof(cc_fields[0]); i++) {
		unsigned int f = cc_fields[i].off, n = cc_fields[i].len;

		if (f + n <= off || f >= off + size)
			continue;
		reset |= cc_field_write(vp, f, get(b, f, n));
	}
	pthread_mutex_unlock(&vp->vdev->lock);
	if (reset)
		transport_reset(vp);
}

/* ISR status (4.1.4.5): reading clears it and lowers INTx. */
static uint64_t isr_read(struct virtio_pci *vp, uint64_t off)
{
	uint8_t v;

	if (off != 0)
		return 0;
	pthread_mutex_lock(&vp->irq_lock);
	v = vp->isr;
	vp->isr = 0;
	pci_dev_set_intx(&vp->pci, false);
	pthread_mutex_unlock(&vp->irq_lock);
	return v;
}

static uint64_t devcfg_read(struct virtio_pci *vp, uint64_t off,
			    unsigned int size)
{
	struct virtio_dev *d = vp->vdev;
	uint8_t b[8] = {0};

	if (off >= d->ops->config_size || size > d->ops->config_size - off ||
	    !d->ops->config_read)
		return 0;
	pthread_mutex_lock(&d->lock);
	d->ops->config_read(d, (uint32_t)off, b, size);
	pthread_mutex_unlock(&d->lock);
	return get(b, 0, size);
}

static void devcfg_write(struct virtio_pci *vp, uint64_t off, unsigned int size,
			 uint64_t val)
{
	struct virtio_dev *d = vp->vdev;
	uint8_t b[8];

	if (off >= d->ops->config_size || size > d->ops->config_size - off ||
	    !d->ops->config_write)
		return;
	put(b, 0, size, val);
	pthread_mutex_lock(&d->lock);
	d->ops->config_write(d, (uint32_t)off, b, size);
	pthread_mutex_unlock(&d->lock);
}

/* 4.1.4.4: the driver writes a queue's index at its notify address. */
static void notify_write(struct virtio_pci *vp, uint64_t off)
{
	uint64_t q = off / VIRTIO_PCI_NOTIFY_MULT;

	if (off % VIRTIO_PCI_NOTIFY_MULT || q >= vp->vdev->ops->num_queues)
		return;
	virtio_queue_kick(vp->vdev, (unsigned int)q);
}

static uint64_t bar_read(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size)
{
	struct virtio_pci *vp = opaque;

	(void)cpu;
	if (off < VIRTIO_PCI_ISR_OFF)
		return common_read(vp, off - VIRTIO_PCI_COMMON_OFF, size);
	if (off < VIRTIO_PCI_DEVICE_OFF)
		return isr_read(vp, off - VIRTIO_PCI_ISR_OFF);
	if (off < VIRTIO_PCI_NOTIFY_OFF)
		return devcfg_read(vp, off - VIRTIO_PCI_DEVICE_OFF, size);
	return 0;
}

static void bar_write(void *opaque, unsigned int cpu, uint64_t off,
		      unsigned int size, uint64_t val)
{
	struct virtio_pci *vp = opaque;

	(void)cpu;
	if (off < VIRTIO_PCI_ISR_OFF)
		common_write(vp, off - VIRTIO_PCI_COMMON_OFF, size, val);
	else if (off >= VIRTIO_PCI_DEVICE_OFF && off < VIRTIO_PCI_NOTIFY_OFF)
		devcfg_write(vp, off - VIRTIO_PCI_DEVICE_OFF, size, val);
	else if (off >= VIRTIO_PCI_NOTIFY_OFF)
		notify_write(vp, off - VIRTIO_PCI_NOTIFY_OFF);
}

static const struct bus_ops virtio_pci_bar_ops = {bar_read, bar_write};

/* An interrupt by MSI-X vector when enabled, else the ISR bit and INTx. */
static void send_irq(struct virtio_pci *vp, uint16_t vector, uint8_t isr_bit)
{
	if (msix_enabled(&vp->msix)) {
		if (vector != VIRTIO_MSI_NO_VECTOR)
			msix_notify(&vp->msix, vector);
		return;
	}
	pthread_mutex_lock(&vp->irq_lock);
	vp->isr |= isr_bit;
	pci_dev_set_intx(&vp->pci, true);
	pthread_mutex_unlock(&vp->irq_lock);
}

static void notify_queue(struct virtio_dev *d, unsigned int q)
{
	struct virtio_pci *vp = d->transport.opaque;
	uint16_t vec;

	if (q >= VIRTIO_MAX_QUEUES)
		return;
	pthread_mutex_lock(&vp->irq_lock);
	vec = vp->queue_vector[q];
	pthread_mutex_unlock(&vp->irq_lock);
	send_irq(vp, vec, 1);
}

static void notify_config(struct virtio_dev *d)
{
	struct virtio_pci *vp = d->transport.opaque;
	uint16_t vec;

	pthread_mutex_lock(&vp->irq_lock);
	vec = vp->config_vector;
	pthread_mutex_unlock(&vp->irq_lock);
	send_irq(vp, vec, 2);
}

/*
 * The PCI configuration access capability (4.1.4.8): pci_cfg_data is a
 * window onto cap.bar at cap.offset, cap.length (1, 2 or 4) bytes wide.
 * Returns the BAR, or NULL when the driver's window is not valid.
 */
static struct pci_bar *cfg_window(struct virtio_pci *vp, uint32_t *off,
				  unsigned int *len)
{
	struct pci_dev *p = &vp->pci;
	unsigned int c = vp->pci_cfg_cap;
	uint8_t bar = p->cfg[c + 4];
	struct pci_bar *b;

	*off = pci_get(p, c + 8, 4);
	*len = pci_get(p, c + 12, 4);
	if (bar >= PCI_NUM_BARS || (*len != 1 && *len != 2 && *len != 4) ||
	    *off % *len)
		return NULL;
	b = &p->bar[bar];
	if (!b->size || !b->ops || *off >= b->size || *len > b->size - *off)
		return NULL;
	return b;
}

static bool in_cfg_data(struct virtio_pci *vp, uint32_t off, unsigned int size)
{
	unsigned int data = vp->pci_cfg_cap + 16;

	return off < data + 4 && off + size > data;
}

static void pci_cfg_read_hook(struct pci_dev *p, uint32_t off,
			      unsigned int size, uint32_t *val)
{
	struct virtio_pci *vp = p->opaque;
	unsigned int data = vp->pci_cfg_cap + 16, len;
	uint32_t boff;
	struct pci_bar *b;

	if (!in_cfg_data(vp, off, size))
		return;
	b = cfg_window(vp, &boff, &len);
	if (b && b->ops->read)
		pci_set(p, data, 4,
			(uint32_t)b->ops->read(b->opaque, 0, boff, len));
	*val = pci_get(p, off, size);
}

static void pci_cfg_write_hook(struct pci_dev *p, uint32_t off,
			       unsigned int size, uint32_t val)
{
	struct virtio_pci *vp = p->opaque;
	unsigned int len;
	uint32_t boff;
	struct pci_bar *b;

	(void)val;
	if (msix_enabled(&vp->msix))
		pci_dev_set_intx(p, false); /* 6.8.2: no INTx with MSI-X */
	if (!in_cfg_data(vp, off, size))
		return;
	b = cfg_window(vp, &boff, &len);
	if (b && b->ops->write)
		b->ops->write(b->opaque, 0, boff, len,
			      pci_get(p, vp->pci_cfg_cap + 16, len));
}

static const struct pci_dev_ops virtio_pci_cfg_ops = {pci_cfg_read_hook,
						      pci_cfg_write_hook};

/* struct virtio_pci_cap (4.1.4); returns its config-space offset. */
static unsigned int add_vcap(struct virtio_pci *vp, uint8_t type, uint32_t off,
			     uint32_t len, unsigned int caplen)
{
	struct pci_dev *p = &vp->pci;
	unsigned int c = pci_dev_add_cap(p, PCI_CAP_ID_VNDR, caplen);

	if (!c)
		return 0;
	p->cfg[c + 2] = (uint8_t)caplen;
	p->cfg[c + 3] = type;
	p->cfg[c + 4] = type == VIRTIO_PCI_CAP_PCI_CFG ? 0 : VIRTIO_PCI_BAR;
	pci_set(p, c + 8, 4, off);
	pci_set(p, c + 12, 4, len);
	return c;
}

/* PCI class codes (PCI Code and ID Assignment) by virtio device id. */
static uint32_t class_of(uint32_t id)
{
	switch (id) {
	case VIRTIO_ID_NET:
		return 0x020000; /* Ethernet controller */
	case VIRTIO_ID_BLOCK:
		return 0x018000; /* other mass storage controller */
	case VIRTIO_ID_CONSOLE:
		return 0x078000; /* other communication controller */
	default:
		return 0x00ff00; /* unclassified */
	}
}

static int add_caps(struct virtio_pci *vp)
{
	const struct virtio_dev_ops *ops = vp->vdev->ops;
	struct pci_dev *p = &vp->pci;
	unsigned int c, i;

	if (!add_vcap(vp, VIRTIO_PCI_CAP_COMMON_CFG, VIRTIO_PCI_COMMON_OFF,
		      VIRTIO_PCI_COMMON_LEN, 16) ||
	    !add_vcap(vp, VIRTIO_PCI_CAP_ISR_CFG, VIRTIO_PCI_ISR_OFF, 1, 16))
		return -1;
	c = add_vcap(vp, VIRTIO_PCI_CAP_NOTIFY_CFG, VIRTIO_PCI_NOTIFY_OFF,
		     ops->num_queues * VIRTIO_PCI_NOTIFY_MULT, 20);
	if (!c)
		return -1;
	pci_set(p, c + 16, 4, VIRTIO_PCI_NOTIFY_MULT);
	if (ops->config_size &&
	    !add_vcap(vp, VIRTIO_PCI_CAP_DEVICE_CFG, VIRTIO_PCI_DEVICE_OFF,
		      ops->config_size, 16))
		return -1;
	c = add_vcap(vp, VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 20);
	if (!c)
		return -1;
	vp->pci_cfg_cap = c;
	p->wmask[c + 4] = 0xff;
	for (i = 8; i < 20; i++)
		p->wmask[c + i] = 0xff;
	return 0;
}

int virtio_pci_init(struct virtio_pci *vp, struct virtio_dev *vdev)
{
	const struct virtio_dev_ops *ops = vdev->ops;
	uint16_t id = (uint16_t)(VIRTIO_PCI_DEVICE_BASE + ops->device_id);
	struct pci_dev *p = &vp->pci;

	if (ops->num_queues > VIRTIO_MAX_QUEUES ||
	    ops->config_size > VIRTIO_PCI_DEVICE_MAX)
		return -1;
	memset(vp, 0, sizeof(*vp));
	vp->vdev = vdev;
	pthread_mutex_init(&vp->irq_lock, NULL);
	pci_dev_init(p, ops->name, VIRTIO_PCI_VENDOR, id,
		     class_of(ops->device_id), 1);
	pci_dev_set_subsystem(p, VIRTIO_PCI_VENDOR, id);
	pci_dev_set_intx_pin(p, true);
	p->ops = &virtio_pci_cfg_ops;
	p->opaque = vp;
	if (msix_init(&vp->msix, p, ops->num_queues + 1u, VIRTIO_PCI_MSIX_BAR,
		      0, VIRTIO_PCI_MSIX_PBA_OFF) ||
	    pci_dev_add_bar(p, VIRTIO_PCI_MSIX_BAR, VIRTIO_PCI_MSIX_BAR_SIZE, 0,
			    &msix_ops, &vp->msix) ||
	    pci_dev_add_bar(p, VIRTIO_PCI_BAR, VIRTIO_PCI_BAR_SIZE,
			    PCI_BAR_MEM64 | PCI_BAR_PREFETCH,
			    &virtio_pci_bar_ops, vp) ||
	    add_caps(vp)) {
		virtio_pci_destroy(vp);
		return -1;
	}
	transport_reset(vp);
	vdev->transport =
	    (struct virtio_transport){notify_queue, notify_config, vp};
	return 0;
}

void virtio_pci_reset(struct virtio_pci *vp)
{
	pthread_mutex_lock(&vp->vdev->lock);
	virtio_set_status(vp->vdev, 0);
	pthread_mutex_unlock(&vp->vdev->lock);
	transport_reset(vp);
	pci_dev_reset(&vp->pci);
}

void virtio_pci_destroy(struct virtio_pci *vp)
{
	msix_destroy(&vp->msix);
	pci_dev_destroy(&vp->pci);
	pthread_mutex_destroy(&vp->irq_lock);
}
