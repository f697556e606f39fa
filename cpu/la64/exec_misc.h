/* SPDX-License-Identifier: MIT */
/*
 * Handlers for crc, rdtime, cpucfg, asrt, break and syscall
 * (ops/misc.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_MISC_H
#define LOONGVM_CPU_LA64_EXEC_MISC_H

#include "exec.h"

LA_STUB(rdtimel_w)
LA_STUB(rdtimeh_w)
LA_STUB(rdtime_d)
LA_STUB(cpucfg)
LA_STUB(asrtle_d)
LA_STUB(asrtgt_d)
LA_STUB(crc_w_b_w)
LA_STUB(crc_w_h_w)
LA_STUB(crc_w_w_w)
LA_STUB(crc_w_d_w)
LA_STUB(crcc_w_b_w)
LA_STUB(crcc_w_h_w)
LA_STUB(crcc_w_w_w)
LA_STUB(crcc_w_d_w)
LA_STUB(break)
LA_STUB(dbcl)
LA_STUB(syscall)

#endif /* LOONGVM_CPU_LA64_EXEC_MISC_H */
