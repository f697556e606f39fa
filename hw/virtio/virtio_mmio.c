// SPDX-License-Identifier: MIT
/*
 * virtio-mmio register decoding (virtio 1.2 section 4.2.2, version 2 only;
 * the driver is Linux 6.12 drivers/virtio/virtio_mmio.c). Registers are
 * 32 bits wide and accesses of another width or alignment are ignored
 * (reads as 0); the device config space at 0x100 takes 1, 2 and 4-byte
 * accesses.
 */
#include <stdio.h>
#include <string.h>

#include "virtio_mmio.h"

/* Register offsets (4.2.2, table "MMIO Device Register Layout"). */
enum {
	MMIO_MAGIC = 0x000,
	MMIO_VERSION = 0x004,
	MMIO_DEVICE_ID = 0x008,
	MMIO_VENDOR_ID = 0x00c,
	MMIO_DEV_FEATURES = 0x010,
	MMIO_DEV_FEATURES_SEL = 0x014,
	MMIO_DRV_FEATURES = 0x020,
	MMIO_DRV_FEATURES_SEL = 0x024,
	MMIO_QUEUE_SEL = 0x030,
	MMIO_QUEUE_NUM_MAX = 0x034,
	MMIO_QUEUE_NUM = 0x038,
	MMIO_QUEUE_READY = 0x044,
	MMIO_QUEUE_NOTIFY = 0x050,
	MMIO_INT_STATUS = 0x060,
	MMIO_INT_ACK = 0x064,
	MMIO_STATUS = 0x070,
	MMIO_QUEUE_DESC_LO = 0x080,
	MMIO_QUEUE_DESC_HI = 0x084,
	MMIO_QUEUE_DRIVER_LO = 0x090,
	MMIO_QUEUE_DRIVER_HI = 0x094,
	MMIO_QUEUE_DEVICE_LO = 0x0a0,
	MMIO_QUEUE_DEVICE_HI = 0x0a4,
	MMIO_SHM_SEL = 0x0ac,
	MMIO_SHM_LEN_LO = 0x0b0,
	MMIO_SHM_BASE_HI = 0x0bc,
	MMIO_CONFIG_GEN = 0x0fc,
	MMIO_CONFIG = 0x100,
};

/* Level = InterruptStatus != 0. irq_lock held. */
static void update_line(struct virtio_mmio *m)
{
	bool level = m->isr != 0;

	if (level != m->level) {
		m->level = level;
		irq_set(m->irq, m->pin, level);
	}
}

static void raise_isr(struct virtio_mmio *m, uint32_t bits)
{
	pthread_mutex_lock(&m->irq_lock);
	m->isr |= bits;
	update_line(m);
	pthread_mutex_unlock(&m->irq_lock);
}

static void ack_isr(struct virtio_mmio *m, uint32_t bits)
{
	pthread_mutex_lock(&m->irq_lock);
	m->isr &= ~bits;
	update_line(m);
	pthread_mutex_unlock(&m->irq_lock);
}

static void mmio_notify_queue(struct virtio_dev *d, unsigned int q)
{
	(void)q;
	raise_isr(d->transport.opaque, VIRTIO_MMIO_INT_VRING);
}

static void mmio_notify_config(struct virtio_dev *d)
{
	raise_isr(d->transport.opaque, VIRTIO_MMIO_INT_CONFIG);
}

void virtio_mmio_init(struct virtio_mmio *m, struct virtio_dev *d,
		      const struct irq_sink *irq, unsigned int pin)
{
	memset(m, 0, sizeof(*m));
	m->dev = d;
	m->irq = irq;
	m->pin = pin;
	pthread_mutex_init(&m->irq_lock, NULL);
	d->transport.notify_queue = mmio_notify_queue;
	d->transport.notify_config = mmio_notify_config;
	d->transport.opaque = m;
}

void virtio_mmio_destroy(struct virtio_mmio *m)
{
	pthread_mutex_destroy(&m->irq_lock);
}

/* The selected queue, or NULL when QueueSel names none. */
static struct virtqueue *sel_queue(struct virtio_mmio *m)
{
	if (m->queue_sel >= m->dev->ops->num_queues ||
	    m->queue_sel >= VIRTIO_MAX_QUEUES)
		return NULL;
	return &m->dev->vq[m->queue_sel];
}

static uint64_t config_read(struct virtio_mmio *m, uint64_t off,
			    unsigned int size)
{
	struct virtio_dev *d = m->dev;
	uint8_t buf[4] = {0};
	uint64_t v = 0;
	unsigned int i;

	if (size > 4 || off + size > d->ops->config_size ||
	    !d->ops->config_read)
		return 0;
	pthread_mutex_lock(&d->lock);
	d->ops->config_read(d, (uint32_t)off, buf, size);
	pthread_mutex_unlock(&d->lock);
	for (i = 0; i < size; i++)
		v |= (uint64_t)buf[i] << (8 * i);
	return v;
}

static void config_write(struct virtio_mmio *m, uint64_t off, unsigned int size,
			 uint64_t v)
{
	struct virtio_dev *d = m->dev;
	uint8_t buf[4];
	unsigned int i;

	if (size > 4 || off + size > d->ops->config_size ||
	    !d->ops->config_write)
		return;
	for (i = 0; i < size; i++)
		buf[i] = v >> (8 * i);
	pthread_mutex_lock(&d->lock);
	d->ops->config_write(d, (uint32_t)off, buf, size);
	pthread_mutex_unlock(&d->lock);
}

static uint32_t queue_read(struct virtio_mmio *m, uint64_t off)
{
	struct virtqueue *vq = sel_queue(m);

	if (!vq)
		return 0;
	switch (off) {
	case MMIO_QUEUE_NUM_MAX:
		return vq->size_max;
	case MMIO_QUEUE_READY:
		return vq->ready;
	}
	return 0;
}

/* Reads of the 32-bit registers; dev->lock held. */
static uint32_t reg_read(struct virtio_mmio *m, uint64_t off)
{
	struct virtio_dev *d = m->dev;

	switch (off) {
	case MMIO_MAGIC:
		return VIRTIO_MMIO_MAGIC;
	case MMIO_VERSION:
		return 2;
	case MMIO_DEVICE_ID:
		return d->ops->device_id;
	case MMIO_VENDOR_ID:
		return VIRTIO_MMIO_VENDOR;
	case MMIO_DEV_FEATURES:
		if (m->dev_features_sel > 1)
			return 0;
		return (uint32_t)(d->host_features >>
				  (32 * m->dev_features_sel));
	case MMIO_QUEUE_NUM_MAX:
	case MMIO_QUEUE_READY:
		return queue_read(m, off);
	case MMIO_STATUS:
		return d->status;
	case MMIO_CONFIG_GEN:
		return d->config_generation;
	}
	/* No shared memory regions: their length reads as ~0 (4.2.2). */
	if (off >= MMIO_SHM_LEN_LO && off <= MMIO_SHM_BASE_HI)
		return 0xffffffff;
	return 0;
}

static uint64_t mmio_read(void *opaque, unsigned int cpu, uint64_t off,
			  unsigned int size)
{
	struct virtio_mmio *m = opaque;
	uint32_t v;

	(void)cpu;
	if (off >= MMIO_CONFIG)
		return config_read(m, off - MMIO_CONFIG, size);
	if (size != 4 || (off & 3))
		return 0;
	if (off == MMIO_INT_STATUS) {
		pthread_mutex_lock(&m->irq_lock);
		v = m->isr;
		pthread_mutex_unlock(&m->irq_lock);
		return v;
	}
	pthread_mutex_lock(&m->dev->lock);
	v = reg_read(m, off);
	pthread_mutex_unlock(&m->dev->lock);
	return v;
}

static void set_lo(uint64_t *gpa, uint32_t v)
{
	*gpa = (*gpa & ~0xffffffffull) | v;
}

static void set_hi(uint64_t *gpa, uint32_t v)
{
	*gpa = (*gpa & 0xffffffffull) | (uint64_t)v << 32;
}

/* QueueReady = 1: a bad setup breaks the device rather than the VMM. */
static void queue_enable(struct virtio_mmio *m, struct virtqueue *vq)
{
	const char *why = vq_check_config(vq);
	char msg[96];

	if (why) {
		snprintf(msg, sizeof(msg), "queue %u: %s", vq->index, why);
		virtio_set_broken(m->dev, msg);
		return;
	}
	vq->ready = true;
}

/* Writes to the selected queue's registers; dev->lock held. */
static void queue_write(struct virtio_mmio *m, uint64_t off, uint32_t v)
{
	struct virtqueue *vq = sel_queue(m);

	if (!vq)
		return;
	if (off == MMIO_QUEUE_READY) {
		if (!v)
			vq->ready = false;
		else if (!vq->ready)
			queue_enable(m, vq);
		return;
	}
	if (vq->ready) /* 4.2.3.2: set up only while disabled */
		return;
	switch (off) {
	case MMIO_QUEUE_NUM:
		vq->size = v > 0xffff ? 0 : (uint16_t)v;
		break;
	case MMIO_QUEUE_DESC_LO:
		set_lo(&vq->desc_gpa, v);
		break;
	case MMIO_QUEUE_DESC_HI:
		set_hi(&vq->desc_gpa, v);
		break;
	case MMIO_QUEUE_DRIVER_LO:
		set_lo(&vq->avail_gpa, v);
		break;
	case MMIO_QUEUE_DRIVER_HI:
		set_hi(&vq->avail_gpa, v);
		break;
	case MMIO_QUEUE_DEVICE_LO:
		set_lo(&vq->used_gpa, v);
		break;
	case MMIO_QUEUE_DEVICE_HI:
		set_hi(&vq->used_gpa, v);
		break;
	}
}

static void status_write(struct virtio_mmio *m, uint32_t v)
{
	virtio_set_status(m->dev, (uint8_t)v);
	if ((uint8_t)v == 0) {
		/* Reset: the transport's state goes too (4.2.2). */
		m->dev_features_sel = m->drv_features_sel = m->queue_sel = 0;
		ack_isr(m, ~0u);
	}
}

/* Writes to the 32-bit registers; dev->lock held. */
static void reg_write(struct virtio_mmio *m, uint64_t off, uint32_t v)
{
	switch (off) {
	case MMIO_DEV_FEATURES_SEL:
		m->dev_features_sel = v;
		break;
	case MMIO_DRV_FEATURES:
		virtio_set_driver_features(m->dev, m->drv_features_sel, v);
		break;
	case MMIO_DRV_FEATURES_SEL:
		m->drv_features_sel = v;
		break;
	case MMIO_QUEUE_SEL:
		m->queue_sel = v;
		break;
	case MMIO_STATUS:
		status_write(m, v);
		break;
	default:
		if (off >= MMIO_QUEUE_NUM && off <= MMIO_QUEUE_DEVICE_HI)
			queue_write(m, off, v);
		break;
	}
}

static void mmio_write(void *opaque, unsigned int cpu, uint64_t off,
		       unsigned int size, uint64_t val)
{
	struct virtio_mmio *m = opaque;
	uint32_t v = (uint32_t)val;

	(void)cpu;
	if (off >= MMIO_CONFIG) {
		config_write(m, off - MMIO_CONFIG, size, val);
		return;
	}
	if (size != 4 || (off & 3))
		return;
	switch (off) {
	case MMIO_QUEUE_NOTIFY:
		/* The device lock is taken by the kick itself. */
		virtio_queue_kick(m->dev, v & 0xffff);
		return;
	case MMIO_INT_ACK:
		ack_isr(m, v);
		return;
	}
	pthread_mutex_lock(&m->dev->lock);
	reg_write(m, off, v);
	pthread_mutex_unlock(&m->dev->lock);
}

const struct bus_ops virtio_mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
};
