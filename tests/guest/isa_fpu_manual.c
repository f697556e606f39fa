/* SPDX-License-Identifier: MIT */
/*
 * The parts of the scalar FPU where QEMU 7.2 departs from the LoongArch
 * manual, so this guest is skipped by the differential harness: the
 * bound-checked FP accesses fldgt/fldle/fstgt/fstle (Vol1 3.2.5.x; QEMU
 * 7.2 loads/stores wrongly), the FPD, FPE and BCE exceptions (Vol1 3.1.4,
 * 7.4), and FCSR0's reserved bits, which read as 0 (Vol1 3.1.4; QEMU
 * 7.2 keeps them).
 */
#include "exc_handler.h"
#include "fpu_util.h"
#include "runtime.h"

#define V_ 0x10100000ULL
#define BX(x) (0xffffffff00000000ULL | (x))

float mem_s[4] __attribute__((aligned(16)));
double mem_d[4] __attribute__((aligned(16)));

static void set_eentry(void)
{
	csr_write(CSR_EENTRY, (uint64_t)(uintptr_t)exc_entry);
}

/* The Ecode of the last exception, or 0 after clear_exc. */
static uint64_t exc_code(void)
{
	return (exc_estat >> 16) & 0x3f;
}

static void clear_exc(void)
{
	exc_estat = 0;
}

static void test_bound(void)
{
	uint64_t r, base;
	uint32_t w;

	mem_s[1] = 1.5f;
	mem_d[1] = 2.5;
	base = (uint64_t)(uintptr_t)&mem_d[1];
	clear_exc();
	__asm__ volatile("fldgt.d $fa0, %1, %2\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"(base), "r"(base - 1) : "$fa0", "memory");
	CHECK("fldgt.d", r, 0x4004000000000000ULL);
	__asm__ volatile("fldle.s $fa0, %1, %2\n movfr2gr.d %0, $fa0"
			 : "=r"(r) : "r"((uint64_t)(uintptr_t)&mem_s[1]),
			 "r"((uint64_t)(uintptr_t)&mem_s[1]) : "$fa0", "memory");
	CHECK("fldle.s", r, BX(0x3fc00000));
	__asm__ volatile("movgr2fr.d $fa0, %0\n fstgt.s $fa0, %1, $zero\n"
			 "fstle.d $fa0, %2, %2"
			 :: "r"(0x0102030405060708ULL),
			 "r"((uint64_t)(uintptr_t)&mem_s[0]),
			 "r"((uint64_t)(uintptr_t)&mem_d[0]) : "memory");
	__builtin_memcpy(&w, &mem_s[0], 4);
	CHECK("fstgt.s", w, 0x05060708);
	__builtin_memcpy(&r, &mem_d[0], 8);
	CHECK("fstle.d", r, 0x0102030405060708ULL);
	CHECK("no exception", exc_code(), 0);
}

static void test_fcsr_reserved(void)
{
	set_fcsr(~0ULL);
	CHECK("fcsr0 reserved", get_fcsr(), 0x1f1f031f);
	set_fcsr(0);
}

static void test_exceptions(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&mem_d[0], r;

	set_eentry();
	/* BCE: the bound check fails; BADV holds the address. */
	clear_exc();
	__asm__ volatile("fldgt.d $fa0, %0, %0" ::"r"(base) : "$fa0", "memory");
	CHECK("fldgt BCE", exc_code(), 0xa);
	CHECK("fldgt BCE badv", exc_badv, base);
	clear_exc();
	__asm__ volatile("fldle.s $fa0, %0, %1" ::"r"(base + 8), "r"(base)
			 : "$fa0", "memory");
	CHECK("fldle BCE", exc_code(), 0xa);
	clear_exc();
	__asm__ volatile("fstgt.d $fa0, %0, %1" ::"r"(base), "r"(base + 8)
			 : "memory");
	CHECK("fstgt BCE", exc_code(), 0xa);
	clear_exc();
	__asm__ volatile("fstle.s $fa0, %0, %1" ::"r"(base + 4), "r"(base)
			 : "memory");
	CHECK("fstle BCE", exc_code(), 0xa);
	CHECK("fstle BCE badv", exc_badv, base + 4);

	/* FPE: an enabled exception writes the cause, not fd nor flags. */
	clear_exc();
	set_fcsr(0x08); /* enable Z */
	r = RUN3("fdiv.d $fa3, $fa0, $fa1", 0x3ff0000000000000ULL, 0, 0,
		 0x1234);
	CHECK("FPE", exc_code(), 0x12);
	CHECK("FPE fd kept", r, 0x1234);
	CHECK("FPE fcsr", get_fcsr(), 0x08000008);
	clear_exc();
	set_fcsr(0x10); /* enable V */
	r = RUN3("fcmp.sun.s $fcc0, $fa0, $fa1\n movgr2fr.d $fa3, $zero",
		 0x7fc00000, 0, 0, 0x77);
	CHECK("FPE fcmp", exc_code(), 0x12);
	CHECK("FPE fcmp fcsr", get_fcsr(), 0x10000010);
	clear_exc();
	set_fcsr(0x01); /* enable I: ftint inexact traps */
	r = RUN3("ftintrz.w.s $fa3, $fa0", 0x3fc00000, 0, 0, 0x99);
	CHECK("FPE ftint", exc_code(), 0x12);
	CHECK("FPE ftint fd kept", r, 0x99);
	clear_exc();
	set_fcsr(0x1e); /* inexact disabled: no trap */
	r = RUN3("fadd.s $fa3, $fa0, $fa1", 0x3f800000, 0x33800000, 0, 0);
	CHECK("no FPE", exc_code(), 0);
	CHECK("no FPE fcsr", get_fcsr(), 0x0101001e);
	set_fcsr(0);

	/* FPD: with EUEN.FPE clear every FP instruction traps. */
	clear_exc();
	__asm__ volatile("csrwr $zero, 0x2\n fadd.d $fa0, $fa0, $fa0\n"
			 "li.w $t0, 1\n csrwr $t0, 0x2" ::: "$t0", "$fa0");
	CHECK("FPD fadd", exc_code(), 0xf);
	clear_exc();
	__asm__ volatile("csrwr $zero, 0x2\n movgr2fcsr $fcsr0, $zero\n"
			 "li.w $t0, 1\n csrwr $t0, 0x2" ::: "$t0");
	CHECK("FPD movgr2fcsr", exc_code(), 0xf);
	clear_exc();
	__asm__ volatile("csrwr $zero, 0x2\n fld.d $fa0, %0, 0\n"
			 "li.w $t0, 1\n csrwr $t0, 0x2" ::"r"(base)
			 : "$t0", "$fa0");
	CHECK("FPD fld", exc_code(), 0xf);
}

int main(void)
{
	__asm__ volatile("li.w $t0, 1\n csrwr $t0, 0x2" ::: "$t0");
	set_eentry();
	test_bound();
	test_fcsr_reserved();
	test_exceptions();
	return test_done("isa_fpu_manual");
}
