/* SPDX-License-Identifier: MIT */
/*
 * Privilege levels (LoongArch Vol1 4.1, 4.2, 6.3.3): the kernel drops to
 * PLV3 with PRMD.PPLV = 3 and ertn, user code makes syscalls that the
 * trap handler serves (checking ESTAT, ERA and PRMD), every privileged
 * instruction at PLV3 raises IPE, a timer interrupt taken at PLV3 returns
 * there, and ertn clears the LLbit.
 * Direct-address mode throughout, so PLV3 code reaches all of memory.
 */
#include "trap.h"

enum { SYS_ADD1 = 1, SYS_PLV, SYS_EXIT, SYS_TICKS };

volatile uint64_t last_ecode, last_era, last_pplv, last_pie, trap_count;
volatile uint64_t ticks, tick_pplv;

/* csrwr swaps: the register receives the old value, hence "+r". */
#define csr_wr(num, val)                                                   \
	do {                                                               \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrwr %0, " #num : "+r"(v_)::"memory");  \
	} while (0)

static inline uint64_t csr_crmd(void)
{
	uint64_t v;

	__asm__ volatile("csrrd %0, 0x0" : "=r"(v));
	return v;
}

static inline uint64_t csr_plv(void)
{
	return csr_crmd() & 3;
}

/* Callee-saved state of the kernel while user code runs. */
uint64_t kctx[12];
uint64_t user_stack[2048] __attribute__((aligned(16)));

/*
 * enter_user(fn, sp, prmd): saves the kernel's callee-saved registers,
 * switches to the user stack and ertn's to fn with PRMD = prmd. SYS_EXIT
 * resumes at user_exit with a0 = the exit code.
 */
uint64_t enter_user(void (*fn)(void), uint64_t *sp, uint64_t prmd);
__asm__(".text\n"
	".globl enter_user\n"
	"enter_user:\n"
	"	la.pcrel $t0, kctx\n"
	"	st.d	$ra, $t0, 0\n"
	"	st.d	$sp, $t0, 8\n"
	"	st.d	$fp, $t0, 16\n"
	"	.irp	n, 0,1,2,3,4,5,6,7,8\n"
	"	st.d	$s\\n, $t0, 24 + \\n * 8\n"
	"	.endr\n"
	"	move	$sp, $a1\n"
	"	csrwr	$a0, 0x6\n"
	"	csrwr	$a2, 0x1\n"
	"	ertn\n"
	".globl user_exit\n"
	"user_exit:\n"
	"	la.pcrel $t0, kctx\n"
	"	ld.d	$ra, $t0, 0\n"
	"	ld.d	$sp, $t0, 8\n"
	"	ld.d	$fp, $t0, 16\n"
	"	.irp	n, 0,1,2,3,4,5,6,7,8\n"
	"	ld.d	$s\\n, $t0, 24 + \\n * 8\n"
	"	.endr\n"
	"	jr	$ra\n");
extern char user_exit[];

void trap(struct trap_frame *f)
{
	uint64_t ecode = TRAP_ECODE(f);

	trap_count++;
	last_ecode = ecode;
	last_era = f->era;
	last_pplv = f->prmd & 3;
	last_pie = (f->prmd >> 2) & 1;
	if (ecode == 0) { /* the timer */
		ticks++;
		tick_pplv = f->prmd & 3;
		csr_wr(0x44, 1UL);
		return;
	}
	f->era += 4;
	if (ecode != 0xb)
		return;
	switch (f->r[11]) { /* a7: the syscall number */
	case SYS_ADD1:
		f->r[4] += 1;
		break;
	case SYS_PLV:
		f->r[4] = f->prmd & 3;
		break;
	case SYS_TICKS:
		f->r[4] = ticks;
		break;
	case SYS_EXIT:
		f->era = (uint64_t)(uintptr_t)user_exit;
		f->prmd = 0; /* back to PLV0, interrupts off */
		break;
	}
}

static uint64_t sys(uint64_t nr, uint64_t arg)
{
	register uint64_t a0 __asm__("$a0") = arg;
	register uint64_t a7 __asm__("$a7") = nr;

	__asm__ volatile("syscall 0" : "+r"(a0) : "r"(a7) : "memory");
	return a0;
}

/*
 * Runs insn at label 1 at the current PLV and checks that it raised IPE
 * (Ecode 0xe) there, from PLV3.
 */
#define EXPECT_IPE(name, insn)                                             \
	do {                                                               \
		uint64_t before_ = trap_count, pc_;                        \
		__asm__ volatile("la.pcrel %0, 1f\n"                       \
				 "1:\t" insn "\n"                          \
				 : "=&r"(pc_)                              \
				 :                                         \
				 : "memory", "$t2", "$t3");                \
		CHECK(name " trapped", trap_count - before_, 1);           \
		CHECK(name " ipe", last_ecode, 0xe);                       \
		CHECK(name " era", last_era, pc_);                         \
		CHECK(name " pplv", last_pplv, 3);                         \
	} while (0)

static void user_main(void)
{
	uint64_t pc, t;

	/* Syscalls: the handler sees PLV3 and the syscall's own address. */
	CHECK("syscall add1", sys(SYS_ADD1, 41), 42);
	CHECK("syscall ecode", last_ecode, 0xb);
	CHECK("syscall pplv", last_pplv, 3);
	CHECK("syscall pie", last_pie, 0);
	CHECK("plv seen by kernel", sys(SYS_PLV, 0), 3);
	__asm__ volatile("la.pcrel %0, 1f\n"
			 "1:\tsyscall 0x55\n"
			 : "=&r"(pc)
			 : "r"(0)
			 : "memory", "$a0", "$a7");
	CHECK("syscall era", last_era, pc);

	/* break is not privileged: BRK at PLV3. */
	__asm__ volatile("break 3" ::: "memory");
	CHECK("break ecode", last_ecode, 0xc);
	CHECK("break pplv", last_pplv, 3);

	/* rdtime is allowed at PLV3 while MISC.DRDTL3 = 0. */
	t = trap_count;
	__asm__ volatile("rdtime.d $t2, $t3" ::: "$t2", "$t3");
	CHECK("rdtime at plv3", trap_count, t);

	/* Every privileged instruction raises IPE (Vol1 4.2). */
	EXPECT_IPE("csrrd", "csrrd $t2, 0x0");
	EXPECT_IPE("csrwr", "csrwr $t2, 0x30");
	EXPECT_IPE("csrxchg", "csrxchg $t2, $t3, 0x30");
	EXPECT_IPE("iocsrrd.w", "iocsrrd.w $t2, $t3");
	EXPECT_IPE("iocsrwr.d", "iocsrwr.d $t2, $t3");
	EXPECT_IPE("cacop", "cacop 0x8, $t3, 0");
	EXPECT_IPE("tlbsrch", "tlbsrch");
	EXPECT_IPE("tlbrd", "tlbrd");
	EXPECT_IPE("tlbwr", "tlbwr");
	EXPECT_IPE("tlbfill", "tlbfill");
	EXPECT_IPE("tlbclr", "tlbclr");
	EXPECT_IPE("tlbflush", "tlbflush");
	EXPECT_IPE("invtlb", "invtlb 0, $zero, $zero");
	EXPECT_IPE("lddir", "lddir $t2, $t3, 1");
	EXPECT_IPE("ldpte", "ldpte $t3, 0");
	EXPECT_IPE("ertn", "ertn");
	EXPECT_IPE("idle", "idle 0");

	sys(SYS_EXIT, 0);
}

/* User code interrupted by the timer: PRMD.PIE = 1 at PLV3. */
static void user_ticks(void)
{
	uint64_t n = 0, i;

	for (i = 0; i < 100000000 && n < 3; i++)
		n = ticks;
	CHECK("ticks at plv3", n >= 3, 1);
	CHECK("tick pplv", tick_pplv, 3);
	CHECK("plv after ticks", sys(SYS_PLV, 0), 3);
	sys(SYS_EXIT, 0);
}

static void test_user(void)
{
	enter_user(user_main, &user_stack[2048], 3);
	CHECK("back at plv0", csr_plv(), 0);

	ticks = 0;
	csr_wr(0x4, 1UL << 11);
	csr_wr(0x41, 20000UL | 3);
	enter_user(user_ticks, &user_stack[2048], 3 | 4);
	csr_wr(0x41, 0UL);
	csr_wr(0x44, 1UL);
	csr_wr(0x4, 0UL);
	CHECK("ie off after exit", csr_crmd() & 4, 0);
}

/* ertn clears the LLbit (Vol1 4.2.6.1). */
static void test_llbit(void)
{
	static uint64_t word;
	uint64_t ok;

	__asm__ volatile("move $a7, $zero\n\t"
			 "ll.d $t2, %1, 0\n\t"
			 "syscall 0\n\t"
			 "ori %0, $zero, 7\n\t"
			 "sc.d %0, %1, 0\n"
			 : "=&r"(ok)
			 : "r"(&word)
			 : "memory", "$t2", "$a7");
	CHECK("sc after ertn fails", ok, 0);
	/* LLBCTL.KLO is checked in csr_manual.c: QEMU 7.2 ignores it. */
}

int main(void)
{
	trap_install();
	test_user();
	test_llbit();
	return test_done("priv_plv3");
}
