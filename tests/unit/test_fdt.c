/* SPDX-License-Identifier: MIT */
/*
 * The virt board's device tree (machine/fdt.c) read back with libfdt: the
 * nodes and properties Linux 6.12 needs to boot without ACPI, and that
 * direct boot (machine/boot.c) refuses bad kernels with a clear message
 * and describes the initrd through /chosen.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../machine/boot.h"
#include "../../machine/fdt.h"

static int failures;

#define CHECK(cond)                                                        \
	do {                                                               \
		if (!(cond)) {                                             \
			fprintf(stderr, "%s:%d: FAIL %s\n", __FILE__,      \
				__LINE__, #cond);                          \
			failures++;                                        \
		}                                                          \
	} while (0)

static const void *get(const void *fdt, const char *path, const char *name,
		       int *len)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0) {
		fprintf(stderr, "no node %s\n", path);
		return NULL;
	}
	return fdt_getprop(fdt, off, name, len);
}

static int has_str(const void *fdt, const char *path, const char *name,
		   const char *want)
{
	int len;
	const char *v = get(fdt, path, name, &len);

	return v && len == (int)strlen(want) + 1 && !strcmp(v, want);
}

/* Cell i of a property, or ~0 when it is missing or too short. */
static uint32_t cell(const void *fdt, const char *path, const char *name,
		     int i)
{
	int len;
	const fdt32_t *v = get(fdt, path, name, &len);

	if (!v || len < 4 * (i + 1))
		return ~0U;
	return fdt32_to_cpu(v[i]);
}

static uint64_t reg64(const void *fdt, const char *path, int i)
{
	return (uint64_t)cell(fdt, path, "reg", 2 * i) << 32 |
	       cell(fdt, path, "reg", 2 * i + 1);
}

static uint32_t phandle_of(const void *fdt, const char *path)
{
	int off = fdt_path_offset(fdt, path);

	return off < 0 ? 0 : fdt_get_phandle(fdt, off);
}

static void test_tree(void)
{
	static uint8_t buf[VIRT_FDT_MAX_SIZE];
	const struct ram_region ram[2] = { { 0, 0x10000000, NULL },
					   { 0x80000000, 0x30000000, NULL } };
	struct virt_fdt_params p = { .ram = ram,
				     .nram = 2,
				     .ncpus = 2,
				     .bootargs = "console=ttyS0",
				     .initrd_start = 0x3000000,
				     .initrd_size = 0x1200 };
	char err[256];
	int len, n;
	uint32_t eio;

	n = virt_fdt_build(&p, buf, sizeof(buf), err, sizeof(err));
	CHECK(n > 0 && fdt_check_header(buf) == 0);
	CHECK(fdt_totalsize(buf) == (uint32_t)n);
	CHECK(cell(buf, "/", "#address-cells", 0) == 2);
	CHECK(cell(buf, "/", "#size-cells", 0) == 2);

	CHECK(has_str(buf, "/memory@0", "device_type", "memory"));
	CHECK(reg64(buf, "/memory@0", 0) == 0);
	CHECK(reg64(buf, "/memory@0", 1) == 0x10000000);
	CHECK(reg64(buf, "/memory@80000000", 0) == 0x80000000);
	CHECK(reg64(buf, "/memory@80000000", 1) == 0x30000000);

	CHECK(cell(buf, "/cpus", "#address-cells", 0) == 1);
	CHECK(cell(buf, "/cpus", "#size-cells", 0) == 0);
	CHECK(cell(buf, "/cpus/cpu@0", "reg", 0) == 0);
	CHECK(cell(buf, "/cpus/cpu@1", "reg", 0) == 1);
	CHECK(has_str(buf, "/cpus/cpu@1", "compatible", "loongson,la464"));
	CHECK(has_str(buf, "/cpus/cpu@0", "device_type", "cpu"));
	CHECK(fdt_path_offset(buf, "/cpus/cpu@2") < 0);

	CHECK(has_str(buf, "/cpuic", "compatible",
		      "loongson,cpu-interrupt-controller"));
	CHECK(get(buf, "/cpuic", "interrupt-controller", &len) && len == 0);
	CHECK(cell(buf, "/cpuic", "#interrupt-cells", 0) == 1);

	CHECK(has_str(buf, "/eiointc@1400", "compatible",
		      "loongson,ls2k2000-eiointc"));
	CHECK(cell(buf, "/eiointc@1400", "interrupts", 0) == 3);
	CHECK(cell(buf, "/eiointc@1400", "interrupt-parent", 0) ==
	      phandle_of(buf, "/cpuic"));
	eio = phandle_of(buf, "/eiointc@1400");
	CHECK(eio != 0);

	CHECK(has_str(buf, "/platic@10000000", "compatible",
		      "loongson,pch-pic-1.0"));
	CHECK(reg64(buf, "/platic@10000000", 1) == 0x400);
	CHECK(cell(buf, "/platic@10000000", "loongson,pic-base-vec", 0) == 0);
	CHECK(cell(buf, "/platic@10000000", "#interrupt-cells", 0) == 2);
	CHECK(cell(buf, "/platic@10000000", "interrupt-parent", 0) == eio);

	CHECK(has_str(buf, "/msi@2ff00000", "compatible",
		      "loongson,pch-msi-1.0"));
	CHECK(reg64(buf, "/msi@2ff00000", 1) == 8);
	CHECK(cell(buf, "/msi@2ff00000", "loongson,msi-base-vec", 0) == 32);
	CHECK(cell(buf, "/msi@2ff00000", "loongson,msi-num-vecs", 0) == 224);
	CHECK(cell(buf, "/msi@2ff00000", "interrupt-parent", 0) == eio);

	CHECK(has_str(buf, "/serial@1fe001e0", "compatible", "ns16550a"));
	CHECK(reg64(buf, "/serial@1fe001e0", 0) == 0x1fe001e0);
	CHECK(cell(buf, "/serial@1fe001e0", "clock-frequency", 0) ==
	      100000000);
	CHECK(cell(buf, "/serial@1fe001e0", "interrupts", 0) == 2);
	CHECK(cell(buf, "/serial@1fe001e0", "interrupts", 1) == 4);
	CHECK(cell(buf, "/serial@1fe001e0", "interrupt-parent", 0) ==
	      phandle_of(buf, "/platic@10000000"));

	CHECK(has_str(buf, "/rtc@100d0100", "compatible", "loongson,ls7a-rtc"));
	CHECK(cell(buf, "/rtc@100d0100", "interrupts", 0) == 6);

	CHECK(has_str(buf, "/ged@100e001c", "compatible", "syscon"));
	CHECK(has_str(buf, "/reboot", "compatible", "syscon-reboot"));
	CHECK(cell(buf, "/reboot", "offset", 0) == 2);
	CHECK(cell(buf, "/reboot", "value", 0) == 0x42);
	CHECK(cell(buf, "/reboot", "regmap", 0) ==
	      phandle_of(buf, "/ged@100e001c"));
	CHECK(has_str(buf, "/poweroff", "compatible", "syscon-poweroff"));
	CHECK(cell(buf, "/poweroff", "offset", 0) == 0);
	CHECK(cell(buf, "/poweroff", "value", 0) == 0x34);

	CHECK(has_str(buf, "/chosen", "bootargs", "console=ttyS0"));
	CHECK(has_str(buf, "/chosen", "stdout-path", "/serial@1fe001e0"));
	CHECK(cell(buf, "/chosen", "linux,initrd-start", 1) == 0x3000000);
	CHECK(cell(buf, "/chosen", "linux,initrd-end", 1) == 0x3001200);

	/* No initrd, no bootargs: no such properties. */
	p.initrd_size = 0;
	p.bootargs = NULL;
	CHECK(virt_fdt_build(&p, buf, sizeof(buf), err, sizeof(err)) > 0);
	CHECK(!get(buf, "/chosen", "linux,initrd-start", &len));
	CHECK(!get(buf, "/chosen", "bootargs", &len));

	/* Too small a buffer is an error with a message, not a crash. */
	err[0] = '\0';
	CHECK(virt_fdt_build(&p, buf, 256, err, sizeof(err)) == -1);
	CHECK(strstr(err, "device tree") != NULL);
}

/* boot_linux on a file that is no LoongArch kernel. */
static void expect_bad_kernel(const void *data, size_t len, const char *msg)
{
	static struct ram_region ram = { 0, 64 << 20, NULL };
	char path[] = "/tmp/loongvm-test-fdt-XXXXXX", err[512] = "";
	const struct boot_config cfg = { .kernel = path, .ncpus = 1 };
	struct boot_entry e;
	int fd = mkstemp(path);

	if (!ram.host)
		ram.host = calloc(1, ram.size);
	CHECK(fd >= 0 && ram.host);
	if (fd < 0 || !ram.host)
		return;
	CHECK(write(fd, data, len) == (ssize_t)len);
	close(fd);
	CHECK(boot_linux(&cfg, &ram, 1, &e, err, sizeof(err)) == -1);
	if (!strstr(err, msg)) {
		fprintf(stderr, "expected '%s' in '%s'\n", msg, err);
		failures++;
	}
	unlink(path);
}

static void test_bad_kernels(void)
{
	uint8_t elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

	expect_bad_kernel("MZ\0\0", 4, "not an ELF");
	expect_bad_kernel(elf, 20, "not an ELF"); /* truncated header */
	elf[16] = 2;  /* ET_EXEC */
	elf[18] = 62; /* EM_X86_64 */
	expect_bad_kernel(elf, sizeof(elf), "not LoongArch");
}

int main(void)
{
	test_tree();
	test_bad_kernels();
	if (failures) {
		fprintf(stderr, "%d failures\n", failures);
		return 1;
	}
	printf("fdt: all checks passed\n");
	return 0;
}
