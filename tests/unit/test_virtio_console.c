// SPDX-License-Identifier: MIT
/*
 * virtio-console (hw/virtio/virtio_console.c) through its queues in a fake
 * guest RAM: guest output reaches the host fd in order, host input waits
 * for receive buffers and fills them, the hold buffer bounds input, and
 * wrongly-directed buffers break the device.
 */
#include <fcntl.h>
#include <unistd.h>

#include "../../hw/virtio/virtio_console.h"

#include "expect.h"
#include "virtio_drv.h"

static unsigned int irqs[2];

static void count_irq(struct virtio_dev *d, unsigned int q)
{
	(void)d;
	irqs[q & 1]++;
}

static uint64_t v1 = 1ull << VIRTIO_F_VERSION_1;

static void test_output(struct vdrv *v, struct virtio_console *c,
			struct vdrv_q *q, int rfd)
{
	uint64_t a = vdrv_data(0), b = vdrv_data(0x100);
	struct vdrv_seg out[] = {{a, 5, false}, {b, 7, false}};
	char buf[64] = {0};
	uint32_t id, len;
	uint16_t head;

	memcpy(vdrv_host(v, a), "hello", 5);
	memcpy(vdrv_host(v, b), " world\n", 7);
	head = vdrv_add(&q[1], out, 2);
	vdrv_add(&q[1], out, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_TXQ);
	EXPECT(read(rfd, buf, sizeof(buf)) == 17);
	EXPECT(memcmp(buf, "hello world\nhello", 17) == 0);
	EXPECT(vdrv_used(&q[1], &id, &len) && id == head && len == 0);
	EXPECT(vdrv_used(&q[1], &id, &len));
	EXPECT(irqs[1] == 1);
}

static void test_input(struct vdrv *v, struct virtio_console *c,
		       struct vdrv_q *q)
{
	uint64_t a = vdrv_data(0x1000), b = vdrv_data(0x2000);
	struct vdrv_seg two[] = {{a, 2, true}};
	struct vdrv_seg eight[] = {{b, 8, true}};
	uint32_t id, len;
	uint8_t junk[5000] = {0};

	/* No receive buffers yet: the bytes wait. */
	EXPECT(virtio_console_input(c, "abc", 3) == 3);
	EXPECT(!vdrv_used(&q[0], &id, &len));
	vdrv_add(&q[0], two, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_RXQ);
	EXPECT(vdrv_used(&q[0], &id, &len) && len == 2);
	EXPECT(memcmp(vdrv_host(v, a), "ab", 2) == 0);
	vdrv_add(&q[0], eight, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_RXQ);
	EXPECT(vdrv_used(&q[0], &id, &len) && len == 1);
	EXPECT(vdrv_host(v, b)[0] == 'c');
	EXPECT(irqs[0] == 2);
	/* A posted buffer takes input at once. */
	vdrv_add(&q[0], eight, 1);
	EXPECT(virtio_console_input(c, "xyz", 3) == 3);
	EXPECT(vdrv_used(&q[0], &id, &len) && len == 3);
	EXPECT(memcmp(vdrv_host(v, b), "xyz", 3) == 0);
	EXPECT(irqs[0] == 3);
	/* The hold buffer is bounded; the oldest bytes come out first. */
	junk[0] = 'J';
	EXPECT(virtio_console_input(c, junk, sizeof(junk)) ==
	       VIRTIO_CONSOLE_RX_HOLD);
	EXPECT(virtio_console_input(c, "!", 1) == 0);
	vdrv_add(&q[0], eight, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_RXQ);
	EXPECT(vdrv_used(&q[0], &id, &len) && len == 8);
	EXPECT(vdrv_host(v, b)[0] == 'J');
	EXPECT(c->rx_count == VIRTIO_CONSOLE_RX_HOLD - 8);
	EXPECT(!c->dev.broken);
}

static void test_violations(struct vdrv *v, struct virtio_console *c,
			    struct vdrv_q *q)
{
	struct vdrv_seg wr_tx[] = {{vdrv_data(0), 4, true}};
	struct vdrv_seg rd_rx[] = {{vdrv_data(0), 4, false}};
	uint32_t id, len;

	vdrv_start(v, &c->dev, v1, q, 16);
	vdrv_add(&q[1], wr_tx, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_TXQ);
	EXPECT(c->dev.broken && !vdrv_used(&q[1], &id, &len));

	EXPECT(vdrv_start(v, &c->dev, v1, q, 16) == 0xf);
	vdrv_add(&q[0], rd_rx, 1);
	virtio_queue_kick(&c->dev, VIRTIO_CONSOLE_RXQ);
	EXPECT(c->dev.broken && !vdrv_used(&q[0], &id, &len));
}

int main(void)
{
	struct virtio_console c;
	struct vdrv v;
	struct vdrv_q q[2];
	uint8_t cfg[12];
	int p[2];

	if (vdrv_init(&v) || pipe(p))
		return 1;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	EXPECT(virtio_console_init(&c, &v.mem, p[1]) == 0);
	c.dev.transport.notify_queue = count_irq;
	EXPECT(c.dev.ops->device_id == VIRTIO_ID_CONSOLE);
	EXPECT(c.dev.ops->num_queues == 2 && c.dev.ops->config_size == 12);
	memset(cfg, 0xff, sizeof(cfg));
	c.dev.ops->config_read(&c.dev, 0, cfg, sizeof(cfg));
	EXPECT(cfg[0] == 0 && cfg[11] == 0);
	/* Before DRIVER_OK nothing moves. */
	virtio_queue_kick(&c.dev, VIRTIO_CONSOLE_TXQ);
	EXPECT(vdrv_start(&v, &c.dev, v1, q, 16) == 0xf);
	test_output(&v, &c, q, p[0]);
	test_input(&v, &c, q);
	test_violations(&v, &c, q);
	virtio_console_destroy(&c);
	close(p[0]);
	close(p[1]);
	vdrv_free(&v);
	if (failures) {
		fprintf(stderr, "test_virtio_console: %d failures\n", failures);
		return 1;
	}
	printf("test_virtio_console: all checks passed\n");
	return 0;
}
