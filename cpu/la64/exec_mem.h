/* SPDX-License-Identifier: MIT */
/*
 * Handlers for loads, stores, bound-checked accesses and preloads
 * (ops/mem.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_MEM_H
#define LOONGVM_CPU_LA64_EXEC_MEM_H

#include "exec.h"

LA_OP(ld_b)
{
	uint64_t v;
	int st = la64_ld8(cpu, RJ + (uint64_t)IMM, &v, i->raw);

	if (st == LA_NEXT)
		RD = (uint64_t)(int64_t)(int8_t)v;
	return st;
}

LA_OP(ld_bu)
{
	uint64_t v;
	int st = la64_ld8(cpu, RJ + (uint64_t)IMM, &v, i->raw);

	if (st == LA_NEXT)
		RD = v;
	return st;
}

LA_OP(ld_w)
{
	uint64_t v;
	int st = la64_ld32(cpu, RJ + (uint64_t)IMM, &v, i->raw);

	if (st == LA_NEXT)
		RD = la64_sext32(v);
	return st;
}

LA_OP(ld_d)
{
	uint64_t v;
	int st = la64_ld64(cpu, RJ + (uint64_t)IMM, &v, i->raw);

	if (st == LA_NEXT)
		RD = v;
	return st;
}

LA_OP(st_b)
{
	return la64_st8(cpu, RJ + (uint64_t)IMM, RD, i->raw);
}

LA_OP(st_w)
{
	return la64_st32(cpu, RJ + (uint64_t)IMM, RD, i->raw);
}

LA_OP(st_d)
{
	return la64_st64(cpu, RJ + (uint64_t)IMM, RD, i->raw);
}
LA_STUB(ldptr_w)
LA_STUB(stptr_w)
LA_STUB(ldptr_d)
LA_STUB(stptr_d)
LA_STUB(ld_h)
LA_STUB(st_h)
LA_STUB(ld_hu)
LA_STUB(ld_wu)
LA_STUB(preld)
LA_STUB(ldx_b)
LA_STUB(ldx_h)
LA_STUB(ldx_w)
LA_STUB(ldx_d)
LA_STUB(stx_b)
LA_STUB(stx_h)
LA_STUB(stx_w)
LA_STUB(stx_d)
LA_STUB(ldx_bu)
LA_STUB(ldx_hu)
LA_STUB(ldx_wu)
LA_STUB(preldx)
LA_STUB(ldgt_b)
LA_STUB(ldgt_h)
LA_STUB(ldgt_w)
LA_STUB(ldgt_d)
LA_STUB(ldle_b)
LA_STUB(ldle_h)
LA_STUB(ldle_w)
LA_STUB(ldle_d)
LA_STUB(stgt_b)
LA_STUB(stgt_h)
LA_STUB(stgt_w)
LA_STUB(stgt_d)
LA_STUB(stle_b)
LA_STUB(stle_h)
LA_STUB(stle_w)
LA_STUB(stle_d)

#endif /* LOONGVM_CPU_LA64_EXEC_MEM_H */
