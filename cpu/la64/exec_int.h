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

/* Helpers shared by several handlers. */

/* Counts leading zeros of the low width bits of v (0..width). */
static inline uint64_t la64_clz(uint64_t v, unsigned int width)
{
	v <<= 64 - width;
	return v ? (uint64_t)__builtin_clzll(v) : width;
}

/* Counts trailing zeros of the low width bits of v (0..width). */
static inline uint64_t la64_ctz(uint64_t v, unsigned int width)
{
	if (width < 64)
		v |= 1ULL << width;
	return v ? (uint64_t)__builtin_ctzll(v) : 64;
}

/* Swaps the bytes within each 16-bit halfword. */
static inline uint64_t la64_swap8(uint64_t v)
{
	return (v & 0x00ff00ff00ff00ffULL) << 8 | (v >> 8 & 0x00ff00ff00ff00ffULL);
}

/* Swaps the halfwords within each 32-bit word. */
static inline uint64_t la64_swap16(uint64_t v)
{
	return (v & 0x0000ffff0000ffffULL) << 16 | (v >> 16 & 0x0000ffff0000ffffULL);
}

/* Reverses the bits within each byte. */
static inline uint64_t la64_bitrev_bytes(uint64_t v)
{
	v = (v & 0x5555555555555555ULL) << 1 | (v >> 1 & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) << 2 | (v >> 2 & 0x3333333333333333ULL);
	return (v & 0x0f0f0f0f0f0f0f0fULL) << 4 | (v >> 4 & 0x0f0f0f0f0f0f0f0fULL);
}

static inline uint32_t la64_ror32(uint32_t v, unsigned int n)
{
	n &= 31;
	return n ? v >> n | v << (32 - n) : v;
}

static inline uint64_t la64_ror64(uint64_t v, unsigned int n)
{
	n &= 63;
	return n ? v >> n | v << (64 - n) : v;
}

/* An arithmetic right shift without relying on implementation behaviour. */
static inline uint64_t la64_sra64(uint64_t v, unsigned int n)
{
	n &= 63;
	return (v >> 63) ? ~(~v >> n) : v >> n;
}

/* Bits [msb:lsb] of v, zero-extended; msb >= lsb. */
static inline uint64_t la64_bits(uint64_t v, unsigned int msb, unsigned int lsb)
{
	return (v >> lsb) & (~0ULL >> (63 - (msb - lsb)));
}

/* v with bits [msb:lsb] replaced by the low bits of f; msb >= lsb. */
static inline uint64_t la64_insert(uint64_t v, uint64_t f, unsigned int msb,
				   unsigned int lsb)
{
	uint64_t mask = (~0ULL >> (63 - (msb - lsb))) << lsb;

	return (v & ~mask) | ((f << lsb) & mask);
}

/*
 * Signed and unsigned 64-bit division. The manual (Vol1 2.2.1.11) leaves
 * the result UNPREDICTABLE for a zero divisor (and for .w ops given non
 * sign-extended inputs); we follow QEMU 7.2, which divides by 1 instead:
 * the quotient is the dividend and the remainder 0. INT64_MIN / -1 wraps
 * to INT64_MIN with remainder 0, without trapping the host.
 */
static inline uint64_t la64_div(uint64_t a, uint64_t b, int rem)
{
	if (b == 0 || (a == 1ULL << 63 && b == ~0ULL))
		return rem ? 0 : a;
	int64_t q = (int64_t)a / (int64_t)b;
	return rem ? (uint64_t)((int64_t)a % (int64_t)b) : (uint64_t)q;
}

static inline uint64_t la64_divu(uint64_t a, uint64_t b, int rem)
{
	if (b == 0)
		return rem ? 0 : a;
	return rem ? a % b : a / b;
}

/* The high 64 bits of the 128-bit products. */
static inline uint64_t la64_mulh(int64_t a, int64_t b)
{
	return (uint64_t)(((__int128)a * b) >> 64);
}

static inline uint64_t la64_mulhu(uint64_t a, uint64_t b)
{
	return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

/* Vol1 2.2.3.7: counts of leading/trailing ones and zeros. */
LA_OP(clo_w)
{
	RD = la64_clz(~RJ, 32);
	return LA_NEXT;
}

LA_OP(clz_w)
{
	RD = la64_clz(RJ, 32);
	return LA_NEXT;
}

LA_OP(cto_w)
{
	RD = la64_ctz(~RJ, 32);
	return LA_NEXT;
}

LA_OP(ctz_w)
{
	RD = la64_ctz(RJ, 32);
	return LA_NEXT;
}

LA_OP(clo_d)
{
	RD = la64_clz(~RJ, 64);
	return LA_NEXT;
}

LA_OP(clz_d)
{
	RD = la64_clz(RJ, 64);
	return LA_NEXT;
}

LA_OP(cto_d)
{
	RD = la64_ctz(~RJ, 64);
	return LA_NEXT;
}

LA_OP(ctz_d)
{
	RD = la64_ctz(RJ, 64);
	return LA_NEXT;
}

/* Vol1 2.2.3.4-2.2.3.6: byte, halfword and bit reversals. */
LA_OP(revb_2h)
{
	RD = la64_sext32(la64_swap8(RJ));
	return LA_NEXT;
}

LA_OP(revb_4h)
{
	RD = la64_swap8(RJ);
	return LA_NEXT;
}

LA_OP(revb_2w)
{
	RD = la64_swap16(la64_swap8(RJ));
	return LA_NEXT;
}

LA_OP(revb_d)
{
	RD = __builtin_bswap64(RJ);
	return LA_NEXT;
}

LA_OP(revh_2w)
{
	RD = la64_swap16(RJ);
	return LA_NEXT;
}

LA_OP(revh_d)
{
	RD = la64_ror64(la64_swap16(RJ), 32);
	return LA_NEXT;
}

LA_OP(bitrev_4b)
{
	RD = la64_sext32(la64_bitrev_bytes(RJ));
	return LA_NEXT;
}

LA_OP(bitrev_8b)
{
	RD = la64_bitrev_bytes(RJ);
	return LA_NEXT;
}

LA_OP(bitrev_w)
{
	RD = la64_sext32(__builtin_bswap64(la64_bitrev_bytes(RJ)) >> 32);
	return LA_NEXT;
}

LA_OP(bitrev_d)
{
	RD = __builtin_bswap64(la64_bitrev_bytes(RJ));
	return LA_NEXT;
}

LA_OP(ext_w_h)
{
	RD = (uint64_t)(int64_t)(int16_t)(uint16_t)RJ;
	return LA_NEXT;
}

LA_OP(ext_w_b)
{
	RD = (uint64_t)(int64_t)(int8_t)(uint8_t)RJ;
	return LA_NEXT;
}

/* Vol1 2.2.1.9: the shift is sa2 + 1; alsl.wu zero-extends its result. */
LA_OP(alsl_w)
{
	RD = la64_sext32((RJ << (i->imm + 1)) + RK);
	return LA_NEXT;
}

LA_OP(alsl_wu)
{
	RD = (uint32_t)((RJ << (i->imm + 1)) + RK);
	return LA_NEXT;
}

LA_OP(alsl_d)
{
	RD = (RJ << (i->imm + 1)) + RK;
	return LA_NEXT;
}

/* Vol1 2.2.3.3: rk supplies the high bytes, rj the low ones. */
LA_OP(bytepick_w)
{
	unsigned int sh = 8 * (unsigned int)i->imm;
	uint32_t v = (uint32_t)RK << sh;

	if (sh)
		v |= (uint32_t)RJ >> (32 - sh);
	RD = la64_sext32(v);
	return LA_NEXT;
}

LA_OP(bytepick_d)
{
	unsigned int sh = 8 * (unsigned int)i->imm;

	RD = sh ? RK << sh | RJ >> (64 - sh) : RK;
	return LA_NEXT;
}

LA_OP(add_w)
{
	RD = la64_sext32(RJ + RK);
	return LA_NEXT;
}

LA_OP(sub_w)
{
	RD = la64_sext32(RJ - RK);
	return LA_NEXT;
}

LA_OP(sub_d)
{
	RD = RJ - RK;
	return LA_NEXT;
}

LA_OP(slt)
{
	RD = (int64_t)RJ < (int64_t)RK;
	return LA_NEXT;
}

LA_OP(sltu)
{
	RD = RJ < RK;
	return LA_NEXT;
}

LA_OP(maskeqz)
{
	RD = RK ? RJ : 0;
	return LA_NEXT;
}

LA_OP(masknez)
{
	RD = RK ? 0 : RJ;
	return LA_NEXT;
}

LA_OP(nor)
{
	RD = ~(RJ | RK);
	return LA_NEXT;
}

LA_OP(and)
{
	RD = RJ & RK;
	return LA_NEXT;
}

LA_OP(xor)
{
	RD = RJ ^ RK;
	return LA_NEXT;
}

LA_OP(orn)
{
	RD = RJ | ~RK;
	return LA_NEXT;
}

LA_OP(andn)
{
	RD = RJ & ~RK;
	return LA_NEXT;
}

/* Vol1 2.2.2: .w shifts use rk[4:0], .d shifts rk[5:0]. */
LA_OP(sll_w)
{
	RD = la64_sext32((uint32_t)RJ << (RK & 31));
	return LA_NEXT;
}

LA_OP(srl_w)
{
	RD = la64_sext32((uint32_t)RJ >> (RK & 31));
	return LA_NEXT;
}

LA_OP(sra_w)
{
	RD = la64_sra64(la64_sext32(RJ), RK & 31);
	return LA_NEXT;
}

LA_OP(sll_d)
{
	RD = RJ << (RK & 63);
	return LA_NEXT;
}

LA_OP(srl_d)
{
	RD = RJ >> (RK & 63);
	return LA_NEXT;
}

LA_OP(sra_d)
{
	RD = la64_sra64(RJ, RK & 63);
	return LA_NEXT;
}

LA_OP(rotr_w)
{
	RD = la64_sext32(la64_ror32((uint32_t)RJ, RK & 31));
	return LA_NEXT;
}

LA_OP(rotr_d)
{
	RD = la64_ror64(RJ, RK & 63);
	return LA_NEXT;
}

/* Vol1 2.2.1.12-2.2.1.14: .w multiplies take the low 32 bits of rj, rk. */
LA_OP(mul_w)
{
	RD = la64_sext32(RJ * RK);
	return LA_NEXT;
}

LA_OP(mulh_w)
{
	RD = la64_sext32(la64_sext32(RJ) * la64_sext32(RK) >> 32);
	return LA_NEXT;
}

LA_OP(mulh_wu)
{
	RD = la64_sext32((uint64_t)(uint32_t)RJ * (uint32_t)RK >> 32);
	return LA_NEXT;
}

LA_OP(mul_d)
{
	RD = RJ * RK;
	return LA_NEXT;
}

LA_OP(mulh_d)
{
	RD = la64_mulh((int64_t)RJ, (int64_t)RK);
	return LA_NEXT;
}

LA_OP(mulh_du)
{
	RD = la64_mulhu(RJ, RK);
	return LA_NEXT;
}

LA_OP(mulw_d_w)
{
	RD = la64_sext32(RJ) * la64_sext32(RK);
	return LA_NEXT;
}

LA_OP(mulw_d_wu)
{
	RD = (uint64_t)(uint32_t)RJ * (uint32_t)RK;
	return LA_NEXT;
}

/*
 * Vol1 2.2.1.15: .w divides use the low 32 bits, sign- or zero-extended,
 * and sign-extend the 32-bit result (INT32_MIN / -1 gives INT32_MIN).
 */
LA_OP(div_w)
{
	RD = la64_sext32(la64_div(la64_sext32(RJ), la64_sext32(RK), 0));
	return LA_NEXT;
}

LA_OP(mod_w)
{
	RD = la64_sext32(la64_div(la64_sext32(RJ), la64_sext32(RK), 1));
	return LA_NEXT;
}

LA_OP(div_wu)
{
	RD = la64_sext32(la64_divu((uint32_t)RJ, (uint32_t)RK, 0));
	return LA_NEXT;
}

LA_OP(mod_wu)
{
	RD = la64_sext32(la64_divu((uint32_t)RJ, (uint32_t)RK, 1));
	return LA_NEXT;
}

LA_OP(div_d)
{
	RD = la64_div(RJ, RK, 0);
	return LA_NEXT;
}

LA_OP(mod_d)
{
	RD = la64_div(RJ, RK, 1);
	return LA_NEXT;
}

LA_OP(div_du)
{
	RD = la64_divu(RJ, RK, 0);
	return LA_NEXT;
}

LA_OP(mod_du)
{
	RD = la64_divu(RJ, RK, 1);
	return LA_NEXT;
}

LA_OP(slli_w)
{
	RD = la64_sext32((uint32_t)RJ << i->imm);
	return LA_NEXT;
}

LA_OP(srli_w)
{
	RD = la64_sext32((uint32_t)RJ >> i->imm);
	return LA_NEXT;
}

LA_OP(srai_w)
{
	RD = la64_sra64(la64_sext32(RJ), (unsigned int)i->imm);
	return LA_NEXT;
}

LA_OP(srai_d)
{
	RD = la64_sra64(RJ, (unsigned int)i->imm);
	return LA_NEXT;
}

LA_OP(rotri_w)
{
	RD = la64_sext32(la64_ror32((uint32_t)RJ, (unsigned int)i->imm));
	return LA_NEXT;
}

LA_OP(rotri_d)
{
	RD = la64_ror64(RJ, (unsigned int)i->imm);
	return LA_NEXT;
}

/*
 * Vol1 2.2.3.8-2.2.3.9: msb < lsb is UNPREDICTABLE in the manual; QEMU
 * raises INE for it, and so do we.
 */
LA_OP(bstrins_w)
{
	unsigned int msb = (unsigned int)i->imm >> 8, lsb = i->imm & 0xff;

	if (msb < lsb)
		return la64_raise(cpu, LA_ECODE_INE, 0);
	RD = la64_sext32(la64_insert(RD, RJ, msb, lsb));
	return LA_NEXT;
}

LA_OP(bstrpick_w)
{
	unsigned int msb = (unsigned int)i->imm >> 8, lsb = i->imm & 0xff;

	if (msb < lsb)
		return la64_raise(cpu, LA_ECODE_INE, 0);
	RD = la64_sext32(la64_bits(RJ, msb, lsb));
	return LA_NEXT;
}

LA_OP(bstrins_d)
{
	unsigned int msb = (unsigned int)i->imm >> 8, lsb = i->imm & 0xff;

	if (msb < lsb)
		return la64_raise(cpu, LA_ECODE_INE, 0);
	RD = la64_insert(RD, RJ, msb, lsb);
	return LA_NEXT;
}

LA_OP(bstrpick_d)
{
	unsigned int msb = (unsigned int)i->imm >> 8, lsb = i->imm & 0xff;

	if (msb < lsb)
		return la64_raise(cpu, LA_ECODE_INE, 0);
	RD = la64_bits(RJ, msb, lsb);
	return LA_NEXT;
}

LA_OP(slti)
{
	RD = (int64_t)RJ < IMM;
	return LA_NEXT;
}

LA_OP(sltui)
{
	RD = RJ < (uint64_t)IMM;
	return LA_NEXT;
}

LA_OP(xori)
{
	RD = RJ ^ UIMM;
	return LA_NEXT;
}

LA_OP(addu16i_d)
{
	RD = RJ + ((uint64_t)IMM << 16);
	return LA_NEXT;
}

LA_OP(pcaddu18i)
{
	RD = pc + ((uint64_t)IMM << 18);
	return LA_NEXT;
}

#endif /* LOONGVM_CPU_LA64_EXEC_INT_H */
