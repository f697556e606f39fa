/* SPDX-License-Identifier: MIT */
/*
 * Handlers for ll/sc, the AM* atomics and barriers
 * (ops/atomic.def). Included once, by exec.c.
 */
#ifndef LOONGVM_CPU_LA64_EXEC_ATOMIC_H
#define LOONGVM_CPU_LA64_EXEC_ATOMIC_H

#include "exec.h"

LA_STUB(ll_w)
LA_STUB(sc_w)
LA_STUB(ll_d)
LA_STUB(sc_d)
LA_STUB(amswap_w)
LA_STUB(amswap_d)
LA_STUB(amadd_w)
LA_STUB(amadd_d)
LA_STUB(amand_w)
LA_STUB(amand_d)
LA_STUB(amor_w)
LA_STUB(amor_d)
LA_STUB(amxor_w)
LA_STUB(amxor_d)
LA_STUB(ammax_w)
LA_STUB(ammax_d)
LA_STUB(ammin_w)
LA_STUB(ammin_d)
LA_STUB(ammax_wu)
LA_STUB(ammax_du)
LA_STUB(ammin_wu)
LA_STUB(ammin_du)
LA_STUB(amswap_db_w)
LA_STUB(amswap_db_d)
LA_STUB(amadd_db_w)
LA_STUB(amadd_db_d)
LA_STUB(amand_db_w)
LA_STUB(amand_db_d)
LA_STUB(amor_db_w)
LA_STUB(amor_db_d)
LA_STUB(amxor_db_w)
LA_STUB(amxor_db_d)
LA_STUB(ammax_db_w)
LA_STUB(ammax_db_d)
LA_STUB(ammin_db_w)
LA_STUB(ammin_db_d)
LA_STUB(ammax_db_wu)
LA_STUB(ammax_db_du)
LA_STUB(ammin_db_wu)
LA_STUB(ammin_db_du)
LA_STUB(dbar)
LA_STUB(ibar)

#endif /* LOONGVM_CPU_LA64_EXEC_ATOMIC_H */
