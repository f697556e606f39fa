/* SPDX-License-Identifier: MIT */
/*
 * The guest CSRs of the LA464 model. Those that LVZ keeps in hardware
 * (kvm/main.c kvm_init_gcsr_flag marks them HW_GCSR) live in struct
 * la64_csrs and are read and written by the CPU itself; the software-kept
 * ones (SW_GCSR) and every other number trap with GSPR, and the hypervisor
 * emulates them (hv/exit.c). cpu/la64/README.md has the table.
 */
#ifndef LOONGVM_CPU_LA64_CSR_H
#define LOONGVM_CPU_LA64_CSR_H

#include <stdbool.h>
#include <stdint.h>

/* CSR numbers, LoongArch Vol1 chapter 7. */
enum la64_csr_num {
	LA_CSR_CRMD = 0x0,
	LA_CSR_PRMD = 0x1,
	LA_CSR_EUEN = 0x2,
	LA_CSR_MISC = 0x3,
	LA_CSR_ECFG = 0x4,
	LA_CSR_ESTAT = 0x5,
	LA_CSR_ERA = 0x6,
	LA_CSR_BADV = 0x7,
	LA_CSR_BADI = 0x8,
	LA_CSR_EENTRY = 0xc,
	LA_CSR_TLBIDX = 0x10,
	LA_CSR_TLBEHI = 0x11,
	LA_CSR_TLBELO0 = 0x12,
	LA_CSR_TLBELO1 = 0x13,
	LA_CSR_ASID = 0x18,
	LA_CSR_PGDL = 0x19,
	LA_CSR_PGDH = 0x1a,
	LA_CSR_PGD = 0x1b,
	LA_CSR_PWCTL0 = 0x1c,
	LA_CSR_PWCTL1 = 0x1d,
	LA_CSR_STLBPS = 0x1e,
	LA_CSR_RVACFG = 0x1f,
	LA_CSR_CPUID = 0x20,
	LA_CSR_PRCFG1 = 0x21,
	LA_CSR_PRCFG2 = 0x22,
	LA_CSR_PRCFG3 = 0x23,
	LA_CSR_KS0 = 0x30, /* KS0..KS7 are 0x30..0x37 */
	LA_CSR_KS8 = 0x38, /* neither HW nor SW in kvm/main.c: traps */
	LA_CSR_TMID = 0x40,
	LA_CSR_TCFG = 0x41,
	LA_CSR_TVAL = 0x42,
	LA_CSR_CNTC = 0x43,
	LA_CSR_TICLR = 0x44,
	LA_CSR_LLBCTL = 0x60,
	LA_CSR_IMPCTL1 = 0x80,
	LA_CSR_IMPCTL2 = 0x81,
	LA_CSR_TLBRENTRY = 0x88,
	LA_CSR_TLBRBADV = 0x89,
	LA_CSR_TLBRERA = 0x8a,
	LA_CSR_TLBRSAVE = 0x8b,
	LA_CSR_TLBRELO0 = 0x8c,
	LA_CSR_TLBRELO1 = 0x8d,
	LA_CSR_TLBREHI = 0x8e,
	LA_CSR_TLBRPRMD = 0x8f,
	LA_CSR_MERRCTL = 0x90, /* MERRCTL, MERRINFO1/2, MERRENTRY, */
	LA_CSR_MERRSAVE = 0x95, /* MERRERA, MERRSAVE: 0x90..0x95 */
	LA_CSR_CTAG = 0x98,
	LA_CSR_DMW0 = 0x180, /* DMW0..DMW3 are 0x180..0x183 */
	LA_CSR_PERFCTRL0 = 0x200, /* PERFCTRLn = 0x200 + 2n, */
	LA_CSR_PERFCNTR0 = 0x201, /* PERFCNTRn = 0x201 + 2n, n < 4 */
	LA_CSR_MWPC = 0x300,
	LA_CSR_MWPS = 0x301,
	LA_CSR_DB0ADDR = 0x310, /* DBn ADDR/MASK/CTRL/ASID: 0x310 + 8n.. */
	LA_CSR_FWPC = 0x380,
	LA_CSR_FWPS = 0x381,
	LA_CSR_IB0ADDR = 0x390, /* IBn ADDR/MASK/CTRL/ASID: 0x390 + 8n.. */
	LA_CSR_DEBUG = 0x500,
	LA_CSR_DERA = 0x501,
	LA_CSR_DESAVE = 0x502,
};

/* CSR numbers that exist at all: the csr field of csrrd is 14 bits. */
#define LA_CSR_NUM_MAX 0x4000

/* CRMD fields. */
#define LA_CRMD_PLV 0x3ULL
#define LA_CRMD_IE (1ULL << 2)
#define LA_CRMD_DA (1ULL << 3)
#define LA_CRMD_PG (1ULL << 4)
#define LA_CRMD_DATF (3ULL << 5)
#define LA_CRMD_DATM (3ULL << 7)
#define LA_CRMD_WE (1ULL << 9)

#define LA_PRMD_PPLV 0x3ULL
#define LA_PRMD_PIE (1ULL << 2)
#define LA_PRMD_PWE (1ULL << 3)
#define LA_TLBRPRMD_PWE (1ULL << 4)

/* MISC fields, Vol1 7.4.4: rdtime and perf-counter reads at PLV1-3. */
#define LA_MISC_DRDTL_SHIFT 4 /* DRDTLn is bit 4 + n, n = 1..3 */
#define LA_MISC_RPCNTL_SHIFT 8 /* RPCNTLn is bit 8 + n, n = 1..3 */

#define LA_ECFG_LIE 0x1fffULL
#define LA_ECFG_VS_SHIFT 16
#define LA_ECFG_VS (7ULL << LA_ECFG_VS_SHIFT)

#define LA_ESTAT_IS 0x1fffULL
#define LA_ESTAT_ECODE_SHIFT 16
#define LA_ESTAT_ESUBCODE_SHIFT 22

#define LA_EUEN_FPE 1ULL

/* Interrupt numbers, the bit positions in ESTAT.IS and ECFG.LIE. */
#define LA_IRQ_SWI0 0
#define LA_IRQ_SWI1 1
#define LA_IRQ_HWI0 2
#define LA_IRQ_PCOV 10
#define LA_IRQ_TI 11
#define LA_IRQ_IPI 12
#define LA_IRQ_COUNT 13

/* The ESTAT.IS bits that outside sources drive (HWI0-7, PCOV, IPI). */
#define LA_ESTAT_LINES (0xffULL << LA_IRQ_HWI0 | 1ULL << LA_IRQ_PCOV | \
			1ULL << LA_IRQ_IPI)

/* Implementation constants of the modelled LA464 (ASID, PRCFG1). */
#define LA_ASIDBITS 10
#define LA_TIMER_BITS 48
#define LA_TIMER_MASK ((1ULL << LA_TIMER_BITS) - 1)

/* How kvm/main.c kvm_init_gcsr_flag classifies a guest CSR number. */
enum la64_csr_kind {
	LA_CSR_KIND_INVALID, /* neither: csrrd reads 0, writes are dropped */
	LA_CSR_KIND_SW,      /* SW_GCSR: traps, kept by the hypervisor */
	LA_CSR_KIND_HW,      /* HW_GCSR: the guest context has it */
};

struct la64_csrs {
	uint64_t crmd, prmd, euen, misc, ecfg, estat, era, badv, badi, eentry;
	uint64_t tlbidx, tlbehi, tlbelo0, tlbelo1, asid, pgdl, pgdh;
	uint64_t pwctl0, pwctl1, stlbps, rvacfg, cpuid;
	uint64_t prcfg1, prcfg2, prcfg3;
	uint64_t ks[8];
	uint64_t tmid, tcfg, cntc;
	/*
	 * The timer (timer.c): while timer_armed it counts down towards
	 * timer_deadline (a counter value); otherwise TVAL reads timer_tval.
	 */
	uint64_t timer_deadline;
	uint64_t timer_tval;
	bool timer_armed;
	uint64_t llbctl;
	uint64_t tlbrentry, tlbrbadv, tlbrera, tlbrsave, tlbrelo0, tlbrelo1;
	uint64_t tlbrehi, tlbrprmd;
	uint64_t dmw[4];
};

struct la64_cpu;

/* HW, SW or INVALID, as kvm/main.c kvm_init_gcsr_flag has it. */
enum la64_csr_kind la64_csr_kind(unsigned int num);
/* True if num is a CSR the CPU keeps (LVZ HW_GCSR); others trap with GSPR. */
bool la64_csr_is_hw(unsigned int num);
/* Reads a hardware-kept CSR as csrrd does (Vol1 chapter 7). */
uint64_t la64_csr_read(struct la64_cpu *cpu, unsigned int num);
/*
 * Writes the bits of val selected by mask into a hardware-kept CSR, as
 * csrwr/csrxchg do: only the bits the manual makes writable change, with
 * the architectural side effects. Returns the old value.
 */
uint64_t la64_csr_write(struct la64_cpu *cpu, unsigned int num, uint64_t val,
			uint64_t mask);
/*
 * Restores a hardware-kept CSR from the hypervisor side (KVM_SET_ONE_REG,
 * like KVM's gcsrwr on vcpu_load): state the guest cannot write itself
 * (BADI, ESTAT.Ecode, the interrupt lines, TVAL) is restored too.
 */
void la64_csr_restore(struct la64_cpu *cpu, unsigned int num, uint64_t val);
/* Resets the CSRs to their architectural reset values. */
void la64_csr_reset(struct la64_cpu *cpu);

#endif /* LOONGVM_CPU_LA64_CSR_H */
