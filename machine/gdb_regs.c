/* SPDX-License-Identifier: MIT */
/*
 * GDB's register file over the KVM register interface (gdb_regs.h).
 * orig_a0 is Linux's syscall bookkeeping, which a whole-machine view does
 * not have: it reads as 0 and ignores writes.
 */
#include <stdio.h>
#include <string.h>

#include "gdb_regs.h"
#include "loongvm/kvm.h"

#define REG_ORIG_A0 32
#define REG_PC 33
#define REG_BADV 34
#define REG_F0 35
#define REG_FCC0 67
#define REG_FCSR 75
#define CSR_BADV 0x7

static char xml[8192];

/* Appends printf output to xml. */
static void add(size_t *len, const char *fmt, unsigned int a, unsigned int b)
{
	int k = snprintf(xml + *len, sizeof(xml) - *len, fmt, a, b);

	if (k > 0 && (size_t)k < sizeof(xml) - *len)
		*len += (size_t)k;
}

const char *gdb_target_xml(void)
{
	size_t len = 0;
	unsigned int i;

	if (xml[0])
		return xml;
	add(&len,
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM "
	    "\"gdb-target.dtd\">\n<target version=\"1.0\">\n"
	    "<architecture>loongarch64</architecture>\n"
	    "<feature name=\"org.gnu.gdb.loongarch.base\">\n",
	    0, 0);
	for (i = 0; i < 32; i++)
		add(&len, "<reg name=\"r%u\" bitsize=\"64\" regnum=\"%u\"/>\n",
		    i, i);
	add(&len,
	    "<reg name=\"orig_a0\" bitsize=\"64\" regnum=\"%u\"/>\n"
	    "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n"
	    "<reg name=\"badv\" bitsize=\"64\" type=\"code_ptr\"/>\n"
	    "</feature>\n<feature name=\"org.gnu.gdb.loongarch.fpu\">\n"
	    "<union id=\"fputype\"><field name=\"f\" type=\"ieee_single\"/>"
	    "<field name=\"d\" type=\"ieee_double\"/></union>\n",
	    REG_ORIG_A0, 0);
	for (i = 0; i < 32; i++)
		add(&len,
		    "<reg name=\"f%u\" bitsize=\"64\" type=\"fputype\" "
		    "group=\"float\" regnum=\"%u\"/>\n",
		    i, REG_F0 + i);
	for (i = 0; i < 8; i++)
		add(&len,
		    "<reg name=\"fcc%u\" bitsize=\"8\" type=\"uint8\" "
		    "group=\"float\" regnum=\"%u\"/>\n",
		    i, REG_FCC0 + i);
	add(&len,
	    "<reg name=\"fcsr\" bitsize=\"32\" type=\"uint32\" "
	    "group=\"float\" regnum=\"%u\"/>\n</feature>\n</target>\n",
	    REG_FCSR, 0);
	return xml;
}

size_t gdb_reg_size(unsigned int n)
{
	if (n < REG_F0 + 32)
		return 8;
	if (n < REG_FCSR)
		return 1;
	return n == REG_FCSR ? 4 : 0;
}

static int get_badv(int fd, uint64_t *v)
{
	struct kvm_one_reg reg = {.id = KVM_REG_LOONGARCH_CSR |
					KVM_REG_SIZE_U64 |
					((uint64_t)CSR_BADV << 3),
				  .addr = (uint64_t)(uintptr_t)v};

	return kvm_ioctl(fd, KVM_GET_ONE_REG, &reg) < 0 ? -1 : 0;
}

/* Register n from the three sources, already fetched. */
static void pick(unsigned int n, const struct kvm_regs *r,
		 const struct kvm_fpu *f, uint64_t badv, uint8_t *buf)
{
	uint64_t v = 0;

	if (n < 32)
		v = r->gpr[n];
	else if (n == REG_PC)
		v = r->pc;
	else if (n == REG_BADV)
		v = badv;
	else if (n >= REG_F0 && n < REG_F0 + 32)
		v = f->fpr[n - REG_F0].val64[0];
	else if (n >= REG_FCC0 && n < REG_FCSR)
		v = (f->fcc >> (8 * (n - REG_FCC0))) & 1;
	else if (n == REG_FCSR)
		v = f->fcsr;
	memcpy(buf, &v, gdb_reg_size(n)); /* little-endian host */
}

static int fetch(int fd, struct kvm_regs *r, struct kvm_fpu *f, uint64_t *badv)
{
	if (kvm_ioctl(fd, KVM_GET_REGS, r) < 0 ||
	    kvm_ioctl(fd, KVM_GET_FPU, f) < 0 || get_badv(fd, badv))
		return -1;
	return 0;
}

int gdb_reg_read(int fd, unsigned int n, uint8_t *buf)
{
	struct kvm_regs r;
	struct kvm_fpu f;
	uint64_t badv;

	if (!gdb_reg_size(n) || fetch(fd, &r, &f, &badv))
		return -1;
	pick(n, &r, &f, badv, buf);
	return (int)gdb_reg_size(n);
}

int gdb_regs_read_all(int fd, uint8_t *buf)
{
	struct kvm_regs r;
	struct kvm_fpu f;
	uint64_t badv;
	unsigned int n;
	size_t off = 0;

	if (fetch(fd, &r, &f, &badv))
		return -1;
	for (n = 0; n < GDB_NUM_REGS; n++) {
		pick(n, &r, &f, badv, buf + off);
		off += gdb_reg_size(n);
	}
	return (int)off;
}

/* Puts register n from buf into the fetched state; false if read-only. */
static void put(unsigned int n, struct kvm_regs *r, struct kvm_fpu *f,
		const uint8_t *buf)
{
	uint64_t v = 0;

	memcpy(&v, buf, gdb_reg_size(n));
	if (n > 0 && n < 32) /* r0 is always zero */
		r->gpr[n] = v;
	else if (n == REG_PC)
		r->pc = v;
	else if (n >= REG_F0 && n < REG_F0 + 32)
		f->fpr[n - REG_F0].val64[0] = v;
	else if (n >= REG_FCC0 && n < REG_FCSR)
		f->fcc = (f->fcc & ~(0xffULL << (8 * (n - REG_FCC0)))) |
			 ((v & 1) << (8 * (n - REG_FCC0)));
	else if (n == REG_FCSR)
		f->fcsr = (uint32_t)v;
}

static int store(int fd, const struct kvm_regs *r, const struct kvm_fpu *f)
{
	if (kvm_ioctl(fd, KVM_SET_REGS, r) < 0 ||
	    kvm_ioctl(fd, KVM_SET_FPU, f) < 0)
		return -1;
	return 0;
}

/* Fetches all registers, puts registers first..last from buf, stores. */
static int write_range(int fd, unsigned int first, unsigned int last,
		       const uint8_t *buf)
{
	struct kvm_regs r;
	struct kvm_fpu f;
	uint64_t badv;
	unsigned int n;

	if (fetch(fd, &r, &f, &badv))
		return -1;
	for (n = first; n <= last; n++) {
		put(n, &r, &f, buf);
		buf += gdb_reg_size(n);
	}
	return store(fd, &r, &f);
}

int gdb_reg_write(int fd, unsigned int n, const uint8_t *buf)
{
	return gdb_reg_size(n) ? write_range(fd, n, n, buf) : -1;
}

int gdb_regs_write_all(int fd, const uint8_t *buf)
{
	return write_range(fd, 0, GDB_NUM_REGS - 1, buf);
}
