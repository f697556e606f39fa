/* SPDX-License-Identifier: MIT */
/*
 * Handlers for loads, stores, bound-checked accesses and preloads
 * (ops/mem.def), LoongArch Vol1 2.2.7. Ordinary accesses may be misaligned,
 * even across a page (the slow path splits them); the bound-checked forms
 * must be naturally aligned. Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_MEM_H
#define LOONGVM_CPU_LA64_EXEC_MEM_H

#include "exec.h"

/* Loaded-value extensions, by suffix. */
#define LA_EXT_b(v) ((uint64_t)(int64_t)(int8_t)(v))
#define LA_EXT_h(v) ((uint64_t)(int64_t)(int16_t)(v))
#define LA_EXT_w(v) la64_sext32(v)
#define LA_EXT_d(v) (v)
#define LA_EXT_bu(v) (v)
#define LA_EXT_hu(v) (v)
#define LA_EXT_wu(v) (v)

/* A load of bits from va into rd, extended as suffix says. */
#define LA_LOAD(name, bits, suffix, va)                                   \
	LA_OP(name)                                                       \
	{                                                                 \
		uint64_t v;                                               \
		int st = la64_ld##bits(cpu, (va), &v, i->raw);            \
                                                                          \
		if (st == LA_NEXT)                                        \
			RD = LA_EXT_##suffix(v);                          \
		return st;                                                \
	}

#define LA_STORE(name, bits, va)                                          \
	LA_OP(name)                                                       \
	{                                                                 \
		return la64_st##bits(cpu, (va), RD, i->raw);              \
	}

/* ld/st: GR[rj] + si12. */
#define LA_VA_SI12 (RJ + (uint64_t)IMM)
/* ldptr/stptr: GR[rj] + (si14 << 2); IMM is already scaled. */
#define LA_VA_SI14 (RJ + (uint64_t)IMM)
/* ldx/stx: GR[rj] + GR[rk]. */
#define LA_VA_X (RJ + RK)

LA_LOAD(ld_b, 8, b, LA_VA_SI12)
LA_LOAD(ld_h, 16, h, LA_VA_SI12)
LA_LOAD(ld_w, 32, w, LA_VA_SI12)
LA_LOAD(ld_d, 64, d, LA_VA_SI12)
LA_LOAD(ld_bu, 8, bu, LA_VA_SI12)
LA_LOAD(ld_hu, 16, hu, LA_VA_SI12)
LA_LOAD(ld_wu, 32, wu, LA_VA_SI12)
LA_STORE(st_b, 8, LA_VA_SI12)
LA_STORE(st_h, 16, LA_VA_SI12)
LA_STORE(st_w, 32, LA_VA_SI12)
LA_STORE(st_d, 64, LA_VA_SI12)

LA_LOAD(ldptr_w, 32, w, LA_VA_SI14)
LA_LOAD(ldptr_d, 64, d, LA_VA_SI14)
LA_STORE(stptr_w, 32, LA_VA_SI14)
LA_STORE(stptr_d, 64, LA_VA_SI14)

LA_LOAD(ldx_b, 8, b, LA_VA_X)
LA_LOAD(ldx_h, 16, h, LA_VA_X)
LA_LOAD(ldx_w, 32, w, LA_VA_X)
LA_LOAD(ldx_d, 64, d, LA_VA_X)
LA_LOAD(ldx_bu, 8, bu, LA_VA_X)
LA_LOAD(ldx_hu, 16, hu, LA_VA_X)
LA_LOAD(ldx_wu, 32, wu, LA_VA_X)
LA_STORE(stx_b, 8, LA_VA_X)
LA_STORE(stx_h, 16, LA_VA_X)
LA_STORE(stx_w, 32, LA_VA_X)
LA_STORE(stx_d, 64, LA_VA_X)

/*
 * preld/preldx are hints: they never fault, whatever the address, and
 * there is no cache to warm here (Vol1 2.2.7.3).
 */
LA_OP(preld)
{
	return LA_NEXT;
}

LA_OP(preldx)
{
	return LA_NEXT;
}

/*
 * The bound-checked accesses (Vol1 2.2.7.5) use GR[rj] as the address. The
 * gt forms need GR[rj] > GR[rk], the le forms GR[rj] <= GR[rk] (signed);
 * otherwise BCE, with the address in BADV. The address must be naturally
 * aligned, else ALE.
 */
static inline int la64_bound_check(struct la64_cpu *cpu, uint64_t va,
				   bool ok, unsigned int size)
{
	if (!ok)
		return la64_raise_badv(cpu, LA_ECODE_BCE, 0, va);
	if (va & (size - 1))
		return la64_raise_badv(cpu, LA_ECODE_ALE, 0, va);
	return LA_NEXT;
}

#define LA_BOUND_GT ((int64_t)RJ > (int64_t)RK)
#define LA_BOUND_LE ((int64_t)RJ <= (int64_t)RK)

#define LA_LOAD_BOUND(name, bits, suffix, cond)                           \
	LA_OP(name)                                                       \
	{                                                                 \
		uint64_t va = RJ, v;                                      \
		int st = la64_bound_check(cpu, va, cond, bits / 8);       \
                                                                          \
		if (st == LA_NEXT)                                        \
			st = la64_ld##bits(cpu, va, &v, i->raw);          \
		if (st == LA_NEXT)                                        \
			RD = LA_EXT_##suffix(v);                          \
		return st;                                                \
	}

#define LA_STORE_BOUND(name, bits, cond)                                  \
	LA_OP(name)                                                       \
	{                                                                 \
		uint64_t va = RJ;                                         \
		int st = la64_bound_check(cpu, va, cond, bits / 8);       \
                                                                          \
		if (st == LA_NEXT)                                        \
			st = la64_st##bits(cpu, va, RD, i->raw);          \
		return st;                                                \
	}

LA_LOAD_BOUND(ldgt_b, 8, b, LA_BOUND_GT)
LA_LOAD_BOUND(ldgt_h, 16, h, LA_BOUND_GT)
LA_LOAD_BOUND(ldgt_w, 32, w, LA_BOUND_GT)
LA_LOAD_BOUND(ldgt_d, 64, d, LA_BOUND_GT)
LA_LOAD_BOUND(ldle_b, 8, b, LA_BOUND_LE)
LA_LOAD_BOUND(ldle_h, 16, h, LA_BOUND_LE)
LA_LOAD_BOUND(ldle_w, 32, w, LA_BOUND_LE)
LA_LOAD_BOUND(ldle_d, 64, d, LA_BOUND_LE)
LA_STORE_BOUND(stgt_b, 8, LA_BOUND_GT)
LA_STORE_BOUND(stgt_h, 16, LA_BOUND_GT)
LA_STORE_BOUND(stgt_w, 32, LA_BOUND_GT)
LA_STORE_BOUND(stgt_d, 64, LA_BOUND_GT)
LA_STORE_BOUND(stle_b, 8, LA_BOUND_LE)
LA_STORE_BOUND(stle_h, 16, LA_BOUND_LE)
LA_STORE_BOUND(stle_w, 32, LA_BOUND_LE)
LA_STORE_BOUND(stle_d, 64, LA_BOUND_LE)

#endif /* LOONGVM_CPU_LA64_EXEC_MEM_H */
