/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the KVM API unit tests (tests/unit/test_kvm_*.c and
 * test_csr.c), in the spirit of tools/testing/selftests/kvm/lib: the
 * EXPECT/FAILS checks and their failure count, a VM with 1 MiB of RAM at
 * GPA 0, vCPUs that start at 0x1000 in direct-address mode, ONE_REG
 * accessors, a KVM_RUN thread, and encoders for the few LoongArch
 * instructions (Vol1 chapter 2) the hand-written guests use. Only static
 * inline functions and macros: each test includes it once.
 */
#ifndef LOONGVM_TESTS_KVM_UTIL_H
#define LOONGVM_TESTS_KVM_UTIL_H

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "loongvm/kvm.h"

#include "expect.h"

/* call returned -1 with errno e. */
#define FAILS(call, e)                                                      \
	do {                                                                \
		errno = 0;                                                  \
		EXPECT((call) == -1 && errno == (e));                       \
	} while (0)

#define RAM_SIZE (1U << 20)
#define CODE_GPA 0x1000U
#define MMIO_GPA 0x10000000U

/* Registers by ABI name. */
enum { R_ZERO, R_RA, R_TP, R_SP, R_A0, R_A1, R_A2, R_A3, R_A4, R_A5,
       R_A6, R_A7, R_T0, R_T1, R_T2, R_T3, R_T4 };

static inline uint32_t i_rri(uint32_t op, unsigned int rd, unsigned int rj,
			     uint32_t imm12)
{
	return op | (imm12 & 0xfff) << 10 | rj << 5 | rd;
}

static inline uint32_t lu12i_w(unsigned int rd, uint32_t si20)
{
	return 0x14000000 | (si20 & 0xfffff) << 5 | rd;
}

#define ORI(rd, rj, ui) i_rri(0x03800000, rd, rj, ui)
#define ADDI_D(rd, rj, si) i_rri(0x02c00000, rd, rj, si)
#define LD_B(rd, rj, si) i_rri(0x28000000, rd, rj, si)
#define LD_H(rd, rj, si) i_rri(0x28400000, rd, rj, si)
#define LD_W(rd, rj, si) i_rri(0x28800000, rd, rj, si)
#define LD_D(rd, rj, si) i_rri(0x28c00000, rd, rj, si)
#define ST_B(rd, rj, si) i_rri(0x29000000, rd, rj, si)
#define ST_H(rd, rj, si) i_rri(0x29400000, rd, rj, si)
#define ST_W(rd, rj, si) i_rri(0x29800000, rd, rj, si)
#define ST_D(rd, rj, si) i_rri(0x29c00000, rd, rj, si)
#define LD_BU(rd, rj, si) i_rri(0x2a000000, rd, rj, si)
#define LD_HU(rd, rj, si) i_rri(0x2a400000, rd, rj, si)
#define LD_WU(rd, rj, si) i_rri(0x2a800000, rd, rj, si)
/* csrwr rd, csr (rj = 1) and csrrd rd, csr (rj = 0). */
#define CSRWR(rd, csr) (0x04000000 | (uint32_t)(csr) << 10 | 1U << 5 | (rd))
#define CSRRD(rd, csr) (0x04000000 | (uint32_t)(csr) << 10 | (rd))
/* iocsr{rd,wr}.{b,h,w,d} rd, rj: size index 0..3. */
#define IOCSRRD(sz, rd, rj) (0x06480000 | (sz) << 10 | (rj) << 5 | (rd))
#define IOCSRWR(sz, rd, rj) (0x06481000 | (sz) << 10 | (rj) << 5 | (rd))
#define CPUCFG(rd, rj) (0x00006c00 | (rj) << 5 | (rd))
#define IDLE 0x06488000U
#define HVCL(code) (0x002b8000U | (code))
#define B_SELF 0x50000000U /* b . */

/* b to pc + bytes. */
static inline uint32_t b_rel(int32_t bytes)
{
	uint32_t o = (uint32_t)(bytes / 4) & 0x3ffffff;

	return 0x50000000 | (o & 0xffff) << 10 | o >> 16;
}

/* rd = a 32-bit constant, sign-extended: lu12i.w + ori (2 words). */
static inline void li32(uint32_t *p, unsigned int rd, uint32_t v)
{
	p[0] = lu12i_w(rd, v >> 12);
	p[1] = ORI(rd, rd, v & 0xfff);
}

struct vm {
	int kvm, fd;
	uint8_t *ram;
};

struct vcpu {
	int fd;
	struct kvm_run *run;
};

/* Anonymous host memory for a memslot; exits with status 2 if none. */
static inline void *host_pages(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

static inline void vm_create(struct vm *vm)
{
	struct kvm_userspace_memory_region r = { 0 };

	vm->kvm = kvm_open();
	EXPECT(kvm_ioctl(vm->kvm, KVM_GET_API_VERSION, 0) == KVM_API_VERSION);
	vm->fd = kvm_ioctl(vm->kvm, KVM_CREATE_VM, 0);
	EXPECT(vm->fd >= 0);
	vm->ram = host_pages(RAM_SIZE);
	r.memory_size = RAM_SIZE;
	r.userspace_addr = (uint64_t)(uintptr_t)vm->ram;
	EXPECT(kvm_ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &r) == 0);
}

static inline void vm_load(struct vm *vm, uint32_t gpa, const uint32_t *code,
			   size_t n)
{
	memcpy(vm->ram + gpa, code, n * sizeof(*code));
}

static inline void vm_destroy(struct vm *vm)
{
	kvm_close(vm->fd);
	kvm_close(vm->kvm);
	munmap(vm->ram, RAM_SIZE);
}

/* KVM_GET_ONE_REG and KVM_SET_ONE_REG on fd: the ioctl's result, unchecked. */
static inline int get_reg(int fd, uint64_t id, uint64_t *v)
{
	struct kvm_one_reg reg = { id, (uint64_t)(uintptr_t)v };

	return kvm_ioctl(fd, KVM_GET_ONE_REG, &reg);
}

static inline int set_reg(int fd, uint64_t id, uint64_t v)
{
	struct kvm_one_reg reg = { id, (uint64_t)(uintptr_t)&v };

	return kvm_ioctl(fd, KVM_SET_ONE_REG, &reg);
}

static inline void set_one_reg(struct vcpu *c, uint64_t id, uint64_t val)
{
	EXPECT(set_reg(c->fd, id, val) == 0);
}

static inline uint64_t get_one_reg(struct vcpu *c, uint64_t id)
{
	uint64_t val = 0;

	EXPECT(get_reg(c->fd, id, &val) == 0);
	return val;
}

/* vCPU id at pc, its CPUID (CSR 0x20) left unset as KVM_CREATE_VCPU has it. */
static inline void vcpu_add(struct vm *vm, struct vcpu *c, uint32_t id,
			    uint64_t pc)
{
	struct kvm_regs regs = { 0 };
	int size = kvm_ioctl(vm->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);

	EXPECT(size >= (int)sizeof(struct kvm_run));
	c->fd = kvm_ioctl(vm->fd, KVM_CREATE_VCPU, (void *)(uintptr_t)id);
	EXPECT(c->fd >= 0);
	c->run = kvm_mmap(c->fd, (size_t)size);
	EXPECT(c->run != MAP_FAILED);
	regs.pc = pc;
	EXPECT(kvm_ioctl(c->fd, KVM_SET_REGS, &regs) == 0);
}

/* A vCPU at pc with its physical CPUID set (kvm_set_cpuid). */
static inline void vcpu_create(struct vm *vm, struct vcpu *c, uint32_t id,
			       uint64_t pc)
{
	vcpu_add(vm, c, id, pc);
	set_one_reg(c, KVM_IOC_CSRID(0x20), id);
}

/*
 * The usual single-vCPU test: a VM with code at CODE_GPA and vCPU 0 (CPUID
 * unset) about to run it.
 */
struct vm1 {
	struct vm vm;
	struct vcpu vcpu;
};

static inline void vm1_create(struct vm1 *t, const uint32_t *code, size_t n)
{
	vm_create(&t->vm);
	vm_load(&t->vm, CODE_GPA, code, n);
	vcpu_add(&t->vm, &t->vcpu, 0, CODE_GPA);
}

static inline void vm1_destroy(struct vm1 *t)
{
	kvm_close(t->vcpu.fd);
	vm_destroy(&t->vm);
}

static inline void set_gpr(struct vcpu *c, unsigned int r, uint64_t v)
{
	struct kvm_regs regs;

	EXPECT(kvm_ioctl(c->fd, KVM_GET_REGS, &regs) == 0);
	regs.gpr[r] = v;
	EXPECT(kvm_ioctl(c->fd, KVM_SET_REGS, &regs) == 0);
}

static inline struct kvm_regs get_regs(struct vcpu *c)
{
	struct kvm_regs regs;

	EXPECT(kvm_ioctl(c->fd, KVM_GET_REGS, &regs) == 0);
	return regs;
}

/* A KVM_RUN in a thread: pthread_create(&t, NULL, run_thread, r). */
struct runner {
	struct vcpu *c;
	int ret, err;
};

static inline void *run_thread(void *p)
{
	struct runner *r = p;

	r->ret = kvm_ioctl(r->c->fd, KVM_RUN, 0);
	r->err = errno;
	return NULL;
}

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static inline int finish(const char *name)
{
	if (failures) {
		fprintf(stderr, "%s: %d failures\n", name, failures);
		return 1;
	}
	printf("%s: all checks passed\n", name);
	return 0;
}

#endif /* LOONGVM_TESTS_KVM_UTIL_H */
