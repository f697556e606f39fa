/* SPDX-License-Identifier: MIT */
/*
 * The host FPU's environment (rounding mode and exception flags) under the
 * guest's arithmetic, for fpu.c only.
 *
 * On x86-64 scalar float and double arithmetic is SSE, so both live in
 * MXCSR: flags in bits 0-5 (IE DE ZE OE UE PE), rounding in bits 13-14.
 * For the whole of la64_cpu_run MXCSR holds the guest's rounding mode and
 * gathers the flags of the plain arithmetic fpu.c runs without looking
 * (lazy FCSR0): reading and rewriting MXCSR around every operation cost
 * more than the operation (bench/README.md). Elsewhere <fenv.h> does the
 * same, more slowly but portably.
 */
#ifndef LOONGVM_CPU_LA64_FPU_ENV_H
#define LOONGVM_CPU_LA64_FPU_ENV_H

#include <fenv.h>
#include <stdint.h>

/* Exception bits in an enable, flag or cause field (Vol1 3.1.4). */
enum { FP_I = 1, FP_U = 2, FP_O = 4, FP_Z = 8, FP_V = 16 };

#if defined(__x86_64__) && defined(__SSE2__)

#define MX_FLAGS 0x3fU
#define MX_RC 0x6000U
/* All exceptions masked, no flush-to-zero: the x86-64 ABI's default. */
#define MX_DEFAULT 0x1f80U

static const uint32_t mx_rc[4] = {
    0U << 13, 3U << 13, 2U << 13, 1U << 13 /* RNE, RZ, RP, RM */
};

static inline uint32_t mxcsr_get(void)
{
	uint32_t v;

	__asm__ volatile("stmxcsr %0" : "=m"(v)::"memory");
	return v;
}

static inline void mxcsr_set(uint32_t v)
{
	__asm__ volatile("ldmxcsr %0" ::"m"(v) : "memory");
}

/* The flags the host has gathered, as FP_ bits; clears them. */
static inline uint32_t fpu_env_take_flags(void)
{
	uint32_t m = mxcsr_get(), fl = 0;

	if (!(m & MX_FLAGS))
		return 0;
	mxcsr_set(m & ~MX_FLAGS);
	if (m & 0x20)
		fl |= FP_I;
	if (m & 0x10)
		fl |= FP_U;
	if (m & 0x08)
		fl |= FP_O;
	if (m & 0x04)
		fl |= FP_Z;
	if (m & 0x01)
		fl |= FP_V;
	return fl;
}

/* Entering la64_cpu_run: the guest's mode, no flags; returns the host's. */
static inline uint32_t fpu_env_enter(int rm)
{
	uint32_t host = mxcsr_get(), want = MX_DEFAULT | mx_rc[rm];

	if (host != want)
		mxcsr_set(want);
	return host;
}

static inline void fpu_env_leave(uint32_t host)
{
	if (mxcsr_get() != host)
		mxcsr_set(host);
}

/* The guest changed its rounding mode (flags already taken). */
static inline void fpu_env_set_mode(int rm)
{
	mxcsr_set(MX_DEFAULT | mx_rc[rm]);
}

#else

/* Host rounding modes for FCSR.RM 0-3: RNE, RZ, RP, RM (Vol1 3.1.4). */
static const int host_rm[4] = {FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD,
			       FE_DOWNWARD};

static inline uint32_t fpu_env_take_flags(void)
{
	int ex = fetestexcept(FE_ALL_EXCEPT);
	uint32_t fl = 0;

	feclearexcept(FE_ALL_EXCEPT);
	if (ex & FE_INEXACT)
		fl |= FP_I;
	if (ex & FE_UNDERFLOW)
		fl |= FP_U;
	if (ex & FE_OVERFLOW)
		fl |= FP_O;
	if (ex & FE_DIVBYZERO)
		fl |= FP_Z;
	if (ex & FE_INVALID)
		fl |= FP_V;
	return fl;
}

static inline uint32_t fpu_env_enter(int rm)
{
	feclearexcept(FE_ALL_EXCEPT);
	fesetround(host_rm[rm]);
	return 0;
}

static inline void fpu_env_leave(uint32_t host)
{
	(void)host;
	fesetround(FE_TONEAREST);
}

static inline void fpu_env_set_mode(int rm)
{
	fesetround(host_rm[rm]);
}
#endif

#endif /* LOONGVM_CPU_LA64_FPU_ENV_H */
