// SPDX-License-Identifier: MIT
/*
 * libFuzzer target for virtio-rng (hw/virtio/virtio_rng.c) driven by a
 * fuzzer-written guest: kicks, avail-index moves and resets from the
 * script, rings and buffers from the RAM image; the queue invariants of
 * fuzz_check_dev hold after every step. (The used lengths are not checked
 * here: the guest may aim buffers at its own used ring, which the random
 * bytes then overwrite.) The pattern to copy for other devices;
 * fuzz_util.h explains the input layout.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../hw/virtio/virtio_rng.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtio_rng rng;
	struct fuzz_env env;
	unsigned int i;

	if (fuzz_env_init(&env, data, size))
		return 0;
	virtio_rng_init(&rng, &env.mem);
	fuzz_env_start(&env, &rng.dev);
	for (i = 0; i < env.nops; i++) {
		if (!fuzz_env_op_common(&env, &rng.dev, env.ops[i]))
			virtio_queue_kick(&rng.dev, env.ops[i] >> 2);
		fuzz_check_dev(&rng.dev);
	}
	virtio_rng_destroy(&rng);
	fuzz_env_free(&env);
	return 0;
}
