/* SPDX-License-Identifier: MIT */
/*
 * The malformed-queue guest: drives the virtio-mmio device in the virt
 * board's first slot (a virtio-rng-device or a virtio-blk-device) and
 * hands it split rings that break virtio 1.2 section 2.7 one way each.
 * After each, the device must have set DEVICE_NEEDS_RESET (2.1.2) and
 * raised a configuration interrupt rather than crash, hang or write
 * outside guest RAM; the guest resets it (4.2.3.1) and starts over. At
 * the end, well-formed requests, direct and indirect, must work again.
 * tests/sh/virtio_malformed.sh runs it.
 */
#include "../runtime.h"
#include "vmmio.h"

#define NOT_RAM 0x40000000UL	/* the hole between low and high RAM */
#define LOWMEM_END 0x10000000UL /* low RAM is 256 MiB */
#define WAIT_MS 2000
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_RNG 4

static uint8_t buf[4096] __attribute__((aligned(4096)));
static struct vq_desc ind[2][8] __attribute__((aligned(16)));

static void set_desc(struct vq_desc *d, uint64_t addr, uint32_t len,
		     uint16_t flags, uint16_t next)
{
	d->addr = addr;
	d->len = len;
	d->flags = flags;
	d->next = next;
}

static void loop(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT, 1);
	set_desc(&v->desc[1], (uint64_t)buf + 16, 16,
		 DESC_F_WRITE | DESC_F_NEXT, 2);
	set_desc(&v->desc[2], (uint64_t)buf + 32, 16,
		 DESC_F_WRITE | DESC_F_NEXT, 0);
	vmmio_submit(v, 0);
}

static void self_loop(struct vmmio *v)
{
	set_desc(&v->desc[3], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT, 3);
	vmmio_submit(v, 3);
}

static void outside_ram(struct vmmio *v)
{
	set_desc(&v->desc[0], NOT_RAM, 64, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void crosses_ram_end(struct vmmio *v)
{
	set_desc(&v->desc[0], LOWMEM_END - 32, 64, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void wraps(struct vmmio *v)
{
	set_desc(&v->desc[0], ~0xfffUL, 0x2000, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void huge_len(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 0xffffffffu, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void zero_len(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 0, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void read_after_write(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT, 1);
	set_desc(&v->desc[1], (uint64_t)buf + 16, 16, 0, 0);
	vmmio_submit(v, 0);
}

/* Publishes an index QSIZE + 1 ahead of the device (2.7.6). */
static void avail_gap(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 16, DESC_F_WRITE, 0);
	v->avail_idx += QSIZE + 1;
	v->avail->idx = v->avail_idx;
	vmmio_write(VMMIO_QUEUE_NOTIFY, 0);
}

static void head_out_of_range(struct vmmio *v)
{
	vmmio_submit(v, QSIZE);
}

static void next_out_of_range(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT,
		 QSIZE + 3);
	vmmio_submit(v, 0);
}

static void nested_indirect(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)ind[0], 16, DESC_F_INDIRECT, 0);
	set_desc(&ind[0][0], (uint64_t)ind[1], 16, DESC_F_INDIRECT, 0);
	set_desc(&ind[1][0], (uint64_t)buf, 64, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
}

static void indirect_loop(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)ind[0], 32, DESC_F_INDIRECT, 0);
	set_desc(&ind[0][0], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT, 1);
	set_desc(&ind[0][1], (uint64_t)buf + 16, 16, DESC_F_WRITE | DESC_F_NEXT,
		 0);
	vmmio_submit(v, 0);
}

static void indirect_next_out_of_range(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)ind[0], 32, DESC_F_INDIRECT, 0);
	set_desc(&ind[0][0], (uint64_t)buf, 16, DESC_F_WRITE | DESC_F_NEXT, 5);
	vmmio_submit(v, 0);
}

static void indirect_outside_ram(struct vmmio *v)
{
	set_desc(&v->desc[0], NOT_RAM, 64, DESC_F_INDIRECT, 0);
	vmmio_submit(v, 0);
}

static void indirect_zero_len(struct vmmio *v)
{
	set_desc(&v->desc[0], (uint64_t)ind[0], 0, DESC_F_INDIRECT, 0);
	vmmio_submit(v, 0);
}

struct attack {
	const char *name;
	void (*run)(struct vmmio *v);
	uint64_t desc_gpa, avail_gpa; /* ring addresses, 0 for the normal */
};

static const struct attack attacks[] = {
    {"descriptor loop", loop, 0, 0},
    {"descriptor pointing at itself", self_loop, 0, 0},
    {"buffer outside RAM", outside_ram, 0, 0},
    {"buffer crossing the end of RAM", crosses_ram_end, 0, 0},
    {"buffer address wrapping", wraps, 0, 0},
    {"huge buffer length", huge_len, 0, 0},
    {"zero-length buffer", zero_len, 0, 0},
    {"readable buffer after a writable one", read_after_write, 0, 0},
    {"available index gap above queue size", avail_gap, 0, 0},
    {"head index >= queue size", head_out_of_range, 0, 0},
    {"next index >= queue size", next_out_of_range, 0, 0},
    {"nested indirect table", nested_indirect, 0, 0},
    {"loop inside an indirect table", indirect_loop, 0, 0},
    {"indirect next beyond the table", indirect_next_out_of_range, 0, 0},
    {"indirect table outside RAM", indirect_outside_ram, 0, 0},
    {"zero-length indirect table", indirect_zero_len, 0, 0},
    {"descriptor table outside RAM", head_out_of_range, NOT_RAM, 0},
    {"available ring outside RAM", outside_ram, 0, NOT_RAM},
};

static void run_attack(struct vmmio *v, const struct attack *a)
{
	uint32_t st, early;

	puts_uart("case: ");
	puts_uart(a->name);
	putc_uart('\n');
	CHECK("init", vmmio_init(v, a->desc_gpa, a->avail_gpa), 0);
	early = vmmio_read(VMMIO_STATUS) & ST_NEEDS_RESET;
	if (!a->desc_gpa && !a->avail_gpa) {
		a->run(v);
	} else if (!early) {
		/*
		 * A bad ring address may be caught at QueueReady (the device
		 * breaks, or the queue stays off) or at the first notify.
		 */
		if (!vmmio_read(VMMIO_QUEUE_READY)) {
			puts_uart("  refused at QueueReady\n");
			CHECK("  reset", vmmio_reset(), 0);
			return;
		}
		if (a->desc_gpa)
			vmmio_submit(v, 0);
		else
			vmmio_write(VMMIO_QUEUE_NOTIFY, 0);
	}
	st = vmmio_wait_status(ST_NEEDS_RESET, WAIT_MS);
	CHECK("  NEEDS_RESET set", st & ST_NEEDS_RESET, ST_NEEDS_RESET);
	/* 2.1.2: the notification is owed only when DRIVER_OK was set. */
	if (!early)
		CHECK("  config interrupt",
		      vmmio_read(VMMIO_INTERRUPT_STATUS) & INT_CONFIG,
		      INT_CONFIG);
	CHECK("  nothing used", v->used->idx, 0);
	CHECK("  device still answers", vmmio_read(VMMIO_MAGIC),
	      VMMIO_MAGIC_VALUE);
	CHECK("  reset", vmmio_reset(), 0);
}

/* Register pokes that must be harmless (4.2.2): no queue 99. */
static void bad_registers(struct vmmio *v)
{
	puts_uart("case: nonexistent queue and config offsets\n");
	CHECK("init", vmmio_init(v, 0, 0), 0);
	vmmio_write(VMMIO_QUEUE_NOTIFY, 99);
	(void)vmmio_read(VMMIO_CONFIG + 0xf0);
	vmmio_write(VMMIO_QUEUE_SEL, 99);
	CHECK("  QueueNumMax of queue 99", vmmio_read(VMMIO_QUEUE_NUM_MAX), 0);
	vmmio_write(VMMIO_QUEUE_SEL, 0);
	CHECK("  reset", vmmio_reset(), 0);
}

/* 3.1.1's order, which virtio.c enforces: DRIVER_OK before DRIVER. */
static void status_out_of_order(void)
{
	uint32_t st;

	puts_uart("case: status bits out of order\n");
	CHECK("  reset", vmmio_reset(), 0);
	vmmio_write(VMMIO_STATUS, ST_ACKNOWLEDGE);
	vmmio_write(VMMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER_OK);
	st = vmmio_wait_status(ST_NEEDS_RESET, WAIT_MS);
	CHECK("  NEEDS_RESET set", st & ST_NEEDS_RESET, ST_NEEDS_RESET);
	CHECK("  DRIVER_OK refused", st & ST_DRIVER_OK, 0);
	CHECK("  reset", vmmio_reset(), 0);
}

static int all_zero(const uint8_t *p, uint32_t len)
{
	while (len--)
		if (*p++)
			return 0;
	return 1;
}

/* One writable buffer, then two through an indirect table (2.7.5.3). */
static void good_rng(struct vmmio *v)
{
	struct vq_used_elem e;

	set_desc(&v->desc[0], (uint64_t)buf, 64, DESC_F_WRITE, 0);
	vmmio_submit(v, 0);
	e = vmmio_wait_used(v, WAIT_MS);
	CHECK("  used id", e.id, 0);
	CHECK("  1 <= len <= 64", e.len >= 1 && e.len <= 64, 1);
	CHECK("  random bytes arrived", all_zero(buf, e.len > 64 ? 64 : e.len),
	      0);
	for (unsigned int i = 0; i < 128; i++)
		buf[1024 + i] = 0;
	set_desc(&v->desc[1], (uint64_t)ind[0], 32, DESC_F_INDIRECT, 0);
	set_desc(&ind[0][0], (uint64_t)buf + 1024, 64,
		 DESC_F_WRITE | DESC_F_NEXT, 1);
	set_desc(&ind[0][1], (uint64_t)buf + 1088, 64, DESC_F_WRITE, 0);
	vmmio_submit(v, 1);
	e = vmmio_wait_used(v, WAIT_MS);
	CHECK("  indirect: used id", e.id, 1);
	CHECK("  indirect: 1 <= len <= 128", e.len >= 1 && e.len <= 128, 1);
	CHECK("  indirect: bytes arrived",
	      all_zero(buf + 1024, e.len > 128 ? 128 : e.len), 0);
}

struct blk_req {
	uint32_t type, reserved;
	uint64_t sector;
};

/* A virtio-blk read (5.2.6): header, 512 data bytes, status; status. */
static uint32_t blk_read(struct vmmio *v, uint64_t sector, uint16_t head)
{
	static struct blk_req req;
	uint8_t *data = buf + 1024, *status = buf + 2048;
	struct vq_used_elem e;

	req.type = 0;
	req.sector = sector;
	*status = 0xff;
	set_desc(&v->desc[head], (uint64_t)&req, sizeof(req), DESC_F_NEXT,
		 head + 1);
	set_desc(&v->desc[head + 1], (uint64_t)data, 512,
		 DESC_F_WRITE | DESC_F_NEXT, head + 2);
	set_desc(&v->desc[head + 2], (uint64_t)status, 1, DESC_F_WRITE, 0);
	vmmio_submit(v, head);
	e = vmmio_wait_used(v, WAIT_MS);
	CHECK("  used id", e.id, head);
	CHECK("  used len <= 513", e.len <= 513, 1);
	return *status;
}

static void good_blk(struct vmmio *v)
{
	static const char want[] = "loongvm-malformed-sector0";
	uint64_t cap = vmmio_read(VMMIO_CONFIG) |
		       (uint64_t)vmmio_read(VMMIO_CONFIG + 4) << 32;
	unsigned int i, same = 1;

	CHECK("  capacity >= 1 sector", cap >= 1, 1);
	CHECK("  read sector 0: status OK", blk_read(v, 0, 0), 0);
	for (i = 0; i < sizeof(want) - 1; i++)
		same &= buf[1024 + i] == (uint8_t)want[i];
	CHECK("  sector 0 holds the host's pattern", same, 1);
	CHECK("  read beyond capacity: status IOERR", blk_read(v, cap, 3), 1);
}

static void well_formed(struct vmmio *v)
{
	puts_uart("case: well-formed requests\n");
	CHECK("init", vmmio_init(v, 0, 0), 0);
	CHECK("  INDIRECT_DESC offered", v->indirect, 1);
	if (v->device_id == VIRTIO_ID_RNG)
		good_rng(v);
	else
		good_blk(v);
	CHECK("  no NEEDS_RESET", vmmio_read(VMMIO_STATUS) & ST_NEEDS_RESET, 0);
	CHECK("  used interrupt", vmmio_read(VMMIO_INTERRUPT_STATUS) & INT_USED,
	      INT_USED);
}

int main(void)
{
	static struct vmmio v;
	uint32_t id = vmmio_probe();
	unsigned int i;

	puts_uart("virtio-mmio device id ");
	print_dec(id);
	putc_uart('\n');
	if (id != VIRTIO_ID_RNG && id != VIRTIO_ID_BLOCK) {
		puts_uart("FAIL: want a virtio-rng or virtio-blk device at "
			  "0x16000000\n");
		return 1;
	}
	for (i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++)
		run_attack(&v, &attacks[i]);
	bad_registers(&v);
	status_out_of_order();
	well_formed(&v);
	return test_done("virtio_malformed");
}
