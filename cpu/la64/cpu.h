/* SPDX-License-Identifier: MIT */
/*
 * The LA464 CPU model as the hypervisor sees it: the architectural state of
 * one guest context (LVZ guest GPRs, FPRs and guest CSRs), and the interface
 * through which hv/ runs it. Like LVZ hardware, the model runs the guest until
 * something needs the hypervisor (a GSPR or HVC trap, a stage-2 fault, a host
 * request) and reports that as a struct la64_exit.
 */
#ifndef LOONGVM_CPU_LA64_CPU_H
#define LOONGVM_CPU_LA64_CPU_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "csr.h"
#include "insn.h"
#include "timer.h"

/* Exception codes (ESTAT.Ecode), LoongArch Vol1 7.4.6 and kvm/exit.c. */
enum la64_ecode {
	LA_ECODE_INT = 0x0,
	LA_ECODE_PIL = 0x1,
	LA_ECODE_PIS = 0x2,
	LA_ECODE_PIF = 0x3,
	LA_ECODE_PME = 0x4,
	LA_ECODE_PNR = 0x5,
	LA_ECODE_PNX = 0x6,
	LA_ECODE_PPI = 0x7,
	LA_ECODE_ADE = 0x8, /* esubcode 0 ADEF, 1 ADEM */
	LA_ECODE_ALE = 0x9,
	LA_ECODE_BCE = 0xa,
	LA_ECODE_SYS = 0xb,
	LA_ECODE_BRK = 0xc,
	LA_ECODE_INE = 0xd,
	LA_ECODE_IPE = 0xe,
	LA_ECODE_FPD = 0xf,
	LA_ECODE_SXD = 0x10,
	LA_ECODE_ASXD = 0x11,
	LA_ECODE_FPE = 0x12, /* esubcode 0 FPE, 1 VFPE */
	LA_ECODE_WPE = 0x13,
	LA_ECODE_BTD = 0x14,
	LA_ECODE_BTE = 0x15,
	LA_ECODE_GSPR = 0x16,
	LA_ECODE_HVC = 0x17,
	LA_ECODE_GCM = 0x18,
	LA_ECODE_TLBR = 0x3f, /* internal: TLB refill goes to TLBRENTRY */
};

#define LA_ESUBCODE_ADEF 0
#define LA_ESUBCODE_ADEM 1

/*
 * Why the CPU stopped running guest code. The ecodes mirror the root-mode
 * exceptions that LVZ raises towards the hypervisor (kvm/exit.c).
 */
#define LA_MAX_BREAKPOINTS 16
#define LA_MAX_WATCHPOINTS 4
#define LA_WATCH_WRITE 1 /* la64_watchpoint.type bits */
#define LA_WATCH_READ 2

enum la64_exit_reason {
	LA_EXIT_GSPR = 1,  /* cpucfg, SW CSR, iocsr, idle, cacop: badi */
	LA_EXIT_HVC,	   /* hvcl: badi holds the code */
	LA_EXIT_GPA_LOAD,  /* load from a GPA with no RAM: badv, badi */
	LA_EXIT_GPA_STORE, /* store to a GPA with no writable RAM */
	LA_EXIT_GPA_FETCH, /* instruction fetch from a GPA with no RAM */
	LA_EXIT_KICK,	   /* the host asked the CPU to return */
	LA_EXIT_STUCK,	   /* the guest re-takes one exception forever */
	LA_EXIT_STEP,	   /* single_step: one instruction was executed */
	LA_EXIT_BREAK,	   /* pc reached one of the breakpoints */
	LA_EXIT_WATCH,	   /* an access hit a watchpoint: la64_cpu.watch_hit */
};

/* A guest virtual range watched for LA_WATCH_* accesses. */
struct la64_watchpoint {
	uint64_t addr;
	uint64_t len;
	uint32_t type;
};

/* The access that hit a watchpoint, kept until the next la64_cpu_run. */
struct la64_watch_hit {
	bool pending;	/* set by the access, cleared when reported */
	uint32_t index; /* in wp[] */
	uint32_t type;	/* LA_WATCH_READ or LA_WATCH_WRITE */
	uint64_t addr;
};

struct la64_exit {
	enum la64_exit_reason reason;
	uint64_t badv;	/* the GPA of a stage-2 fault */
	uint32_t badi;	/* the instruction that trapped */
	uint32_t ecode; /* for LA_EXIT_STUCK: the repeated exception */
};

/*
 * Stage 2 (GPA to host memory), provided by the hypervisor. map returns the
 * host address of guest-physical byte gpa, or NULL when no memslot backs it
 * for that kind of access (write == true also refuses read-only slots and
 * records the page in the dirty log).
 */
struct la64_stage2 {
	void *(*map)(void *opaque, uint64_t gpa, bool write);
	/*
	 * Optional: the guest-physical range [*lo, *lo + *len) of readable
	 * RAM around gpa and the host address of *lo; false if none. Lets a
	 * CPU resolve later reads in that range without asking again.
	 */
	bool (*ram_range)(void *opaque, uint64_t gpa, uint64_t *lo,
			  uint64_t *len, uint8_t **host);
	void *opaque;
};

/*
 * What the vCPUs of one VM share: stage 2, the counter offset, and the
 * bookkeeping that keeps decoded code coherent with guest stores.
 */
struct la64_system {
	struct la64_stage2 stage2;
	_Atomic int64_t counter_offset; /* guest counter = host + offset */
	_Atomic uint64_t code_gen;	/* bumped when code pages are written */
	_Atomic uint64_t wp_gen;	/* bumped when pages become code */
	struct la64_code_pages *code_pages;
};

#define LA_PAGE_BITS 12
#define LA_PAGE_SIZE (1ULL << LA_PAGE_BITS)
#define LA_PAGE_MASK (~(LA_PAGE_SIZE - 1))

/* One software-TLB entry: a guest virtual page and its host addend. */
struct la64_stlb_entry {
	uint64_t tag_read; /* va & LA_PAGE_MASK | stlb_ctx, ~0 if invalid */
	uint64_t tag_write;
	uint64_t tag_exec;
	uintptr_t addend; /* host address = va + addend */
};

/*
 * Translation contexts: keys are PLV << 10 | ASID in mapped mode and
 * LA_CTX_DA + PLV in direct-address mode; at most LA_CTX_MAX numbers
 * (1..LA_CTX_MAX) are live, which keeps a tag from ever reading as ~0.
 */
#define LA_CTX_DA 4096
#define LA_CTX_KEYS (LA_CTX_DA + 4)
#define LA_CTX_MAX 510

#define LA_STLB_BITS 10
#define LA_STLB_SIZE (1U << LA_STLB_BITS)

/*
 * One entry of the guest TLB (Vol1 5.4.3, tlb.c). lo[] keeps the even and
 * odd halves in the TLBELO layout (V, D, PLV, MAT, PPN, NR, NX, RPLV), with
 * the G bit held once in g.
 */
struct la64_tlb_entry {
	uint64_t vppn; /* va[VALEN-1:13] in place, other bits 0 */
	uint64_t lo[2];
	uint16_t asid;
	uint8_t ps; /* log2 of the size of one half */
	bool g;
	bool e; /* the entry exists (TLBIDX.NE inverted) */
};

/* The LA464 TLB shape that PRCFG3 reports (csr.c). */
#define LA_STLB_WAYS 8
#define LA_STLB_SETS 256
#define LA_STLB_ENTRIES (LA_STLB_WAYS * LA_STLB_SETS)
#define LA_MTLB_ENTRIES 64
#define LA_TLB_ENTRIES (LA_STLB_ENTRIES + LA_MTLB_ENTRIES)

union la64_fpr {
	uint64_t d[4];
	uint32_t w[8];
	double f64;
	float f32;
};

struct la64_block_cache;

/* The exception a handler raised, delivered at the instruction boundary. */
struct la64_pending_exc {
	uint32_t ecode;
	uint32_t esubcode;
	uint64_t badv;
	bool has_badv;
};

struct la64_cpu {
	/* Hot state first: the interpreter touches these on every block. */
	uint64_t gpr[33]; /* gpr[32] is the sink for writes to $zero */
	uint64_t pc;
	_Atomic uint32_t kick; /* nonzero: return LA_EXIT_KICK soon */
	/*
	 * A byte another thread or a signal handler may set to make the CPU
	 * return LA_EXIT_KICK; read (never cleared) between blocks. NULL: none.
	 * hv points it at kvm_run.immediate_exit.
	 */
	const uint8_t *exit_request;
	uint32_t plv; /* CRMD.PLV, cached */
	/*
	 * The translation context (mmu.c la64_mmu_switch): a small number
	 * for each (PLV, DA or ASID) the CPU has run in, placed in bits 3-11
	 * of every software-TLB tag and bits 52-62 of every block-lookup key,
	 * so that a change of PLV, mode or ASID needs no flush.
	 */
	uint64_t stlb_ctx;   /* ctx << 3 */
	uint64_t lookup_ctx; /* ctx << 52 */
	uint16_t ctx_next;   /* contexts handed out since the last reset */
	uint16_t ctx_of[LA_CTX_KEYS]; /* ctx of a context key, 0 if none */
	struct la64_stlb_entry stlb[LA_STLB_SIZE];
	/*
	 * The last guest-physical pages stage 2 found without RAM for a read
	 * and for a write (MMIO, mostly), so a device polled in a loop costs
	 * no memslot lookup; dropped with the software TLB (mmu.c).
	 */
	uint64_t no_ram_read, no_ram_write;
	/*
	 * The last RAM range stage 2 gave for a read (la64_stage2.ram_range),
	 * so that software-TLB misses on reads, the direct mapping windows'
	 * included, skip the memslot lookup and its lock; dropped with the
	 * software TLB, which every memslot change forces.
	 */
	uint64_t ram_lo, ram_len;
	uint8_t *ram_host;

	union la64_fpr fpr[32];
	uint8_t fcc[8];
	uint32_t fcsr;
	/*
	 * Lazy FCSR0 (fpu.c): from the first FP instruction of a
	 * la64_cpu_run (fp_live) the host FPU gathers the flags of plain
	 * arithmetic, and fp_last keeps the operands of the newest such
	 * operation, whose cause is worked out only when FCSR0 is read
	 * (la64_fpu_sync). fp_host_env is the host's own state.
	 */
	bool fp_live;
	struct la64_fp_last {
		bool pending;
		bool dbl;
		uint8_t op;
		uint64_t v[3];
	} fp_last;
	uint32_t fp_host_env;

	/* ll/sc: the LLbit and the reservation's address and value. */
	bool llbit;
	/* la64_cpu_set_single_step: one instruction per la64_cpu_run. */
	bool single_step;
	/* la64_cpu_set_breakpoints: pcs that stop the CPU before they run. */
	unsigned int nbp;
	uint64_t bp[LA_MAX_BREAKPOINTS];
	/* la64_cpu_set_watchpoints (watch.h); hit is what stopped the CPU. */
	unsigned int nwp;
	struct la64_watchpoint wp[LA_MAX_WATCHPOINTS];
	struct la64_watch_hit watch_hit;
	uint64_t ll_addr;
	uint64_t ll_value;

	struct la64_csrs csr;
	struct la64_tlb_entry tlb[LA_TLB_ENTRIES]; /* STLB, then MTLB */
	uint32_t tlb_victim[2]; /* tlbfill round robin: STLB way, MTLB slot */
	_Atomic uint32_t irq_lines; /* ESTAT.IS bits driven from outside */

	struct la64_pending_exc exc;
	struct la64_exit exit_info; /* filled when a handler leaves to hv */
	struct la64_system *sys;
	struct la64_block_cache *blocks;
	uint64_t code_gen; /* sys->code_gen when the cache was last checked */
	uint64_t wp_gen; /* sys->wp_gen when write entries were last dropped */

	/* Guard against a guest stuck re-taking one exception. */
	uint64_t last_vector;
	uint32_t last_ecode;
	uint32_t repeat_count;

	uint64_t insns_retired; /* guest instructions, counted per block */
	/* Compiled code (jit.h): blocks it may still chain, and a fault's word. */
	int32_t chain_left;
	uint32_t jit_raw;
};

/* Lifecycle. */
int la64_cpu_init(struct la64_cpu *cpu, struct la64_system *sys,
		  uint32_t index);
void la64_cpu_destroy(struct la64_cpu *cpu);
void la64_cpu_reset(struct la64_cpu *cpu);

/* Runs guest code until something needs the hypervisor. */
void la64_cpu_run(struct la64_cpu *cpu, struct la64_exit *exit);

/* Asks a running CPU to return with LA_EXIT_KICK; callable from any thread. */
void la64_cpu_kick(struct la64_cpu *cpu);
/*
 * Debugging: with on, la64_cpu_run executes one instruction (or takes one
 * exception or interrupt) and returns LA_EXIT_STEP. Not while running.
 */
void la64_cpu_set_single_step(struct la64_cpu *cpu, bool on);
/*
 * Debugging: la64_cpu_run returns LA_EXIT_BREAK before executing any of
 * these n (at most LA_MAX_BREAKPOINTS) pcs. Not while running.
 */
void la64_cpu_set_breakpoints(struct la64_cpu *cpu, const uint64_t *pc,
			      unsigned int n);
/*
 * Debugging: after a load or store touches one of these n (at most
 * LA_MAX_WATCHPOINTS) ranges, la64_cpu_run returns LA_EXIT_WATCH with pc
 * on the next instruction and cpu->watch_hit saying which. Not while
 * running.
 */
void la64_cpu_set_watchpoints(struct la64_cpu *cpu,
			      const struct la64_watchpoint *wp, unsigned int n);
/* Whether pc is one of the breakpoints. */
static inline bool la64_is_breakpoint(const struct la64_cpu *cpu, uint64_t pc)
{
	unsigned int i;

	for (i = 0; i < cpu->nbp; i++)
		if (cpu->bp[i] == pc)
			return true;
	return false;
}

/* Raises or lowers an ESTAT.IS line (0-12); callable from any thread. */
void la64_cpu_set_irq(struct la64_cpu *cpu, unsigned int irq, bool level);

/* Delivers an exception now, as kvm_deliver_exception does for INE/ADE. */
void la64_cpu_inject_exception(struct la64_cpu *cpu, uint32_t ecode,
			       uint32_t esubcode, uint32_t badi);

/* Drops every cached translation: call after stage-2 changes. */
void la64_cpu_flush_tlb(struct la64_cpu *cpu);

/* The guest's stable counter (100 MHz). */
uint64_t la64_cpu_counter(const struct la64_cpu *cpu);

/* Initialises what the vCPUs of one VM share. */
int la64_system_init(struct la64_system *sys, struct la64_stage2 stage2);
void la64_system_destroy(struct la64_system *sys);

#endif /* LOONGVM_CPU_LA64_CPU_H */
