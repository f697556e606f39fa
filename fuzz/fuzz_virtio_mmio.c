// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for the virtio-mmio transport (hw/virtio/virtio_mmio.c)
 * with a virtio-rng behind it: after a regular driver handshake on the
 * fuzzer's rings, the script becomes register accesses of any offset,
 * width and value. The interrupt line must always equal
 * InterruptStatus != 0, and the device must stay consistent.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../hw/virtio/virtio_mmio.h"
#include "../hw/virtio/virtio_rng.h"
#include "fuzz_util.h"

static bool line;

static void set_line(void *opaque, unsigned int pin, bool level)
{
	(void)opaque;
	(void)pin;
	line = level;
}

static void wr(struct virtio_mmio *m, uint64_t off, uint32_t v)
{
	virtio_mmio_ops.write(m, 0, off, 4, v);
}

/* What Linux's virtio_mmio.c does at probe, on queue 0 only. */
static void handshake(struct virtio_mmio *m, const struct fuzz_env *e)
{
	wr(m, 0x70, 0);
	wr(m, 0x70, 1);
	wr(m, 0x70, 3);
	wr(m, 0x24, 0);
	wr(m, 0x20, (uint32_t)e->features);
	wr(m, 0x24, 1);
	wr(m, 0x20, 1);
	wr(m, 0x70, 0xb);
	wr(m, 0x30, 0);
	wr(m, 0x38, e->qsize);
	wr(m, 0x80, (uint32_t)fuzz_desc(0));
	wr(m, 0x90, (uint32_t)fuzz_avail(0));
	wr(m, 0xa0, (uint32_t)fuzz_used(0));
	wr(m, 0x44, 1);
	wr(m, 0x70, 0xf);
}

/* One access from 3 script bytes: offset, read/width, value. */
static void access(struct virtio_mmio *m, const uint8_t *b)
{
	uint64_t off = (uint64_t)b[0] * 2 % VIRTIO_MMIO_SIZE;
	unsigned int size = 1u << (b[1] & 3);
	uint32_t val = b[2] | (uint32_t)(b[1] >> 3) << 8;

	if (off + size > VIRTIO_MMIO_SIZE)
		return;
	if (b[1] & 4)
		virtio_mmio_ops.read(m, 0, off, size);
	else
		virtio_mmio_ops.write(m, 0, off, size, val);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtio_rng rng;
	static struct virtio_mmio m;
	static const struct irq_sink sink = {set_line, NULL};
	struct fuzz_env env;
	unsigned int i;

	if (fuzz_env_init(&env, data, size))
		return 0;
	line = false;
	virtio_rng_init(&rng, &env.mem);
	virtio_mmio_init(&m, &rng.dev, &sink, 0);
	handshake(&m, &env);
	for (i = 0; i + 3 <= env.nops; i += 3) {
		access(&m, env.ops + i);
		if (line != (m.isr != 0))
			abort();
		fuzz_check_dev(&rng.dev);
	}
	virtio_mmio_destroy(&m);
	virtio_rng_destroy(&rng);
	fuzz_env_free(&env);
	return 0;
}
