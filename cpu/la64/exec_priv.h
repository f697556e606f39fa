/* SPDX-License-Identifier: MIT */
/*
 * Handlers for privileged instructions: CSRs, IOCSR, TLB maintenance, ertn, idle and hvcl
 * (ops/priv.def). Included once, by exec.c.
 *
 * Every one of them is privileged (Vol1 4.2): at PLV1-3 it raises the
 * instruction privilege error, IPE (the only exception: csrrd of a
 * performance counter allowed by MISC.RPCNTLn). The TLB and page-walk
 * ops in exec_tlb.h use the same LA_PRIV_CHECK. What LVZ does not run in the guest
 * context (software-kept CSRs, IOCSR, idle, cacop) leaves to the
 * hypervisor as a GSPR trap, with the pc still on the instruction.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_PRIV_H
#define LOONGVM_CPU_LA64_EXEC_PRIV_H

#include "exec.h"
#include "mmu.h"

#define LA_PRIV_CHECK()                                                    \
	do {                                                               \
		if (la64_unlikely(cpu->plv != 0))                          \
			return la64_raise(cpu, LA_ECODE_IPE, 0);           \
	} while (0)

/* The trap LVZ takes for what the guest context cannot do itself. */
static inline int la64_gspr(struct la64_cpu *cpu, const struct la64_insn *i)
{
	return la64_exit_to_hv(cpu, LA_EXIT_GSPR, 0, i->raw);
}

/*
 * csrrd / csrwr / csrxchg (Vol1 4.2.1). rd may be $zero: it then reads as
 * 0 and is not written (these ops are not LA_F_WRD, since rd is read too).
 * csrwr stores rd's old value and returns the CSR's old value in rd;
 * csrxchg writes only the bits selected by the mask in rj.
 */
LA_OP(csrrd)
{
	unsigned int num = (unsigned int)i->imm;

	/*
	 * The one privileged access outside PLV0 (Vol1 4.2): csrrd of a
	 * performance counter at PLVn when MISC.RPCNTLn is set.
	 */
	if (la64_unlikely(cpu->plv != 0) &&
	    !((num & ~6U) == LA_CSR_PERFCNTR0 &&
	      ((cpu->csr.misc >> (LA_MISC_RPCNTL_SHIFT + cpu->plv)) & 1)))
		return la64_raise(cpu, LA_ECODE_IPE, 0);
	if (!la64_csr_is_hw(num))
		return la64_gspr(cpu, i);
	if (i->rd)
		RD = la64_csr_read(cpu, num);
	return LA_NEXT;
}

/*
 * A CSR write that lets an interrupt in (CRMD.IE, ECFG.LIE, ESTAT.IS
 * SWI0-1) ends the block, so that the interrupt is taken before the
 * next instruction (Vol1 6.1.4).
 */
static inline int la64_csr_written(struct la64_cpu *cpu, uint64_t pc)
{
	if (la64_unlikely(la64_irq_ready(cpu)))
		return la64_jump(cpu, pc + 4);
	return LA_NEXT;
}

LA_OP(csrwr)
{
	uint64_t old;

	LA_PRIV_CHECK();
	if (!la64_csr_is_hw((unsigned int)i->imm))
		return la64_gspr(cpu, i);
	old = la64_csr_write(cpu, (unsigned int)i->imm, RD, ~0ULL);
	if (i->rd)
		RD = old;
	return la64_csr_written(cpu, pc);
}

LA_OP(csrxchg)
{
	uint64_t old;

	LA_PRIV_CHECK();
	if (!la64_csr_is_hw((unsigned int)i->imm))
		return la64_gspr(cpu, i);
	old = la64_csr_write(cpu, (unsigned int)i->imm, RD, RJ);
	if (i->rd)
		RD = old;
	return la64_csr_written(cpu, pc);
}

/*
 * cacop (Vol1 4.2.2): the caches are not modelled, and under LVZ the
 * hypervisor handles the trap (kvm/exit.c treats it as a no-op).
 */
LA_OP(cacop)
{
	LA_PRIV_CHECK();
	return la64_gspr(cpu, i);
}

/* iocsrrd.* / iocsrwr.* (Vol1 4.2.3): IOCSR space is the hypervisor's. */
#define LA_IOCSR_OP(name)                                                  \
	LA_OP(name)                                                        \
	{                                                                  \
		LA_PRIV_CHECK();                                           \
		return la64_gspr(cpu, i);                                  \
	}

LA_IOCSR_OP(iocsrrd_b)
LA_IOCSR_OP(iocsrrd_h)
LA_IOCSR_OP(iocsrrd_w)
LA_IOCSR_OP(iocsrrd_d)
LA_IOCSR_OP(iocsrwr_b)
LA_IOCSR_OP(iocsrwr_h)
LA_IOCSR_OP(iocsrwr_w)
LA_IOCSR_OP(iocsrwr_d)

#undef LA_IOCSR_OP

#define LA_LLBCTL_KLO (1ULL << 2)
#define LA_TLBRERA_ISTLBR 1ULL

/*
 * ertn (Vol1 4.2.6.1, 6.3.3, 6.3.4): returns from an exception. After a
 * TLB refill (TLBRERA.IsTLBR) PLV/IE/WE come from TLBRPRMD, the pc from
 * TLBRERA, and mapped mode is restored (CRMD.DA = 0, PG = 1); otherwise
 * PLV/IE/WE come from PRMD and the pc from ERA. The LLbit is cleared
 * unless LLBCTL.KLO is set, in which case KLO is cleared instead, so it
 * protects one ertn only (Vol1 7.4.17). The CRMD write keeps cpu->plv in
 * step and flushes the software TLB when PLV or the translation mode
 * changes.
 */
LA_OP(ertn)
{
	uint64_t crmd = cpu->csr.crmd & ~(LA_CRMD_PLV | LA_CRMD_IE | LA_CRMD_WE);
	uint64_t target;

	LA_PRIV_CHECK();
	if (cpu->csr.tlbrera & LA_TLBRERA_ISTLBR) {
		crmd |= cpu->csr.tlbrprmd & (LA_PRMD_PPLV | LA_PRMD_PIE);
		if (cpu->csr.tlbrprmd & LA_TLBRPRMD_PWE)
			crmd |= LA_CRMD_WE;
		crmd = (crmd & ~LA_CRMD_DA) | LA_CRMD_PG;
		target = cpu->csr.tlbrera & ~3ULL;
		cpu->csr.tlbrera &= ~LA_TLBRERA_ISTLBR;
	} else {
		crmd |= cpu->csr.prmd & (LA_PRMD_PPLV | LA_PRMD_PIE);
		if (cpu->csr.prmd & LA_PRMD_PWE)
			crmd |= LA_CRMD_WE;
		target = cpu->csr.era;
	}
	if (cpu->csr.llbctl & LA_LLBCTL_KLO)
		cpu->csr.llbctl &= ~LA_LLBCTL_KLO;
	else
		cpu->llbit = false;
	la64_csr_write(cpu, LA_CSR_CRMD, crmd, ~0ULL);
	return la64_jump(cpu, target);
}

/* idle (Vol1 4.2.6.2): LVZ traps it and the hypervisor waits for an IRQ. */
LA_OP(idle)
{
	LA_PRIV_CHECK();
	return la64_gspr(cpu, i);
}

/* hvcl (Vol3, LVZ): the guest kernel's hypercall, to the hypervisor. */
LA_OP(hvcl)
{
	LA_PRIV_CHECK();
	return la64_exit_to_hv(cpu, LA_EXIT_HVC, 0, i->raw);
}

#endif /* LOONGVM_CPU_LA64_EXEC_PRIV_H */
