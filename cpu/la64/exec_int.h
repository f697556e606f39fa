/* SPDX-License-Identifier: MIT */
/*
 * Handlers for integer arithmetic, logic, shifts, bit manipulation and address formation
 * (ops/int.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_INT_H
#define LOONGVM_CPU_LA64_EXEC_INT_H

#include "exec.h"

LA_OP(addi_w)
{
	RD = la64_sext32(RJ + (uint64_t)IMM);
	return LA_NEXT;
}

LA_OP(addi_d)
{
	RD = RJ + (uint64_t)IMM;
	return LA_NEXT;
}

LA_OP(add_d)
{
	RD = RJ + RK;
	return LA_NEXT;
}

LA_OP(or)
{
	RD = RJ | RK;
	return LA_NEXT;
}

LA_OP(ori)
{
	RD = RJ | UIMM;
	return LA_NEXT;
}

LA_OP(andi)
{
	RD = RJ & UIMM;
	return LA_NEXT;
}

LA_OP(lu12i_w)
{
	RD = la64_sext32((uint64_t)IMM << 12);
	return LA_NEXT;
}

LA_OP(lu32i_d)
{
	RD = (uint32_t)RD | ((uint64_t)IMM << 32);
	return LA_NEXT;
}

LA_OP(lu52i_d)
{
	RD = (RJ & ((1ULL << 52) - 1)) | ((uint64_t)IMM << 52);
	return LA_NEXT;
}

LA_OP(pcaddi)
{
	RD = pc + ((uint64_t)IMM << 2);
	return LA_NEXT;
}

LA_OP(pcaddu12i)
{
	RD = pc + ((uint64_t)IMM << 12);
	return LA_NEXT;
}

LA_OP(pcalau12i)
{
	RD = (pc + ((uint64_t)IMM << 12)) & ~0xfffULL;
	return LA_NEXT;
}

LA_OP(slli_d)
{
	RD = RJ << (i->imm & 63);
	return LA_NEXT;
}

LA_OP(srli_d)
{
	RD = RJ >> (i->imm & 63);
	return LA_NEXT;
}
LA_STUB(clo_w)
LA_STUB(clz_w)
LA_STUB(cto_w)
LA_STUB(ctz_w)
LA_STUB(clo_d)
LA_STUB(clz_d)
LA_STUB(cto_d)
LA_STUB(ctz_d)
LA_STUB(revb_2h)
LA_STUB(revb_4h)
LA_STUB(revb_2w)
LA_STUB(revb_d)
LA_STUB(revh_2w)
LA_STUB(revh_d)
LA_STUB(bitrev_4b)
LA_STUB(bitrev_8b)
LA_STUB(bitrev_w)
LA_STUB(bitrev_d)
LA_STUB(ext_w_h)
LA_STUB(ext_w_b)
LA_STUB(alsl_w)
LA_STUB(alsl_wu)
LA_STUB(bytepick_w)
LA_STUB(bytepick_d)
LA_STUB(add_w)
LA_STUB(sub_w)
LA_STUB(sub_d)
LA_STUB(slt)
LA_STUB(sltu)
LA_STUB(maskeqz)
LA_STUB(masknez)
LA_STUB(nor)
LA_STUB(and)
LA_STUB(xor)
LA_STUB(orn)
LA_STUB(andn)
LA_STUB(sll_w)
LA_STUB(srl_w)
LA_STUB(sra_w)
LA_STUB(sll_d)
LA_STUB(srl_d)
LA_STUB(sra_d)
LA_STUB(rotr_w)
LA_STUB(rotr_d)
LA_STUB(mul_w)
LA_STUB(mulh_w)
LA_STUB(mulh_wu)
LA_STUB(mul_d)
LA_STUB(mulh_d)
LA_STUB(mulh_du)
LA_STUB(mulw_d_w)
LA_STUB(mulw_d_wu)
LA_STUB(div_w)
LA_STUB(mod_w)
LA_STUB(div_wu)
LA_STUB(mod_wu)
LA_STUB(div_d)
LA_STUB(mod_d)
LA_STUB(div_du)
LA_STUB(mod_du)
LA_STUB(alsl_d)
LA_STUB(slli_w)
LA_STUB(srli_w)
LA_STUB(srai_w)
LA_STUB(srai_d)
LA_STUB(rotri_w)
LA_STUB(rotri_d)
LA_STUB(bstrins_w)
LA_STUB(bstrpick_w)
LA_STUB(bstrins_d)
LA_STUB(bstrpick_d)
LA_STUB(slti)
LA_STUB(sltui)
LA_STUB(xori)
LA_STUB(addu16i_d)
LA_STUB(pcaddu18i)

#endif /* LOONGVM_CPU_LA64_EXEC_INT_H */
