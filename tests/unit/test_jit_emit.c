/* SPDX-License-Identifier: MIT */
/*
 * The JIT's x86-64 encoder (cpu/la64/jit_emit.h) checked against GNU
 * objdump, so that a wrong REX bit, ModRM/SIB byte or displacement size
 * fails here by name instead of as a guest that miscomputes far from the
 * cause. Each case is emitted into its own file, one objdump run
 * disassembles them all, and the Intel-syntax text is compared with what
 * the SDM says the helper must produce; the length is compared too, since
 * the text alone does not tell disp8 from disp32 or imm8 from imm32.
 * Covered: every register as operand, base and index (RSP/R12 need a SIB,
 * RBP/R13 a displacement), disp 0/8/32 and negative, every load and store
 * size, the three mov_imm forms, 32- and 64-bit ALU and shift forms,
 * setcc on byte registers that need a REX, every condition code (parity
 * too), test and cmp of memory with an immediate, scalar SSE loads, stores,
 * arithmetic and compares on xmm0..xmm7 with the F2/F3/66 prefix before
 * the REX, branches patched forward and back, and a buffer that runs out.
 * Skips (77) when no objdump can disassemble x86-64.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cpu/la64/jit_emit.h"
#include "expect.h"

#define MAX_CASES 1000
#define MAX_CODE 32

struct tcase {
	int line;
	const char *what; /* the emitting statement, for the report */
	unsigned int len; /* the expected length in bytes */
	char expected[160];
	uint8_t code[MAX_CODE];
	unsigned int n;
	bool full;
	char got[512]; /* objdump's instructions, joined by "; " */
};

static struct tcase cases[MAX_CASES];
static unsigned int n_cases;
static char dir[] = "/tmp/test_jit_emit.XXXXXX";

/* Room for a branch target 0x1000 bytes past the start. */
static uint8_t code[0x2000];
static struct x86_buf em;

static const char *const r64[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const r32[16] = {
    "eax", "ecx", "edx",  "ebx",  "esp",  "ebp",  "esi",  "edi",
    "r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const r16[16] = {
    "ax",  "cx",  "dx",	  "bx",	  "sp",	  "bp",	  "si",	  "di",
    "r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
/* The byte registers as addressed with a REX prefix. */
static const char *const r8[16] = {
    "al",  "cl",  "dl",	  "bl",	  "spl",  "bpl",  "sil",  "dil",
    "r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
};

static const struct {
	enum x86_cc cc;
	const char *name;
} ccs[] = {
    {CC_B, "b"},   {CC_AE, "ae"}, {CC_E, "e"}, {CC_NE, "ne"},
    {CC_BE, "be"}, {CC_A, "a"},	  {CC_P, "p"}, {CC_L, "l"},
    {CC_GE, "ge"}, {CC_LE, "le"}, {CC_G, "g"},
};

static const struct {
	enum x86_alu op;
	const char *name;
} alus[] = {
    {ALU_ADD, "add"}, {ALU_OR, "or"},	{ALU_AND, "and"},
    {ALU_SUB, "sub"}, {ALU_XOR, "xor"}, {ALU_CMP, "cmp"},
};

static void begin(void)
{
	em.p = code;
	em.end = code + sizeof(code);
	em.full = false;
}

static bool write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return false;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

/* Saves what the statement just emitted as case n_cases. */
static void record(int line, const char *what, unsigned int len,
		   const char *expected)
{
	struct tcase *c = &cases[n_cases];
	size_t n = (size_t)(em.p - code);
	char path[64];

	if (n_cases == MAX_CASES || n > MAX_CODE) {
		fprintf(stderr, "%s:%d: %s: too many cases or bytes\n",
			__FILE__, line, what);
		failures++;
		return;
	}
	c->line = line;
	c->what = what;
	c->len = len;
	snprintf(c->expected, sizeof(c->expected), "%s", expected);
	memcpy(c->code, code, n);
	c->n = (unsigned int)n;
	c->full = em.full;
	snprintf(path, sizeof(path), "%s/c%u.bin", dir, n_cases);
	if (!write_file(path, c->code, n)) {
		perror(path);
		exit(2);
	}
	n_cases++;
}

/* Emits with the statement into a fresh buffer and records the result. */
#define CASE(len, expected, ...)                                   \
	do {                                                       \
		begin();                                           \
		__VA_ARGS__;                                       \
		record(__LINE__, #__VA_ARGS__, (len), (expected)); \
	} while (0)

/*
 * Appends objdump's instruction column, whitespace collapsed. A bare
 * "rex" (a 0x40 prefix that changes nothing) is dropped: it does not
 * change what runs, and a byte register it does change shows by name.
 */
static void append(struct tcase *c, const char *insn)
{
	char norm[256];
	size_t n = 0, used = strlen(c->got);
	bool space = false;
	const char *s;

	for (; *insn && n < sizeof(norm) - 2; insn++) {
		if (isspace((unsigned char)*insn)) {
			space = n > 0;
			continue;
		}
		if (space)
			norm[n++] = ' ';
		space = false;
		norm[n++] = *insn;
	}
	norm[n] = 0;
	s = strncmp(norm, "rex ", 4) == 0 ? norm + 4 : norm;
	snprintf(c->got + used, sizeof(c->got) - used, "%s%s", used ? "; " : "",
		 s);
}

/*
 * Disassembles files c0.bin .. c<n-1>.bin in dir with one objdump run and
 * fills in each case's got; false when objdump could not be run.
 */
static bool disassemble(unsigned int n)
{
	size_t size = 128 + (size_t)n * 16, len;
	char *cmd = malloc(size), line[512], *s;
	struct tcase *c = NULL;
	unsigned int k;
	FILE *f;
	int status;

	if (!cmd)
		return false;
	len = (size_t)snprintf(cmd, size,
			       "cd '%s' && objdump -D -b binary "
			       "-m i386:x86-64 -M intel",
			       dir);
	for (k = 0; k < n; k++)
		len += (size_t)snprintf(cmd + len, size - len, " c%u.bin", k);
	snprintf(cmd + len, size - len, " 2>/dev/null");
	f = popen(cmd, "r");
	free(cmd);
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		/* "c12.bin:     file format binary" starts each file. */
		if (sscanf(line, "c%u.bin:", &k) == 1 &&
		    strstr(line, "file format")) {
			c = k < n ? &cases[k] : NULL;
			continue;
		}
		/* "   1d:\t66 40 89 04 0b      \trex mov WORD PTR ..." */
		for (s = line; *s == ' '; s++)
			;
		if (!isxdigit((unsigned char)*s))
			continue;
		while (isxdigit((unsigned char)*s))
			s++;
		if (s[0] != ':' || s[1] != '\t')
			continue;
		/* Long encodings go on with lines of bytes alone. */
		s = strchr(s + 2, '\t');
		if (s && c) {
			s[strcspn(s, "\n")] = 0;
			append(c, s + 1);
		}
	}
	status = pclose(f);
	return status == 0;
}

static void report(void)
{
	unsigned int k, i;

	for (k = 0; k < n_cases; k++) {
		struct tcase *c = &cases[k];

		if (!c->full && c->n == c->len &&
		    strcmp(c->got, c->expected) == 0)
			continue;
		failures++;
		fprintf(stderr, "%s:%d: %s\n", __FILE__, c->line, c->what);
		fprintf(stderr, "    expected: %s (%u bytes)\n", c->expected,
			c->len);
		fprintf(stderr, "    got:      %s (%u bytes:", c->got, c->n);
		for (i = 0; i < c->n; i++)
			fprintf(stderr, " %02x", c->code[i]);
		fprintf(stderr, ")%s\n", c->full ? " and the buffer full" : "");
	}
}

/* mov/lea/ALU with [base + disp]: the ModRM, SIB and displacement forms. */
static void test_mem(void)
{
	char x[160];
	int r;

	CASE(3, "mov rax,QWORD PTR [rbx]", x86_load64(&em, RAX, RBX, 0));
	CASE(4, "mov rax,QWORD PTR [rsp]", x86_load64(&em, RAX, RSP, 0));
	CASE(4, "mov rax,QWORD PTR [r12]", x86_load64(&em, RAX, R12, 0));
	CASE(4, "mov rax,QWORD PTR [rbp+0x0]", x86_load64(&em, RAX, RBP, 0));
	CASE(4, "mov rax,QWORD PTR [r13+0x0]", x86_load64(&em, RAX, R13, 0));
	CASE(4, "mov rcx,QWORD PTR [rbx+0x7f]", x86_load64(&em, RCX, RBX, 127));
	CASE(7, "mov rcx,QWORD PTR [rbx+0x80]", x86_load64(&em, RCX, RBX, 128));
	CASE(4, "mov rcx,QWORD PTR [rbx-0x80]",
	     x86_load64(&em, RCX, RBX, -128));
	CASE(7, "mov rcx,QWORD PTR [rbx-0x81]",
	     x86_load64(&em, RCX, RBX, -129));
	CASE(8, "mov r15,QWORD PTR [r12+0x12345678]",
	     x86_load64(&em, R15, R12, 0x12345678));
	CASE(5, "mov r8,QWORD PTR [rsp-0x8]", x86_load64(&em, R8, RSP, -8));
	CASE(7, "mov rdx,QWORD PTR [rbp-0x80000000]",
	     x86_load64(&em, RDX, RBP, INT32_MIN));
	CASE(7, "mov rsi,QWORD PTR [r13+0x7fffffff]",
	     x86_load64(&em, RSI, R13, INT32_MAX));
	CASE(4, "mov QWORD PTR [rbp+0x10],r14", x86_store64(&em, RBP, 16, R14));
	CASE(7, "mov QWORD PTR [r13-0x1000],rdi",
	     x86_store64(&em, R13, -0x1000, RDI));
	CASE(4, "mov QWORD PTR [rsp],rsi", x86_store64(&em, RSP, 0, RSI));
	CASE(8, "mov QWORD PTR [r12+0x100],r9",
	     x86_store64(&em, R12, 0x100, R9));

	/* Every register as destination, as base, and as stored source. */
	for (r = 0; r < 16; r++) {
		snprintf(x, sizeof(x), "mov %s,QWORD PTR [rbx+0x8]", r64[r]);
		CASE(4, x, x86_load64(&em, r, RBX, 8));
		snprintf(x, sizeof(x), "mov rax,QWORD PTR [%s+0x8]", r64[r]);
		CASE(4 + ((r & 7) == RSP), x, x86_load64(&em, RAX, r, 8));
		snprintf(x, sizeof(x), "mov QWORD PTR [%s%s],%s", r64[r],
			 (r & 7) == RBP ? "+0x0" : "", r64[15 - r]);
		CASE(3 + ((r & 7) == RSP) + ((r & 7) == RBP), x,
		     x86_store64(&em, r, 0, 15 - r));
	}

	CASE(4, "lea rax,[rbx+0x8]", x86_lea(&em, RAX, RBX, 8));
	CASE(5, "lea r10,[rsp-0x10]", x86_lea(&em, R10, RSP, -16));
	CASE(4, "lea rdi,[r13+0x0]", x86_lea(&em, RDI, R13, 0));
	CASE(7, "lea r11,[rbp+0x400]", x86_lea(&em, R11, RBP, 0x400));

	CASE(5, "imul rax,QWORD PTR [rbx+0x8]",
	     x86_imul_mem(&em, true, RAX, RBX, 8));
	CASE(5, "imul r11d,DWORD PTR [r12]",
	     x86_imul_mem(&em, false, R11, R12, 0));
	CASE(8, "imul rcx,QWORD PTR [rbp+0x1000]",
	     x86_imul_mem(&em, true, RCX, RBP, 0x1000));

	/* x86_op_mem itself: REX.W with a 0F escape, and neither. */
	CASE(4, "movzx rax,BYTE PTR [rbx]",
	     x86_op_mem(&em, true, true, 0xb6, RAX, RBX, 0));
	CASE(5, "mov r9d,DWORD PTR [rsp+0x20]",
	     x86_op_mem(&em, false, false, 0x8b, R9, RSP, 0x20));
}

/* The JIT's guest memory accesses: [base + index] of 1, 2, 4 or 8 bytes. */
static void test_indexed(void)
{
	char x[160];
	int r;

	/* As jit_translate.c uses them: rax from [rsi + rdx]. */
	CASE(5, "movzx eax,BYTE PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 1, false));
	/* x86_op_sib: the JIT's software-TLB probe, [rbx + rcx + disp]. */
	CASE(8, "cmp rdx,QWORD PTR [rbx+rcx*1+0x2148]",
	     x86_op_sib(&em, true, 0x3b, RDX, RBX, RCX, 0x2148));
	CASE(5, "mov rdx,QWORD PTR [rbx+rcx*1+0x10]",
	     x86_op_sib(&em, true, 0x8b, RDX, RBX, RCX, 0x10));
	CASE(5, "mov r9,QWORD PTR [r13+r10*1+0x0]",
	     x86_op_sib(&em, true, 0x8b, R9, R13, R10, 0));
	CASE(5, "mov eax,DWORD PTR [r12+rcx*1-0x8]",
	     x86_op_sib(&em, false, 0x8b, RAX, R12, RCX, -8));
	CASE(3, "mov eax,DWORD PTR [rbx+rcx*1]",
	     x86_op_sib(&em, false, 0x8b, RAX, RBX, RCX, 0));
	CASE(5, "movsx rax,BYTE PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 1, true));
	CASE(5, "movzx eax,WORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 2, false));
	CASE(5, "movsx rax,WORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 2, true));
	CASE(4, "mov eax,DWORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 4, false));
	CASE(4, "movsxd rax,DWORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 4, true));
	CASE(4, "mov rax,QWORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 8, false));
	CASE(4, "mov rax,QWORD PTR [rsi+rdx*1]",
	     x86_load_ext(&em, RAX, RSI, RDX, 8, true));

	/* R13 as base (a disp8 of 0), R11 as index, R10 as destination. */
	CASE(6, "movzx r10d,BYTE PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 1, false));
	CASE(6, "movsx r10,BYTE PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 1, true));
	CASE(6, "movzx r10d,WORD PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 2, false));
	CASE(6, "movsx r10,WORD PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 2, true));
	CASE(5, "mov r10d,DWORD PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 4, false));
	CASE(5, "movsxd r10,DWORD PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 4, true));
	CASE(5, "mov r10,QWORD PTR [r13+r11*1+0x0]",
	     x86_load_ext(&em, R10, R13, R11, 8, false));
	CASE(5, "mov rcx,QWORD PTR [rbp+rax*1+0x0]",
	     x86_load_ext(&em, RCX, RBP, RAX, 8, false));
	CASE(4, "mov eax,DWORD PTR [rsp+rcx*1]",
	     x86_load_ext(&em, RAX, RSP, RCX, 4, false));
	CASE(5, "movzx r15d,BYTE PTR [r12+r12*1]",
	     x86_load_ext(&em, R15, R12, R12, 1, false));
	CASE(4, "movsxd rdi,DWORD PTR [r8+r15*1]",
	     x86_load_ext(&em, RDI, R8, R15, 4, true));

	/* Every register as base and as index (RSP cannot be an index). */
	for (r = 0; r < 16; r++) {
		snprintf(x, sizeof(x), "mov rax,QWORD PTR [%s+rcx*1%s]", r64[r],
			 (r & 7) == RBP ? "+0x0" : "");
		CASE(4 + ((r & 7) == RBP), x,
		     x86_load_ext(&em, RAX, r, RCX, 8, false));
		if (r == RSP)
			continue;
		snprintf(x, sizeof(x), "movsxd rdx,DWORD PTR [rbx+%s*1]",
			 r64[r]);
		CASE(4, x, x86_load_ext(&em, RDX, RBX, r, 4, true));
	}

	/* Stores of every register at every size to [rsi + rdx]. */
	for (r = 0; r < 16; r++) {
		snprintf(x, sizeof(x), "mov BYTE PTR [rsi+rdx*1],%s", r8[r]);
		CASE(4, x, x86_store_idx(&em, RSI, RDX, 1, r));
		snprintf(x, sizeof(x), "mov WORD PTR [rsi+rdx*1],%s", r16[r]);
		CASE(5, x, x86_store_idx(&em, RSI, RDX, 2, r));
		snprintf(x, sizeof(x), "mov DWORD PTR [rsi+rdx*1],%s", r32[r]);
		CASE(4, x, x86_store_idx(&em, RSI, RDX, 4, r));
		snprintf(x, sizeof(x), "mov QWORD PTR [rsi+rdx*1],%s", r64[r]);
		CASE(4, x, x86_store_idx(&em, RSI, RDX, 8, r));
	}
	CASE(5, "mov QWORD PTR [rbp+r8*1+0x0],rcx",
	     x86_store_idx(&em, RBP, R8, 8, RCX));
	CASE(6, "mov WORD PTR [r13+r9*1+0x0],r10w",
	     x86_store_idx(&em, R13, R9, 2, R10));
	CASE(5, "mov BYTE PTR [rbp+rax*1+0x0],dil",
	     x86_store_idx(&em, RBP, RAX, 1, RDI));
	CASE(4, "mov BYTE PTR [r12+rax*1],r11b",
	     x86_store_idx(&em, R12, RAX, 1, R11));
	CASE(4, "mov DWORD PTR [rsp+rbx*1],r14d",
	     x86_store_idx(&em, RSP, RBX, 4, R14));
	CASE(4, "mov QWORD PTR [r15+r12*1],r8",
	     x86_store_idx(&em, R15, R12, 8, R8));
}

static void test_imm(void)
{
	/* mov r32, imm32 (zero-extends), mov r/m64, simm32, movabs. */
	CASE(5, "mov eax,0x0", x86_mov_imm(&em, RAX, 0));
	CASE(5, "mov ecx,0xffffffff", x86_mov_imm(&em, RCX, 0xffffffffULL));
	CASE(6, "mov r8d,0x12345678", x86_mov_imm(&em, R8, 0x12345678));
	CASE(5, "mov edi,0x80000000", x86_mov_imm(&em, RDI, 0x80000000ULL));
	CASE(7, "mov rdx,0xffffffffffffffff", x86_mov_imm(&em, RDX, ~0ULL));
	CASE(7, "mov r15,0xffffffff80000000",
	     x86_mov_imm(&em, R15, 0xffffffff80000000ULL));
	CASE(7, "mov rsp,0xfffffffffffff000",
	     x86_mov_imm(&em, RSP, (uint64_t)-4096));
	CASE(10, "movabs rbx,0x100000000",
	     x86_mov_imm(&em, RBX, 0x100000000ULL));
	CASE(10, "movabs r11,0x8000000000000000",
	     x86_mov_imm(&em, R11, 0x8000000000000000ULL));
	CASE(10, "movabs r13,0xffffffff7fffffff",
	     x86_mov_imm(&em, R13, 0xffffffff7fffffffULL));

	CASE(8, "mov QWORD PTR [rbx+0x8],0xffffffffffffffff",
	     x86_store_imm32(&em, RBX, 8, -1));
	CASE(8, "mov QWORD PTR [r12],0x12345678",
	     x86_store_imm32(&em, R12, 0, 0x12345678));
	CASE(11, "mov QWORD PTR [r14+0x100],0xffffffff80000000",
	     x86_store_imm32(&em, R14, 0x100, INT32_MIN));
	CASE(10, "mov DWORD PTR [rbp+0x200],0xdeadbeef",
	     x86_store32_imm(&em, RBP, 0x200, 0xdeadbeef));
	CASE(8, "mov DWORD PTR [r13+0x0],0x1", x86_store32_imm(&em, R13, 0, 1));
	CASE(7, "mov DWORD PTR [rsp],0x0", x86_store32_imm(&em, RSP, 0, 0));
}

static void test_alu(void)
{
	char x[160];
	unsigned int k;

	CASE(4, "add rax,QWORD PTR [rbx+0x8]",
	     x86_alu_mem(&em, ALU_ADD, true, RAX, RBX, 8));
	CASE(3, "or ecx,DWORD PTR [rbp+0x0]",
	     x86_alu_mem(&em, ALU_OR, false, RCX, RBP, 0));
	CASE(8, "and r9,QWORD PTR [r12+0x100]",
	     x86_alu_mem(&em, ALU_AND, true, R9, R12, 0x100));
	CASE(5, "sub r10d,DWORD PTR [rsp+0x8]",
	     x86_alu_mem(&em, ALU_SUB, false, R10, RSP, 8));
	CASE(4, "xor rsi,QWORD PTR [r13-0x8]",
	     x86_alu_mem(&em, ALU_XOR, true, RSI, R13, -8));
	CASE(3, "cmp edi,DWORD PTR [r15]",
	     x86_alu_mem(&em, ALU_CMP, false, RDI, R15, 0));

	for (k = 0; k < sizeof(alus) / sizeof(alus[0]); k++) {
		snprintf(x, sizeof(x), "%s rcx,r9", alus[k].name);
		CASE(3, x, x86_alu_reg(&em, alus[k].op, true, RCX, R9));
		snprintf(x, sizeof(x), "%s edx,ebx", alus[k].name);
		CASE(2, x, x86_alu_reg(&em, alus[k].op, false, RDX, RBX));
		snprintf(x, sizeof(x), "%s rdi,0x7f", alus[k].name);
		CASE(4, x, x86_alu_imm(&em, alus[k].op, true, RDI, 127));
		snprintf(x, sizeof(x), "%s rdi,0x80", alus[k].name);
		CASE(7, x, x86_alu_imm(&em, alus[k].op, true, RDI, 128));
	}
	CASE(3, "cmp r12,r13", x86_alu_reg(&em, ALU_CMP, true, R12, R13));
	CASE(3, "or rbp,rsp", x86_alu_reg(&em, ALU_OR, true, RBP, RSP));
	CASE(3, "sub r8d,ecx", x86_alu_reg(&em, ALU_SUB, false, R8, RCX));

	CASE(4, "add rax,0x1", x86_alu_imm(&em, ALU_ADD, true, RAX, 1));
	CASE(4, "sub rcx,0xffffffffffffff80",
	     x86_alu_imm(&em, ALU_SUB, true, RCX, -128));
	CASE(7, "sub rcx,0xffffffffffffff7f",
	     x86_alu_imm(&em, ALU_SUB, true, RCX, -129));
	CASE(4, "cmp r9d,0xffffffff", x86_alu_imm(&em, ALU_CMP, false, R9, -1));
	CASE(6, "and edx,0x12345678",
	     x86_alu_imm(&em, ALU_AND, false, RDX, 0x12345678));
	CASE(7, "or r15,0x100", x86_alu_imm(&em, ALU_OR, true, R15, 0x100));
	CASE(4, "xor rsp,0xffffffffffffffff",
	     x86_alu_imm(&em, ALU_XOR, true, RSP, -1));
	CASE(3, "add esi,0x7f", x86_alu_imm(&em, ALU_ADD, false, RSI, 127));

	CASE(5, "add QWORD PTR [rbx+0x8],0x1",
	     x86_alu_mem_imm(&em, ALU_ADD, true, RBX, 8, 1));
	CASE(7, "sub DWORD PTR [rbp+0x0],0x3e8",
	     x86_alu_mem_imm(&em, ALU_SUB, false, RBP, 0, 1000));
	CASE(9, "cmp QWORD PTR [r12+0x400],0xffffffffffffffff",
	     x86_alu_mem_imm(&em, ALU_CMP, true, R12, 0x400, -1));
	CASE(8, "and DWORD PTR [r13-0x4],0xffff0000",
	     x86_alu_mem_imm(&em, ALU_AND, false, R13, -4, -0x10000));
	CASE(12, "xor QWORD PTR [rsp+0x80],0x80",
	     x86_alu_mem_imm(&em, ALU_XOR, true, RSP, 128, 128));

	/* test r/m, imm32 (F7 /0 id, no imm8 form); REX.W sign-extends. */
	CASE(7, "test DWORD PTR [rbx+0x8],0x1",
	     x86_test_mem_imm(&em, false, RBX, 8, 1));
	CASE(7, "test DWORD PTR [rbp+0x0],0x1f",
	     x86_test_mem_imm(&em, false, RBP, 0, 0x1f));
	CASE(7, "test DWORD PTR [rsp],0x1",
	     x86_test_mem_imm(&em, false, RSP, 0, 1));
	CASE(12, "test DWORD PTR [r12+0x100],0x80000000",
	     x86_test_mem_imm(&em, false, R12, 0x100, 0x80000000));
	CASE(11, "test DWORD PTR [r15-0x200],0xffffffff",
	     x86_test_mem_imm(&em, false, R15, -0x200, 0xffffffff));
	CASE(7, "test QWORD PTR [rbx],0x1",
	     x86_test_mem_imm(&em, true, RBX, 0, 1));
	CASE(8, "test QWORD PTR [r13-0x8],0x1f",
	     x86_test_mem_imm(&em, true, R13, -8, 0x1f));
	CASE(12, "test QWORD PTR [rsp+0x80],0xffffffff80000000",
	     x86_test_mem_imm(&em, true, RSP, 0x80, 0x80000000));
	CASE(11, "test QWORD PTR [rsi+0x1000],0x7fffffff",
	     x86_test_mem_imm(&em, true, RSI, 0x1000, 0x7fffffff));

	/* cmp byte r/m, imm8 (80 /7 ib). */
	CASE(3, "cmp BYTE PTR [rbx],0x0", x86_cmp8_mem_imm(&em, RBX, 0, 0));
	CASE(3, "cmp BYTE PTR [rbx],0xff", x86_cmp8_mem_imm(&em, RBX, 0, 0xff));
	CASE(4, "cmp BYTE PTR [rbx+0x10],0x0",
	     x86_cmp8_mem_imm(&em, RBX, 0x10, 0));
	CASE(4, "cmp BYTE PTR [rbp+0x0],0x0", x86_cmp8_mem_imm(&em, RBP, 0, 0));
	CASE(5, "cmp BYTE PTR [rsp+0x7f],0xff",
	     x86_cmp8_mem_imm(&em, RSP, 127, 0xff));
	CASE(5, "cmp BYTE PTR [r13-0x1],0xff",
	     x86_cmp8_mem_imm(&em, R13, -1, 0xff));
	CASE(9, "cmp BYTE PTR [r12+0x1000],0xff",
	     x86_cmp8_mem_imm(&em, R12, 0x1000, 0xff));
	CASE(4, "cmp BYTE PTR [r15],0x0", x86_cmp8_mem_imm(&em, R15, 0, 0));
	CASE(7, "cmp BYTE PTR [rsi+0x80],0x0",
	     x86_cmp8_mem_imm(&em, RSI, 0x80, 0));

	CASE(4, "shl rax,0x3", x86_shift_imm(&em, SH_SHL, true, RAX, 3));
	CASE(4, "shr r10d,0x1f", x86_shift_imm(&em, SH_SHR, false, R10, 31));
	CASE(4, "sar rdi,0x3f", x86_shift_imm(&em, SH_SAR, true, RDI, 63));
	CASE(3, "sar ecx,0x1", x86_shift_imm(&em, SH_SAR, false, RCX, 1));
	CASE(3, "shl rdx,cl", x86_shift_cl(&em, SH_SHL, true, RDX));
	CASE(3, "shr r8d,cl", x86_shift_cl(&em, SH_SHR, false, R8));
	CASE(3, "sar r15,cl", x86_shift_cl(&em, SH_SAR, true, R15));
	CASE(2, "shr esp,cl", x86_shift_cl(&em, SH_SHR, false, RSP));
}

static void test_reg(void)
{
	char x[160];
	unsigned int k;
	int r;

	CASE(3, "movsxd rax,ecx", x86_sext32(&em, RAX, RCX));
	CASE(3, "movsxd r9,r14d", x86_sext32(&em, R9, R14));
	CASE(3, "movsxd rsi,esi", x86_sext32(&em, RSI, RSI));
	CASE(3, "not rax", x86_not(&em, RAX));
	CASE(3, "not r12", x86_not(&em, R12));
	CASE(3, "test rax,rbx", x86_test(&em, RAX, RBX));
	CASE(3, "test r8,rsi", x86_test(&em, R8, RSI));
	CASE(4, "cmovne r8,r15", x86_cmov(&em, CC_NE, R8, R15));
	CASE(4, "cmovl rsp,rbp", x86_cmov(&em, CC_L, RSP, RBP));

	for (r = 0; r < 16; r++) {
		snprintf(x, sizeof(x), "mov %s,%s", r64[r], r64[15 - r]);
		CASE(3, x, x86_mov_reg(&em, r, 15 - r));
		/* setcc of spl..dil needs a REX, r8b..r15b REX.B. */
		snprintf(x, sizeof(x), "sete %s; movzx %s,%s", r8[r], r32[r],
			 r8[r]);
		CASE(r >= RSP ? 8 : 6, x, x86_setcc_zx(&em, CC_E, r));
		snprintf(x, sizeof(x), "jmp %s", r64[r]);
		CASE(r >= R8 ? 3 : 2, x, x86_jmp_reg(&em, r));
	}

	for (k = 0; k < sizeof(ccs) / sizeof(ccs[0]); k++) {
		snprintf(x, sizeof(x), "cmov%s rax,rcx", ccs[k].name);
		CASE(4, x, x86_cmov(&em, ccs[k].cc, RAX, RCX));
		snprintf(x, sizeof(x), "set%s al; movzx eax,al", ccs[k].name);
		CASE(6, x, x86_setcc_zx(&em, ccs[k].cc, RAX));
		snprintf(x, sizeof(x), "set%s r9b; movzx r9d,r9b", ccs[k].name);
		CASE(8, x, x86_setcc_zx(&em, ccs[k].cc, R9));
		/* A branch to itself: rel32 = -6, target 0. */
		snprintf(x, sizeof(x), "j%s 0x0", ccs[k].name);
		CASE(6, x, x86_jcc_to(&em, ccs[k].cc, code));
	}
	CASE(8, "setne sil; movzx esi,sil", x86_setcc_zx(&em, CC_NE, RSI));
	CASE(8, "setl dil; movzx edi,dil", x86_setcc_zx(&em, CC_L, RDI));
	CASE(8, "setp dil; movzx edi,dil", x86_setcc_zx(&em, CC_P, RDI));
	CASE(8, "setp r15b; movzx r15d,r15b", x86_setcc_zx(&em, CC_P, R15));
	CASE(4, "cmovp r11,rsp", x86_cmov(&em, CC_P, R11, RSP));
	CASE(4, "cmovp rbp,r13", x86_cmov(&em, CC_P, RBP, R13));
}

/* Scalar SSE: the prefix, then any REX, then 0F op; only xmm0..xmm7. */
static const struct {
	unsigned int prefix, op;
	const char *name;
	const char *ptr; /* the memory operand's size */
} sses[] = {
    {0xf2, 0x58, "addsd", "QWORD"},   {0xf2, 0x5c, "subsd", "QWORD"},
    {0xf2, 0x59, "mulsd", "QWORD"},   {0xf2, 0x5e, "divsd", "QWORD"},
    {0xf2, 0x51, "sqrtsd", "QWORD"},  {0xf3, 0x58, "addss", "DWORD"},
    {0xf3, 0x5c, "subss", "DWORD"},   {0xf3, 0x59, "mulss", "DWORD"},
    {0xf3, 0x5e, "divss", "DWORD"},   {0xf3, 0x51, "sqrtss", "DWORD"},
    {0x66, 0x2e, "ucomisd", "QWORD"}, {0, 0x2e, "ucomiss", "DWORD"},
};

static void test_sse(void)
{
	char x[160];
	unsigned int k, p;
	int r;

	/* movsd/movss loads (0F 10) and stores (0F 11) on every base form. */
	CASE(4, "movsd xmm0,QWORD PTR [rbx]",
	     x86_sse_mem(&em, 0xf2, 0x10, 0, RBX, 0));
	CASE(5, "movsd xmm1,QWORD PTR [rsp]",
	     x86_sse_mem(&em, 0xf2, 0x10, 1, RSP, 0));
	CASE(6, "movsd xmm2,QWORD PTR [r12]",
	     x86_sse_mem(&em, 0xf2, 0x10, 2, R12, 0));
	CASE(5, "movsd xmm3,QWORD PTR [rbp+0x0]",
	     x86_sse_mem(&em, 0xf2, 0x10, 3, RBP, 0));
	CASE(6, "movsd xmm4,QWORD PTR [r13+0x0]",
	     x86_sse_mem(&em, 0xf2, 0x10, 4, R13, 0));
	CASE(5, "movsd xmm5,QWORD PTR [rbx+0x7f]",
	     x86_sse_mem(&em, 0xf2, 0x10, 5, RBX, 127));
	CASE(8, "movsd xmm6,QWORD PTR [rbx+0x80]",
	     x86_sse_mem(&em, 0xf2, 0x10, 6, RBX, 128));
	CASE(6, "movsd xmm7,QWORD PTR [rsp-0x80]",
	     x86_sse_mem(&em, 0xf2, 0x10, 7, RSP, -128));
	CASE(10, "movsd xmm0,QWORD PTR [r12+0x12345678]",
	     x86_sse_mem(&em, 0xf2, 0x10, 0, R12, 0x12345678));
	CASE(8, "movsd xmm1,QWORD PTR [rbp-0x81]",
	     x86_sse_mem(&em, 0xf2, 0x10, 1, RBP, -129));
	CASE(6, "movsd xmm2,QWORD PTR [r13+0x8]",
	     x86_sse_mem(&em, 0xf2, 0x10, 2, R13, 8));
	CASE(4, "movsd QWORD PTR [rbx],xmm7",
	     x86_sse_mem(&em, 0xf2, 0x11, 7, RBX, 0));
	CASE(6, "movsd QWORD PTR [rsp+0x10],xmm6",
	     x86_sse_mem(&em, 0xf2, 0x11, 6, RSP, 16));
	CASE(10, "movsd QWORD PTR [r12+0x100],xmm5",
	     x86_sse_mem(&em, 0xf2, 0x11, 5, R12, 0x100));
	CASE(8, "movsd QWORD PTR [rbp+0x1000],xmm4",
	     x86_sse_mem(&em, 0xf2, 0x11, 4, RBP, 0x1000));
	CASE(6, "movsd QWORD PTR [r13+0x0],xmm3",
	     x86_sse_mem(&em, 0xf2, 0x11, 3, R13, 0));
	CASE(9, "movsd QWORD PTR [r13-0x80000000],xmm2",
	     x86_sse_mem(&em, 0xf2, 0x11, 2, R13, INT32_MIN));
	CASE(4, "movss xmm0,DWORD PTR [rbx]",
	     x86_sse_mem(&em, 0xf3, 0x10, 0, RBX, 0));
	CASE(5, "movss xmm1,DWORD PTR [rsp]",
	     x86_sse_mem(&em, 0xf3, 0x10, 1, RSP, 0));
	CASE(7, "movss xmm2,DWORD PTR [r12+0x4]",
	     x86_sse_mem(&em, 0xf3, 0x10, 2, R12, 4));
	CASE(5, "movss xmm3,DWORD PTR [rbp+0x0]",
	     x86_sse_mem(&em, 0xf3, 0x10, 3, RBP, 0));
	CASE(9, "movss xmm4,DWORD PTR [r13+0x400]",
	     x86_sse_mem(&em, 0xf3, 0x10, 4, R13, 0x400));
	CASE(5, "movss DWORD PTR [rbx+0x4],xmm5",
	     x86_sse_mem(&em, 0xf3, 0x11, 5, RBX, 4));
	CASE(9, "movss DWORD PTR [rsp-0x100],xmm6",
	     x86_sse_mem(&em, 0xf3, 0x11, 6, RSP, -0x100));
	CASE(6, "movss DWORD PTR [r12],xmm7",
	     x86_sse_mem(&em, 0xf3, 0x11, 7, R12, 0));
	CASE(6, "movss DWORD PTR [r13+0x0],xmm0",
	     x86_sse_mem(&em, 0xf3, 0x11, 0, R13, 0));
	CASE(5, "movss DWORD PTR [rbp-0x4],xmm1",
	     x86_sse_mem(&em, 0xf3, 0x11, 1, RBP, -4));
	CASE(4, "movsd xmm1,xmm2", x86_sse_reg(&em, 0xf2, 0x10, 1, 2));
	CASE(4, "movss xmm7,xmm0", x86_sse_reg(&em, 0xf3, 0x10, 7, 0));

	/* Every register as base, every xmm loaded and stored. */
	for (r = 0; r < 16; r++) {
		snprintf(x, sizeof(x), "movsd xmm%d,QWORD PTR [%s%s]", r & 7,
			 r64[r], (r & 7) == RBP ? "+0x0" : "");
		CASE(4 + (r >= R8) + ((r & 7) == RSP) + ((r & 7) == RBP), x,
		     x86_sse_mem(&em, 0xf2, 0x10, r & 7, r, 0));
		snprintf(x, sizeof(x), "movss DWORD PTR [%s+0x20],xmm%d",
			 r64[r], 7 - (r & 7));
		CASE(5 + (r >= R8) + ((r & 7) == RSP), x,
		     x86_sse_mem(&em, 0xf3, 0x11, 7 - (r & 7), r, 0x20));
	}

	/* The forms jit_fpu.c emits, as literals. */
	CASE(5, "addsd xmm0,QWORD PTR [rbx+0x8]",
	     x86_sse_mem(&em, 0xf2, 0x58, 0, RBX, 8));
	CASE(4, "sqrtss xmm3,xmm4", x86_sse_reg(&em, 0xf3, 0x51, 3, 4));
	CASE(4, "ucomisd xmm0,xmm0", x86_sse_reg(&em, 0x66, 0x2e, 0, 0));
	CASE(3, "ucomiss xmm0,xmm0", x86_sse_reg(&em, 0, 0x2e, 0, 0));
	CASE(5, "ucomisd xmm0,QWORD PTR [rbp+0x20]",
	     x86_sse_mem(&em, 0x66, 0x2e, 0, RBP, 0x20));
	CASE(6, "ucomisd xmm2,QWORD PTR [r12]",
	     x86_sse_mem(&em, 0x66, 0x2e, 2, R12, 0));
	CASE(5, "ucomiss xmm7,DWORD PTR [r13+0x0]",
	     x86_sse_mem(&em, 0, 0x2e, 7, R13, 0));
	CASE(7, "ucomiss xmm1,DWORD PTR [rbx+0x100]",
	     x86_sse_mem(&em, 0, 0x2e, 1, RBX, 0x100));

	/* Each op on every xmm, register and memory, and the SIB/REX bases. */
	for (k = 0; k < sizeof(sses) / sizeof(sses[0]); k++) {
		p = sses[k].prefix != 0;
		for (r = 0; r < 8; r++) {
			snprintf(x, sizeof(x), "%s xmm%d,xmm%d", sses[k].name,
				 r, 7 - r);
			CASE(3 + p, x,
			     x86_sse_reg(&em, sses[k].prefix, sses[k].op, r,
					 7 - r));
			snprintf(x, sizeof(x), "%s xmm%d,%s PTR [rbx+0x%x]",
				 sses[k].name, r, sses[k].ptr, 8 * r + 8);
			CASE(4 + p, x,
			     x86_sse_mem(&em, sses[k].prefix, sses[k].op, r,
					 RBX, 8 * r + 8));
		}
		snprintf(x, sizeof(x), "%s xmm2,%s PTR [rsp]", sses[k].name,
			 sses[k].ptr);
		CASE(4 + p, x,
		     x86_sse_mem(&em, sses[k].prefix, sses[k].op, 2, RSP, 0));
		snprintf(x, sizeof(x), "%s xmm6,%s PTR [r13+0x0]", sses[k].name,
			 sses[k].ptr);
		CASE(5 + p, x,
		     x86_sse_mem(&em, sses[k].prefix, sses[k].op, 6, R13, 0));
		snprintf(x, sizeof(x), "%s xmm1,%s PTR [r12+0x100]",
			 sses[k].name, sses[k].ptr);
		CASE(9 + p, x,
		     x86_sse_mem(&em, sses[k].prefix, sses[k].op, 1, R12,
				 0x100));
		snprintf(x, sizeof(x), "%s xmm5,%s PTR [rbp-0x80]",
			 sses[k].name, sses[k].ptr);
		CASE(
		    4 + p, x,
		    x86_sse_mem(&em, sses[k].prefix, sses[k].op, 5, RBP, -128));
	}
}

static void test_branch(void)
{
	uint8_t *site;

	/* Forward over a 3-byte mov: the target is 6 + 3. */
	CASE(9, "jne 0x9; mov rax,rbx", site = x86_jcc(&em, CC_NE);
	     x86_mov_reg(&em, RAX, RBX); x86_patch(&em, site, em.p));
	CASE(10, "jmp 0xa; mov eax,0x1", site = x86_jmp(&em);
	     x86_mov_imm(&em, RAX, 1); x86_patch(&em, site, em.p));
	/* Past the 8-bit range. */
	CASE(6, "jae 0x1000", site = x86_jcc(&em, CC_AE);
	     x86_patch(&em, site, code + 0x1000));
	CASE(5, "jmp 0x1000", site = x86_jmp(&em);
	     x86_patch(&em, site, code + 0x1000));
	/* Backward to the start of a loop. */
	CASE(9, "add rax,0x1; jmp 0x0", x86_alu_imm(&em, ALU_ADD, true, RAX, 1);
	     x86_jmp_to(&em, code));
	CASE(9, "cmp rax,rbx; jb 0x0",
	     x86_alu_reg(&em, ALU_CMP, true, RAX, RBX);
	     x86_jcc_to(&em, CC_B, code));
	CASE(14, "mov rax,rbx; jmp 0xe; jle 0x3", x86_mov_reg(&em, RAX, RBX);
	     site = x86_jmp(&em); x86_jcc_to(&em, CC_LE, code + 3);
	     x86_patch(&em, site, em.p));
	CASE(5, "jmp 0x0", site = x86_jmp(&em); x86_patch(&em, site, code));
	/* jp past the unordered case, as jit_fpu.c patches it. */
	CASE(10, "ucomisd xmm0,xmm1; jp 0xa",
	     x86_sse_reg(&em, 0x66, 0x2e, 0, 1);
	     site = x86_jcc(&em, CC_P); x86_patch(&em, site, em.p));
	CASE(6, "jp 0x1000", site = x86_jcc(&em, CC_P);
	     x86_patch(&em, site, code + 0x1000));

	CASE(7, "mov eax,0x401000; call rax",
	     x86_call_abs(&em, (const void *)(uintptr_t)0x401000));
	CASE(12, "movabs rax,0x123456789a; call rax",
	     x86_call_abs(&em, (const void *)(uintptr_t)0x123456789aULL));
}

/* Whether p[from..n) still holds the 0xcc the buffer was filled with. */
static bool untouched(const uint8_t *p, size_t n, size_t from)
{
	for (; from < n; from++)
		if (p[from] != 0xcc)
			return false;
	return true;
}

/* An emit past end sets full and stores nothing beyond end. */
static void test_overflow(void)
{
	uint8_t b[32];
	static const uint8_t load[] = {0x48, 0x8b, 0x83, 0x00, 0x10, 0, 0};
	struct x86_buf o;
	uint8_t *site;

#define RESET(room)                         \
	do {                                \
		memset(b, 0xcc, sizeof(b)); \
		o.p = b;                    \
		o.end = b + (room);         \
		o.full = false;             \
	} while (0)

	/* Exactly enough room. */
	RESET(7);
	x86_load64(&o, RAX, RBX, 0x1000);
	EXPECT(!o.full && o.p == b + 7 && memcmp(b, load, 7) == 0);
	EXPECT(untouched(b, sizeof(b), 7));
	/* One byte short: the first 6 bytes, then full. */
	RESET(6);
	x86_load64(&o, RAX, RBX, 0x1000);
	EXPECT(o.full && o.p == o.end && memcmp(b, load, 6) == 0);
	EXPECT(untouched(b, sizeof(b), 6));
	/* Short in the opcode; later emits change nothing. */
	RESET(1);
	x86_load64(&o, RAX, RBX, 0x1000);
	x86_mov_imm(&o, R11, 0x8000000000000000ULL);
	x86_setcc_zx(&o, CC_E, RSI);
	EXPECT(o.full && o.p == o.end && b[0] == 0x48);
	EXPECT(untouched(b, sizeof(b), 1));
	/* No room at all. */
	RESET(0);
	x86_store_idx(&o, RSI, RDX, 2, RAX);
	EXPECT(o.full && o.p == b);
	EXPECT(untouched(b, sizeof(b), 0));
	/* movabs cut in its immediate. */
	RESET(6);
	x86_mov_imm(&o, RBX, 0x1122334455667788ULL);
	EXPECT(o.full && o.p == o.end && b[0] == 0x48 && b[1] == 0xbb &&
	       b[2] == 0x88 && b[5] == 0x55);
	EXPECT(untouched(b, sizeof(b), 6));
	/* A cut branch is not patched: nothing lands before its site. */
	RESET(4);
	site = x86_jcc(&o, CC_NE);
	x86_patch(&o, site, b);
	EXPECT(o.full && site == b + 4);
	EXPECT(b[0] == 0x0f && b[1] == 0x85 && b[2] == 0 && b[3] == 0);
	EXPECT(untouched(b, sizeof(b), 4));
	/* Nor is a whole branch once the buffer is full. */
	RESET(5);
	site = x86_jmp(&o);
	EXPECT(!o.full && site == b + 5);
	x86_byte(&o, 0x90);
	x86_patch(&o, site, b + 20);
	EXPECT(o.full && b[0] == 0xe9 && b[1] == 0 && b[4] == 0);
	EXPECT(untouched(b, sizeof(b), 5));
#undef RESET
}

static void cleanup(void)
{
	char path[64];
	unsigned int k;

	for (k = 0; k < n_cases; k++) {
		snprintf(path, sizeof(path), "%s/c%u.bin", dir, k);
		unlink(path);
	}
	rmdir(dir);
}

int main(void)
{
	static const uint8_t nop = 0x90;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	atexit(cleanup);
	/* Case 0 is a probe: can objdump disassemble x86-64 here? */
	begin();
	x86_byte(&em, nop);
	record(__LINE__, "nop", 1, "nop");
	if (!disassemble(1) || strcmp(cases[0].got, "nop") != 0) {
		printf("no objdump that disassembles i386:x86-64 "
		       "(install binutils)\n");
		return 77;
	}
	cases[0].got[0] = 0;

	test_mem();
	test_indexed();
	test_imm();
	test_alu();
	test_reg();
	test_sse();
	test_branch();
	test_overflow();
	if (!disassemble(n_cases)) {
		fprintf(stderr, "objdump failed on %u files in %s\n", n_cases,
			dir);
		failures++;
	}
	report();
	if (failures) {
		fprintf(stderr,
			"test_jit_emit: %d checks failed (%u encodings "
			"and the overflow checks)\n",
			failures, n_cases);
		return 1;
	}
	printf("test_jit_emit: %u encodings match objdump, overflow checks "
	       "passed\n",
	       n_cases);
	return 0;
}
