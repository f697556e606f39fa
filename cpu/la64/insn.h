/* SPDX-License-Identifier: MIT */
/*
 * The decoded form of one LoongArch instruction. Each guest instruction is
 * decoded once, when its block is first executed, into this compact record:
 * an op number for threaded dispatch, the register fields pre-extracted, and
 * the immediate already sign-extended and scaled. Handlers never look at raw
 * instruction bits again (except for BADI and MMIO emulation).
 */
#ifndef LOONGVM_CPU_LA64_INSN_H
#define LOONGVM_CPU_LA64_INSN_H

#include <stdint.h>

/* How the immediate is laid out in the instruction word. */
enum la64_imm {
	IMM_NONE,
	IMM_UI5,     /* [14:10] */
	IMM_UI6,     /* [15:10] */
	IMM_SA2,     /* [16:15] */
	IMM_SA3,     /* [17:15] */
	IMM_UI8,     /* [17:10] */
	IMM_SI12,    /* [21:10] sign-extended */
	IMM_UI12,    /* [21:10] */
	IMM_SI14S2,  /* [23:10] << 2, sign-extended */
	IMM_SI16,    /* [25:10] sign-extended */
	IMM_OFFS16,  /* [25:10] << 2, sign-extended */
	IMM_SI20,    /* [24:5] sign-extended */
	IMM_OFFS21,  /* ([4:0] << 16 | [25:10]) << 2, sign-extended */
	IMM_OFFS26,  /* ([9:0] << 16 | [25:10]) << 2, sign-extended */
	IMM_BSTR_W,  /* msbw [20:16] << 8 | lsbw [14:10] */
	IMM_BSTR_D,  /* msbd [21:16] << 8 | lsbd [15:10] */
	IMM_CODE15,  /* [14:0] */
	IMM_CSR,     /* [23:10] */
};

/* Flags on an encoding: what the decoder must do around it. */
#define LA_F_END 1U    /* ends the block (control flow or state change) */
#define LA_F_BRANCH 2U /* a branch or jump: nothing follows in the block */
/*
 * rd names a GPR that is only written: the decoder redirects rd = 0 to the
 * sink register 32, so handlers need no check for writes to $zero.
 */
#define LA_F_WRD 4U
#define LA_REG_SINK 32

/* Every op, gathered from the per-class lists in ops/. */
#define LA_OP_LISTS(X)                                                 \
	LA_OPS_INT(X)                                                  \
	LA_OPS_BRANCH(X)                                               \
	LA_OPS_MEM(X)                                                  \
	LA_OPS_ATOMIC(X)                                               \
	LA_OPS_FPU(X)                                                  \
	LA_OPS_MISC(X)                                                 \
	LA_OPS_PRIV(X)

#include "ops/atomic.def"
#include "ops/branch.def"
#include "ops/fpu.def"
#include "ops/int.def"
#include "ops/mem.def"
#include "ops/misc.def"
#include "ops/priv.def"

/* Ops the decoder makes up itself; they have no encoding. */
#define LA_OPS_INTERNAL(X)                                             \
	X(ine, "(reserved)", 0, 0, IMM_NONE, LA_F_BRANCH)              \
	X(block_end, "(block end)", 0, 0, IMM_NONE, LA_F_BRANCH)

enum la64_op {
#define LA_ENUM_OP(name, mn, match, mask, imm, flags) LA_OP_##name,
	LA_OPS_INTERNAL(LA_ENUM_OP) LA_OP_LISTS(LA_ENUM_OP)
#undef LA_ENUM_OP
	LA_OP_COUNT
};

struct la64_insn {
	const void *handler; /* the op's dispatch label in la64_cpu_run */
	uint16_t op;
	uint8_t rd, rj, rk, ra; /* bits [4:0], [9:5], [14:10], [19:15] */
	uint16_t pad_;
	int32_t imm;
	uint32_t raw; /* the instruction word, for BADI and MMIO */
};

/* One entry of the encoding table. */
struct la64_encoding {
	const char *name;
	uint32_t match, mask;
	uint16_t op;
	uint8_t imm;
	uint8_t flags;
};

/* Decodes one word; unknown encodings become LA_OP_ine. */
void la64_decode(uint32_t word, struct la64_insn *out);
/* The flags of an op (LA_F_*). */
unsigned int la64_op_flags(unsigned int op);
/* The encoding table, for tests and tools; *count receives its length. */
const struct la64_encoding *la64_encodings(unsigned int *count);
/* The assembler mnemonic of an op. */
const char *la64_op_name(unsigned int op);

#endif /* LOONGVM_CPU_LA64_INSN_H */
