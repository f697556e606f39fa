/* SPDX-License-Identifier: MIT */
/*
 * Guest memory access from the interpreter: the inline software-TLB fast
 * path, and the slow path that translates (stage 1: DA, DMW, TLB), maps the
 * guest-physical page through stage 2, and fills the software TLB. Every
 * access returns an interpreter status (LA_NEXT, LA_EXC or LA_EXIT).
 */
#ifndef LOONGVM_CPU_LA64_MMU_H
#define LOONGVM_CPU_LA64_MMU_H

#include <string.h>

#include "cpu.h"

/* What a handler tells the dispatcher. */
enum la64_status {
	LA_NEXT = 0, /* go on with the next instruction */
	LA_JUMP,     /* cpu->pc is set: leave the block */
	LA_EXC,      /* cpu->exc holds an exception to deliver */
	LA_EXIT,     /* cpu->exit_info holds a reason to leave to hv */
};

enum la64_access { LA_ACC_READ, LA_ACC_WRITE, LA_ACC_FETCH };

#define LA_PALEN 48
#define LA_VALEN 48
#define LA_PA_MASK ((1ULL << LA_PALEN) - 1)

#define la64_likely(x) __builtin_expect(!!(x), 1)
#define la64_unlikely(x) __builtin_expect(!!(x), 0)

/* Translates va for acc; on failure records the exception and returns it. */
int la64_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		   uint64_t *pa);
/* The slow path of a load or store of 1, 2, 4 or 8 bytes. */
int la64_mem_slow(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		  enum la64_access acc, uint64_t *val, uint32_t raw);
/*
 * The host address of an aligned guest location, for read-modify-write
 * instructions (AM*, ll/sc): ALE if misaligned, an exit if not RAM.
 */
void *la64_host_rmw(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		    uint32_t raw, int *status);
/*
 * Reads the 8 aligned bytes at guest-physical pa, for the page walk
 * (lddir, ldpte): 0 where no RAM backs pa, so a walk into nothing reads an
 * invalid entry.
 */
uint64_t la64_phys_ld64(struct la64_cpu *cpu, uint64_t pa);
/* Drops every software-TLB entry and the decoded-block lookup cache. */
void la64_mmu_flush(struct la64_cpu *cpu);
/*
 * Enters the translation context of the current PLV, CRMD.DA and ASID,
 * after any of them changed: entries of other contexts stay for later.
 */
void la64_mmu_switch(struct la64_cpu *cpu);
/* Forgets every translation context (and so every cached translation). */
void la64_mmu_reset_contexts(struct la64_cpu *cpu);
/* Drops the write permission of every software-TLB entry. */
void la64_mmu_drop_writes(struct la64_cpu *cpu);

static inline struct la64_stlb_entry *la64_stlb(struct la64_cpu *cpu,
						uint64_t va)
{
	return &cpu->stlb[(va >> LA_PAGE_BITS) & (LA_STLB_SIZE - 1)];
}

#define LA_DEFINE_LOAD(bits)                                                \
	static inline int la64_ld##bits(struct la64_cpu *cpu, uint64_t va, \
					uint64_t *val, uint32_t raw)        \
	{                                                                   \
		const struct la64_stlb_entry *e = la64_stlb(cpu, va);       \
		uint##bits##_t x;                                           \
                                                                            \
		if (la64_likely(((va & (LA_PAGE_MASK | (bits / 8 - 1))) |   \
				 cpu->stlb_ctx) == e->tag_read)) {          \
			memcpy(&x, (const void *)(uintptr_t)(va + e->addend), \
			       sizeof(x));                                  \
			*val = x;                                           \
			return LA_NEXT;                                     \
		}                                                           \
		return la64_mem_slow(cpu, va, bits / 8, LA_ACC_READ, val,   \
				     raw);                                  \
	}

#define LA_DEFINE_STORE(bits)                                               \
	static inline int la64_st##bits(struct la64_cpu *cpu, uint64_t va, \
					uint64_t val, uint32_t raw)         \
	{                                                                   \
		const struct la64_stlb_entry *e = la64_stlb(cpu, va);       \
		uint##bits##_t x = (uint##bits##_t)val;                     \
                                                                            \
		if (la64_likely(((va & (LA_PAGE_MASK | (bits / 8 - 1))) |   \
				 cpu->stlb_ctx) == e->tag_write)) {         \
			memcpy((void *)(uintptr_t)(va + e->addend), &x,     \
			       sizeof(x));                                  \
			return LA_NEXT;                                     \
		}                                                           \
		return la64_mem_slow(cpu, va, bits / 8, LA_ACC_WRITE, &val, \
				     raw);                                  \
	}

LA_DEFINE_LOAD(8)
LA_DEFINE_LOAD(16)
LA_DEFINE_LOAD(32)
LA_DEFINE_LOAD(64)
LA_DEFINE_STORE(8)
LA_DEFINE_STORE(16)
LA_DEFINE_STORE(32)
LA_DEFINE_STORE(64)

#endif /* LOONGVM_CPU_LA64_MMU_H */
