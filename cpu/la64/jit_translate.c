/* SPDX-License-Identifier: MIT */
/*
 * Translation of one decoded block to x86-64 (jit.h). The frequent integer,
 * load/store and branch instructions are emitted inline, with guest
 * registers read from and written to cpu->gpr; loads and stores probe the
 * software TLB exactly as la64_ld/la64_st do (mmu.h) and call the
 * instruction's handler on a miss. Every other instruction is a call to its
 * handler (exec.c la64_op_fns), so the semantics are the interpreter's.
 */
#include "jit.h"
#include "mmu.h"

#if defined(__x86_64__)

#include "jit_priv.h"

static uint64_t insn_pc(const struct jit_tr *t, unsigned int k)
{
	return t->b->pc + 4 * (uint64_t)k;
}

void jit_add_stub(struct jit_tr *t, uint8_t *site, unsigned int k)
{
	t->stub[t->nstub++] = (struct jit_stub){
	    .site = site, .k = k, .pre = t->regs, .post = t->regs};
}

/* The slow path of the newest stub resumes here, with the cache as now. */
static void stub_resumes(struct jit_tr *t)
{
	struct jit_stub *st = &t->stub[t->nstub - 1];

	st->back = t->e->p;
	st->post = t->regs;
}

/* reg = GR[r]. */
static void get(struct jit_tr *t, int reg, unsigned int r)
{
	x86_mov_reg(t->e, reg, jit_src(t, r));
}

static void put(struct jit_tr *t, unsigned int r, int reg)
{
	jit_put(t, r, reg);
}

/* Calls the handler of instruction k: eax = its status. */
void jit_call_handler(struct jit_tr *t, unsigned int k)
{
	const struct la64_insn *ip = &t->b->insns[k];

	x86_mov_reg(t->e, RDI, JIT_CPU);
	x86_mov_imm(t->e, RSI, (uint64_t)(uintptr_t)ip);
	x86_mov_imm(t->e, RDX, insn_pc(t, k));
	x86_call_abs(t->e, (const void *)la64_op_fns[ip->op]);
}

void jit_slow_call(struct jit_tr *t, unsigned int k, struct jit_regs before,
		   const struct jit_regs *after)
{
	jit_writeback(t->e, &before);
	jit_call_handler(t, k);
	x86_test(t->e, RAX, RAX);
	jit_add_stub(t, x86_jcc(t->e, CC_NE), k);
	jit_reload(t->e, after);
}

/*
 * An instruction left to its handler; anything but LA_NEXT leaves. The
 * handler sees cpu->gpr up to date and may change any of it.
 */
static void emit_call(struct jit_tr *t, unsigned int k)
{
	jit_writeback(t->e, &t->regs);
	jit_regs_clear(&t->regs);
	jit_call_handler(t, k);
	x86_test(t->e, RAX, RAX);
	jit_add_stub(t, x86_jcc(t->e, CC_NE), k);
}

/* Leaves for the dispatch loop at pc (LA_JUMP); the cache is stored. */
static void emit_leave(struct jit_tr *t, uint64_t pc)
{
	jit_writeback(t->e, &t->regs);
	x86_mov_imm(t->e, RAX, pc);
	x86_store64(t->e, JIT_CPU, JIT_OFF(pc), RAX);
	x86_jmp_to(t->e, t->jit->exit_jump);
}

/*
 * Goes on to the block at pc. A pc in the block's own page gets a direct
 * jump, linked to the target's code the first time it is taken (jit.c
 * link), after the chain budget check that chain would make.
 */
static void emit_goto(struct jit_tr *t, uint64_t pc)
{
	struct x86_buf *e = t->e;
	uint8_t *spent, *jump;

	jit_writeback(e, &t->regs);
	if ((pc ^ t->b->pc) & LA_PAGE_MASK) {
		x86_mov_imm(e, RAX, pc);
		x86_jmp_to(e, t->jit->chain);
		return;
	}
	x86_alu_imm(e, ALU_SUB, false, JIT_BUDGET, 1);
	spent = x86_jcc(e, CC_LE);
	jump = x86_jmp(e);
	x86_patch(e, jump, e->p);
	x86_mov_imm(e, RAX, pc);
	x86_mov_imm(e, RSI, (uint64_t)(uintptr_t)jump);
	x86_jmp_to(e, t->jit->link);
	x86_patch(e, spent, e->p);
	emit_leave(t, pc);
}

/* GR[rd] = rax, sign-extended from 32 bits for a .w op. */
static void put_result(struct jit_tr *t, unsigned int rd, bool w32)
{
	if (w32)
		x86_sext32(t->e, RAX, RAX);
	put(t, rd, RAX);
}

/* Arithmetic on GR[rj] and GR[rk] (or an immediate) into GR[rd]. */
static void emit_alu(struct jit_tr *t, const struct la64_insn *ip,
		     enum x86_alu op, bool w32)
{
	int k = jit_src(t, ip->rk);

	get(t, RAX, ip->rj);
	x86_alu_reg(t->e, op, !w32, RAX, k);
	put_result(t, ip->rd, w32);
}

static void emit_alu_imm(struct jit_tr *t, const struct la64_insn *ip,
			 enum x86_alu op, bool w32, int32_t imm)
{
	get(t, RAX, ip->rj);
	x86_alu_imm(t->e, op, !w32, RAX, imm);
	put_result(t, ip->rd, w32);
}

static void emit_shift_imm(struct jit_tr *t, const struct la64_insn *ip,
			   enum x86_shift op, bool w32)
{
	get(t, RAX, ip->rj);
	x86_shift_imm(t->e, op, !w32, RAX, (unsigned int)ip->imm & 63);
	put_result(t, ip->rd, w32);
}

/* x86 masks the count as LoongArch does: rk[4:0] for .w, rk[5:0] for .d. */
static void emit_shift_reg(struct jit_tr *t, const struct la64_insn *ip,
			   enum x86_shift op, bool w32)
{
	get(t, RCX, ip->rk);
	get(t, RAX, ip->rj);
	x86_shift_cl(t->e, op, !w32, RAX);
	put_result(t, ip->rd, w32);
}

static void emit_set(struct jit_tr *t, const struct la64_insn *ip,
		     enum x86_cc cc, bool imm)
{
	int j = jit_src(t, ip->rj);

	if (imm)
		x86_alu_imm(t->e, ALU_CMP, true, j, ip->imm);
	else
		x86_alu_reg(t->e, ALU_CMP, true, j, jit_src(t, ip->rk));
	x86_setcc_zx(t->e, cc, RAX);
	put(t, ip->rd, RAX);
}

static void emit_const(struct jit_tr *t, unsigned int rd, uint64_t v)
{
	x86_mov_imm(t->e, RAX, v);
	put(t, rd, RAX);
}

/* rd = GR[rj][msb:lsb] zero-extended; sext32 after for the .w form. */
static bool emit_bstrpick(struct jit_tr *t, const struct la64_insn *ip,
			  unsigned int width)
{
	unsigned int msb = (unsigned int)ip->imm >> 8, lsb = ip->imm & 0xff;

	if (msb < lsb || msb >= width)
		return false; /* INE: the handler raises it */
	get(t, RAX, ip->rj);
	if (msb != 63)
		x86_shift_imm(t->e, SH_SHL, true, RAX, 63 - msb);
	if (63 - msb + lsb)
		x86_shift_imm(t->e, SH_SHR, true, RAX, 63 - msb + lsb);
	if (width == 32)
		x86_sext32(t->e, RAX, RAX);
	put(t, ip->rd, RAX);
	return true;
}

/*
 * rsi = the effective address; then the software-TLB probe of mmu.h:
 * tag = (va & (page mask | alignment)) | context, entry by page number.
 * On a hit rdx = the host addend; a miss goes to the handler out of line.
 */
static void emit_tlb_probe(struct jit_tr *t, const struct la64_insn *ip,
			   unsigned int k, unsigned int size, bool indexed,
			   bool write)
{
	struct x86_buf *e = t->e;
	int32_t tag =
	    JIT_OFF(stlb) +
	    (int32_t)(write ? offsetof(struct la64_stlb_entry, tag_write)
			    : offsetof(struct la64_stlb_entry, tag_read));

	get(t, RSI, ip->rj);
	if (indexed)
		x86_alu_reg(e, ALU_ADD, true, RSI, jit_src(t, ip->rk));
	else if (ip->imm)
		x86_alu_imm(e, ALU_ADD, true, RSI, ip->imm);
	x86_mov_reg(e, RCX, RSI);
	x86_shift_imm(e, SH_SHR, true, RCX,
		      LA_PAGE_BITS - 5); /* entries are 32 bytes */
	x86_alu_imm(e, ALU_AND, false, RCX, (LA_STLB_SIZE - 1) << 5);
	x86_mov_reg(e, RDX, RSI);
	x86_alu_imm(e, ALU_AND, true, RDX,
		    (int32_t)(LA_PAGE_MASK | (size - 1)));
	x86_alu_mem(e, ALU_OR, true, RDX, JIT_CPU, JIT_OFF(stlb_ctx));
	/* cmp rdx, [rbx + rcx + tag]; mov rdx, [rbx + rcx + addend] */
	x86_op_sib(e, true, 0x3b, RDX, JIT_CPU, RCX, tag);
	jit_add_stub(t, x86_jcc(e, CC_NE), k);
	x86_op_sib(e, true, 0x8b, RDX, JIT_CPU, RCX,
		   JIT_OFF(stlb) +
		       (int32_t)offsetof(struct la64_stlb_entry, addend));
}

_Static_assert(sizeof(struct la64_stlb_entry) == 32, "stlb entry size");

static void emit_load(struct jit_tr *t, const struct la64_insn *ip,
		      unsigned int k, unsigned int size, bool sign,
		      bool indexed)
{
	emit_tlb_probe(t, ip, k, size, indexed, false);
	x86_load_ext(t->e, RAX, RSI, RDX, size, sign);
	put(t, ip->rd, RAX);
	stub_resumes(t);
}

static void emit_store(struct jit_tr *t, const struct la64_insn *ip,
		       unsigned int k, unsigned int size, bool indexed)
{
	int v = jit_src(t, ip->rd);

	emit_tlb_probe(t, ip, k, size, indexed, true);
	x86_store_idx(t->e, RSI, RDX, size, v);
	stub_resumes(t);
}

/* A conditional branch comparing GR[rj] with GR[rd] (or with 0). */
static void emit_branch(struct jit_tr *t, const struct la64_insn *ip,
			unsigned int k, enum x86_cc cc, bool zero)
{
	int j = jit_src(t, ip->rj), d = zero ? j : jit_src(t, ip->rd);
	uint8_t *taken;

	jit_writeback(t->e, &t->regs);
	if (zero)
		x86_test(t->e, j, j);
	else
		x86_alu_reg(t->e, ALU_CMP, true, j, d);
	taken = x86_jcc(t->e, cc);
	emit_goto(t, insn_pc(t, k) + 4);
	x86_patch(t->e, taken, t->e->p);
	emit_goto(t, insn_pc(t, k) + (uint64_t)(int64_t)ip->imm);
}

/* How an op is translated; J_CALL (0) leaves it to its handler. */
enum jit_kind {
	J_CALL,
	J_ALU,	 /* rd = rj op rk: x86 ALU op */
	J_ALUI,	 /* rd = rj op imm */
	J_SHI,	 /* rd = rj shift imm */
	J_SHR,	 /* rd = rj shift rk */
	J_SET,	 /* rd = rj cc rk ? 1 : 0 */
	J_SETI,	 /* rd = rj cc imm ? 1 : 0 */
	J_LOAD,	 /* rd = [rj + imm], size bytes, sign-extended or not */
	J_LOADX, /* rd = [rj + rk] */
	J_STORE, /* [rj + imm] = rd */
	J_STOREX,
	J_BR,	 /* if (rj cc rd) goto pc + imm */
	J_BRZ,	 /* if (rj cc 0) goto pc + imm */
	J_OTHER, /* emit_other */
	J_FP,	 /* jit_emit_fp: op is the SSE opcode */
};

struct jit_rule {
	uint8_t kind;
	uint8_t op;   /* enum x86_alu, x86_shift or x86_cc */
	uint8_t size; /* bytes accessed; for ALU forms 4 means a .w result */
	bool sign;
};

/* clang-format off */
#define ALU(o, w) { J_ALU, ALU_##o, (w) ? 4 : 8, false }
#define ALUI(o, w) { J_ALUI, ALU_##o, (w) ? 4 : 8, false }
#define SHI(o, w) { J_SHI, SH_##o, (w) ? 4 : 8, false }
#define SHR(o, w) { J_SHR, SH_##o, (w) ? 4 : 8, false }
#define MEM(k, n, s) { J_##k, 0, n, s }
#define CMP(k, cc) { J_##k, CC_##cc, 8, false }
#define OTHER { J_OTHER, 0, 8, false }
#define FP(sse, bytes) { J_FP, sse, bytes, false }
/* clang-format on */

static const struct jit_rule rules[LA_OP_COUNT] = {
    [LA_OP_add_d] = ALU(ADD, 0),
    [LA_OP_add_w] = ALU(ADD, 1),
    [LA_OP_sub_d] = ALU(SUB, 0),
    [LA_OP_sub_w] = ALU(SUB, 1),
    [LA_OP_and] = ALU(AND, 0),
    [LA_OP_or] = ALU(OR, 0),
    [LA_OP_xor] = ALU(XOR, 0),
    [LA_OP_addi_d] = ALUI(ADD, 0),
    [LA_OP_addi_w] = ALUI(ADD, 1),
    [LA_OP_andi] = ALUI(AND, 0),
    [LA_OP_ori] = ALUI(OR, 0),
    [LA_OP_xori] = ALUI(XOR, 0),
    [LA_OP_slli_d] = SHI(SHL, 0),
    [LA_OP_srli_d] = SHI(SHR, 0),
    [LA_OP_srai_d] = SHI(SAR, 0),
    [LA_OP_slli_w] = SHI(SHL, 1),
    [LA_OP_srli_w] = SHI(SHR, 1),
    [LA_OP_srai_w] = SHI(SAR, 1),
    [LA_OP_sll_d] = SHR(SHL, 0),
    [LA_OP_srl_d] = SHR(SHR, 0),
    [LA_OP_sra_d] = SHR(SAR, 0),
    [LA_OP_sll_w] = SHR(SHL, 1),
    [LA_OP_srl_w] = SHR(SHR, 1),
    [LA_OP_sra_w] = SHR(SAR, 1),
    [LA_OP_slt] = CMP(SET, L),
    [LA_OP_sltu] = CMP(SET, B),
    [LA_OP_slti] = CMP(SETI, L),
    [LA_OP_sltui] = CMP(SETI, B),
    [LA_OP_ld_b] = MEM(LOAD, 1, 1),
    [LA_OP_ld_h] = MEM(LOAD, 2, 1),
    [LA_OP_ld_w] = MEM(LOAD, 4, 1),
    [LA_OP_ld_d] = MEM(LOAD, 8, 0),
    [LA_OP_ld_bu] = MEM(LOAD, 1, 0),
    [LA_OP_ld_hu] = MEM(LOAD, 2, 0),
    [LA_OP_ld_wu] = MEM(LOAD, 4, 0),
    [LA_OP_ldptr_w] = MEM(LOAD, 4, 1),
    [LA_OP_ldptr_d] = MEM(LOAD, 8, 0),
    [LA_OP_ldx_b] = MEM(LOADX, 1, 1),
    [LA_OP_ldx_h] = MEM(LOADX, 2, 1),
    [LA_OP_ldx_w] = MEM(LOADX, 4, 1),
    [LA_OP_ldx_d] = MEM(LOADX, 8, 0),
    [LA_OP_ldx_bu] = MEM(LOADX, 1, 0),
    [LA_OP_ldx_hu] = MEM(LOADX, 2, 0),
    [LA_OP_ldx_wu] = MEM(LOADX, 4, 0),
    [LA_OP_st_b] = MEM(STORE, 1, 0),
    [LA_OP_st_h] = MEM(STORE, 2, 0),
    [LA_OP_st_w] = MEM(STORE, 4, 0),
    [LA_OP_st_d] = MEM(STORE, 8, 0),
    [LA_OP_stptr_w] = MEM(STORE, 4, 0),
    [LA_OP_stptr_d] = MEM(STORE, 8, 0),
    [LA_OP_stx_b] = MEM(STOREX, 1, 0),
    [LA_OP_stx_h] = MEM(STOREX, 2, 0),
    [LA_OP_stx_w] = MEM(STOREX, 4, 0),
    [LA_OP_stx_d] = MEM(STOREX, 8, 0),
    [LA_OP_beq] = CMP(BR, E),
    [LA_OP_bne] = CMP(BR, NE),
    [LA_OP_blt] = CMP(BR, L),
    [LA_OP_bge] = CMP(BR, GE),
    [LA_OP_bltu] = CMP(BR, B),
    [LA_OP_bgeu] = CMP(BR, AE),
    [LA_OP_beqz] = CMP(BRZ, E),
    [LA_OP_bnez] = CMP(BRZ, NE),
    [LA_OP_bstrpick_d] = OTHER,
    [LA_OP_bstrpick_w] = OTHER,
    [LA_OP_lu12i_w] = OTHER,
    [LA_OP_lu32i_d] = OTHER,
    [LA_OP_lu52i_d] = OTHER,
    [LA_OP_addu16i_d] = OTHER,
    [LA_OP_pcaddi] = OTHER,
    [LA_OP_pcaddu12i] = OTHER,
    [LA_OP_pcaddu18i] = OTHER,
    [LA_OP_pcalau12i] = OTHER,
    [LA_OP_nor] = OTHER,
    [LA_OP_orn] = OTHER,
    [LA_OP_andn] = OTHER,
    [LA_OP_maskeqz] = OTHER,
    [LA_OP_masknez] = OTHER,
    [LA_OP_mul_d] = OTHER,
    [LA_OP_mul_w] = OTHER,
    [LA_OP_alsl_d] = OTHER,
    [LA_OP_alsl_w] = OTHER,
    [LA_OP_b] = OTHER,
    [LA_OP_bl] = OTHER,
    [LA_OP_jirl] = OTHER,
    [LA_OP_fadd_d] = FP(0x58, 8),
    [LA_OP_fsub_d] = FP(0x5c, 8),
    [LA_OP_fmul_d] = FP(0x59, 8),
    [LA_OP_fdiv_d] = FP(0x5e, 8),
    [LA_OP_fsqrt_d] = FP(0x51, 8),
    [LA_OP_fadd_s] = FP(0x58, 4),
    [LA_OP_fsub_s] = FP(0x5c, 4),
    [LA_OP_fmul_s] = FP(0x59, 4),
    [LA_OP_fdiv_s] = FP(0x5e, 4),
    [LA_OP_fsqrt_s] = FP(0x51, 4),
};

/* The constants that lu12i.w and the pc-relative forms write. */
static bool emit_const_op(struct jit_tr *t, const struct la64_insn *ip,
			  uint64_t pc)
{
	uint64_t imm = (uint64_t)(int64_t)ip->imm, v;

	switch (ip->op) {
	case LA_OP_lu12i_w:
		v = (uint64_t)(int64_t)(int32_t)(imm << 12);
		break;
	case LA_OP_pcaddi:
		v = pc + (imm << 2);
		break;
	case LA_OP_pcaddu12i:
		v = pc + (imm << 12);
		break;
	case LA_OP_pcaddu18i:
		v = pc + (imm << 18);
		break;
	case LA_OP_pcalau12i:
		v = (pc + (imm << 12)) & ~0xfffULL;
		break;
	default:
		return false;
	}
	emit_const(t, ip->rd, v);
	return true;
}

/* b, bl and jirl: all end the block. */
static bool emit_jump(struct jit_tr *t, const struct la64_insn *ip, uint64_t pc)
{
	uint64_t imm = (uint64_t)(int64_t)ip->imm;

	switch (ip->op) {
	case LA_OP_bl:
		x86_mov_imm(t->e, RAX, pc + 4);
		put(t, 1, RAX);
		/* fall through */
	case LA_OP_b:
		emit_goto(t, pc + imm);
		return true;
	case LA_OP_jirl: /* the target is read before rd is written */
		get(t, RAX, ip->rj);
		if (imm)
			x86_alu_imm(t->e, ALU_ADD, true, RAX, ip->imm);
		x86_mov_imm(t->e, RCX, pc + 4);
		put(t, ip->rd, RCX);
		jit_writeback(t->e, &t->regs);
		x86_jmp_to(t->e, t->jit->chain);
		return true;
	default:
		return false;
	}
}

/* The J_OTHER integer forms that compute into rax. */
static void emit_other_int(struct jit_tr *t, const struct la64_insn *ip)
{
	struct x86_buf *e = t->e;
	uint64_t imm = (uint64_t)(int64_t)ip->imm;

	switch (ip->op) {
	case LA_OP_nor:
	case LA_OP_orn:
	case LA_OP_andn:
		get(t, RCX, ip->rk);
		if (ip->op != LA_OP_nor)
			x86_not(e, RCX);
		get(t, RAX, ip->rj);
		x86_alu_reg(e, ip->op == LA_OP_andn ? ALU_AND : ALU_OR, true,
			    RAX, RCX);
		if (ip->op == LA_OP_nor)
			x86_not(e, RAX);
		break;
	case LA_OP_maskeqz:
	case LA_OP_masknez:
		get(t, RAX, ip->rj);
		x86_alu_reg(e, ALU_XOR, false, RCX, RCX);
		x86_alu_imm(e, ALU_CMP, true, jit_src(t, ip->rk), 0);
		x86_cmov(e, ip->op == LA_OP_maskeqz ? CC_E : CC_NE, RAX, RCX);
		break;
	case LA_OP_mul_d:
	case LA_OP_mul_w:
		get(t, RAX, ip->rj);
		x86_op_reg(e, ip->op == LA_OP_mul_d, true, 0xaf, RAX,
			   jit_src(t, ip->rk)); /* imul rax, rk */
		if (ip->op == LA_OP_mul_w)
			x86_sext32(e, RAX, RAX);
		break;
	case LA_OP_alsl_d:
	case LA_OP_alsl_w: /* the shift is sa2 + 1 */
		get(t, RAX, ip->rj);
		x86_shift_imm(e, SH_SHL, true, RAX, (unsigned int)ip->imm + 1);
		x86_alu_reg(e, ALU_ADD, true, RAX, jit_src(t, ip->rk));
		if (ip->op == LA_OP_alsl_w)
			x86_sext32(e, RAX, RAX);
		break;
	case LA_OP_addu16i_d:
		get(t, RAX, ip->rj);
		x86_mov_imm(e, RCX, imm << 16);
		x86_alu_reg(e, ALU_ADD, true, RAX, RCX);
		break;
	case LA_OP_lu32i_d:
		/* mov eax, GR[rd] (32 bits): the low word, zero-extended. */
		x86_op_reg(e, false, false, 0x8b, RAX, jit_src(t, ip->rd));
		x86_mov_imm(e, RCX, imm << 32);
		x86_alu_reg(e, ALU_OR, true, RAX, RCX);
		break;
	case LA_OP_lu52i_d:
		get(t, RAX, ip->rj);
		x86_shift_imm(e, SH_SHL, true, RAX, 12);
		x86_shift_imm(e, SH_SHR, true, RAX, 12);
		x86_mov_imm(e, RCX, imm << 52);
		x86_alu_reg(e, ALU_OR, true, RAX, RCX);
		break;
	}
	put(t, ip->rd, RAX);
}

/* The J_OTHER ops; false sends the instruction to its handler. */
static bool emit_other(struct jit_tr *t, const struct la64_insn *ip,
		       unsigned int k)
{
	switch (ip->op) {
	case LA_OP_bstrpick_d:
		return emit_bstrpick(t, ip, 64);
	case LA_OP_bstrpick_w:
		return emit_bstrpick(t, ip, 32);
	}
	if (emit_const_op(t, ip, insn_pc(t, k)) ||
	    emit_jump(t, ip, insn_pc(t, k)))
		return true;
	emit_other_int(t, ip);
	return true;
}

/* Emits instruction k inline; false if its handler must run it. */
static bool emit_insn(struct jit_tr *t, const struct la64_insn *ip,
		      unsigned int k)
{
	const struct jit_rule *r = &rules[ip->op];
	bool w32 = r->size == 4;

	switch (r->kind) {
	case J_ALU:
		emit_alu(t, ip, r->op, w32);
		return true;
	case J_ALUI:
		emit_alu_imm(t, ip, r->op, w32, ip->imm);
		return true;
	case J_SHI:
		emit_shift_imm(t, ip, r->op, w32);
		return true;
	case J_SHR:
		emit_shift_reg(t, ip, r->op, w32);
		return true;
	case J_SET:
		emit_set(t, ip, r->op, false);
		return true;
	case J_SETI:
		emit_set(t, ip, r->op, true);
		return true;
	case J_LOAD:
	case J_LOADX:
		emit_load(t, ip, k, r->size, r->sign, r->kind == J_LOADX);
		return true;
	case J_STORE:
	case J_STOREX:
		emit_store(t, ip, k, r->size, r->kind == J_STOREX);
		return true;
	case J_BR:
	case J_BRZ:
		emit_branch(t, ip, k, r->op, r->kind == J_BRZ);
		return true;
	case J_OTHER:
		return emit_other(t, ip, k);
	case J_FP:
		jit_emit_fp(t, ip, k, r->op, r->size == 8);
		return true;
	default:
		return false;
	}
}

/*
 * The block's last instruction when it is the decoder's block_end: go on
 * to the next pc, through the loop if the instruction before it changed
 * state the loop must look at (an LA_F_END op: CSRs, TLB, ibar, idle...).
 */
static void emit_block_end(struct jit_tr *t, unsigned int k)
{
	if (k && (la64_op_flags(t->b->insns[k - 1].op) & LA_F_END))
		emit_leave(t, insn_pc(t, k));
	else
		emit_goto(t, insn_pc(t, k));
}

/* The out-of-line paths: handler calls on a TLB miss, and faults. */
static void emit_stubs(struct jit_tr *t)
{
	struct x86_buf *e = t->e;
	unsigned int s;

	for (s = 0; s < t->nstub; s++) {
		struct jit_stub *st = &t->stub[s];

		x86_patch(e, st->site, e->p);
		if (st->back) {
			/* A TLB miss: the handler does the whole access. */
			jit_slow_call(t, st->k, st->pre, &st->post);
			x86_jmp_to(e, st->back);
			continue;
		}
		/* eax = a status other than LA_NEXT. */
		x86_alu_imm(e, ALU_CMP, false, RAX, LA_JUMP);
		x86_jcc_to(e, CC_E, t->jit->exit);
		x86_mov_imm(e, RCX, insn_pc(t, st->k));
		x86_store64(e, JIT_CPU, JIT_OFF(pc), RCX);
		x86_store32_imm(e, JIT_CPU, JIT_OFF(jit_raw),
				t->b->insns[st->k].raw);
		x86_jmp_to(e, t->jit->exit);
	}
}

void la64_jit_translate(struct x86_buf *e, const struct la64_jit *jit,
			const struct la64_block *b)
{
	struct jit_tr t = {.e = e, .jit = jit, .b = b};
	unsigned int k;

	jit_regs_clear(&t.regs);
	x86_alu_imm(e, ALU_ADD, true, JIT_RETIRED, (int32_t)b->n);
	for (k = 0; k < b->n; k++) {
		const struct la64_insn *ip = &b->insns[k];
		bool last = k + 1 == b->n;

		jit_regs_tick(&t.regs);
		if (ip->op == LA_OP_block_end) {
			emit_block_end(&t, k);
			break;
		}
		if (emit_insn(&t, ip, k))
			continue;
		emit_call(&t, k);
		if (last) /* a branch-like handler returned LA_NEXT */
			emit_leave(&t, insn_pc(&t, k) + 4);
	}
	emit_stubs(&t);
}

#endif /* __x86_64__ */
