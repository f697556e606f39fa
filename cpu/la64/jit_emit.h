/* SPDX-License-Identifier: MIT */
/*
 * A small x86-64 instruction encoder for the JIT (jit.c): only the forms the
 * translator emits, each encoded per the Intel SDM Vol. 2 (REX prefix,
 * ModRM/SIB, disp8 or disp32). Memory operands are always [base + disp].
 */
#ifndef LOONGVM_CPU_LA64_JIT_EMIT_H
#define LOONGVM_CPU_LA64_JIT_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum x86_reg {
	RAX,
	RCX,
	RDX,
	RBX,
	RSP,
	RBP,
	RSI,
	RDI,
	R8,
	R9,
	R10,
	R11,
	R12,
	R13,
	R14,
	R15,
};

/* Condition codes (the low nibble of Jcc, SETcc and CMOVcc). */
enum x86_cc {
	CC_B = 2,
	CC_AE = 3,
	CC_E = 4,
	CC_NE = 5,
	CC_BE = 6,
	CC_A = 7,
	CC_P = 0xa,
	CC_L = 0xc,
	CC_GE = 0xd,
	CC_LE = 0xe,
	CC_G = 0xf,
};

/* ALU group numbers: the /digit of 81/83 and the opcode of the r, r/m form. */
enum x86_alu {
	ALU_ADD = 0,
	ALU_OR = 1,
	ALU_AND = 4,
	ALU_SUB = 5,
	ALU_XOR = 6,
	ALU_CMP = 7
};
enum x86_shift { SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };

struct x86_buf {
	uint8_t *p;   /* next byte */
	uint8_t *end; /* one past the last usable byte */
	bool full;    /* an emit ran past end; the code is unusable */
};

static inline void x86_byte(struct x86_buf *e, unsigned int v)
{
	if (e->p < e->end)
		*e->p++ = (uint8_t)v;
	else
		e->full = true;
}

static inline void x86_u32(struct x86_buf *e, uint32_t v)
{
	unsigned int k;

	for (k = 0; k < 4; k++)
		x86_byte(e, v >> (8 * k));
}

static inline void x86_u64(struct x86_buf *e, uint64_t v)
{
	x86_u32(e, (uint32_t)v);
	x86_u32(e, (uint32_t)(v >> 32));
}

/* REX with W, and the high bits of reg (ModRM.reg) and base (ModRM.rm). */
static inline void x86_rex(struct x86_buf *e, bool w, int reg, int base,
			   bool force)
{
	unsigned int rex =
	    0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((base & 8) ? 1 : 0);

	if (rex != 0x40 || force)
		x86_byte(e, rex);
}

/* ModRM (and SIB) for [base + disp] with reg in ModRM.reg. */
static inline void x86_mem(struct x86_buf *e, int reg, int base, int32_t disp)
{
	unsigned int mod = (disp == 0 && (base & 7) != RBP) ? 0
			   : (disp >= -128 && disp <= 127)  ? 1
							    : 2;

	x86_byte(e, mod << 6 | (reg & 7) << 3 | (base & 7));
	if ((base & 7) == RSP)
		x86_byte(e, 0x24);
	if (mod == 1)
		x86_byte(e, (uint8_t)disp);
	else if (mod == 2)
		x86_u32(e, (uint32_t)disp);
}

/* ModRM for a register operand rm. */
static inline void x86_modrm_reg(struct x86_buf *e, int reg, int rm)
{
	x86_byte(e, 0xc0 | (reg & 7) << 3 | (rm & 7));
}

/* op reg, [base + disp] with an optional 0F escape and REX.W. */
static inline void x86_op_mem(struct x86_buf *e, bool w, bool esc,
			      unsigned int op, int reg, int base, int32_t disp)
{
	x86_rex(e, w, reg, base, false);
	if (esc)
		x86_byte(e, 0x0f);
	x86_byte(e, op);
	x86_mem(e, reg, base, disp);
}

static inline void x86_op_reg(struct x86_buf *e, bool w, bool esc,
			      unsigned int op, int reg, int rm)
{
	x86_rex(e, w, reg, rm, false);
	if (esc)
		x86_byte(e, 0x0f);
	x86_byte(e, op);
	x86_modrm_reg(e, reg, rm);
}

/* mov r64, [base + disp] and mov [base + disp], r64. */
static inline void x86_load64(struct x86_buf *e, int reg, int base,
			      int32_t disp)
{
	x86_op_mem(e, true, false, 0x8b, reg, base, disp);
}

static inline void x86_store64(struct x86_buf *e, int base, int32_t disp,
			       int reg)
{
	x86_op_mem(e, true, false, 0x89, reg, base, disp);
}

/* ModRM and SIB for [base + index + disp] (index not RSP). */
static inline void x86_mem_sib(struct x86_buf *e, int reg, int base, int index,
			       int32_t disp)
{
	unsigned int mod = (disp == 0 && (base & 7) != RBP) ? 0
			   : (disp >= -128 && disp <= 127)  ? 1
							    : 2;

	x86_byte(e, mod << 6 | (reg & 7) << 3 | 4);
	x86_byte(e, (index & 7) << 3 | (base & 7));
	if (mod == 1)
		x86_byte(e, (uint8_t)disp);
	else if (mod == 2)
		x86_u32(e, (uint32_t)disp);
}

/* ModRM and SIB for [base + index]; RBP/R13 as base need a disp8 of 0. */
static inline void x86_mem_index(struct x86_buf *e, int reg, int base,
				 int index)
{
	x86_mem_sib(e, reg, base, index, 0);
}

/* op reg, [base + index + disp], 64-bit operand size if w. */
static inline void x86_op_sib(struct x86_buf *e, bool w, unsigned int op,
			      int reg, int base, int index, int32_t disp)
{
	unsigned int rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) |
			   ((index & 8) ? 2 : 0) | ((base & 8) ? 1 : 0);

	if (rex != 0x40)
		x86_byte(e, rex);
	x86_byte(e, op);
	x86_mem_sib(e, reg, base, index, disp);
}

/*
 * Loads of 1, 2, 4 or 8 bytes into a 64-bit register, sign- or
 * zero-extended, from [base + index + disp].
 */
static inline void x86_load_ext(struct x86_buf *e, int reg, int base, int index,
				unsigned int size, bool sign)
{
	bool w = sign || size == 8;

	x86_byte(e, 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) |
			((index & 8) ? 2 : 0) | ((base & 8) ? 1 : 0));
	if (size == 1 || size == 2) {
		x86_byte(e, 0x0f);
		x86_byte(e, (sign ? 0xbe : 0xb6) + (size == 2));
	} else {
		x86_byte(e, size == 4 && sign ? 0x63 : 0x8b);
	}
	x86_mem_index(e, reg, base, index);
}

/* A store of the low size bytes of reg to [base + index]. */
static inline void x86_store_idx(struct x86_buf *e, int base, int index,
				 unsigned int size, int reg)
{
	if (size == 2)
		x86_byte(e, 0x66);
	x86_byte(e, 0x40 | (size == 8 ? 8 : 0) | ((reg & 8) ? 4 : 0) |
			((index & 8) ? 2 : 0) | ((base & 8) ? 1 : 0));
	x86_byte(e, size == 1 ? 0x88 : 0x89);
	x86_mem_index(e, reg, base, index);
}

/* mov r64, imm: the shortest of mov r32, simm32 and movabs. */
static inline void x86_mov_imm(struct x86_buf *e, int reg, uint64_t imm)
{
	if (imm <= 0xffffffffULL) {
		x86_rex(e, false, 0, reg, false);
		x86_byte(e, 0xb8 + (reg & 7));
		x86_u32(e, (uint32_t)imm);
	} else if ((int64_t)imm == (int32_t)imm) {
		x86_rex(e, true, 0, reg, false);
		x86_byte(e, 0xc7);
		x86_modrm_reg(e, 0, reg);
		x86_u32(e, (uint32_t)imm);
	} else {
		x86_rex(e, true, 0, reg, false);
		x86_byte(e, 0xb8 + (reg & 7));
		x86_u64(e, imm);
	}
}

/* mov qword [base + disp], simm32. */
static inline void x86_store_imm32(struct x86_buf *e, int base, int32_t disp,
				   int32_t imm)
{
	x86_op_mem(e, true, false, 0xc7, 0, base, disp);
	x86_u32(e, (uint32_t)imm);
}

/* mov dword [base + disp], imm32. */
static inline void x86_store32_imm(struct x86_buf *e, int base, int32_t disp,
				   uint32_t imm)
{
	x86_op_mem(e, false, false, 0xc7, 0, base, disp);
	x86_u32(e, imm);
}

/* ALU reg, [base + disp] (64 or 32 bits). */
static inline void x86_alu_mem(struct x86_buf *e, enum x86_alu op, bool w,
			       int reg, int base, int32_t disp)
{
	x86_op_mem(e, w, false, (unsigned int)op << 3 | 3, reg, base, disp);
}

/* ALU dst, src between registers. */
static inline void x86_alu_reg(struct x86_buf *e, enum x86_alu op, bool w,
			       int dst, int src)
{
	x86_op_reg(e, w, false, (unsigned int)op << 3 | 3, dst, src);
}

/* ALU reg, simm32 (the imm8 form when it fits). */
static inline void x86_alu_imm(struct x86_buf *e, enum x86_alu op, bool w,
			       int reg, int32_t imm)
{
	bool short_ = imm >= -128 && imm <= 127;

	x86_rex(e, w, 0, reg, false);
	x86_byte(e, short_ ? 0x83 : 0x81);
	x86_modrm_reg(e, (int)op, reg);
	if (short_)
		x86_byte(e, (uint8_t)imm);
	else
		x86_u32(e, (uint32_t)imm);
}

/* ALU qword/dword [base + disp], simm32. */
static inline void x86_alu_mem_imm(struct x86_buf *e, enum x86_alu op, bool w,
				   int base, int32_t disp, int32_t imm)
{
	bool short_ = imm >= -128 && imm <= 127;

	x86_op_mem(e, w, false, short_ ? 0x83 : 0x81, (int)op, base, disp);
	if (short_)
		x86_byte(e, (uint8_t)imm);
	else
		x86_u32(e, (uint32_t)imm);
}

static inline void x86_shift_imm(struct x86_buf *e, enum x86_shift op, bool w,
				 int reg, unsigned int n)
{
	x86_rex(e, w, 0, reg, false);
	x86_byte(e, 0xc1);
	x86_modrm_reg(e, (int)op, reg);
	x86_byte(e, n);
}

/* Shift reg by cl. */
static inline void x86_shift_cl(struct x86_buf *e, enum x86_shift op, bool w,
				int reg)
{
	x86_rex(e, w, 0, reg, false);
	x86_byte(e, 0xd3);
	x86_modrm_reg(e, (int)op, reg);
}

/* movsxd dst, src32: the sign extension every .w result gets. */
static inline void x86_sext32(struct x86_buf *e, int dst, int src)
{
	x86_op_reg(e, true, false, 0x63, dst, src);
}

/* mov dst, src (64 bits). */
static inline void x86_mov_reg(struct x86_buf *e, int dst, int src)
{
	x86_op_reg(e, true, false, 0x8b, dst, src);
}

/* lea dst, [base + disp]. */
static inline void x86_lea(struct x86_buf *e, int dst, int base, int32_t disp)
{
	x86_op_mem(e, true, false, 0x8d, dst, base, disp);
}

/* imul reg, [base + disp]. */
static inline void x86_imul_mem(struct x86_buf *e, bool w, int reg, int base,
				int32_t disp)
{
	x86_op_mem(e, w, true, 0xaf, reg, base, disp);
}

static inline void x86_cmov(struct x86_buf *e, enum x86_cc cc, int dst, int src)
{
	x86_op_reg(e, true, true, 0x40 + (unsigned int)cc, dst, src);
}

/* setcc al-class low byte of reg, then zero-extend it to 64 bits. */
static inline void x86_setcc_zx(struct x86_buf *e, enum x86_cc cc, int reg)
{
	x86_rex(e, false, 0, reg, reg >= RSP);
	x86_byte(e, 0x0f);
	x86_byte(e, 0x90 + (unsigned int)cc);
	x86_modrm_reg(e, 0, reg);
	x86_rex(e, false, reg, reg, reg >= RSP);
	x86_byte(e, 0x0f);
	x86_byte(e, 0xb6);
	x86_modrm_reg(e, reg, reg);
}

/* test dword/qword [base + disp], imm32. */
static inline void x86_test_mem_imm(struct x86_buf *e, bool w, int base,
				    int32_t disp, uint32_t imm)
{
	x86_op_mem(e, w, false, 0xf7, 0, base, disp);
	x86_u32(e, imm);
}

/* cmp byte [base + disp], imm8. */
static inline void x86_cmp8_mem_imm(struct x86_buf *e, int base, int32_t disp,
				    uint8_t imm)
{
	x86_op_mem(e, false, false, 0x80, 7, base, disp);
	x86_byte(e, imm);
}

/* not reg (64 bits). */
static inline void x86_not(struct x86_buf *e, int reg)
{
	x86_op_reg(e, true, false, 0xf7, 2, reg);
}

/* test a, b (64 bits). */
static inline void x86_test(struct x86_buf *e, int a, int b)
{
	x86_op_reg(e, true, false, 0x85, b, a);
}

/* Branches with a 32-bit displacement, patched later through the label. */
static inline uint8_t *x86_jcc(struct x86_buf *e, enum x86_cc cc)
{
	x86_byte(e, 0x0f);
	x86_byte(e, 0x80 + (unsigned int)cc);
	x86_u32(e, 0);
	return e->p;
}

static inline uint8_t *x86_jmp(struct x86_buf *e)
{
	x86_byte(e, 0xe9);
	x86_u32(e, 0);
	return e->p;
}

/* Points the branch whose end is at site (x86_jcc/x86_jmp) at target. */
static inline void x86_patch(struct x86_buf *e, uint8_t *site,
			     const uint8_t *target)
{
	int32_t rel = (int32_t)(target - site);

	if (!e->full)
		memcpy(site - 4, &rel, 4);
}

/* Branches to code in the same buffer (always within rel32 reach). */
static inline void x86_jmp_to(struct x86_buf *e, const void *target)
{
	x86_patch(e, x86_jmp(e), target);
}

static inline void x86_jcc_to(struct x86_buf *e, enum x86_cc cc,
			      const void *target)
{
	x86_patch(e, x86_jcc(e, cc), target);
}

/* call fn through rax (any address). */
static inline void x86_call_abs(struct x86_buf *e, const void *fn)
{
	x86_mov_imm(e, RAX, (uint64_t)(uintptr_t)fn);
	x86_byte(e, 0xff);
	x86_modrm_reg(e, 2, RAX);
}

/* jmp reg. */
static inline void x86_jmp_reg(struct x86_buf *e, int reg)
{
	x86_rex(e, false, 0, reg, false);
	x86_byte(e, 0xff);
	x86_modrm_reg(e, 4, reg);
}

/*
 * Scalar SSE: prefix (0xf2 double, 0xf3 single, 0x66 or 0 for the
 * compares), 0F op, xmm in ModRM.reg, memory [base + disp] or xmm rm.
 */
static inline void x86_sse_mem(struct x86_buf *e, unsigned int prefix,
			       unsigned int op, int xmm, int base, int32_t disp)
{
	if (prefix)
		x86_byte(e, prefix);
	x86_op_mem(e, false, true, op, xmm, base, disp);
}

static inline void x86_sse_reg(struct x86_buf *e, unsigned int prefix,
			       unsigned int op, int xmm, int rm)
{
	if (prefix)
		x86_byte(e, prefix);
	x86_op_reg(e, false, true, op, xmm, rm);
}

#endif /* LOONGVM_CPU_LA64_JIT_EMIT_H */
