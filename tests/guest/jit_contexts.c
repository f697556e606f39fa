/* SPDX-License-Identifier: MIT */
/*
 * One piece of code, run in several translation contexts, jumping to a
 * page that each context maps elsewhere (LoongArch Vol1 5.2, 5.4: the TLB
 * compares the ASID of non-global entries; CRMD.DA bypasses it). A JIT may
 * link a jump straight to the block it found the first time only if the
 * target cannot translate differently in another context, i.e. if it lies
 * in the jumping block's own page; this guest catches one that links or
 * caches across pages or contexts.
 *
 * jc_v1 is a 16 KiB page of loops, each running N times and going, in
 * every iteration, to a routine in the next virtual page V2 by bl, b,
 * jirl, a conditional branch or by falling off the end of V1. The V2
 * pages jc_v2a and jc_v2b hold the same routines at the same offsets with
 * different constants, one having an inner loop within V2. V1 is one
 * physical page in every context; V2 is jc_v2a under ASID 1 and jc_v2b
 * under ASID 2, with both sets of TLB entries present and CSR.ASID
 * switched back and forth without a flush. Three mappings:
 *
 *   VA_PAIR: per-ASID entries, V1 the even page and V2 the odd page;
 *   VA_GLOBAL: V1 the odd page of a global entry, V2 the even page of the
 *     next pair, per ASID;
 *   HIGH: in direct-address mode high RAM holding copies of jc_v1 and
 *     jc_v2a; in mapped mode a global entry with V1 at that same physical
 *     page and V2 at jc_v2b.
 *
 * The code is position-independent, so the loops run at any of these
 * addresses. Every TLB entry is written with tlbwr into an STLB set that
 * no refill uses (refills here are for the global huge pages only).
 */
#include "paging.h"

#define N 1000
#define K_A 100 /* the constant of jc_v2a */
#define K_B 200 /* the constant of jc_v2b */

#define VA_PAIR 0x2000010000ULL	  /* STLB set 2 */
#define VA_GLOBAL 0x2000024000ULL /* pairs in sets 4 and 5 */
#define HIGH 0x90000000ULL	  /* the virt board's high RAM; set 0 */

#define STR_(x) #x
#define STR(x) STR_(x)
/* The two V2 pages, from the jc_v2 macro below. */
#define JC_V2A "jc_v2 jc_v2a, 0x4000, " STR(K_A) "\n"
#define JC_V2B "jc_v2 jc_v2b, 0x8000, " STR(K_B) "\n"

/*
 * The loops (a0 = N; return the sum in a0) use t0-t4 and ra only. In V2:
 * +0x000 continues jc_fall, +0x100 returns k, +0x200 continues jc_b,
 * +0x300 returns 5 * (k + 2) from a loop within V2, +0x400 continues
 * jc_cond.
 */
__asm__(".pushsection .text.jit_contexts, \"ax\"\n"
	".balign 16384\n"
	"jc_v1:\n"
	"jc_bl:\n" /* N * k */
	"	move	$t3, $ra\n"
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	"1:	bl	jc_v2a_const\n"
	"	add.d	$t1, $t1, $a0\n"
	"	addi.d	$t0, $t0, -1\n"
	"	bnez	$t0, 1b\n"
	"	move	$a0, $t1\n"
	"	jirl	$zero, $t3, 0\n"
	".org 0x100\n"
	"jc_b:\n" /* N * (k + 2) */
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	".org 0x108\n" /* where V2 + 0x208 branches back to */
	"jc_b_top:\n"
	"	addi.d	$t1, $t1, 1\n"
	"	b	jc_v2a_b\n"
	".org 0x200\n"
	"jc_jirl:\n" /* N * k */
	"	move	$t3, $ra\n"
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	"	la.pcrel $t4, jc_v2a_const\n"
	"1:	jirl	$ra, $t4, 0\n"
	"	add.d	$t1, $t1, $a0\n"
	"	addi.d	$t0, $t0, -1\n"
	"	bnez	$t0, 1b\n"
	"	move	$a0, $t1\n"
	"	jirl	$zero, $t3, 0\n"
	".org 0x300\n"
	"jc_inner:\n" /* N * 5 * (k + 2) */
	"	move	$t3, $ra\n"
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	"1:	bl	jc_v2a_inner\n"
	"	add.d	$t1, $t1, $a0\n"
	"	addi.d	$t0, $t0, -1\n"
	"	bnez	$t0, 1b\n"
	"	move	$a0, $t1\n"
	"	jirl	$zero, $t3, 0\n"
	".org 0x400\n"
	"jc_cond:\n" /* N * (k + 4) */
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	".org 0x408\n" /* where V2 + 0x404 branches back to */
	"jc_cond_top:\n"
	"	addi.d	$t0, $t0, -1\n"
	"	bge	$t0, $zero, jc_v2a_cond\n"
	"	move	$a0, $t1\n"
	"	jirl	$zero, $ra, 0\n"
	".org 0x3ff0\n"
	"jc_fall:\n" /* N * (k + 5): the last words of V1 */
	"	move	$t0, $a0\n"
	"	move	$t1, $zero\n"
	"	addi.d	$t0, $t0, -1\n"
	"	addi.d	$t1, $t1, 2\n"
	/* V2 at offset off of the blob, its routines returning from k. */
	".macro jc_v2 base, off, k\n"
	"\\base:\n"
	"	addi.d	$t1, $t1, \\k + 3\n"
	"	bnez	$t0, -12\n" /* V1 + 0x3ff8 */
	"	move	$a0, $t1\n"
	"	jirl	$zero, $ra, 0\n"
	".org \\off + 0x100\n"
	"\\base\\()_const:\n"
	"	addi.d	$a0, $zero, \\k\n"
	"	jirl	$zero, $ra, 0\n"
	".org \\off + 0x200\n"
	"\\base\\()_b:\n"
	"	addi.d	$t1, $t1, \\k + 1\n"
	"	addi.d	$t0, $t0, -1\n"
	"	bnez	$t0, -0x4100\n" /* jc_b_top */
	"	move	$a0, $t1\n"
	"	jirl	$zero, $ra, 0\n"
	".org \\off + 0x300\n"
	"\\base\\()_inner:\n"
	"	move	$a0, $zero\n"
	"	addi.d	$t2, $zero, 5\n"
	"1:	addi.d	$a0, $a0, \\k + 2\n"
	"	addi.d	$t2, $t2, -1\n"
	"	bnez	$t2, 1b\n"
	"	jirl	$zero, $ra, 0\n"
	".org \\off + 0x400\n"
	"\\base\\()_cond:\n"
	"	addi.d	$t1, $t1, \\k + 4\n"
	"	b	-0x3ffc\n" /* jc_cond_top */
	".org \\off + 0x4000\n"
	".endm\n" JC_V2A JC_V2B ".popsection\n");

extern char jc_v1[], jc_v2a[], jc_v2b[];
extern char jc_bl[], jc_b[], jc_jirl[], jc_inner[], jc_cond[], jc_fall[];

enum { R_BL, R_B, R_JIRL, R_INNER, R_COND, R_FALL, NR };

static const char *const names[NR] = {"bl",    "b",    "jirl",
				      "inner", "cond", "fall"};

static uint64_t offset(unsigned int r)
{
	const char *const at[NR] = {jc_bl,    jc_b,    jc_jirl,
				    jc_inner, jc_cond, jc_fall};

	return (uint64_t)(at[r] - jc_v1);
}

static uint64_t want(unsigned int r, uint64_t k)
{
	static const uint64_t mul[NR] = {1, 1, 1, 5, 1, 1};
	static const uint64_t add[NR] = {0, 2, 0, 2, 4, 5};

	return N * mul[r] * (k + add[r]);
}

static uint64_t pa(const char *p)
{
	return (uint64_t)(uintptr_t)p;
}

#define LO(p) ((p) | PTE_V | PTE_D | PTE_CC)

/* tlbwr of the pair at va into way of its STLB set. */
static void tlb_pair(unsigned int way, uint64_t va, uint64_t lo0, uint64_t lo1)
{
	tlbwr_at(way * 256 + ((va >> 15) & 0xff), 14, va, lo0, lo1, false);
}

static void map_all(void)
{
	csr_write(CSR_ASID, 1);
	tlb_pair(0, VA_PAIR, LO(pa(jc_v1)), LO(pa(jc_v2a)));
	tlb_pair(0, VA_GLOBAL + 0x4000, LO(pa(jc_v2a)), 0);
	csr_write(CSR_ASID, 2);
	tlb_pair(1, VA_PAIR, LO(pa(jc_v1)), LO(pa(jc_v2b)));
	tlb_pair(1, VA_GLOBAL + 0x4000, LO(pa(jc_v2b)), 0);
	/* Global: G in both halves (QEMU 7.2 reads it from TLBELO0). */
	tlb_pair(0, VA_GLOBAL - 0x4000, PTE_G, LO(pa(jc_v1)) | PTE_G);
	tlb_pair(0, HIGH, LO(HIGH) | PTE_G, LO(pa(jc_v2b)) | PTE_G);
	csr_write(CSR_ASID, 0);
}

/* High RAM gets jc_v1 and jc_v2a, for direct-address mode. */
static void copy_high(void)
{
	volatile uint64_t *d = (volatile uint64_t *)HIGH;
	const uint64_t *s = (const uint64_t *)jc_v1;
	unsigned int i;

	for (i = 0; i < 2 * PAGE_SIZE / 8; i++)
		d[i] = s[i];
	__asm__ volatile("ibar 0" ::: "memory");
}

/*
 * Calls the loop at va with N. A fault returns here through exc_fixup
 * (counted in exc_count) instead of running on.
 */
static uint64_t call(uint64_t va)
{
	register uint64_t a0 __asm__("$a0") = N;

	__asm__ volatile("la.pcrel $t5, 1f\n\t"
			 "la.pcrel $t6, exc_fixup\n\t"
			 "st.d $t5, $t6, 0\n\t"
			 "jirl $ra, %1, 0\n"
			 "1:\n\t"
			 "la.pcrel $t6, exc_fixup\n\t"
			 "st.d $zero, $t6, 0"
			 : "+r"(a0)
			 : "r"(va)
			 : "memory", "$r1", "$r12", "$r13", "$r14", "$r15",
			   "$r16", "$r17", "$r18");
	return a0;
}

/*
 * Runs every loop of the V1 at v1 in context ctx, expecting the sums of
 * constant k; prints them if print is set. Returns the wrong sums.
 */
static unsigned int run_loops(const char *where, const char *ctx, uint64_t v1,
			      uint64_t k, bool print)
{
	uint64_t got[NR];
	unsigned int r, bad = 0;

	for (r = 0; r < NR; r++)
		got[r] = call(v1 + offset(r));
	if (print) {
		puts_uart(where);
		puts_uart(", ");
		puts_uart(ctx);
		for (r = 0; r < NR; r++) {
			puts_uart(r ? ", " : ": ");
			puts_uart(names[r]);
			putc_uart(' ');
			print_dec((int64_t)got[r]);
		}
		putc_uart('\n');
	}
	for (r = 0; r < NR; r++) {
		if (got[r] != want(r, k)) {
			bad++;
			puts_uart(where);
			puts_uart(", ");
			puts_uart(ctx);
			puts_uart(": ");
		}
		CHECK(names[r], got[r], want(r, k));
	}
	return bad;
}

static void summary(const char *what, unsigned int rounds, unsigned int bad)
{
	puts_uart(what);
	puts_uart(", ");
	print_dec(rounds);
	puts_uart(" rounds: ");
	print_dec(rounds * NR);
	puts_uart(" sums, ");
	print_dec(bad);
	puts_uart(" wrong\n");
}

/* ASIDs 1 and 2 in turn, both sets of entries in the TLB throughout. */
static void test_asids(void)
{
	static const unsigned int asids[] = {1, 2, 1, 2, 2, 1, 1, 2};
	static const char *const ctx[] = {"", "asid 1", "asid 2"};
	unsigned int i, a, bad_pair = 0, bad_global = 0;

	paging_on();
	for (i = 0; i < sizeof(asids) / sizeof(asids[0]); i++) {
		a = asids[i];
		csr_write(CSR_ASID, a);
		bad_pair += run_loops("per-asid pair", ctx[a], VA_PAIR,
				      a == 1 ? K_A : K_B, i < 2);
		bad_global += run_loops("global v1", ctx[a], VA_GLOBAL,
					a == 1 ? K_A : K_B, false);
	}
	csr_write(CSR_ASID, 0);
	paging_off();
	summary("per-asid pair", i, bad_pair);
	summary("global v1", i, bad_global);
}

/* One address, high RAM in direct-address mode and a mapping otherwise. */
static void test_da_and_mapped(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < 4; i++) {
		if (i & 1) {
			csr_write(CSR_ASID, i == 1 ? 1 : 2);
			paging_on();
			bad += run_loops("high address", "mapped", HIGH, K_B,
					 i == 1);
			paging_off();
		} else {
			bad +=
			    run_loops("high address", "da", HIGH, K_A, i == 0);
		}
	}
	csr_write(CSR_ASID, 0);
	summary("high address", i, bad);
}

int main(void)
{
	exc_install();
	pg_tables_init();
	pg_csrs_init();
	map_all();
	copy_high();
	test_asids();
	test_da_and_mapped();
	CHECK("no exceptions", exc_count, 0);
	CHECK("da at the end", csr_read(CSR_CRMD) & 0x18, 0x8);
	return test_done("jit_contexts");
}
