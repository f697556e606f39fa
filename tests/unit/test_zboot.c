/* SPDX-License-Identifier: MIT */
/*
 * EFI zboot and vmlinux.efi loading: synthetic images whose payload is a
 * small fake vmlinux.efi, compressed with zlib (gzip) and libzstd, must
 * unpack to the same bytes and load at the header's offset; corrupt,
 * truncated and unknown variants must fail with a message.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "../../machine/zboot.h"
#include "expect.h"

#define KLOAD 0x200000ULL
#define KSIZE 0x3000 /* in memory, past the file's end */
#define PAYLOAD_OFF 0x80

static uint8_t kernel[0x1000];

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4); /* the host is little-endian, as the image is */
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* A fake vmlinux.efi with the head.S header and a recognisable body. */
static void make_kernel(void)
{
	size_t i;

	for (i = 0; i < sizeof(kernel); i++)
		kernel[i] = (uint8_t)(i * 7 + 3);
	memcpy(kernel, "MZ\0\0", 4);
	put64(kernel + 8, KLOAD + 0x100);
	put64(kernel + 0x10, KSIZE);
	put64(kernel + 0x18, KLOAD);
	put32(kernel + 0x38, 0x818223cdU);
}

static size_t gzip(uint8_t *out, size_t cap)
{
	z_stream s = { 0 };
	size_t n;

	deflateInit2(&s, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	s.next_in = kernel;
	s.avail_in = sizeof(kernel);
	s.next_out = out;
	s.avail_out = (uInt)cap;
	EXPECT(deflate(&s, Z_FINISH) == Z_STREAM_END);
	n = s.total_out;
	deflateEnd(&s);
	return n;
}

/* Builds a zboot image; returns its length. */
static size_t make_zboot(uint8_t *img, size_t cap, const char *comp)
{
	uint8_t *p = img + PAYLOAD_OFF;
	size_t n;

	memset(img, 0, PAYLOAD_OFF);
	if (!strcmp(comp, "zstd"))
		n = ZSTD_compress(p, cap - PAYLOAD_OFF, kernel, sizeof(kernel),
				  19);
	else
		n = gzip(p, cap - PAYLOAD_OFF);
	memcpy(img, "MZ\0\0zimg", 8);
	put32(img + 8, PAYLOAD_OFF);
	put32(img + 12, (uint32_t)n);
	strcpy((char *)img + 24, comp);
	put32(img + 0x38, 0x818223cdU);
	return PAYLOAD_OFF + n;
}

static int extract(const uint8_t *img, size_t len, char *err)
{
	uint8_t *out = NULL;
	size_t n = 0;
	int r = zboot_extract(img, len, 1 << 20, &out, &n, err, 256);

	if (!r) {
		EXPECT(n == sizeof(kernel));
		EXPECT(n == sizeof(kernel) && !memcmp(out, kernel, n));
	}
	free(out);
	return r;
}

static void test_comp(const char *comp)
{
	static uint8_t img[0x4000];
	size_t len = make_zboot(img, sizeof(img), comp);
	char err[256] = "";

	EXPECT(zboot_detect(img, len));
	EXPECT(extract(img, len, err) == 0);
	/* Truncated file: the payload runs past its end. */
	EXPECT(extract(img, len - 10, err) < 0 && strstr(err, "truncated"));
	/* Truncated payload: the stream ends early. */
	put32(img + 12, (uint32_t)(len - PAYLOAD_OFF) / 2);
	EXPECT(extract(img, len, err) < 0 && strstr(err, "corrupt"));
	put32(img + 12, (uint32_t)(len - PAYLOAD_OFF));
	/* Corrupt payload. */
	memset(img + PAYLOAD_OFF + 4, 0xa5, 24);
	EXPECT(extract(img, len, err) < 0 && strstr(err, "corrupt"));
	make_zboot(img, sizeof(img), comp);
	strcpy((char *)img + 24, "lzma");
	EXPECT(extract(img, len, err) < 0 && strstr(err, "lzma"));
	put32(img + 8, 0x7fffffff);
	EXPECT(extract(img, len, err) < 0 && strstr(err, "outside"));
}

static void test_pe_load(void)
{
	static uint8_t ram_mem[0x400000];
	struct ram_region ram = { 0, sizeof(ram_mem), ram_mem };
	struct elf_image img;
	char err[256] = "";
	uint8_t bad[sizeof(kernel)];

	memset(ram_mem, 0xff, sizeof(ram_mem));
	EXPECT(pe_kernel_detect(kernel, sizeof(kernel)));
	EXPECT(pe_kernel_load(kernel, sizeof(kernel), &ram, 1, &img, err,
			      sizeof(err)) == 0);
	EXPECT(img.entry == KLOAD + 0x100);
	EXPECT(img.low == KLOAD && img.high == KLOAD + KSIZE);
	EXPECT(!memcmp(ram_mem + KLOAD, kernel, sizeof(kernel)));
	EXPECT(ram_mem[KLOAD + KSIZE - 1] == 0);
	memcpy(bad, kernel, sizeof(bad));
	put64(bad + 8, 0x100); /* entry below the image */
	EXPECT(pe_kernel_load(bad, sizeof(bad), &ram, 1, &img, err,
			      sizeof(err)) < 0 && strstr(err, "corrupt"));
	put64(bad + 8, 0x8000000);
	put64(bad + 0x18, 0x8000000); /* outside RAM */
	EXPECT(pe_kernel_load(bad, sizeof(bad), &ram, 1, &img, err,
			      sizeof(err)) < 0 && strstr(err, "outside RAM"));
	EXPECT(!pe_kernel_detect(kernel, 0x30));
}

int main(void)
{
	make_kernel();
	test_comp("gzip");
	test_comp("zstd");
	test_pe_load();
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("zboot: all checks passed\n");
	return 0;
}
