/* SPDX-License-Identifier: MIT */
/*
 * The memory slow path: stage-1 translation (direct address mode, direct
 * mapping windows, then the TLB), stage-2 mapping through the hypervisor,
 * MMIO exits for guest-physical addresses without RAM, and software-TLB
 * fills. LoongArch Vol1 5.2 (address translation modes).
 */
#include "block.h"
#include "code_pages.h"
#include "exception.h"
#include "tlb.h"
#include "watch.h"

static const uint64_t invalid_tag = ~0ULL;
#define LA_NO_PAGE (~0ULL) /* no page is page-aligned ~0 */

void la64_mmu_flush(struct la64_cpu *cpu)
{
	unsigned int i;

	for (i = 0; i < LA_STLB_SIZE; i++) {
		cpu->stlb[i].tag_read = invalid_tag;
		cpu->stlb[i].tag_write = invalid_tag;
		cpu->stlb[i].tag_exec = invalid_tag;
	}
	cpu->no_ram_read = cpu->no_ram_write = LA_NO_PAGE;
	cpu->ram_len = 0;
	la64_blocks_flush_lookup(cpu);
}

/* The context key of the current PLV, mode and ASID (cpu.h LA_CTX_DA). */
static unsigned int context_key(const struct la64_cpu *cpu)
{
	if (cpu->csr.crmd & LA_CRMD_DA)
		return LA_CTX_DA + cpu->plv;
	return cpu->plv << 10 | (unsigned int)(cpu->csr.asid & LA_ASID_MASK);
}

/* No context numbers handed out, so nothing cached may stay either. */
static void forget_contexts(struct la64_cpu *cpu)
{
	memset(cpu->ctx_of, 0, sizeof(cpu->ctx_of));
	cpu->ctx_next = 0;
	la64_mmu_flush(cpu);
}

void la64_mmu_reset_contexts(struct la64_cpu *cpu)
{
	forget_contexts(cpu);
	la64_mmu_switch(cpu);
}

void la64_mmu_switch(struct la64_cpu *cpu)
{
	unsigned int key = context_key(cpu);
	uint16_t ctx = cpu->ctx_of[key];

	if (!ctx) {
		/* Out of numbers: start again with nothing cached. */
		if (cpu->ctx_next == LA_CTX_MAX)
			forget_contexts(cpu);
		ctx = ++cpu->ctx_next;
		cpu->ctx_of[key] = ctx;
	}
	cpu->stlb_ctx = (uint64_t)ctx << 3;
	cpu->lookup_ctx = (uint64_t)ctx << 52;
}

void la64_mmu_drop_writes(struct la64_cpu *cpu)
{
	unsigned int i;

	for (i = 0; i < LA_STLB_SIZE; i++)
		cpu->stlb[i].tag_write = invalid_tag;
}

/*
 * A direct mapping window hit, Vol1 5.2.1: VSEG is va[63:60], the window
 * must allow the current PLV, and PA = va[PALEN-1:0]. MAT only selects
 * cacheability, which is not modelled.
 */
static bool dmw_match(const struct la64_cpu *cpu, uint64_t va, uint64_t *pa)
{
	unsigned int i;

	for (i = 0; i < 4; i++) {
		uint64_t d = cpu->csr.dmw[i];

		if (!(d & (1ULL << cpu->plv)))
			continue;
		if ((va >> 60) == (d >> 60)) {
			*pa = va & LA_PA_MASK;
			return true;
		}
	}
	return false;
}

/*
 * The address check of page-mapped mode (Vol1 5.2): bits [63:VALEN-1] of
 * a legal address are equal, where RVACFG.RDVA = 1-8 removes RDVA bits
 * from VALEN (Vol1 5.2.4); other RDVA values reduce nothing.
 */
static bool va_legal(const struct la64_cpu *cpu, uint64_t va)
{
	unsigned int rdva = (unsigned int)(cpu->csr.rvacfg & 0xf);
	unsigned int bits = LA_VALEN - (rdva <= 8 ? rdva : 0);
	int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);

	return (uint64_t)s == va;
}

int la64_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		   uint64_t *pa)
{
	uint32_t sub = acc == LA_ACC_FETCH ? LA_ESUBCODE_ADEF : LA_ESUBCODE_ADEM;

	if (cpu->csr.crmd & LA_CRMD_DA) {
		*pa = va & LA_PA_MASK;
		return LA_NEXT;
	}
	if (dmw_match(cpu, va, pa))
		return LA_NEXT;
	if (!va_legal(cpu, va))
		return la64_raise_badv(cpu, LA_ECODE_ADE, sub, va);
	return la64_tlb_translate(cpu, va, acc, pa);
}

/* Installs a software-TLB entry for the page of va. */
static void stlb_fill(struct la64_cpu *cpu, uint64_t va, uint8_t *host_page,
		      enum la64_access acc)
{
	struct la64_stlb_entry *e = la64_stlb(cpu, va);
	uint64_t tag = (va & LA_PAGE_MASK) | cpu->stlb_ctx;
	uintptr_t addend =
	    (uintptr_t)host_page - (uintptr_t)(va & LA_PAGE_MASK);

	if (e->addend != addend || (e->tag_read != tag && e->tag_write != tag &&
				    e->tag_exec != tag)) {
		e->tag_read = e->tag_write = e->tag_exec = invalid_tag;
		e->addend = addend;
	}
	if (acc == LA_ACC_READ)
		e->tag_read = tag;
	else if (acc == LA_ACC_WRITE)
		e->tag_write = tag;
	else
		e->tag_exec = tag;
}

/*
 * Stage 2: the host page backing pa, or NULL. A page without RAM for
 * reads has none for writes either; one refused only for writes (a
 * read-only slot) still has it for reads.
 */
static uint8_t *stage2(struct la64_cpu *cpu, uint64_t pa, bool write)
{
	const struct la64_stage2 *s2 = &cpu->sys->stage2;
	uint64_t page = pa & LA_PAGE_MASK;
	uint8_t *host;

	if (page == cpu->no_ram_read || (write && page == cpu->no_ram_write))
		return NULL;
	if (!write && s2->ram_range) {
		/* A read needs only the slot: remember all of it. */
		if (page - cpu->ram_lo >= cpu->ram_len &&
		    !s2->ram_range(s2->opaque, page, &cpu->ram_lo,
				   &cpu->ram_len, &cpu->ram_host))
			cpu->ram_len = 0;
		host = page - cpu->ram_lo < cpu->ram_len
			   ? cpu->ram_host + (page - cpu->ram_lo)
			   : NULL;
	} else {
		host = s2->map(s2->opaque, page, write);
	}
	if (!host) {
		if (write)
			cpu->no_ram_write = page;
		else
			cpu->no_ram_read = page;
	}
	return host;
}

static uint64_t host_read(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, p, size); /* little-endian host and guest */
	return v;
}

static void host_write(uint8_t *p, unsigned int size, uint64_t v)
{
	memcpy(p, &v, size);
}

static void sign_off_code(struct la64_cpu *cpu, uint64_t pa)
{
	uint64_t page = pa & LA_PAGE_MASK;

	if (la64_code_pages_has(cpu->sys, page))
		la64_code_pages_written(cpu->sys, page);
}

/* An access that stays within one page. */
static int access_page(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		       enum la64_access acc, uint64_t *val, uint32_t raw)
{
	bool write = acc == LA_ACC_WRITE;
	uint64_t pa;
	uint8_t *host;
	int st = la64_translate(cpu, va, acc, &pa);

	if (st != LA_NEXT)
		return st;
	host = stage2(cpu, pa, write);
	if (!host)
		return la64_exit_to_hv(cpu,
				       write ? LA_EXIT_GPA_STORE :
					       LA_EXIT_GPA_LOAD,
				       pa, raw);
	if (write) {
		sign_off_code(cpu, pa);
		host_write(host + (pa & ~LA_PAGE_MASK), size, *val);
	} else {
		*val = host_read(host + (pa & ~LA_PAGE_MASK), size);
	}
	if (la64_unlikely(cpu->nwp) &&
	    la64_watch_access(cpu, va, size, acc == LA_ACC_READ, write))
		return LA_NEXT;
	if (!write || !la64_code_pages_has(cpu->sys, pa & LA_PAGE_MASK))
		stlb_fill(cpu, va, host, acc);
	return LA_NEXT;
}

/* A misaligned access crossing a page: check both pages, then go bytewise. */
static int access_split(struct la64_cpu *cpu, uint64_t va, unsigned int size,
			enum la64_access acc, uint64_t *val, uint32_t raw)
{
	uint64_t pa, v = 0, b;
	unsigned int i;
	int st;

	st = la64_translate(cpu, va, acc, &pa);
	if (st == LA_NEXT)
		st = la64_translate(cpu, va + size - 1, acc, &pa);
	if (st != LA_NEXT)
		return st;
	for (i = 0; i < size; i++) {
		if (acc == LA_ACC_WRITE) {
			b = (*val >> (8 * i)) & 0xff;
			st = access_page(cpu, va + i, 1, acc, &b, raw);
		} else {
			st = access_page(cpu, va + i, 1, acc, &b, raw);
			v |= b << (8 * i);
		}
		if (st != LA_NEXT)
			return st;
	}
	if (acc != LA_ACC_WRITE)
		*val = v;
	return LA_NEXT;
}

int la64_mem_slow(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		  enum la64_access acc, uint64_t *val, uint32_t raw)
{
	if (((va & ~LA_PAGE_MASK) + size) > LA_PAGE_SIZE)
		return access_split(cpu, va, size, acc, val, raw);
	return access_page(cpu, va, size, acc, val, raw);
}

uint64_t la64_phys_ld64(struct la64_cpu *cpu, uint64_t pa)
{
	uint8_t *host = stage2(cpu, pa & LA_PA_MASK & ~7ULL, false);

	if (!host)
		return 0;
	return host_read(host + (pa & ~LA_PAGE_MASK & ~7ULL), 8);
}

void *la64_host_rmw(struct la64_cpu *cpu, uint64_t va, unsigned int size,
		    uint32_t raw, int *status)
{
	uint64_t pa;
	uint8_t *host;

	if (va & (size - 1)) {
		*status = la64_raise_badv(cpu, LA_ECODE_ALE, 0, va);
		return NULL;
	}
	*status = la64_translate(cpu, va, LA_ACC_WRITE, &pa);
	if (*status != LA_NEXT)
		return NULL;
	host = stage2(cpu, pa, true);
	if (!host) {
		*status = la64_exit_to_hv(cpu, LA_EXIT_GPA_STORE, pa, raw);
		return NULL;
	}
	sign_off_code(cpu, pa);
	if (la64_unlikely(cpu->nwp))
		la64_watch_access(cpu, va, size, true, true);
	return host + (pa & ~LA_PAGE_MASK);
}
