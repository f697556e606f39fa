/* SPDX-License-Identifier: MIT */
/*
 * Turns instruction words into struct la64_insn. The encoding table is the
 * union of the per-class op lists in ops/, one file per class; for speed it is indexed by
 * the top six bits of the word, and each bucket is scanned in table order,
 * so a more specific encoding must precede a wider one that covers it
 * (csrrd and csrwr come before csrxchg).
 */
#include <pthread.h>
#include <stddef.h>

#include "insn.h"

static const struct la64_encoding encodings[] = {
#define LA_ENC(name, mn, match, mask, imm, flags)                      \
	{ mn, match, mask, LA_OP_##name, imm, flags },
	LA_OP_LISTS(LA_ENC)
#undef LA_ENC
};

#define N_ENC (sizeof(encodings) / sizeof(encodings[0]))

static const unsigned char op_flags[LA_OP_COUNT] = {
#define LA_FLAGS(name, mn, match, mask, imm, flags) [LA_OP_##name] = flags,
	LA_OPS_INTERNAL(LA_FLAGS) LA_OP_LISTS(LA_FLAGS)
#undef LA_FLAGS
};

static const char *const op_names[LA_OP_COUNT] = {
#define LA_NAME(name, mn, match, mask, imm, flags) [LA_OP_##name] = mn,
	LA_OPS_INTERNAL(LA_NAME) LA_OP_LISTS(LA_NAME)
#undef LA_NAME
};

/* bucket[b] lists the encodings whose match has top bits b; -1 ends it. */
static short bucket_start[65];
static short bucket_items[N_ENC];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void build_index(void)
{
	unsigned int b, i, n = 0;

	for (b = 0; b < 64; b++) {
		bucket_start[b] = (short)n;
		for (i = 0; i < N_ENC; i++)
			if ((encodings[i].match >> 26) == b)
				bucket_items[n++] = (short)i;
	}
	bucket_start[64] = (short)n;
}

static int64_t sext(uint64_t v, unsigned int bits)
{
	uint64_t m = 1ULL << (bits - 1);

	v &= (1ULL << bits) - 1;
	return (int64_t)((v ^ m) - m);
}

static uint32_t field(uint32_t w, unsigned int lo, unsigned int len)
{
	return (w >> lo) & ((1U << len) - 1);
}

static int32_t extract_imm(uint32_t w, unsigned int kind)
{
	switch (kind) {
	case IMM_UI5:
		return (int32_t)field(w, 10, 5);
	case IMM_UI6:
		return (int32_t)field(w, 10, 6);
	case IMM_SA2:
		return (int32_t)field(w, 15, 2);
	case IMM_SA3:
		return (int32_t)field(w, 15, 3);
	case IMM_UI8:
		return (int32_t)field(w, 10, 8);
	case IMM_SI12:
		return (int32_t)sext(field(w, 10, 12), 12);
	case IMM_UI12:
		return (int32_t)field(w, 10, 12);
	case IMM_SI14S2:
		return (int32_t)(sext(field(w, 10, 14), 14) * 4);
	case IMM_SI16:
		return (int32_t)sext(field(w, 10, 16), 16);
	case IMM_OFFS16:
		return (int32_t)(sext(field(w, 10, 16), 16) * 4);
	case IMM_SI20:
		return (int32_t)sext(field(w, 5, 20), 20);
	case IMM_OFFS21:
		return (int32_t)(sext((uint64_t)field(w, 0, 5) << 16 |
					      field(w, 10, 16),
				      21) *
				 4);
	case IMM_OFFS26:
		return (int32_t)(sext((uint64_t)field(w, 0, 10) << 16 |
					      field(w, 10, 16),
				      26) *
				 4);
	case IMM_BSTR_W:
		return (int32_t)(field(w, 16, 5) << 8 | field(w, 10, 5));
	case IMM_BSTR_D:
		return (int32_t)(field(w, 16, 6) << 8 | field(w, 10, 6));
	case IMM_CODE15:
		return (int32_t)field(w, 0, 15);
	case IMM_CSR:
		return (int32_t)field(w, 10, 14);
	default:
		return 0;
	}
}

static const struct la64_encoding *lookup(uint32_t w)
{
	unsigned int b = w >> 26;
	int i;

	pthread_once(&index_once, build_index);
	for (i = bucket_start[b]; i < bucket_start[b + 1]; i++) {
		const struct la64_encoding *e = &encodings[bucket_items[i]];

		if ((w & e->mask) == e->match)
			return e;
	}
	return NULL;
}

void la64_decode(uint32_t w, struct la64_insn *out)
{
	const struct la64_encoding *e = lookup(w);

	out->rd = (uint8_t)field(w, 0, 5);
	out->rj = (uint8_t)field(w, 5, 5);
	out->rk = (uint8_t)field(w, 10, 5);
	out->ra = (uint8_t)field(w, 15, 5);
	out->pad_ = 0;
	out->raw = w;
	out->op = e ? e->op : LA_OP_ine;
	out->imm = e ? extract_imm(w, e->imm) : 0;
	if (e && (e->flags & LA_F_WRD) && out->rd == 0)
		out->rd = LA_REG_SINK;
}

unsigned int la64_op_flags(unsigned int op)
{
	return op < LA_OP_COUNT ? op_flags[op] : 0;
}

const char *la64_op_name(unsigned int op)
{
	return op < LA_OP_COUNT ? op_names[op] : "?";
}

const struct la64_encoding *la64_encodings(unsigned int *count)
{
	*count = N_ENC;
	return encodings;
}
