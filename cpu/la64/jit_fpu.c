/* SPDX-License-Identifier: MIT */
/*
 * Compiled scalar FP arithmetic: fadd, fsub, fmul, fdiv and fsqrt in both
 * formats on the host's SSE unit. It is the handlers' lazy path (fpu.c
 * la64_fp_arith) done inline: MXCSR already holds the guest rounding mode
 * and gathers the flags while the FPU is live, and fp_last keeps the
 * operands so that the cause can be worked out when FCSR0 is read. Whenever
 * that path does not apply (FPU disabled or not yet entered, an exception
 * enabled, a NaN operand or result) the handler runs the instruction
 * instead; its recomputation raises no flag the host op had not raised.
 */
#include "fpu.h"
#include "jit.h"

#if defined(__x86_64__)

#include "jit_priv.h"

#define FPR(r) (JIT_OFF(fpr) + 32 * (int32_t)(r))

/* The fpu.c operation of an SSE opcode (0F 58/5C/59/5E/51). */
static enum la64_fop fop(unsigned int sse)
{
	switch (sse) {
	case 0x58:
		return LA_FOP_ADD;
	case 0x5c:
		return LA_FOP_SUB;
	case 0x59:
		return LA_FOP_MUL;
	case 0x5e:
		return LA_FOP_DIV;
	default:
		return LA_FOP_SQRT;
	}
}

/* fp_last = { pending, dbl, op, { fj, fk } } as la64_fp_arith stores it. */
static void record_last(struct x86_buf *e, const struct la64_insn *ip, bool dbl,
			enum la64_fop f)
{
	const int32_t last = JIT_OFF(fp_last);
	const unsigned int regs[2] = {ip->rj, ip->rk};
	unsigned int k;

	x86_store32_imm(e, JIT_CPU,
			last + (int32_t)offsetof(struct la64_fp_last, pending),
			1u | (unsigned int)dbl << 8 | (unsigned int)f << 16);
	for (k = 0; k < 2; k++) {
		/* mov eax, dword (single: zero-extended) or mov rax, qword */
		x86_op_mem(e, dbl, false, 0x8b, RAX, JIT_CPU, FPR(regs[k]));
		x86_store64(e, JIT_CPU,
			    last + (int32_t)offsetof(struct la64_fp_last, v) +
				8 * (int32_t)k,
			    RAX);
	}
}

_Static_assert(offsetof(struct la64_fp_last, dbl) ==
		       offsetof(struct la64_fp_last, pending) + 1 &&
		   offsetof(struct la64_fp_last, op) ==
		       offsetof(struct la64_fp_last, pending) + 2,
	       "fp_last's flags are written as one word");

void jit_emit_fp(struct jit_tr *t, const struct la64_insn *ip, unsigned int k,
		 unsigned int op, bool dbl)
{
	struct x86_buf *e = t->e;
	unsigned int pre = dbl ? 0xf2 : 0xf3;
	unsigned int cmp = dbl ? 0x66 : 0; /* ucomisd / ucomiss */
	struct jit_regs saved = t->regs;
	uint8_t *slow[6], *done;
	int n = 0, s;

	/* EUEN.FPE set, the FPU entered, no exception enabled. */
	x86_test_mem_imm(e, false, JIT_CPU, JIT_OFF(csr.euen), LA_EUEN_FPE);
	slow[n++] = x86_jcc(e, CC_E);
	x86_cmp8_mem_imm(e, JIT_CPU, JIT_OFF(fp_live), 0);
	slow[n++] = x86_jcc(e, CC_E);
	x86_test_mem_imm(e, false, JIT_CPU, JIT_OFF(fcsr), LA_FCSR_ENABLES);
	slow[n++] = x86_jcc(e, CC_NE);
	/* xmm0 = fj; a NaN operand (unordered compare) takes the handler. */
	x86_sse_mem(e, pre, 0x10, 0, JIT_CPU, FPR(ip->rj));
	if (op == 0x51) {
		x86_sse_reg(e, cmp, 0x2e, 0, 0);
		slow[n++] = x86_jcc(e, CC_P);
		x86_sse_reg(e, pre, op, 0, 0);
	} else {
		x86_sse_mem(e, cmp, 0x2e, 0, JIT_CPU, FPR(ip->rk));
		slow[n++] = x86_jcc(e, CC_P);
		x86_sse_mem(e, pre, op, 0, JIT_CPU, FPR(ip->rk));
	}
	/* A NaN result: the handler gives the guest's default NaN. */
	x86_sse_reg(e, cmp, 0x2e, 0, 0);
	slow[n++] = x86_jcc(e, CC_P);
	x86_sse_mem(e, pre, 0x11, 0, JIT_CPU, FPR(ip->rd));
	if (!dbl) /* NaN-boxed, as every .s result */
		x86_store32_imm(e, JIT_CPU, FPR(ip->rd) + 4, 0xffffffffu);
	record_last(e, ip, dbl, fop(op));
	done = x86_jmp(e);

	for (s = 0; s < n; s++)
		x86_patch(e, slow[s], e->p);
	jit_slow_call(t, k, saved, &t->regs);
	x86_patch(e, done, e->p);
}

#endif /* __x86_64__ */
