// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for virtio-console (hw/virtio/virtio_console.c): the
 * script mixes guest kicks on both queues, host input of varying length
 * and resets; guest output goes to /dev/null. The hold buffer must never
 * overflow, and input is taken up to exactly the room there was.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "../hw/virtio/virtio_console.h"
#include "fuzz_util.h"

static int null_fd = -1;

/* Op 3: host input of (op >> 2) * 37 bytes. */
static void host_input(struct virtio_console *c, uint8_t op)
{
	static uint8_t junk[64 * 37];
	size_t len = (size_t)(op >> 2) * 37, before, took;

	pthread_mutex_lock(&c->dev.lock);
	before = c->rx_count;
	pthread_mutex_unlock(&c->dev.lock);
	took = virtio_console_input(c, junk, len);
	/* All of it, or exactly as much as there was room for. */
	if (took != (len < VIRTIO_CONSOLE_RX_HOLD - before
			 ? len
			 : VIRTIO_CONSOLE_RX_HOLD - before))
		abort();
	if (c->rx_count > VIRTIO_CONSOLE_RX_HOLD ||
	    c->rx_head >= VIRTIO_CONSOLE_RX_HOLD)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtio_console con;
	struct fuzz_env env;
	unsigned int i;

	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY);
	if (fuzz_env_init(&env, data, size))
		return 0;
	virtio_console_init(&con, &env.mem, null_fd);
	fuzz_env_start(&env, &con.dev);
	for (i = 0; i < env.nops; i++) {
		if (!fuzz_env_op_common(&env, &con.dev, env.ops[i]))
			host_input(&con, env.ops[i]);
		fuzz_check_dev(&con.dev);
	}
	virtio_console_destroy(&con);
	fuzz_env_free(&env);
	return 0;
}
