// SPDX-License-Identifier: MIT
/*
 * The transport-independent part of a virtio device (virtio 1.2 sections
 * 2.1, 2.2 and 3.1): the status state machine the driver walks through
 * (hardening rule 7), feature negotiation, reset, the broken state a
 * violation leaves the device in, and queue kicks and interrupts.
 */
#include <stdio.h>
#include <string.h>

#include "virtio.h"

/* Features the queue code implements for every device type. */
#define VIRTIO_COMMON_FEATURES                                         \
	(1ull << VIRTIO_F_VERSION_1 | 1ull << VIRTIO_F_INDIRECT_DESC | \
	 1ull << VIRTIO_F_RING_EVENT_IDX)

static uint64_t offered_features(struct virtio_dev *d)
{
	uint64_t f = d->ops->features ? d->ops->features(d) : 0;

	return f | VIRTIO_COMMON_FEATURES;
}

void virtio_dev_init(struct virtio_dev *d, const struct virtio_dev_ops *ops,
		     void *priv, const struct guest_mem *mem)
{
	unsigned int i;

	memset(d, 0, sizeof(*d));
	d->ops = ops;
	d->priv = priv;
	d->mem = mem;
	pthread_mutex_init(&d->lock, NULL);
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++) {
		d->vq[i].dev = d;
		d->vq[i].index = i;
		d->vq[i].size_max =
		    i < ops->num_queues ? ops->queue_size_max : 0;
		vq_reset(&d->vq[i]);
	}
	d->host_features = offered_features(d);
}

void virtio_dev_destroy(struct virtio_dev *d)
{
	pthread_mutex_destroy(&d->lock);
}

/* Status 0 (2.4): queues, features and device state back to their start. */
static void virtio_reset(struct virtio_dev *d)
{
	unsigned int i;

	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		vq_reset(&d->vq[i]);
	d->status = 0;
	d->driver_features = 0;
	d->driver_features_high = false;
	d->broken = false;
	if (d->ops->reset)
		d->ops->reset(d);
	d->host_features = offered_features(d);
}

void virtio_set_broken(struct virtio_dev *d, const char *why)
{
	if (d->broken)
		return;
	d->broken = true;
	d->status |= VIRTIO_STATUS_NEEDS_RESET;
	d->config_generation++;
	fprintf(stderr, "%s: %s; device needs reset\n", d->ops->name, why);
	/* 2.1.2: the config notification is due once DRIVER_OK is set. */
	if ((d->status & VIRTIO_STATUS_DRIVER_OK) && d->transport.notify_config)
		d->transport.notify_config(d);
}

/* 3.1.1 step 5: FEATURES_OK sticks only for a set we can honour. */
static bool features_acceptable(const struct virtio_dev *d)
{
	return !d->driver_features_high &&
	       !(d->driver_features & ~d->host_features) &&
	       virtio_has_feature(d, VIRTIO_F_VERSION_1);
}

static void features_ok(struct virtio_dev *d)
{
	unsigned int i;
	bool ev = virtio_has_feature(d, VIRTIO_F_RING_EVENT_IDX);

	d->status |= VIRTIO_STATUS_FEATURES_OK;
	for (i = 0; i < VIRTIO_MAX_QUEUES; i++)
		d->vq[i].event_idx = ev;
}

/* Each bit in 3.1.1's order, and the bit it needs set before it. */
static const struct {
	uint8_t bit, needs;
} status_order[] = {
    {VIRTIO_STATUS_ACKNOWLEDGE, 0},
    {VIRTIO_STATUS_DRIVER, VIRTIO_STATUS_ACKNOWLEDGE},
    {VIRTIO_STATUS_FEATURES_OK, VIRTIO_STATUS_DRIVER},
    {VIRTIO_STATUS_DRIVER_OK, VIRTIO_STATUS_FEATURES_OK},
};

void virtio_set_status(struct virtio_dev *d, uint8_t status)
{
	uint8_t known = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
			VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK |
			VIRTIO_STATUS_FAILED;
	uint8_t cur = d->status & known;
	unsigned int i;

	if (status == 0) {
		virtio_reset(d);
		return;
	}
	status &= ~VIRTIO_STATUS_NEEDS_RESET; /* the device's bit */
	if (status & ~known) {
		virtio_set_broken(d, "driver wrote an unknown status bit");
		return;
	}
	if (cur & ~status) {
		virtio_set_broken(d, "driver cleared a status bit");
		return;
	}
	/* FAILED: the driver gave up (2.1); accepted at any time. */
	d->status |= status & VIRTIO_STATUS_FAILED;
	for (i = 0; i < sizeof(status_order) / sizeof(status_order[0]); i++) {
		uint8_t bit = status_order[i].bit;

		if (!(status & bit) || (d->status & bit))
			continue;
		if (status_order[i].needs &&
		    !(d->status & status_order[i].needs)) {
			virtio_set_broken(d, "driver set status bits out of "
					     "order");
			return;
		}
		if (bit == VIRTIO_STATUS_FEATURES_OK) {
			if (!features_acceptable(d))
				continue; /* does not stick; driver re-reads */
			features_ok(d);
			continue;
		}
		d->status |= bit;
		if (bit == VIRTIO_STATUS_DRIVER_OK && d->ops->start)
			d->ops->start(d);
	}
}

void virtio_set_driver_features(struct virtio_dev *d, unsigned int sel,
				uint32_t val)
{
	/* 3.1.1: features are fixed once FEATURES_OK is set. */
	if (d->status & VIRTIO_STATUS_FEATURES_OK)
		return;
	if (sel > 1) {
		if (val)
			d->driver_features_high = true;
		return;
	}
	d->driver_features &= ~(0xffffffffull << (32 * sel));
	d->driver_features |= (uint64_t)val << (32 * sel);
}

bool virtio_queue_live(struct virtio_dev *d, unsigned int q)
{
	return q < d->ops->num_queues &&
	       (d->status & VIRTIO_STATUS_DRIVER_OK) && !d->broken &&
	       d->vq[q].ready && d->vq[q].size;
}

void virtio_notify_queue(struct virtio_dev *d, unsigned int q)
{
	bool notify;

	if (q >= d->ops->num_queues)
		return;
	pthread_mutex_lock(&d->lock);
	notify = vq_should_notify(&d->vq[q]);
	pthread_mutex_unlock(&d->lock);
	if (notify && d->transport.notify_queue)
		d->transport.notify_queue(d, q);
}

void virtio_queue_kick(struct virtio_dev *d, unsigned int q)
{
	bool live;

	pthread_mutex_lock(&d->lock);
	live = virtio_queue_live(d, q) && vq_avail_ok(&d->vq[q]);
	pthread_mutex_unlock(&d->lock);
	if (live && d->ops->queue_notify)
		d->ops->queue_notify(d, q);
}
