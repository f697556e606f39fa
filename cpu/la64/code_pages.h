/* SPDX-License-Identifier: MIT */
/*
 * Keeps decoded code coherent with guest stores. The set holds the
 * guest-physical pages that some vCPU has decoded blocks from; software-TLB
 * write entries are never installed for them, so the first store to such a
 * page takes the slow path, leaves the set, and bumps code_gen, which makes
 * every vCPU drop its decoded blocks at its next block boundary.
 */
#ifndef LOONGVM_CPU_LA64_CODE_PAGES_H
#define LOONGVM_CPU_LA64_CODE_PAGES_H

#include <stdbool.h>
#include <stdint.h>

struct la64_system;

struct la64_code_pages *la64_code_pages_new(void);
void la64_code_pages_free(struct la64_code_pages *set);
/* Records that code was decoded from page; true if it was not there yet. */
bool la64_code_pages_add(struct la64_system *sys, uint64_t page);
/* True if page holds decoded code. */
bool la64_code_pages_has(struct la64_system *sys, uint64_t page);
/* A store hit page: forget it and invalidate decoded code everywhere. */
void la64_code_pages_written(struct la64_system *sys, uint64_t page);
/*
 * Someone other than a vCPU (device DMA, a debugger) wrote guest-physical
 * [pa, pa + len): as la64_code_pages_written for each page in the set.
 */
void la64_code_pages_written_range(struct la64_system *sys, uint64_t pa,
				   uint64_t len);

#endif /* LOONGVM_CPU_LA64_CODE_PAGES_H */
