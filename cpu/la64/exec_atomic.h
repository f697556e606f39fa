/* SPDX-License-Identifier: MIT */
/*
 * Handlers for ll/sc, the AM* atomics and barriers (ops/atomic.def),
 * LoongArch Vol1 2.2.7.4 and 2.2.8. Atomics work on the host location of
 * the guest word, so they stay atomic against other vCPU threads.
 * Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_ATOMIC_H
#define LOONGVM_CPU_LA64_EXEC_ATOMIC_H

#include "block.h"
#include "exec.h"

/*
 * ll.w/ll.d: an aligned load (else ALE) that sets LLbit and remembers the
 * address and value for sc.
 */
#define LA_LL(name, bits, ext)                                            \
	LA_OP(name)                                                       \
	{                                                                 \
		uint64_t va = RJ + (uint64_t)IMM, v;                      \
		int st;                                                   \
                                                                          \
		if (va & (bits / 8 - 1))                                  \
			return la64_raise_badv(cpu, LA_ECODE_ALE, 0, va); \
		st = la64_ld##bits(cpu, va, &v, i->raw);                  \
		if (st != LA_NEXT)                                        \
			return st;                                        \
		cpu->llbit = true;                                        \
		cpu->ll_addr = va;                                        \
		cpu->ll_value = v;                                        \
		RD = ext(v);                                              \
		return LA_NEXT;                                           \
	}

LA_LL(ll_w, 32, la64_sext32)
LA_LL(ll_d, 64, (uint64_t))

/*
 * sc.w/sc.d store GR[rd] and set rd to 1 if LLbit is set and the address
 * is that of the ll; else they store nothing and set rd to 0. The store is
 * a compare-exchange against the value ll read, so a change by another
 * vCPU in between makes it fail. LLbit is cleared either way. rd is a
 * source too, so it is not redirected for rd = 0 (see LA_F_WRD).
 */
#define LA_SC(name, type)                                                 \
	LA_OP(name)                                                       \
	{                                                                 \
		uint64_t va = RJ + (uint64_t)IMM;                         \
		type expect = (type)cpu->ll_value, val = (type)RD;        \
		bool ok = false;                                          \
		int st = LA_NEXT;                                         \
                                                                          \
		if (cpu->llbit && cpu->ll_addr == va) {                   \
			type *p = la64_host_rmw(cpu, va, sizeof(type),    \
						i->raw, &st);             \
			if (!p)                                           \
				return st;                                \
			ok = __atomic_compare_exchange_n(                 \
				p, &expect, val, false, __ATOMIC_SEQ_CST, \
				__ATOMIC_SEQ_CST);                        \
		}                                                         \
		cpu->llbit = false;                                       \
		if (i->rd != 0)                                           \
			RD = ok;                                          \
		return LA_NEXT;                                           \
	}

LA_SC(sc_w, uint32_t)
LA_SC(sc_d, uint64_t)

/* Atomic max and min, which the __atomic builtins lack: a CAS loop. */
#define LA_DEFINE_FETCH_MINMAX(fn, type, ctype, op)                       \
	static inline type fn(type *p, type v, int order)                 \
	{                                                                 \
		type old = __atomic_load_n(p, __ATOMIC_RELAXED), nv;      \
                                                                          \
		do {                                                      \
			nv = (ctype)v op(ctype) old ? v : old;            \
		} while (!__atomic_compare_exchange_n(p, &old, nv, true,  \
						      order,              \
						      __ATOMIC_RELAXED)); \
		return old;                                               \
	}

LA_DEFINE_FETCH_MINMAX(la64_fetch_max_w, uint32_t, int32_t, >)
LA_DEFINE_FETCH_MINMAX(la64_fetch_min_w, uint32_t, int32_t, <)
LA_DEFINE_FETCH_MINMAX(la64_fetch_max_wu, uint32_t, uint32_t, >)
LA_DEFINE_FETCH_MINMAX(la64_fetch_min_wu, uint32_t, uint32_t, <)
LA_DEFINE_FETCH_MINMAX(la64_fetch_max_d, uint64_t, int64_t, >)
LA_DEFINE_FETCH_MINMAX(la64_fetch_min_d, uint64_t, int64_t, <)
LA_DEFINE_FETCH_MINMAX(la64_fetch_max_du, uint64_t, uint64_t, >)
LA_DEFINE_FETCH_MINMAX(la64_fetch_min_du, uint64_t, uint64_t, <)

/*
 * AM*: rd = old [rj]; [rj] = old OP rk, atomically (Vol1 2.2.7.4). The
 * address must be aligned (ALE). rd equal to rj or rk is an invalid
 * encoding (INE) unless rd is $zero, which the decoder turned into the
 * sink register. .w results are sign-extended, .wu ones too (the manual
 * extends every 32-bit AM result). The _db forms are also full barriers.
 */
#define LA_AM(name, type, ext, fetch_op, order)                           \
	LA_OP(name)                                                       \
	{                                                                 \
		type *p, val = (type)RK, old;                             \
		int st;                                                   \
                                                                          \
		if (i->rd == i->rj || i->rd == i->rk)                     \
			return la64_raise(cpu, LA_ECODE_INE, 0);          \
		p = la64_host_rmw(cpu, RJ, sizeof(type), i->raw, &st);    \
		if (!p)                                                   \
			return st;                                        \
		old = fetch_op(p, val, order);                            \
		RD = ext(old);                                            \
		return LA_NEXT;                                           \
	}

#define LA_AM_W(name, fetch_op, order) \
	LA_AM(name, uint32_t, la64_sext32, fetch_op, order)
#define LA_AM_D(name, fetch_op, order) \
	LA_AM(name, uint64_t, (uint64_t), fetch_op, order)

#define LA_RLX __ATOMIC_RELAXED
#define LA_SEQ __ATOMIC_SEQ_CST

LA_AM_W(amswap_w, __atomic_exchange_n, LA_RLX)
LA_AM_D(amswap_d, __atomic_exchange_n, LA_RLX)
LA_AM_W(amadd_w, __atomic_fetch_add, LA_RLX)
LA_AM_D(amadd_d, __atomic_fetch_add, LA_RLX)
LA_AM_W(amand_w, __atomic_fetch_and, LA_RLX)
LA_AM_D(amand_d, __atomic_fetch_and, LA_RLX)
LA_AM_W(amor_w, __atomic_fetch_or, LA_RLX)
LA_AM_D(amor_d, __atomic_fetch_or, LA_RLX)
LA_AM_W(amxor_w, __atomic_fetch_xor, LA_RLX)
LA_AM_D(amxor_d, __atomic_fetch_xor, LA_RLX)
LA_AM_W(ammax_w, la64_fetch_max_w, LA_RLX)
LA_AM_D(ammax_d, la64_fetch_max_d, LA_RLX)
LA_AM_W(ammin_w, la64_fetch_min_w, LA_RLX)
LA_AM_D(ammin_d, la64_fetch_min_d, LA_RLX)
LA_AM_W(ammax_wu, la64_fetch_max_wu, LA_RLX)
LA_AM_D(ammax_du, la64_fetch_max_du, LA_RLX)
LA_AM_W(ammin_wu, la64_fetch_min_wu, LA_RLX)
LA_AM_D(ammin_du, la64_fetch_min_du, LA_RLX)

LA_AM_W(amswap_db_w, __atomic_exchange_n, LA_SEQ)
LA_AM_D(amswap_db_d, __atomic_exchange_n, LA_SEQ)
LA_AM_W(amadd_db_w, __atomic_fetch_add, LA_SEQ)
LA_AM_D(amadd_db_d, __atomic_fetch_add, LA_SEQ)
LA_AM_W(amand_db_w, __atomic_fetch_and, LA_SEQ)
LA_AM_D(amand_db_d, __atomic_fetch_and, LA_SEQ)
LA_AM_W(amor_db_w, __atomic_fetch_or, LA_SEQ)
LA_AM_D(amor_db_d, __atomic_fetch_or, LA_SEQ)
LA_AM_W(amxor_db_w, __atomic_fetch_xor, LA_SEQ)
LA_AM_D(amxor_db_d, __atomic_fetch_xor, LA_SEQ)
LA_AM_W(ammax_db_w, la64_fetch_max_w, LA_SEQ)
LA_AM_D(ammax_db_d, la64_fetch_max_d, LA_SEQ)
LA_AM_W(ammin_db_w, la64_fetch_min_w, LA_SEQ)
LA_AM_D(ammin_db_d, la64_fetch_min_d, LA_SEQ)
LA_AM_W(ammax_db_wu, la64_fetch_max_wu, LA_SEQ)
LA_AM_D(ammax_db_du, la64_fetch_max_du, LA_SEQ)
LA_AM_W(ammin_db_wu, la64_fetch_min_wu, LA_SEQ)
LA_AM_D(ammin_db_du, la64_fetch_min_du, LA_SEQ)

/* dbar: every access before it is done before any after it (2.2.8.1). */
LA_OP(dbar)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return LA_NEXT;
}

/*
 * ibar: instruction fetch after it sees every store before it (2.2.8.2).
 * Dropping every decoded block and leaving this one makes the next fetch
 * decode memory afresh.
 */
LA_OP(ibar)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	la64_blocks_flush(cpu);
	return la64_jump(cpu, pc + 4);
}

#endif /* LOONGVM_CPU_LA64_EXEC_ATOMIC_H */
