/* SPDX-License-Identifier: MIT */
/*
 * The loongvm command line. It follows qemu-system-loongarch64's options,
 * so that users' QEMU command lines work; unknown options are errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "gdb_stub.h"
#include "qmp.h"
#include "virt.h"

#define LOONGVM_VERSION "0.1.0"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: loongvm [options]\n"
	    "Runs a LoongArch guest on the loongvm hypervisor.\n\n"
	    "  -kernel FILE      boot this ELF image (required): a Linux\n"
	    "                    vmlinux or a bare-metal guest\n"
	    "  -initrd FILE      load this initial ramdisk for Linux\n"
	    "  -append STR       the kernel command line\n"
	    "  -dtb FILE         pass this device tree instead of the board's\n"
	    "  -M, -machine virt the board (only 'virt'); virt,dumpdtb=FILE\n"
	    "                    writes the board's device tree and exits\n"
	    "  -cpu la464        the CPU model (only 'la464')\n"
	    "  -m SIZE           guest RAM, with an optional M or G suffix "
	    "(default 1G)\n"
	    "  -smp [cpus=]N     number of vCPUs, 1 to 256 (default 1)\n"
	    "  -nographic        no display; the UART is on stdio\n"
	    "  -serial stdio|mon:stdio  where the UART goes (stdio); mon: "
	    "adds\n"
	    "                    the monitor on Ctrl-a c\n"
	    "  -no-reboot        exit when the guest asks for a reboot\n"
	    "  -S                start with the vCPUs paused (cont resumes)\n"
	    "  -gdb tcp:[HOST]:PORT  serve GDB's remote protocol (HOST "
	    "defaults\n"
	    "                    to 127.0.0.1); -s is -gdb tcp::1234\n"
	    "  -qmp unix:PATH,server,nowait | tcp:[HOST]:PORT,server,nowait\n"
	    "                    serve QMP there (HOST defaults to 127.0.0.1)\n"
	    "  -device MODEL[,KEY=VAL...]  add a virtio device: MODEL is\n"
	    "                    virtio-{rng,blk,net,console}-pci on the\n"
	    "                    PCIe host, or virtio-{rng,blk,net,console}-\n"
	    "                    device on virtio-mmio; blk takes drive=ID\n"
	    "                    [,serial=S], net takes netdev=ID[,mac=M];\n"
	    "                    the console is hvc0, its output on stdout;\n"
	    "                    -device help lists the models\n"
	    "  -drive file=F,if=virtio|none,format=raw[,readonly=on]\n"
	    "         [,id=ID]   a raw disk image: if=virtio adds a\n"
	    "                    virtio-blk-pci, if=none defines drive ID\n"
	    "  -netdev user,id=N[,hostfwd=tcp::HOSTPORT-:GUESTPORT]\n"
	    "  -netdev tap,id=N,ifname=X[,script=no,downscript=no]\n"
	    "                    a network backend for virtio-net\n"
	    "  -h, --help        show this help\n"
	    "  -version          show the version\n\n"
	    "Exit status: 0 when the guest powers off, 1 when a test guest\n"
	    "reports failure, 2 on a usage or set-up error, 3 when the guest\n"
	    "is stuck re-taking an exception.\n");
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1ULL << 20;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	if (*end == 'G' || *end == 'g')
		mul = 1ULL << 30, end++;
	else if (*end == 'M' || *end == 'm')
		end++;
	else if (*end == 'K' || *end == 'k')
		mul = 1ULL << 10, end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v == 0 || v > (1ULL << 44) / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static int bad(const char *opt, const char *val)
{
	fprintf(stderr, "loongvm: invalid value '%s' for %s (see --help)\n",
		val ? val : "", opt);
	return 2;
}

/*
 * -M/-machine: "virt", optionally followed by ",dumpdtb=FILE"; the type
 * may be left out or given as type=virt, as QEMU allows.
 */
static int parse_machine(const char *val, struct virt_options *opt)
{
	const char *p = val;

	while (*p) {
		size_t n = strcspn(p, ",");

		if ((n == 4 && !strncmp(p, "virt", 4) && p == val) ||
		    (n == 9 && !strncmp(p, "type=virt", 9))) {
			/* the only board */
		} else if (n > 8 && !strncmp(p, "dumpdtb=", 8)) {
			static char file[4096];

			if (n - 8 >= sizeof(file))
				return -1;
			memcpy(file, p + 8, n - 8);
			file[n - 8] = '\0';
			opt->dumpdtb = file;
		} else {
			return -1;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* -smp N or -smp cpus=N (QEMU's form), with 1 <= N <= VIRT_MAX_CPUS. */
static int parse_smp(const char *val, unsigned int *out)
{
	const char *p = strncmp(val, "cpus=", 5) ? val : val + 5;
	char *end;
	unsigned long n;

	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	n = strtoul(p, &end, 10);
	if (errno || *end || n < 1 || n > VIRT_MAX_CPUS)
		return -1;
	*out = (unsigned int)n;
	return 0;
}

static struct virt_devices devices;

/* -device, -drive and -netdev; returns 0 or an exit status. */
static int parse_device_opt(const char *o, const char *val)
{
	char err[512];
	int r;

	if (!strcmp(o, "-device") && !strcmp(val, "help")) {
		fputs(devices_help, stdout);
		exit(0);
	}
	if (!strcmp(o, "-device"))
		r = devices_parse_device(&devices, val, err, sizeof(err));
	else if (!strcmp(o, "-drive"))
		r = devices_parse_drive(&devices, val, err, sizeof(err));
	else
		r = devices_parse_netdev(&devices, val, err, sizeof(err));
	if (r) {
		fprintf(stderr, "loongvm: %s\n", err);
		return 2;
	}
	return 0;
}

/* Parses one option that takes a value; returns 0 or an exit status. */
static int parse_valued(const char *o, const char *val,
			struct virt_options *opt)
{
	if (!strcmp(o, "-device") || !strcmp(o, "-drive") ||
	    !strcmp(o, "-netdev")) {
		return parse_device_opt(o, val);
	} else if (!strcmp(o, "-kernel")) {
		opt->kernel = val;
	} else if (!strcmp(o, "-M") || !strcmp(o, "-machine")) {
		if (parse_machine(val, opt))
			return bad(o, val);
	} else if (!strcmp(o, "-initrd")) {
		opt->initrd = val;
	} else if (!strcmp(o, "-append")) {
		opt->append = val;
	} else if (!strcmp(o, "-dtb")) {
		opt->dtb = val;
	} else if (!strcmp(o, "-cpu")) {
		if (strcmp(val, "la464"))
			return bad(o, val);
	} else if (!strcmp(o, "-m")) {
		if (parse_size(val, &opt->ram_size))
			return bad(o, val);
	} else if (!strcmp(o, "-smp")) {
		if (parse_smp(val, &opt->smp))
			return bad(o, val);
	} else if (!strcmp(o, "-serial")) {
		if (strcmp(val, "stdio") && strcmp(val, "mon:stdio"))
			return bad(o, val);
		opt->monitor = !strcmp(val, "mon:stdio");
	} else if (!strcmp(o, "-gdb")) {
		char err[256];

		if (gdb_stub_check_spec(val, err, sizeof(err))) {
			fprintf(stderr, "loongvm: %s\n", err);
			return 2;
		}
		opt->gdb = val;
	} else if (!strcmp(o, "-qmp")) {
		char err[256];

		if (qmp_check_spec(val, err, sizeof(err))) {
			fprintf(stderr, "loongvm: %s\n", err);
			return 2;
		}
		opt->qmp = val;
	} else {
		fprintf(stderr, "loongvm: unknown option '%s' (see --help)\n",
			o);
		return 2;
	}
	return 0;
}

static bool takes_value(const char *o)
{
	static const char *const valued[] = {
	    "-kernel", "-M",	  "-machine", "-cpu",	 "-m",
	    "-smp",    "-serial", "-initrd",  "-append", "-dtb",
	    "-device", "-drive",  "-netdev",  "-qmp",	 "-gdb"};
	size_t i;

	for (i = 0; i < sizeof(valued) / sizeof(valued[0]); i++)
		if (!strcmp(o, valued[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct virt_options opt = {
	    .ram_size = 1ULL << 30, .smp = 1, .version = LOONGVM_VERSION};
	char err[512];
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *o = argv[i];

		if (!strcmp(o, "-h") || !strcmp(o, "--help") ||
		    !strcmp(o, "-help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(o, "-version") || !strcmp(o, "--version")) {
			printf("loongvm %s\n", LOONGVM_VERSION);
			return 0;
		} else if (!strcmp(o, "-nographic")) {
			continue;
		} else if (!strcmp(o, "-no-reboot")) {
			opt.no_reboot = true;
		} else if (!strcmp(o, "-S")) {
			opt.start_paused = true;
		} else if (!strcmp(o, "-s")) {
			opt.gdb = "tcp::1234";
		} else if (takes_value(o)) {
			if (i + 1 >= argc) {
				fprintf(stderr, "loongvm: %s needs a value\n",
					o);
				return 2;
			}
			r = parse_valued(o, argv[++i], &opt);
			if (r)
				return r;
		} else {
			return parse_valued(o, NULL, &opt);
		}
	}
	if (!opt.kernel) {
		fprintf(stderr, "loongvm: no -kernel given (see --help)\n");
		return 2;
	}
	if (devices_finish(&devices, err, sizeof(err))) {
		fprintf(stderr, "loongvm: %s\n", err);
		return 2;
	}
	opt.devices = &devices;
	return virt_run(&opt);
}
