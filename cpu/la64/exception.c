/* SPDX-License-Identifier: MIT */
/*
 * Exception and interrupt entry, LoongArch Vol1 6.2: saving PLV/IE into
 * PRMD (TLBRPRMD for a TLB refill), ERA, ESTAT.Ecode, BADV and BADI, and
 * vectoring through EENTRY, or TLBRENTRY for a refill.
 */
#include "exception.h"

/* How many identical re-entries at the vector prove the guest is stuck. */
#define STUCK_LIMIT 1000

#define INT_VECTOR_BASE 64

/*
 * The entry of a general exception or interrupt (Vol1 6.3.1): EENTRY when
 * ECFG.VS = 0, else EENTRY | code << (VS + 2), where code is the Ecode of
 * an exception or 64 + the int number of an interrupt (Vol1 6.1.3). The
 * manual ORs the offset in: software aligns EENTRY to cover it.
 */
static uint64_t vector(const struct la64_cpu *cpu, uint32_t code)
{
	uint32_t vs = (uint32_t)(cpu->csr.ecfg >> LA_ECFG_VS_SHIFT) & 7;

	if (vs == 0)
		return cpu->csr.eentry;
	return cpu->csr.eentry | ((uint64_t)code << (vs + 2));
}

/* PLV = 0, IE = 0 and, as LA464 has watchpoints, WE = 0 (Vol1 6.3.3). */
static void enter_plv0(struct la64_cpu *cpu)
{
	cpu->csr.crmd &= ~(LA_CRMD_PLV | LA_CRMD_IE | LA_CRMD_WE);
	cpu->plv = 0;
}

static void deliver_refill(struct la64_cpu *cpu, uint64_t pc)
{
	cpu->csr.tlbrprmd = (cpu->csr.crmd & (LA_CRMD_PLV | LA_CRMD_IE)) |
			    ((cpu->csr.crmd & LA_CRMD_WE) ? LA_TLBRPRMD_PWE : 0);
	cpu->csr.tlbrera = pc | 1;
	cpu->csr.tlbrbadv = cpu->exc.badv;
	cpu->csr.tlbrehi = (cpu->csr.tlbrehi & 0x3f) |
			   (cpu->exc.badv & ~0x1fffULL);
	enter_plv0(cpu);
	cpu->csr.crmd = (cpu->csr.crmd & ~LA_CRMD_PG) | LA_CRMD_DA;
	la64_mmu_switch(cpu);
	cpu->pc = cpu->csr.tlbrentry;
}

static bool is_tlb_fault(uint32_t ecode)
{
	return ecode >= LA_ECODE_PIL && ecode <= LA_ECODE_PPI;
}

static void deliver_general(struct la64_cpu *cpu, uint64_t pc, uint32_t code,
			    uint32_t ecode, uint32_t esubcode)
{
	uint64_t old_crmd = cpu->csr.crmd;

	/* PPLV, PIE and PWE keep the old PLV, IE and WE (Vol1 6.3.3). */
	cpu->csr.prmd = (old_crmd & (LA_CRMD_PLV | LA_CRMD_IE)) |
			((old_crmd & LA_CRMD_WE) ? LA_PRMD_PWE : 0);
	cpu->csr.era = pc;
	cpu->csr.estat = (cpu->csr.estat & LA_ESTAT_IS) |
			 ((uint64_t)ecode << LA_ESTAT_ECODE_SHIFT) |
			 ((uint64_t)esubcode << LA_ESTAT_ESUBCODE_SHIFT);
	enter_plv0(cpu);
	if ((old_crmd & LA_CRMD_PLV) != 0)
		la64_mmu_switch(cpu);
	cpu->pc = vector(cpu, code);
}

bool la64_deliver_exception(struct la64_cpu *cpu, uint64_t pc, uint32_t raw)
{
	uint32_t ecode = cpu->exc.ecode;

	if (pc == cpu->last_vector && ecode == cpu->last_ecode) {
		if (++cpu->repeat_count >= STUCK_LIMIT)
			return false;
	} else {
		cpu->repeat_count = 0;
	}
	if (ecode == LA_ECODE_TLBR) {
		deliver_refill(cpu, pc);
	} else {
		if (cpu->exc.has_badv)
			cpu->csr.badv = cpu->exc.badv;
		if (is_tlb_fault(ecode))
			cpu->csr.tlbehi = (cpu->csr.tlbehi & 0x1fff) |
					  (cpu->exc.badv & ~0x1fffULL);
		cpu->csr.badi = raw;
		deliver_general(cpu, pc, ecode, ecode, cpu->exc.esubcode);
	}
	cpu->last_vector = cpu->pc;
	cpu->last_ecode = ecode;
	return true;
}

/*
 * Interrupts (Vol1 6.1): ESTAT.IS & ECFG.LIE, taken when CRMD.IE = 1 at
 * the next instruction boundary. The highest int number wins: IPI, then
 * TI, PCOV, HWI7..0, SWI1, SWI0 (Vol1 6.1.2). The interrupt is delivered
 * as a general exception with Ecode 0 (Vol1 6.1.4).
 */
void la64_check_interrupts(struct la64_cpu *cpu)
{
	uint64_t pending, is;
	int irq;

	if (!(cpu->csr.crmd & LA_CRMD_IE))
		return;
	is = cpu->csr.estat | atomic_load(&cpu->irq_lines);
	pending = is & cpu->csr.ecfg & LA_ECFG_LIE;
	if (!pending)
		return;
	irq = 63 - __builtin_clzll(pending);
	cpu->repeat_count = 0;
	deliver_general(cpu, cpu->pc, INT_VECTOR_BASE + (uint32_t)irq,
			LA_ECODE_INT, 0);
	cpu->last_vector = ~0ULL;
}
