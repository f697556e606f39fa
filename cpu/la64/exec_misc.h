/* SPDX-License-Identifier: MIT */
/*
 * Handlers for crc, rdtime, cpucfg, asrt, break and syscall
 * (ops/misc.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_MISC_H
#define LOONGVM_CPU_LA64_EXEC_MISC_H

#include "exec.h"

/*
 * rdtime{l,h}.w / rdtime.d (Vol1 2.2.10.4): rd receives the stable counter
 * plus CSR.CNTC (its low or high word, sign-extended, for the .w forms;
 * Linux's time.c sync_counter relies on the compensation) and rj the counter
 * ID, CSR.TMID. Under LVZ the guest reads the counter without a trap. The
 * decoder does not redirect rd here (rj is written too), so $zero is
 * skipped by hand; rd is written last, so it wins when rd == rj.
 */
static inline int la64_rdtime(struct la64_cpu *cpu,
			      const struct la64_insn *i, unsigned int shift,
			      bool word)
{
	uint64_t v;

	/* MISC.DRDTLn forbids it at PLVn (Vol1 7.4.4): IPE. */
	if (cpu->plv &&
	    (cpu->csr.misc >> (LA_MISC_DRDTL_SHIFT + cpu->plv)) & 1)
		return la64_raise(cpu, LA_ECODE_IPE, 0);
	/* The counter plus the compensation CNTC (Vol1 7.6.4). */
	v = la64_cpu_rdtime(cpu);

	if (word)
		v = la64_sext32(v >> shift);
	if (i->rj)
		cpu->gpr[i->rj] = cpu->csr.tmid;
	if (i->rd)
		cpu->gpr[i->rd] = v;
	return LA_NEXT;
}

LA_OP(rdtimel_w)
{
	return la64_rdtime(cpu, i, 0, true);
}

LA_OP(rdtimeh_w)
{
	return la64_rdtime(cpu, i, 32, true);
}

LA_OP(rdtime_d)
{
	return la64_rdtime(cpu, i, 0, false);
}

/*
 * cpucfg (Vol1 2.2.10.5): in the LVZ guest context it traps to the
 * hypervisor (GSPR), which answers from the VM's configured words.
 */
LA_OP(cpucfg)
{
	return la64_exit_to_hv(cpu, LA_EXIT_GSPR, 0, i->raw);
}

/*
 * asrtle.d / asrtgt.d (Vol1 2.2.10.3): a bound check exception (BCE) unless
 * rj <= rk, respectively rj > rk. The operands compare as unsigned
 * bounds, like the address bound checks of ldgt/ldle.
 */
LA_OP(asrtle_d)
{
	if (RJ > RK)
		return la64_raise(cpu, LA_ECODE_BCE, 0);
	return LA_NEXT;
}

LA_OP(asrtgt_d)
{
	if (RJ <= RK)
		return la64_raise(cpu, LA_ECODE_BCE, 0);
	return LA_NEXT;
}

/*
 * crc.w.{b,h,w,d}.w / crcc.w.{b,h,w,d}.w (Vol1 2.2.9): the low 1, 2, 4 or
 * 8 bytes of rj, least significant first, are folded into the 32-bit CRC
 * state held in rk, bit-reflected and without pre- or post-inversion; rd
 * receives the new state sign-extended. crc uses the IEEE 802.3
 * polynomial (reflected 0xEDB88320), crcc the Castagnoli one (0x82F63B78).
 */
#define LA_CRC32_POLY 0xedb88320U
#define LA_CRC32C_POLY 0x82f63b78U

static inline uint64_t la64_crc32(uint32_t crc, uint64_t data,
				  unsigned int bytes, uint32_t poly)
{
	unsigned int bit;

	for (bit = 0; bit < bytes * 8; bit++) {
		crc ^= (uint32_t)(data >> bit) & 1U;
		crc = (crc >> 1) ^ ((crc & 1U) ? poly : 0U);
	}
	return la64_sext32(crc);
}

#define LA_CRC_OP(name, bytes, poly)                                       \
	LA_OP(name)                                                        \
	{                                                                  \
		RD = la64_crc32((uint32_t)RK, RJ, (bytes), (poly));        \
		return LA_NEXT;                                            \
	}

LA_CRC_OP(crc_w_b_w, 1, LA_CRC32_POLY)
LA_CRC_OP(crc_w_h_w, 2, LA_CRC32_POLY)
LA_CRC_OP(crc_w_w_w, 4, LA_CRC32_POLY)
LA_CRC_OP(crc_w_d_w, 8, LA_CRC32_POLY)
LA_CRC_OP(crcc_w_b_w, 1, LA_CRC32C_POLY)
LA_CRC_OP(crcc_w_h_w, 2, LA_CRC32C_POLY)
LA_CRC_OP(crcc_w_w_w, 4, LA_CRC32C_POLY)
LA_CRC_OP(crcc_w_d_w, 8, LA_CRC32C_POLY)

#undef LA_CRC_OP

/* break (Vol1 2.2.10.1): the breakpoint exception, BRK. */
LA_OP(break)
{
	return la64_raise(cpu, LA_ECODE_BRK, 0);
}

/*
 * dbcl (Vol1 2.2.10.2) enters debug mode at PLV0 and is privileged
 * otherwise. The model has no debug mode (no DERA/DSAVE, no debug
 * entry), so at PLV0 it is reported as a breakpoint exception, which a
 * guest kernel handles like a software breakpoint.
 */
LA_OP(dbcl)
{
	if (cpu->plv != 0)
		return la64_raise(cpu, LA_ECODE_IPE, 0);
	return la64_raise(cpu, LA_ECODE_BRK, 0);
}

/* syscall (Vol1 2.2.10.1): the system call exception, SYS. */
LA_OP(syscall)
{
	return la64_raise(cpu, LA_ECODE_SYS, 0);
}

#endif /* LOONGVM_CPU_LA64_EXEC_MISC_H */
