/* SPDX-License-Identifier: MIT */
/*
 * Handlers for privileged instructions: CSRs, IOCSR, TLB maintenance, ertn, idle and hvcl
 * (ops/priv.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_PRIV_H
#define LOONGVM_CPU_LA64_EXEC_PRIV_H

#include "exec.h"

LA_STUB(csrrd)
LA_STUB(csrwr)
LA_STUB(csrxchg)
LA_STUB(cacop)
LA_STUB(lddir)
LA_STUB(ldpte)
LA_STUB(iocsrrd_b)
LA_STUB(iocsrrd_h)
LA_STUB(iocsrrd_w)
LA_STUB(iocsrrd_d)
LA_STUB(iocsrwr_b)
LA_STUB(iocsrwr_h)
LA_STUB(iocsrwr_w)
LA_STUB(iocsrwr_d)
LA_STUB(tlbclr)
LA_STUB(tlbflush)
LA_STUB(tlbsrch)
LA_STUB(tlbrd)
LA_STUB(tlbwr)
LA_STUB(tlbfill)
LA_STUB(ertn)
LA_STUB(idle)
LA_STUB(invtlb)
LA_STUB(hvcl)

#endif /* LOONGVM_CPU_LA64_EXEC_PRIV_H */
