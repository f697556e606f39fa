/* SPDX-License-Identifier: MIT */
/*
 * The guest TLB, LoongArch Vol1 5.4: an 8-way STLB of 256 sets for the
 * page size in STLBPS, and a 64-entry fully associative MTLB for any page
 * size, as PRCFG3 reports them. Each entry maps an even/odd pair of pages.
 *
 * Choices where the manual leaves the hardware free:
 * - The STLB set of an address is va[PS+8:PS+1] with PS = STLBPS: an entry
 *   covers both pages of a pair, so the set starts above the pair bit.
 * - tlbfill picks the first empty way (STLB) or entry (MTLB), else the next
 *   one in a round robin (Vol1 4.2.4.4 says "random").
 * - An entry written with a page size PRCFG2 does not list (PS=0, PS=63)
 *   is written empty (E=0): it never matches, and tlbrd reads it as empty.
 * - Each entry keeps the page size it was written with; a later STLBPS
 *   write does not reinterpret STLB entries.
 * - Multiple hits are undefined (Vol1 5.4.4): the lowest index wins.
 *
 * The software TLB (cpu->stlb) caches only translations that succeeded,
 * so it is dropped whenever an existing entry is overwritten or removed;
 * its entries are per translation context, so a tlbrd that changes
 * CSR.ASID only switches context (mmu.c).
 */
#include "exception.h"
#include "tlb.h"

#define VPPN_MASK (((1ULL << LA_VALEN) - 1) & ~0x1fffULL)
#define TLBEHI_PS 0x3fULL

/* v >> n, 0 for n >= 64 (the shift would be undefined). */
static uint64_t shr(uint64_t v, unsigned int n)
{
	return n >= 64 ? 0 : v >> n;
}

/* The offset bits of a page of 2^ps bytes. */
static uint64_t low_mask(unsigned int ps)
{
	return ps >= 64 ? ~0ULL : (1ULL << ps) - 1;
}

/* Sign-extends VPPN from bit VALEN-1, as TLBEHI reads (Vol1 7.5.2). */
static uint64_t sext_va(uint64_t va)
{
	return (uint64_t)((int64_t)(va << (64 - LA_VALEN)) >> (64 - LA_VALEN));
}

static bool ps_supported(const struct la64_cpu *cpu, unsigned int ps)
{
	return ps < 64 && ((cpu->csr.prcfg2 >> ps) & 1);
}

static unsigned int stlbps(const struct la64_cpu *cpu)
{
	return (unsigned int)(cpu->csr.stlbps & 0x3f);
}

static uint16_t cur_asid(const struct la64_cpu *cpu)
{
	return (uint16_t)(cpu->csr.asid & LA_ASID_MASK);
}

static unsigned int stlb_set(const struct la64_cpu *cpu, uint64_t va)
{
	return (unsigned int)(shr(va, stlbps(cpu) + 1) & (LA_STLB_SETS - 1));
}

/* The VA part of a match: VPPN[VALEN-1:PS+1] (Vol1 5.4.4). */
static bool va_match(const struct la64_tlb_entry *e, uint64_t va)
{
	return shr((e->vppn ^ va) & VPPN_MASK, e->ps + 1U) == 0;
}

static bool hit(const struct la64_tlb_entry *e, uint64_t va, uint16_t asid)
{
	return e->e && (e->g || e->asid == asid) && va_match(e, va);
}

/* The index of the entry mapping va for asid, or -1 (Vol1 5.4.4). */
static int tlb_find(const struct la64_cpu *cpu, uint64_t va, uint16_t asid)
{
	unsigned int set = stlb_set(cpu, va), k;

	for (k = 0; k < LA_STLB_WAYS; k++) {
		unsigned int idx = k * LA_STLB_SETS + set;

		if (hit(&cpu->tlb[idx], va, asid))
			return (int)idx;
	}
	for (k = LA_STLB_ENTRIES; k < LA_TLB_ENTRIES; k++)
		if (hit(&cpu->tlb[k], va, asid))
			return (int)k;
	return -1;
}

/*
 * The checks of a hit, in the manual's order (Vol1 5.4.4): V, NX on a
 * fetch, PLV/RPLV, NR on a load, D on a store unless MISC.DWPLn disables
 * write protection at PLV0-2. Returns the ecode, 0 when allowed.
 */
static uint32_t check_access(const struct la64_cpu *cpu, uint64_t lo,
			     enum la64_access acc)
{
	uint32_t plv = cpu->plv;
	uint32_t eplv = (uint32_t)(lo >> LA_TLBELO_PLV_SHIFT) & 3;
	bool rplv = (lo & LA_TLBELO_RPLV) != 0;

	if (!(lo & LA_TLBELO_V))
		return acc == LA_ACC_FETCH ? LA_ECODE_PIF :
		       acc == LA_ACC_WRITE ? LA_ECODE_PIS :
					     LA_ECODE_PIL;
	if (acc == LA_ACC_FETCH && (lo & LA_TLBELO_NX))
		return LA_ECODE_PNX;
	if (rplv ? plv != eplv : plv > eplv)
		return LA_ECODE_PPI;
	if (acc == LA_ACC_READ && (lo & LA_TLBELO_NR))
		return LA_ECODE_PNR;
	if (acc == LA_ACC_WRITE && !(lo & LA_TLBELO_D) &&
	    (plv == 3 || !((cpu->csr.misc >> (16 + plv)) & 1)))
		return LA_ECODE_PME;
	return 0;
}

int la64_tlb_translate(struct la64_cpu *cpu, uint64_t va, enum la64_access acc,
		       uint64_t *pa)
{
	int idx = tlb_find(cpu, va, cur_asid(cpu));
	const struct la64_tlb_entry *e;
	uint64_t lo, off;
	uint32_t ecode;

	*pa = 0;
	if (idx < 0)
		return la64_raise_badv(cpu, LA_ECODE_TLBR, 0, va);
	e = &cpu->tlb[idx];
	lo = e->lo[shr(va, e->ps) & 1];
	ecode = check_access(cpu, lo, acc);
	if (ecode)
		return la64_raise_badv(cpu, ecode, 0, va);
	off = low_mask(e->ps);
	*pa = ((lo & LA_TLBELO_PPN & ~off) | (va & off)) & LA_PA_MASK;
	return LA_NEXT;
}

void la64_tlb_reset(struct la64_cpu *cpu)
{
	memset(cpu->tlb, 0, sizeof(cpu->tlb));
	cpu->tlb_victim[0] = 0;
	cpu->tlb_victim[1] = 0;
}

static bool in_refill(const struct la64_cpu *cpu)
{
	return (cpu->csr.tlbrera & LA_TLBRERA_ISTLBR) != 0;
}

/*
 * The entry tlbwr and tlbfill write (Vol1 4.2.4.3-4): from TLBREHI,
 * TLBRELO0/1 and TLBREHI.PS with E = 1 in a refill (TLBRERA.IsTLBR),
 * otherwise from TLBEHI, TLBELO0/1, TLBIDX.PS and E = !TLBIDX.NE. G is
 * set only if both halves have it (Vol1 7.5.3); ASID comes from CSR.ASID.
 */
static struct la64_tlb_entry entry_from_csrs(const struct la64_cpu *cpu)
{
	const struct la64_csrs *c = &cpu->csr;
	bool r = in_refill(cpu);
	uint64_t lo0 = r ? c->tlbrelo0 : c->tlbelo0;
	uint64_t lo1 = r ? c->tlbrelo1 : c->tlbelo1;
	struct la64_tlb_entry e = {
		.vppn = (r ? c->tlbrehi : c->tlbehi) & VPPN_MASK,
		.lo = { lo0 & LA_TLBELO_MASK & ~LA_TLBELO_G,
			lo1 & LA_TLBELO_MASK & ~LA_TLBELO_G },
		.asid = cur_asid(cpu),
		.ps = (uint8_t)(r ? c->tlbrehi & TLBEHI_PS :
				    (c->tlbidx & LA_TLBIDX_PS) >>
					    LA_TLBIDX_PS_SHIFT),
		.g = (lo0 & lo1 & LA_TLBELO_G) != 0,
		.e = r || !(c->tlbidx & LA_TLBIDX_NE),
	};

	if (!ps_supported(cpu, e.ps))
		e.e = false;
	return e;
}

/* Replaces entry idx; cached translations go if it was in use. */
static void tlb_put(struct la64_cpu *cpu, unsigned int idx,
		    const struct la64_tlb_entry *e)
{
	bool was = cpu->tlb[idx].e;

	cpu->tlb[idx] = *e;
	if (was)
		la64_mmu_flush(cpu);
}

/* tlbsrch (Vol1 4.2.4.1). */
void la64_tlb_search(struct la64_cpu *cpu)
{
	uint64_t va = in_refill(cpu) ? cpu->csr.tlbrehi : cpu->csr.tlbehi;
	int idx = tlb_find(cpu, va, cur_asid(cpu));

	if (idx < 0) {
		cpu->csr.tlbidx |= LA_TLBIDX_NE;
		return;
	}
	cpu->csr.tlbidx = (cpu->csr.tlbidx & ~(LA_TLBIDX_NE | LA_TLBIDX_INDEX)) |
			  (uint64_t)idx;
}

/*
 * tlbrd (Vol1 4.2.4.2): always into TLBEHI/TLBELO0/1, TLBIDX.PS and
 * ASID.ASID. An empty entry, or an index past the TLB, reads TLBEHI and
 * TLBELO0/1 as 0, TLBIDX.PS as 0 and sets TLBIDX.NE; ASID is left alone.
 */
void la64_tlb_read(struct la64_cpu *cpu)
{
	struct la64_csrs *c = &cpu->csr;
	uint64_t idx = c->tlbidx & LA_TLBIDX_INDEX, g;
	const struct la64_tlb_entry *e;
	uint16_t old_asid = cur_asid(cpu);

	c->tlbidx &= ~(LA_TLBIDX_PS | LA_TLBIDX_NE);
	if (idx >= LA_TLB_ENTRIES || !cpu->tlb[idx].e) {
		c->tlbidx |= LA_TLBIDX_NE;
		c->tlbehi = 0;
		c->tlbelo0 = 0;
		c->tlbelo1 = 0;
		return;
	}
	e = &cpu->tlb[idx];
	g = e->g ? LA_TLBELO_G : 0;
	c->tlbidx |= (uint64_t)e->ps << LA_TLBIDX_PS_SHIFT;
	c->tlbehi = sext_va(e->vppn);
	c->tlbelo0 = e->lo[0] | g;
	c->tlbelo1 = e->lo[1] | g;
	c->asid = (c->asid & ~LA_ASID_MASK) | e->asid;
	if (e->asid != old_asid)
		la64_mmu_switch(cpu);
}

/*
 * tlbwr (Vol1 4.2.4.3) at TLBIDX.Index. An index past the TLB is
 * undefined by the manual; it writes nothing here.
 */
void la64_tlb_write(struct la64_cpu *cpu)
{
	uint64_t idx = cpu->csr.tlbidx & LA_TLBIDX_INDEX;
	struct la64_tlb_entry e = entry_from_csrs(cpu);

	if (idx < LA_TLB_ENTRIES)
		tlb_put(cpu, (unsigned int)idx, &e);
}

/* The first empty slot of n at base + k * stride, else the round robin. */
static unsigned int pick_victim(const struct la64_cpu *cpu, unsigned int base,
				unsigned int stride, unsigned int n,
				uint32_t *rr)
{
	unsigned int k;

	for (k = 0; k < n; k++)
		if (!cpu->tlb[base + k * stride].e)
			return base + k * stride;
	k = *rr % n;
	*rr = k + 1;
	return base + k * stride;
}

/*
 * tlbfill (Vol1 4.2.4.4): an entry of the STLB page size goes to the STLB
 * set of its VPPN, any other to the MTLB.
 */
void la64_tlb_fill(struct la64_cpu *cpu)
{
	struct la64_tlb_entry e = entry_from_csrs(cpu);
	unsigned int idx;

	if (e.ps == stlbps(cpu))
		idx = pick_victim(cpu, stlb_set(cpu, e.vppn), LA_STLB_SETS,
				  LA_STLB_WAYS, &cpu->tlb_victim[0]);
	else
		idx = pick_victim(cpu, LA_STLB_ENTRIES, 1, LA_MTLB_ENTRIES,
				  &cpu->tlb_victim[1]);
	tlb_put(cpu, idx, &e);
}

/* Empties entry idx if it exists; returns true if it did. */
static bool drop(struct la64_cpu *cpu, unsigned int idx)
{
	bool was = cpu->tlb[idx].e;

	cpu->tlb[idx].e = false;
	return was;
}

/*
 * tlbclr (all == false) and tlbflush (all == true), Vol1 4.2.4.5-6: an
 * index in the MTLB range acts on the whole MTLB, one in the STLB range
 * on the ways of the set in its low bits. tlbclr spares entries with G=1
 * or another ASID.
 */
void la64_tlb_clear(struct la64_cpu *cpu, bool all)
{
	uint64_t idx = cpu->csr.tlbidx & LA_TLBIDX_INDEX;
	unsigned int base, stride, n, k;
	uint16_t asid = cur_asid(cpu);
	bool flush = false;

	if (idx >= LA_STLB_ENTRIES) {
		base = LA_STLB_ENTRIES;
		stride = 1;
		n = LA_MTLB_ENTRIES;
	} else {
		base = (unsigned int)idx % LA_STLB_SETS;
		stride = LA_STLB_SETS;
		n = LA_STLB_WAYS;
	}
	for (k = 0; k < n; k++) {
		const struct la64_tlb_entry *e = &cpu->tlb[base + k * stride];

		if (all || (!e->g && e->asid == asid))
			flush |= drop(cpu, base + k * stride);
	}
	if (flush)
		la64_mmu_flush(cpu);
}

/* Whether invtlb op selects e (Vol1 4.2.4.7, table of ops). */
static bool inv_selects(const struct la64_tlb_entry *e, unsigned int op,
			uint16_t asid, uint64_t va)
{
	switch (op) {
	case 0:
	case 1:
		return true;
	case 2:
		return e->g;
	case 3:
		return !e->g;
	case 4:
		return !e->g && e->asid == asid;
	case 5:
		return !e->g && e->asid == asid && va_match(e, va);
	default: /* 6 */
		return (e->g || e->asid == asid) && va_match(e, va);
	}
}

bool la64_tlb_invalidate(struct la64_cpu *cpu, unsigned int op, uint64_t asid,
			 uint64_t va)
{
	uint16_t a = (uint16_t)(asid & LA_ASID_MASK);
	bool flush = false;
	unsigned int k;

	if (op > 6)
		return false;
	for (k = 0; k < LA_TLB_ENTRIES; k++)
		if (cpu->tlb[k].e && inv_selects(&cpu->tlb[k], op, a, va))
			flush |= drop(cpu, k);
	if (flush)
		la64_mmu_flush(cpu);
	return true;
}
