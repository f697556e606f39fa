/* SPDX-License-Identifier: MIT */
/*
 * The registers GDB sees of a LoongArch vCPU and its target description:
 * numbers 0-31 r0-r31, 32 orig_a0, 33 pc, 34 badv (feature
 * org.gnu.gdb.loongarch.base), 35-66 f0-f31, 67-74 fcc0-fcc7, 75 fcsr
 * (org.gnu.gdb.loongarch.fpu), as the loongarch XML files of GDB 13's
 * gdb/features name them. Values come from KVM_GET_REGS, KVM_GET_FPU and the
 * BADV CSR.
 */
#ifndef LOONGVM_MACHINE_GDB_REGS_H
#define LOONGVM_MACHINE_GDB_REGS_H

#include <stddef.h>
#include <stdint.h>

#define GDB_NUM_REGS 76
#define GDB_REGS_BYTES (35 * 8 + 32 * 8 + 8 + 4) /* the 'g' packet */

/* The target.xml document (qXfer:features:read). */
const char *gdb_target_xml(void);

/* Register n's size in bytes, or 0 for no such register. */
size_t gdb_reg_size(unsigned int n);
/* Reads register n of the vCPU fd into buf (little-endian); its size or -1. */
int gdb_reg_read(int fd, unsigned int n, uint8_t *buf);
/* Writes register n from buf; 0 or -1 (orig_a0 and badv are read-only). */
int gdb_reg_write(int fd, unsigned int n, const uint8_t *buf);
/* All registers in number order ('g'); GDB_REGS_BYTES, or -1. */
int gdb_regs_read_all(int fd, uint8_t *buf);
/* Sets them all from a 'G' buffer of GDB_REGS_BYTES; 0 or -1. */
int gdb_regs_write_all(int fd, const uint8_t *buf);

#endif /* LOONGVM_MACHINE_GDB_REGS_H */
