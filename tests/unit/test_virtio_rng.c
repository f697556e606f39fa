// SPDX-License-Identifier: MIT
/*
 * virtio-rng (hw/virtio/virtio_rng.c) through its queue in a fake guest
 * RAM: requests are filled with random bytes up to the per-request cap,
 * completed with the right length and an interrupt, and a request with a
 * readable buffer breaks the device.
 */
#include "../../hw/virtio/virtio_rng.h"

#include "expect.h"
#include "virtio_drv.h"

static unsigned int irqs;

static void count_irq(struct virtio_dev *d, unsigned int q)
{
	(void)d;
	(void)q;
	irqs++;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

int main(void)
{
	struct virtio_rng r;
	struct vdrv v;
	struct vdrv_q q;
	uint32_t id, len;
	uint64_t a = vdrv_data(0), b = vdrv_data(0x1000);
	struct vdrv_seg two[] = {{a, 100, true}, {b, 70000, true}};
	struct vdrv_seg small[] = {{a, 32, true}};
	struct vdrv_seg readable[] = {{a, 8, false}, {b, 8, true}};
	uint16_t head;

	if (vdrv_init(&v))
		return 1;
	EXPECT(virtio_rng_init(&r, &v.mem) == 0);
	r.dev.transport.notify_queue = count_irq;
	EXPECT(r.dev.ops->device_id == VIRTIO_ID_RNG);
	EXPECT(vdrv_start(&v, &r.dev, 1ull << VIRTIO_F_VERSION_1, &q, 64) ==
	       0xf);

	head = vdrv_add(&q, two, 2);
	virtio_queue_kick(&r.dev, 0);
	EXPECT(vdrv_used(&q, &id, &len));
	EXPECT(id == head && len == VIRTIO_RNG_MAX_REQ);
	EXPECT(!all_zero(vdrv_host(&v, a), 100));
	EXPECT(!all_zero(vdrv_host(&v, b), VIRTIO_RNG_MAX_REQ - 100));
	/* Past the cap the buffer is untouched. */
	EXPECT(all_zero(vdrv_host(&v, b) + VIRTIO_RNG_MAX_REQ - 100,
			70000 - (VIRTIO_RNG_MAX_REQ - 100)));
	EXPECT(irqs == 1);

	/* Several requests in one kick, one interrupt. */
	vdrv_add(&q, small, 1);
	vdrv_add(&q, small, 1);
	vdrv_add(&q, small, 1);
	virtio_queue_kick(&r.dev, 0);
	EXPECT(vdrv_used(&q, &id, &len) && len == 32);
	EXPECT(vdrv_used(&q, &id, &len) && len == 32);
	EXPECT(vdrv_used(&q, &id, &len) && len == 32);
	EXPECT(!vdrv_used(&q, &id, &len));
	EXPECT(irqs == 2 && !r.dev.broken);

	/* A readable buffer is a driver bug: the device needs reset. */
	vdrv_add(&q, readable, 2);
	virtio_queue_kick(&r.dev, 0);
	EXPECT(r.dev.broken);
	EXPECT(r.dev.status & VIRTIO_STATUS_NEEDS_RESET);
	EXPECT(!vdrv_used(&q, &id, &len));

	/* After a reset it works again. */
	EXPECT(vdrv_start(&v, &r.dev, 1ull << VIRTIO_F_VERSION_1, &q, 64) ==
	       0xf);
	vdrv_add(&q, small, 1);
	virtio_queue_kick(&r.dev, 0);
	EXPECT(vdrv_used(&q, &id, &len) && len == 32);

	virtio_rng_destroy(&r);
	vdrv_free(&v);
	if (failures) {
		fprintf(stderr, "test_virtio_rng: %d failures\n", failures);
		return 1;
	}
	printf("test_virtio_rng: all checks passed\n");
	return 0;
}
