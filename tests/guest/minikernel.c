/* SPDX-License-Identifier: MIT */
/*
 * A mini-kernel that boots like Linux 6.12 (arch/loongarch/kernel/head.S,
 * arch/loongarch/mm/tlb.c): DMW0/DMW1 windows, a jump to the cached
 * 0x9000... alias, a three-level page table for 16 KiB pages walked by a
 * TLB refill handler with lddir/ldpte/tlbfill (mm/tlbex.S), paging on with
 * CRMD = 0xb0. It then maps a user program at PLV3, drops to it with ertn
 * and serves its syscalls (Linux numbers: a7 = number, a0-a2 arguments,
 * a0 = result), demand-pages a store fault, reports PPI/PME/IPE, counts
 * timer interrupts taken in user mode and returns when the program exits.
 * LoongArch Vol1: 4.2.4-4.2.5 (tlbfill/tlbsrch/tlbrd/invtlb, lddir/ldpte),
 * 5.2 (DA/PG, DMW), 5.4 (TLB, refill), 6.1 (interrupts), 6.3 (exceptions,
 * ertn), 7.5 (TLB CSRs), 7.6 (timer).
 *
 * Only deterministic facts are printed: timer tick counts and refill
 * counts depend on timing and TLB replacement, so only "at least" holds.
 */
#include "runtime.h"

#define CSR_CRMD 0x0
#define CSR_PRMD 0x1
#define CSR_EUEN 0x2
#define CSR_ECFG 0x4
#define CSR_ESTAT 0x5
#define CSR_ERA 0x6
#define CSR_BADV 0x7
#define CSR_EENTRY 0xc
#define CSR_TLBIDX 0x10
#define CSR_TLBEHI 0x11
#define CSR_TLBELO0 0x12
#define CSR_TLBELO1 0x13
#define CSR_ASID 0x18
#define CSR_PGDL 0x19
#define CSR_PGDH 0x1a
#define CSR_PWCTL0 0x1c
#define CSR_PWCTL1 0x1d
#define CSR_STLBPS 0x1e
#define CSR_KS2 0x32
#define CSR_TCFG 0x41
#define CSR_TICLR 0x44
#define CSR_TLBRENTRY 0x88
#define CSR_TLBREHI 0x8e
#define CSR_DMW0 0x180
#define CSR_DMW1 0x181

#define csr_rd(num)                                                        \
	({                                                                 \
		uint64_t v_;                                               \
		__asm__ volatile("csrrd %0, %1" : "=r"(v_) : "i"(num));    \
		v_;                                                        \
	})
#define csr_wr(num, val)                                                   \
	do {                                                               \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrwr %0, %1"                            \
				 : "+r"(v_)                                \
				 : "i"(num)                                \
				 : "memory");                              \
	} while (0)
#define csr_xchg(num, val, mask)                                           \
	do {                                                               \
		uint64_t v_ = (val);                                       \
		__asm__ volatile("csrxchg %0, %1, %2"                      \
				 : "+r"(v_)                                \
				 : "r"((uint64_t)(mask)), "i"(num)         \
				 : "memory");                              \
	} while (0)

/* 16 KiB pages, three levels (PGD, PMD, PTE), 2048 entries each. */
#define PAGE_SHIFT 14
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PT_ENTRIES (PAGE_SIZE / 8)
#define PMD_SHIFT (PAGE_SHIFT + PAGE_SHIFT - 3)   /* 25 */
#define PGDIR_SHIFT (PMD_SHIFT + PAGE_SHIFT - 3)  /* 36 */
#define PT_W (PAGE_SHIFT - 3)                     /* 11 */
/* setup_ptwalker(): pte_i | pte_w << 5 | pmd_i << 10 | pmd_w << 15. */
#define PWCTL0_VAL (PAGE_SHIFT | PT_W << 5 | PMD_SHIFT << 10 | PT_W << 15)
/* pgd_i | pgd_w << 6 (no PTW on LA464). */
#define PWCTL1_VAL (PGDIR_SHIFT | PT_W << 6)

/* Linux's PTE bits (arch/loongarch/include/asm/pgtable-bits.h). */
#define _PAGE_VALID (1UL << 0)
#define _PAGE_DIRTY (1UL << 1)
#define _PAGE_PLV3 (3UL << 2)
#define _CACHE_CC (1UL << 4)
#define _CACHE_SUC (0UL << 4)
#define _PAGE_GLOBAL (1UL << 6)
#define _PAGE_PRESENT (1UL << 7)
#define _PAGE_WRITE (1UL << 8)
#define PAGE_USER_RX (_PAGE_VALID | _PAGE_PLV3 | _CACHE_CC | _PAGE_PRESENT)
#define PAGE_USER_RW (PAGE_USER_RX | _PAGE_DIRTY | _PAGE_WRITE)
#define PAGE_KERNEL_IO                                                     \
	(_PAGE_VALID | _PAGE_DIRTY | _CACHE_SUC | _PAGE_GLOBAL |           \
	 _PAGE_PRESENT | _PAGE_WRITE)
#define PAGE_KERNEL_RW                                                     \
	(_PAGE_VALID | _PAGE_DIRTY | _CACHE_CC | _PAGE_PRESENT | _PAGE_WRITE)
/* The architectural TLBELO fields: V, D, PLV, MAT, G, PPN (Vol1 7.5.3). */
#define TLBELO_ARCH_MASK (0x7fUL | (0xfffffffffUL << 12))

#define PHYS(p) ((uint64_t)(uintptr_t)(p) & 0xffffffffffffUL)

/* User virtual layout. */
#define USER_CODE_VA 0x10000UL
#define USER_DATA_VA 0x20000UL   /* results at the bottom, stack on top */
#define USER_DEMAND_VA 0x30000UL /* unmapped until the first store */
#define KERNEL_RAM_VA 0x40000UL  /* RAM for PLV0 only, used by the kernel */
#define USER_ASID 1

/* Syscall numbers (Linux's generic table) and one of our own. */
#define NR_WRITE 64
#define NR_EXIT 93
#define NR_GETPID 172
#define NR_TICKS 500
#define ENOSYS 38
#define EBADF 9
#define EFAULT 14

/* Devices, reached through the uncached DMW0 window while paging is on. */
#define KUART ((volatile uint8_t *)0x800000001fe001e0UL)
#define KGED ((volatile uint8_t *)0x80000000100e001cUL)
#define UART_PA 0x1fe00000UL
#define GED_PA 0x100e0000UL

typedef uint64_t ptable_t[PT_ENTRIES];

/* Saved user/kernel state on exception entry; see mk_exc_entry. */
struct frame {
	uint64_t r[32];
	uint64_t era, prmd, estat, badv;
};

/* Shared with the assembly below. */
volatile uint64_t mk_refills;
uint64_t mk_kctx[12];
uint64_t mk_exc_dispatch(struct frame *f);
uint64_t mk_run_user(uint64_t entry, uint64_t usp);
void mk_resume_kernel(uint64_t code) __attribute__((noreturn));
int mk_boot(void);
int kmain(void);
extern char mk_exc_entry[], mk_tlbr_entry[];
extern char mk_user_start[], mk_user_end[], mk_user_sys1[], mk_user_st[];
extern char mk_user_ppi[], mk_user_pme[], mk_user_pme_addr[], mk_user_ipe[];
extern char mk_user_ppi_ram[];

/*
 * Boot: DMW0/DMW1 as Linux's kernel_entry, then the jump to the 0x9000
 * alias while still in DA mode (the physical address is the low PALEN
 * bits, Vol1 5.2), the stack moved there too. kmain turns paging on;
 * after it returns, paging goes off again (CRMD = 0x8, DA) so that the
 * runtime's physical UART and GED addresses work, and mk_boot returns to
 * its physical caller.
 */
__asm__(".text\n"
	".globl mk_boot\n"
	"mk_boot:\n"
	"	addi.d	$sp, $sp, -16\n"
	"	st.d	$ra, $sp, 8\n"
	"	li.d	$t0, 0x8000000000000001\n"
	"	csrwr	$t0, 0x180\n"
	"	li.d	$t0, 0x9000000000000011\n"
	"	csrwr	$t0, 0x181\n"
	"	li.d	$t1, 0x9000000000000000\n"
	"	la.pcrel $t0, 1f\n"
	"	or	$t0, $t0, $t1\n"
	"	jirl	$zero, $t0, 0\n"
	"1:	or	$sp, $sp, $t1\n"
	"	bl	kmain\n"
	"	ori	$t0, $zero, 0x8\n"
	"	csrwr	$t0, 0x0\n"
	"	bstrpick.d $sp, $sp, 47, 0\n"
	"	ld.d	$ra, $sp, 8\n"
	"	addi.d	$sp, $sp, 16\n"
	"	jr	$ra\n");

/*
 * The TLB refill handler (Linux's handle_tlb_refill for three levels),
 * entered at TLBRENTRY in DA mode: the PGD walk, tlbfill, and a count
 * of refills kept at the physical address of mk_refills (la.pcrel from
 * the physical PC). t1 is kept in KS3.
 */
__asm__(".text\n"
	".balign 4096\n"
	".globl mk_tlbr_entry\n"
	"mk_tlbr_entry:\n"
	"	csrwr	$t0, 0x8b\n"
	"	csrrd	$t0, 0x1b\n"
	"	lddir	$t0, $t0, 3\n"
	"	lddir	$t0, $t0, 1\n"
	"	ldpte	$t0, 0\n"
	"	ldpte	$t0, 1\n"
	"	tlbfill\n"
	"	csrwr	$t1, 0x33\n"
	"	la.pcrel $t0, mk_refills\n"
	"	ld.d	$t1, $t0, 0\n"
	"	addi.d	$t1, $t1, 1\n"
	"	st.d	$t1, $t0, 0\n"
	"	csrrd	$t1, 0x33\n"
	"	csrrd	$t0, 0x8b\n"
	"	ertn\n");

/*
 * The general exception entry (EENTRY, ECFG.VS = 0). From PLV3 it
 * switches to the kernel stack kept in KS2 (the user sp goes through
 * KS1); t0 goes through KS0. All registers, ERA, PRMD, ESTAT and BADV
 * are saved in a struct frame; mk_exc_dispatch may change them; ERA and
 * PRMD are written back before ertn.
 */
#define SAVE(n) "	st.d	$r" #n ", $sp, " #n "*8\n"
#define LOAD(n) "	ld.d	$r" #n ", $sp, " #n "*8\n"
#define REGS_A(X) X(1) X(2) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11)
#define REGS_B(X) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21)
#define REGS_C(X) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)
__asm__(".text\n"
	".balign 4096\n"
	".globl mk_exc_entry\n"
	"mk_exc_entry:\n"
	"	csrwr	$t0, 0x30\n"
	"	csrrd	$t0, 0x1\n"
	"	andi	$t0, $t0, 3\n"
	"	beqz	$t0, 1f\n"
	"	csrwr	$sp, 0x31\n"
	"	csrrd	$sp, 0x32\n"
	"	b	2f\n"
	"1:	csrwr	$sp, 0x31\n"
	"	csrrd	$sp, 0x31\n"
	"2:	addi.d	$sp, $sp, -288\n"
	REGS_A(SAVE) REGS_B(SAVE) REGS_C(SAVE)
	"	csrrd	$t0, 0x31\n"
	"	st.d	$t0, $sp, 3*8\n"
	"	csrrd	$t0, 0x30\n"
	"	st.d	$t0, $sp, 12*8\n"
	"	st.d	$zero, $sp, 0\n"
	"	csrrd	$t0, 0x6\n"
	"	st.d	$t0, $sp, 32*8\n"
	"	csrrd	$t0, 0x1\n"
	"	st.d	$t0, $sp, 33*8\n"
	"	csrrd	$t0, 0x5\n"
	"	st.d	$t0, $sp, 34*8\n"
	"	csrrd	$t0, 0x7\n"
	"	st.d	$t0, $sp, 35*8\n"
	"	move	$a0, $sp\n"
	"	bl	mk_exc_dispatch\n"
	"	ld.d	$t0, $sp, 32*8\n"
	"	csrwr	$t0, 0x6\n"
	"	ld.d	$t0, $sp, 33*8\n"
	"	csrwr	$t0, 0x1\n"
	REGS_A(LOAD) REGS_B(LOAD) REGS_C(LOAD)
	"	ld.d	$r12, $sp, 12*8\n"
	"	ld.d	$sp, $sp, 3*8\n"
	"	ertn\n");

/*
 * mk_run_user(entry, usp) saves the kernel's callee-saved state in
 * mk_kctx and drops to PLV3 (PRMD.PPLV = 3, PIE = 1; ERA = entry).
 * mk_resume_kernel(code), called from the exit syscall, restores that
 * state: mk_run_user returns code, still in PLV0 with interrupts off.
 */
__asm__(".text\n"
	".globl mk_run_user\n"
	"mk_run_user:\n"
	"	la.pcrel $t0, mk_kctx\n"
	"	st.d	$ra, $t0, 0\n"
	"	st.d	$sp, $t0, 8\n"
	"	st.d	$fp, $t0, 16\n"
	"	st.d	$s0, $t0, 24\n"
	"	st.d	$s1, $t0, 32\n"
	"	st.d	$s2, $t0, 40\n"
	"	st.d	$s3, $t0, 48\n"
	"	st.d	$s4, $t0, 56\n"
	"	st.d	$s5, $t0, 64\n"
	"	st.d	$s6, $t0, 72\n"
	"	st.d	$s7, $t0, 80\n"
	"	st.d	$s8, $t0, 88\n"
	"	ori	$t0, $zero, 7\n"
	"	csrwr	$t0, 0x1\n"
	"	csrwr	$a0, 0x6\n"
	"	move	$sp, $a1\n"
	"	move	$ra, $zero\n"
	"	move	$a0, $zero\n"
	"	move	$a1, $zero\n"
	"	move	$t0, $zero\n"
	"	ertn\n"
	".globl mk_resume_kernel\n"
	"mk_resume_kernel:\n"
	"	la.pcrel $t0, mk_kctx\n"
	"	ld.d	$ra, $t0, 0\n"
	"	ld.d	$sp, $t0, 8\n"
	"	ld.d	$fp, $t0, 16\n"
	"	ld.d	$s0, $t0, 24\n"
	"	ld.d	$s1, $t0, 32\n"
	"	ld.d	$s2, $t0, 40\n"
	"	ld.d	$s3, $t0, 48\n"
	"	ld.d	$s4, $t0, 56\n"
	"	ld.d	$s5, $t0, 64\n"
	"	ld.d	$s6, $t0, 72\n"
	"	ld.d	$s7, $t0, 80\n"
	"	ld.d	$s8, $t0, 88\n"
	"	jr	$ra\n");

/*
 * The user program, copied to USER_CODE_VA; position independent.
 * Results go to USER_DATA_VA (s8): [0] write, [1] getpid, [2] unknown
 * syscall, [3] write to a bad fd, [4] the demand-paged value, [5] a
 * zero from the same fresh page, [6] the sentinel kept across the PPI,
 * [7] callee-saved registers intact across syscalls and interrupts,
 * [8] errors in the busy loop's checksum, [9] last tick count.
 */
#define USER_MSG "hello from PLV3\n"
#define USER_MSG_LEN 16
__asm__(".text\n"
	".balign 16\n"
	".globl mk_user_start, mk_user_end, mk_user_sys1, mk_user_st\n"
	".globl mk_user_ppi, mk_user_pme, mk_user_pme_addr, mk_user_ipe\n"
	".globl mk_user_ppi_ram\n"
	"mk_user_start:\n"
	/*
	 * First, a PLV0 page of RAM the kernel read at the same address with
	 * the same ASID just before: PPI all the same.
	 */
	"	lu12i.w	$t0, 0x40\n"
	"mk_user_ppi_ram:\n"
	"	ld.d	$t2, $t0, 8\n"
	"	lu12i.w	$s8, 0x20\n"
	"	ori	$a7, $zero, 64\n"
	"	ori	$a0, $zero, 1\n"
	/* The message sits in the code, after the b over it. */
	"	pcaddi	$a1, 2\n"
	"	b	3f\n"
	"	.ascii	\"" USER_MSG "\"\n"
	"3:\n"
	"	ori	$a2, $zero, 16\n"
	"mk_user_sys1:\n"
	"	syscall	0\n"
	"	st.d	$a0, $s8, 0\n"
	"	ori	$a7, $zero, 172\n"
	"	syscall	0\n"
	"	st.d	$a0, $s8, 8\n"
	"	ori	$a7, $zero, 999\n"
	"	syscall	0x15\n"
	"	st.d	$a0, $s8, 16\n"
	"	ori	$a7, $zero, 64\n"
	"	ori	$a0, $zero, 2\n"
	"	ori	$a2, $zero, 1\n"
	"	syscall	0\n"
	"	st.d	$a0, $s8, 24\n"
	/* Demand paging: the first store faults (PIS), the kernel maps. */
	"	lu12i.w	$t0, 0x30\n"
	"	ori	$t1, $zero, 0x5a5\n"
	"mk_user_st:\n"
	"	st.d	$t1, $t0, 0\n"
	"	ld.d	$t2, $t0, 0\n"
	"	st.d	$t2, $s8, 32\n"
	"	ld.d	$t2, $t0, 8\n"
	"	st.d	$t2, $s8, 40\n"
	/* A PLV0 page (the UART mapping): PPI, skipped by the kernel. */
	"	lu12i.w	$t0, 0x1fe00\n"
	"	ori	$t2, $zero, 7\n"
	"mk_user_ppi:\n"
	"	ld.b	$t2, $t0, 0x1e5\n"
	"	st.d	$t2, $s8, 48\n"
	/* A store to the read-only code page: PME. */
	"mk_user_pme_addr:\n"
	"	pcaddi	$t0, 0\n"
	"mk_user_pme:\n"
	"	st.w	$zero, $t0, 0\n"
	/* A privileged instruction: IPE. */
	"mk_user_ipe:\n"
	"	csrrd	$t2, 0x0\n"
	/* Callee-saved patterns, then busy loops until 3 timer ticks. */
	"	ori	$s0, $zero, 0x101\n"
	"	ori	$s1, $zero, 0x202\n"
	"	ori	$s2, $zero, 0x303\n"
	"	ori	$s3, $zero, 0x404\n"
	"	ori	$s4, $zero, 0x505\n"
	"	ori	$s5, $zero, 0x606\n"
	"	ori	$s6, $zero, 0x707\n"
	"	ori	$s7, $zero, 0x808\n"
	"	ori	$fp, $zero, 0x909\n"
	"	move	$t8, $zero\n"
	"	lu12i.w	$t6, 0x1e8\n"          /* 2001000 = 0x1e8868 */
	"	ori	$t6, $t6, 0x868\n"
	"1:	ori	$t3, $zero, 2000\n"
	"	move	$t4, $zero\n"
	"2:	add.d	$t4, $t4, $t3\n"
	"	addi.d	$t3, $t3, -1\n"
	"	bnez	$t3, 2b\n"
	"	beq	$t4, $t6, 4f\n"
	"	addi.d	$t8, $t8, 1\n"
	"4:	ori	$a7, $zero, 500\n"
	"	syscall	0\n"
	"	ori	$t1, $zero, 3\n"
	"	blt	$a0, $t1, 1b\n"
	"	st.d	$a0, $s8, 72\n"
	"	st.d	$t8, $s8, 64\n"
	"	move	$t0, $zero\n"
	"	ori	$t1, $zero, 0x101\n"
	"	bne	$s0, $t1, 5f\n"
	"	ori	$t1, $zero, 0x202\n"
	"	bne	$s1, $t1, 5f\n"
	"	ori	$t1, $zero, 0x303\n"
	"	bne	$s2, $t1, 5f\n"
	"	ori	$t1, $zero, 0x404\n"
	"	bne	$s3, $t1, 5f\n"
	"	ori	$t1, $zero, 0x505\n"
	"	bne	$s4, $t1, 5f\n"
	"	ori	$t1, $zero, 0x606\n"
	"	bne	$s5, $t1, 5f\n"
	"	ori	$t1, $zero, 0x707\n"
	"	bne	$s6, $t1, 5f\n"
	"	ori	$t1, $zero, 0x808\n"
	"	bne	$s7, $t1, 5f\n"
	"	ori	$t1, $zero, 0x909\n"
	"	bne	$fp, $t1, 5f\n"
	"	ori	$t0, $zero, 1\n"
	"5:	st.d	$t0, $s8, 56\n"
	"	ori	$a7, $zero, 93\n"
	"	ori	$a0, $zero, 42\n"
	"	syscall	0\n"
	"6:	b	6b\n"
	"mk_user_end:\n");

/* Page tables and pages; .bss is cleared by start.S. */
#define ALIGNED __attribute__((aligned(PAGE_SIZE)))
static ptable_t pgdir ALIGNED, invalid_pmd ALIGNED, invalid_pte ALIGNED;
static ptable_t pt_pool[4] ALIGNED;
static unsigned pt_used;
static uint8_t user_code[PAGE_SIZE] ALIGNED;
static uint64_t user_data[PT_ENTRIES] ALIGNED;
static uint64_t demand_page[PT_ENTRIES] ALIGNED;
static uint64_t kernel_page[PT_ENTRIES] ALIGNED;
static uint8_t kstack[PAGE_SIZE] __attribute__((aligned(16)));

/* Kernel state updated by the handlers. */
static volatile uint64_t ticks, irq_bad, sys_count, sys_bad, sys_timeout;
static uint64_t sys1_estat, sys1_era, sys1_prmd, sys1_crmd;
static uint64_t tick_start;
static uint64_t *demand_pte;
static int demand_mapped;
#define MAX_FAULTS 8
static struct {
	uint64_t ecode, era, badv;
} faults[MAX_FAULTS];
static unsigned nfaults;

static void kputc(char c)
{
	while (!(KUART[5] & 0x20))
		;
	KUART[0] = (uint8_t)c;
}

static void kputs(const char *s)
{
	while (*s)
		kputc(*s++);
}

static void kputhex(uint64_t v)
{
	int i;

	for (i = 60; i >= 0; i -= 4)
		kputc("0123456789abcdef"[(v >> i) & 0xf]);
}

static void kexit_fail(void) __attribute__((noreturn));
static void kexit_fail(void)
{
	*KGED = 0x3c;
	*KGED = 0x34;
	for (;;)
		;
}

static inline uint64_t rdtime(void)
{
	uint64_t t;

	__asm__ volatile("rdtime.d %0, $zero" : "=r"(t));
	return t;
}

static void fill_table(uint64_t *t, uint64_t v)
{
	unsigned i;

#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
	for (i = 0; i < PT_ENTRIES; i++) {
		t[i] = v;
		test_fence();
	}
}

static uint64_t *alloc_table(uint64_t fill)
{
	uint64_t *t;

	if (pt_used >= sizeof(pt_pool) / sizeof(pt_pool[0])) {
		kputs("minikernel: out of page tables\n");
		kexit_fail();
	}
	t = pt_pool[pt_used++];
	fill_table(t, fill);
	return t;
}

/*
 * Maps one 16 KiB page like Linux: directory entries hold the kernel
 * (DMW) virtual addresses of the next level; invalid_pmd and
 * invalid_pte stand for absent levels. Returns the PTE.
 */
static uint64_t *map_page(uint64_t va, uint64_t pa, uint64_t prot)
{
	uint64_t *pmd, *pte;
	unsigned i = (va >> PGDIR_SHIFT) & (PT_ENTRIES - 1);
	unsigned j = (va >> PMD_SHIFT) & (PT_ENTRIES - 1);
	unsigned k = (va >> PAGE_SHIFT) & (PT_ENTRIES - 1);

	pmd = (uint64_t *)(uintptr_t)pgdir[i];
	if (pmd == invalid_pmd) {
		pmd = alloc_table((uint64_t)(uintptr_t)invalid_pte);
		pgdir[i] = (uint64_t)(uintptr_t)pmd;
	}
	pte = (uint64_t *)(uintptr_t)pmd[j];
	if (pte == invalid_pte) {
		pte = alloc_table(0);
		pmd[j] = (uint64_t)(uintptr_t)pte;
	}
	pte[k] = pa | prot;
	/* Linux gives a global page's empty buddy _PAGE_GLOBAL too. */
	if ((prot & _PAGE_GLOBAL) && !pte[k ^ 1])
		pte[k ^ 1] = _PAGE_GLOBAL;
	return &pte[k];
}

static void invtlb_all(void)
{
	__asm__ volatile("invtlb 0, $zero, $zero" ::: "memory");
}

static void invtlb_addr(uint64_t asid, uint64_t va)
{
	/* op 5: entries with G = 0, this ASID and this VA. */
	__asm__ volatile("invtlb 5, %0, %1" ::"r"(asid), "r"(va) : "memory");
}

static int64_t sys_write(uint64_t fd, uint64_t buf, uint64_t len)
{
	uint64_t i;

	if (fd != 1)
		return -EBADF;
	if (buf >= USER_DEMAND_VA + PAGE_SIZE || len > 256 ||
	    buf + len > USER_DEMAND_VA + PAGE_SIZE)
		return -EFAULT;
	/* Reads user memory through the TLB (PLV0 may access PLV3). */
	for (i = 0; i < len; i++)
		kputc(*(volatile char *)(uintptr_t)(buf + i));
	return (int64_t)len;
}

static void do_syscall(struct frame *f)
{
	uint64_t nr = f->r[11], crmd = csr_rd(CSR_CRMD);
	int64_t ret;

	if (sys_count++ == 0) {
		sys1_estat = f->estat;
		sys1_era = f->era;
		sys1_prmd = f->prmd;
		sys1_crmd = crmd;
	}
	/* PLV0, IE = 0, PG = 1 in the handler; from PLV3 with PIE = 1. */
	if ((crmd & 0x1f) != 0x10 || (f->prmd & 7) != 7)
		sys_bad++;
	if (nr == NR_WRITE) {
		ret = sys_write(f->r[4], f->r[5], f->r[6]);
	} else if (nr == NR_GETPID) {
		ret = 1;
	} else if (nr == NR_TICKS) {
		ret = (int64_t)ticks;
		/* 5 s without 3 ticks: give up, the checks will fail. */
		if (ticks < 3 && rdtime() - tick_start > 500000000UL) {
			sys_timeout = 1;
			ret = 1000;
		}
	} else if (nr == NR_EXIT) {
		mk_resume_kernel(f->r[4]);
	} else {
		ret = -ENOSYS;
	}
	f->r[4] = (uint64_t)ret;
	f->era += 4;
}

uint64_t mk_exc_dispatch(struct frame *f)
{
	uint64_t ecode = (f->estat >> 16) & 0x3f;

	if (ecode == 0) {
		/* Only TI is enabled; interrupts arrive in user mode only. */
		if (!(f->estat & (1UL << 11)) || (f->prmd & 7) != 7)
			irq_bad++;
		csr_wr(CSR_TICLR, 1);
		ticks++;
		return 0;
	}
	if ((f->prmd & 3) != 3) {
		kputs("minikernel: kernel exception estat ");
		kputhex(f->estat);
		kputs(" era ");
		kputhex(f->era);
		kputs(" badv ");
		kputhex(f->badv);
		kputc('\n');
		kexit_fail();
	}
	if (ecode == 0xb) {
		do_syscall(f);
		return 0;
	}
	if (nfaults < MAX_FAULTS) {
		faults[nfaults].ecode = ecode | ((f->estat >> 22) & 0x1ff) << 8;
		faults[nfaults].era = f->era;
		faults[nfaults].badv = f->badv;
		nfaults++;
	}
	/* A store to the demand page: map a zeroed page and retry. */
	if ((ecode == 1 || ecode == 2) && !demand_mapped &&
	    (f->badv & ~(PAGE_SIZE - 1)) == USER_DEMAND_VA) {
		demand_mapped = 1;
		*demand_pte = PHYS(demand_page) | PAGE_USER_RW;
		invtlb_addr(USER_ASID, USER_DEMAND_VA);
		return 0;
	}
	/* Anything else would be a signal; step over the instruction. */
	f->era += 4;
	return 0;
}

static uint64_t user_va(const char *label)
{
	return USER_CODE_VA + (uint64_t)(label - mk_user_start);
}

static void check_fault(unsigned i, const char *what, uint64_t ecode,
			uint64_t era, uint64_t badv)
{
	CHECK(what, i < nfaults, 1);
	CHECK(what, faults[i].ecode, ecode);
	CHECK(what, faults[i].era, era);
	if (badv != ~0UL)
		CHECK(what, faults[i].badv, badv);
}

/* The refill handler left the user code page's entry: read it back. */
static void check_tlb_entry(void)
{
	uint64_t idx, lo0, ehi;

	csr_wr(CSR_TLBEHI, USER_CODE_VA);
	__asm__ volatile("tlbsrch" ::: "memory");
	idx = csr_rd(CSR_TLBIDX);
	CHECK("tlbsrch finds the user code page", idx >> 31, 0);
	__asm__ volatile("tlbrd" ::: "memory");
	idx = csr_rd(CSR_TLBIDX);
	ehi = csr_rd(CSR_TLBEHI);
	lo0 = csr_rd(CSR_TLBELO0);
	CHECK("tlbrd ps", (idx >> 24) & 0x3f, PAGE_SHIFT);
	CHECK("tlbrd ne", idx >> 31, 0);
	CHECK("tlbrd vppn", ehi & ~0x1fffUL, USER_CODE_VA);
	CHECK("tlbrd lo0", lo0 & TLBELO_ARCH_MASK,
	      PHYS(user_code) | _PAGE_VALID | _PAGE_PLV3 | _CACHE_CC);
	CHECK("tlbrd lo1 (empty buddy)", csr_rd(CSR_TLBELO1) & TLBELO_ARCH_MASK, 0);
	CHECK("tlbrd asid", csr_rd(CSR_ASID) & 0x3ff, USER_ASID);
}

int kmain(void)
{
	uint64_t code, *data = user_data;
	unsigned i;

	/* Running at the 0x9000 alias, still in DA mode. */
	CHECK("kernel runs in DMW1", (uint64_t)(uintptr_t)&kmain >> 60, 9);

	/* The page table: every level's absent entries point at invalid tables. */
	fill_table(invalid_pte, 0);
	fill_table(invalid_pmd, (uint64_t)(uintptr_t)invalid_pte);
	fill_table(pgdir, (uint64_t)(uintptr_t)invalid_pmd);
	map_page(USER_CODE_VA, PHYS(user_code), PAGE_USER_RX);
	map_page(USER_DATA_VA, PHYS(user_data), PAGE_USER_RW);
	demand_pte = map_page(USER_DEMAND_VA, 0, 0);
	map_page(KERNEL_RAM_VA, PHYS(kernel_page), PAGE_KERNEL_RW);
	kernel_page[1] = 0x6b;
	/* The devices at their physical addresses, PLV0 only, uncached. */
	map_page(UART_PA, UART_PA, PAGE_KERNEL_IO);
	map_page(GED_PA, GED_PA, PAGE_KERNEL_IO);

	/* The user program. */
	for (i = 0; i < (unsigned)(mk_user_end - mk_user_start); i += 4) {
		*(volatile uint32_t *)(user_code + i) =
			*(volatile uint32_t *)(mk_user_start + i);
	}
	__asm__ volatile("ibar 0" ::: "memory");

	/* tlb_init()/setup_ptwalker() for 16 KiB pages and three levels. */
	csr_xchg(CSR_TLBIDX, (uint64_t)PAGE_SHIFT << 24, 0x3fUL << 24);
	csr_wr(CSR_STLBPS, PAGE_SHIFT);
	csr_wr(CSR_TLBREHI, PAGE_SHIFT);
	csr_wr(CSR_PWCTL0, PWCTL0_VAL);
	csr_wr(CSR_PWCTL1, PWCTL1_VAL);
	csr_wr(CSR_PGDL, (uint64_t)(uintptr_t)pgdir);
	csr_wr(CSR_PGDH, (uint64_t)(uintptr_t)invalid_pmd);
	csr_wr(CSR_ASID, USER_ASID);
	csr_wr(CSR_TLBRENTRY, PHYS(mk_tlbr_entry));
	csr_wr(CSR_ECFG, 0);
	csr_wr(CSR_EENTRY, (uint64_t)(uintptr_t)mk_exc_entry);
	csr_wr(CSR_KS2, (uint64_t)(uintptr_t)(kstack + sizeof(kstack)));
	csr_wr(CSR_EUEN, 0);
	invtlb_all();
	CHECK("pwctl0", csr_rd(CSR_PWCTL0), 0x5e56e);
	CHECK("pwctl1", csr_rd(CSR_PWCTL1), 0x2e4);
	CHECK("stlbps", csr_rd(CSR_STLBPS) & 0x3f, PAGE_SHIFT);
	CHECK("tlbrentry", csr_rd(CSR_TLBRENTRY), PHYS(mk_tlbr_entry));

	/* Paging on: PLV0, IE = 0, PG = 1, DATF = DATM = CC. */
	csr_wr(CSR_CRMD, 0xb0);
	CHECK("crmd", csr_rd(CSR_CRMD) & 0x3ff, 0xb0);
	kputs("minikernel: paging on\n");

	/* The timer: periodic, 1 ms; only TI enabled, VS = 0. */
	csr_wr(CSR_TICLR, 1);
	csr_wr(CSR_ECFG, 1UL << 11);
	tick_start = rdtime();
	csr_wr(CSR_TCFG, 100000 | 2 | 1);

	CHECK("kernel reads its page", ((volatile uint64_t *)KERNEL_RAM_VA)[1],
	      0x6b);
	code = mk_run_user(user_va(mk_user_start), USER_DATA_VA + PAGE_SIZE);

	csr_wr(CSR_TCFG, 0);
	csr_wr(CSR_TICLR, 1);
	csr_wr(CSR_ECFG, 0);
	kputs("minikernel: user exited with ");
	kputc((char)('0' + code / 10));
	kputc((char)('0' + code % 10));
	kputc('\n');

	CHECK("back in PLV0, IE = 0, PG", csr_rd(CSR_CRMD) & 0x1f, 0x10);
	CHECK("exit code", code, 42);
	/* The first syscall: SYS from PLV3 with PIE, ERA at the syscall. */
	CHECK("syscall ecode", (sys1_estat >> 16) & 0x3f, 0xb);
	CHECK("syscall esubcode", (sys1_estat >> 22) & 0x1ff, 0);
	CHECK("syscall prmd pplv/pie", sys1_prmd & 7, 7);
	CHECK("syscall era", sys1_era, user_va(mk_user_sys1));
	CHECK("handler crmd", sys1_crmd & 0x1ff, 0xb0);
	CHECK("all syscalls from PLV3 into PLV0", sys_bad, 0);
	CHECK("syscalls > 6", sys_count > 6, 1);
	/* What the user program saw. */
	CHECK("write returns len", data[0], USER_MSG_LEN);
	CHECK("getpid", data[1], 1);
	CHECK("unknown syscall", data[2], (uint64_t)-ENOSYS);
	CHECK("write bad fd", data[3], (uint64_t)-EBADF);
	CHECK("demand-paged store", data[4], 0x5a5);
	CHECK("demand page zeroed", data[5], 0);
	CHECK("demand page memory", demand_page[0], 0x5a5);
	CHECK("load skipped after PPI", data[6], 7);
	CHECK("callee-saved registers kept", data[7], 1);
	CHECK("busy loop checksum errors", data[8], 0);
	CHECK("ticks seen by user >= 3", data[9] >= 3 && data[9] < 1000, 1);
	/* The faults, in order. */
	CHECK("faults", nfaults, 5);
	check_fault(0, "user load of a PLV0 page the kernel used: PPI", 7,
		    user_va(mk_user_ppi_ram), KERNEL_RAM_VA + 8);
	check_fault(1, "store to unmapped page: PIS", 2, user_va(mk_user_st),
		    USER_DEMAND_VA);
	check_fault(2, "user load of a PLV0 page: PPI", 7, user_va(mk_user_ppi),
		    UART_PA + 0x1e5);
	check_fault(3, "store to a clean page: PME", 4, user_va(mk_user_pme),
		    user_va(mk_user_pme_addr));
	check_fault(4, "csrrd at PLV3: IPE", 0xe, user_va(mk_user_ipe), ~0UL);
	/* Timer interrupts. */
	CHECK("timer did not time out", sys_timeout, 0);
	CHECK("all interrupts TI from PLV3", irq_bad, 0);
	kputs("minikernel: timer ticks >= 3: ");
	kputs(ticks >= 3 ? "yes\n" : "no\n");
	CHECK("ticks >= 3", ticks >= 3, 1);
	kputs("minikernel: refills > 0: ");
	kputs(mk_refills > 0 ? "yes\n" : "no\n");
	CHECK("refills > 0", mk_refills > 0, 1);
	check_tlb_entry();
	return 0;
}

int main(void)
{
	mk_boot();
	/* Back in DA mode at the physical address. */
	CHECK("crmd after paging off", csr_rd(CSR_CRMD) & 0x1f, 0x8);
	return test_done("minikernel");
}
