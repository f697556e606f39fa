/* SPDX-License-Identifier: MIT */
/*
 * The raw image backend (hw/block/raw_image.c) on temporary files: clear
 * refusals of a missing file and a directory, the image lock between two
 * opens, scattered reads and writes, zeros past the end of the file,
 * read-only refusal, discard and write zeroes (on the test's file system
 * and on tmpfs, whose fallocate lacks ZERO_RANGE), bounds checks.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../hw/block/raw_image.h"
#include "expect.h"

#define IMG_SIZE (1u << 20)

static char err[256];

static int make_image(char *path, const char *dir)
{
	int fd;

	snprintf(path, 128, "%s/loongvm-raw-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, IMG_SIZE) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static void fill(uint8_t *b, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

static bool all_zero(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static int rd(struct raw_image *img, void *buf, size_t len, uint64_t off)
{
	struct iovec v = {buf, len};

	return raw_image_preadv(img, &v, 1, off);
}

static int wr(struct raw_image *img, const void *buf, size_t len, uint64_t off)
{
	struct iovec v = {(void *)buf, len};

	return raw_image_pwritev(img, &v, 1, off);
}

static void test_refusals(const char *dir)
{
	struct raw_image img;

	EXPECT(raw_image_open(&img, "/nonexistent/loongvm.img", false, err,
			      sizeof(err)) < 0);
	EXPECT(strstr(err, "No such file") != NULL);
	EXPECT(strstr(err, "/nonexistent/loongvm.img") != NULL);
	EXPECT(raw_image_open(&img, dir, false, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "directory") != NULL);
	EXPECT(raw_image_open(&img, dir, true, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "directory") != NULL);
	EXPECT(raw_image_open(&img, "/dev/null", true, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "not a regular file") != NULL);
	EXPECT(raw_image_open(&img, "", true, err, sizeof(err)) < 0);
}

static void test_locking(const char *path)
{
	struct raw_image a, b, c;

	EXPECT(raw_image_open(&a, path, false, err, sizeof(err)) == 0);
	EXPECT(raw_image_open(&b, path, false, err, sizeof(err)) < 0);
	EXPECT(strstr(err, "locked") != NULL);
	EXPECT(raw_image_open(&b, path, true, err, sizeof(err)) < 0);
	raw_image_close(&a);
	/* Readers share; a writer is refused while they hold it. */
	EXPECT(raw_image_open(&a, path, true, err, sizeof(err)) == 0);
	EXPECT(raw_image_open(&b, path, true, err, sizeof(err)) == 0);
	EXPECT(raw_image_open(&c, path, false, err, sizeof(err)) < 0);
	raw_image_close(&a);
	raw_image_close(&b);
	EXPECT(raw_image_open(&c, path, false, err, sizeof(err)) == 0);
	raw_image_close(&c);
}

static void test_rw(struct raw_image *img)
{
	static uint8_t out[3 * 4096], in[3 * 4096];
	struct iovec wv[3] = {
	    {out, 100}, {out + 100, 5000}, {out + 5100, 7188}};
	struct iovec rv[1000];
	int i;

	EXPECT(img->size == IMG_SIZE);
	fill(out, sizeof(out), 3);
	EXPECT(raw_image_pwritev(img, wv, 3, 4096 + 7) == 0);
	/* Read back through 1000 small pieces and one big tail. */
	for (i = 0; i < 999; i++)
		rv[i] = (struct iovec){in + i, 1};
	rv[999] = (struct iovec){in + 999, sizeof(in) - 999};
	EXPECT(raw_image_preadv(img, rv, 1000, 4096 + 7) == 0);
	EXPECT(memcmp(in, out, sizeof(in)) == 0);
	EXPECT(raw_image_flush(img) == 0);

	/* Past the end of the file reads as zeros. */
	memset(in, 0xaa, sizeof(in));
	EXPECT(wr(img, out, 512, IMG_SIZE - 512) == 0);
	EXPECT(rd(img, in, 1024, IMG_SIZE - 512) == 0);
	EXPECT(memcmp(in, out, 512) == 0);
	EXPECT(all_zero(in + 512, 512));

	/* Bounds. */
	EXPECT(rd(img, in, 16, UINT64_MAX - 8) == -EINVAL);
	EXPECT(wr(img, in, 16, (uint64_t)INT64_MAX) == -EINVAL);
	EXPECT(raw_image_preadv(img, rv, RAW_IMAGE_MAX_IOV + 1, 0) == -EINVAL);
	EXPECT(raw_image_preadv(img, rv, -1, 0) == -EINVAL);
	EXPECT(raw_image_discard(img, UINT64_MAX, 2) == -EINVAL);
	EXPECT(raw_image_write_zeroes(img, 1, UINT64_MAX, false) == -EINVAL);
	EXPECT(rd(img, in, 0, 0) == 0);
}

/* Zeroing and discarding change exactly the range asked for. */
static void test_zero_discard(struct raw_image *img)
{
	static uint8_t pat[64 * 1024], in[64 * 1024];
	int unmap;

	for (unmap = 0; unmap < 2; unmap++) {
		fill(pat, sizeof(pat), 11 + unmap);
		EXPECT(wr(img, pat, sizeof(pat), 65536) == 0);
		EXPECT(raw_image_write_zeroes(img, 65536 + 4096, 8192, unmap) ==
		       0);
		EXPECT(rd(img, in, sizeof(in), 65536) == 0);
		EXPECT(memcmp(in, pat, 4096) == 0);
		EXPECT(all_zero(in + 4096, 8192));
		EXPECT(memcmp(in + 12288, pat + 12288, sizeof(in) - 12288) ==
		       0);
		/* An unaligned range zeroes exactly its bytes. */
		EXPECT(raw_image_write_zeroes(img, 65536 + 20000 + 3, 1000,
					      unmap) == 0);
		EXPECT(rd(img, in, sizeof(in), 65536) == 0);
		EXPECT(in[20002] == pat[20002]);
		EXPECT(all_zero(in + 20003, 1000));
		EXPECT(in[21003] == pat[21003]);
	}
	fill(pat, sizeof(pat), 5);
	EXPECT(wr(img, pat, sizeof(pat), 65536) == 0);
	EXPECT(raw_image_discard(img, 65536 + 8192, 16384) == 0);
	EXPECT(rd(img, in, sizeof(in), 65536) == 0);
	EXPECT(memcmp(in, pat, 8192) == 0);
	EXPECT(memcmp(in + 24576, pat + 24576, sizeof(in) - 24576) == 0);
	EXPECT(raw_image_discard(img, 0, 0) == 0);
}

static void test_readonly(const char *path)
{
	struct raw_image img;
	uint8_t b[512];

	EXPECT(raw_image_open(&img, path, true, err, sizeof(err)) == 0);
	EXPECT(img.readonly);
	EXPECT(rd(&img, b, sizeof(b), 65536) == 0);
	EXPECT(wr(&img, b, sizeof(b), 0) == -EROFS);
	EXPECT(raw_image_discard(&img, 0, 512) == -EROFS);
	EXPECT(raw_image_write_zeroes(&img, 0, 512, false) == -EROFS);
	EXPECT(raw_image_flush(&img) == 0);
	raw_image_close(&img);
}

static void run_in(const char *dir)
{
	struct raw_image img;
	char path[128];

	if (make_image(path, dir) < 0) {
		fprintf(stderr, "note: no temp image in %s: %s\n", dir,
			strerror(errno));
		return;
	}
	test_locking(path);
	EXPECT(raw_image_open(&img, path, false, err, sizeof(err)) == 0);
	test_rw(&img);
	test_zero_discard(&img);
	raw_image_close(&img);
	test_readonly(path);
	unlink(path);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	struct stat st;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	test_refusals(tmp);
	run_in(tmp);
	if (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode))
		run_in("/dev/shm");
	if (failures) {
		fprintf(stderr, "test_raw_image: %d failures\n", failures);
		return 1;
	}
	printf("test_raw_image: all checks passed\n");
	return 0;
}
