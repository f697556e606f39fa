/* SPDX-License-Identifier: MIT */
/*
 * The set of guest-physical pages holding decoded code: an open-addressing
 * hash set under a mutex. It is touched only on slow paths (decoding a new
 * page, filling a write entry), never per instruction.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "code_pages.h"
#include "cpu.h"

#define EMPTY (~0ULL)
#define TOMB (~1ULL)

struct la64_code_pages {
	pthread_mutex_t lock;
	uint64_t *slots;
	size_t cap, used; /* used counts live entries and tombstones */
};

struct la64_code_pages *la64_code_pages_new(void)
{
	struct la64_code_pages *s = calloc(1, sizeof(*s));
	size_t i;

	if (!s)
		return NULL;
	s->cap = 1024;
	s->slots = malloc(s->cap * sizeof(*s->slots));
	if (!s->slots) {
		free(s);
		return NULL;
	}
	for (i = 0; i < s->cap; i++)
		s->slots[i] = EMPTY;
	pthread_mutex_init(&s->lock, NULL);
	return s;
}

void la64_code_pages_free(struct la64_code_pages *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	free(s->slots);
	free(s);
}

static size_t hash(uint64_t page, size_t cap)
{
	return (size_t)((page * 0x9e3779b97f4a7c15ULL) >> 20) & (cap - 1);
}

/* The slot holding page, or SIZE_MAX. */
static size_t find(const struct la64_code_pages *s, uint64_t page)
{
	size_t i = hash(page, s->cap), n;

	for (n = 0; n < s->cap; n++, i = (i + 1) & (s->cap - 1)) {
		if (s->slots[i] == page)
			return i;
		if (s->slots[i] == EMPTY)
			break;
	}
	return SIZE_MAX;
}

static void insert(struct la64_code_pages *s, uint64_t page)
{
	size_t i = hash(page, s->cap);

	while (s->slots[i] != EMPTY && s->slots[i] != TOMB)
		i = (i + 1) & (s->cap - 1);
	if (s->slots[i] == EMPTY)
		s->used++;
	s->slots[i] = page;
}

/* Rebuilds the table, twice as large if it is half full of live pages. */
static void rehash(struct la64_code_pages *s)
{
	uint64_t *old = s->slots;
	size_t old_cap = s->cap, i, live = 0;
	uint64_t *fresh;

	for (i = 0; i < old_cap; i++)
		live += old[i] != EMPTY && old[i] != TOMB;
	if (live * 2 >= old_cap)
		s->cap *= 2;
	fresh = malloc(s->cap * sizeof(*fresh));
	if (!fresh) {
		s->cap = old_cap;
		return;
	}
	for (i = 0; i < s->cap; i++)
		fresh[i] = EMPTY;
	s->slots = fresh;
	s->used = 0;
	for (i = 0; i < old_cap; i++)
		if (old[i] != EMPTY && old[i] != TOMB)
			insert(s, old[i]);
	free(old);
}

bool la64_code_pages_add(struct la64_system *sys, uint64_t page)
{
	struct la64_code_pages *s = sys->code_pages;
	bool added = false;

	pthread_mutex_lock(&s->lock);
	if (find(s, page) == SIZE_MAX) {
		if ((s->used + 1) * 4 >= s->cap * 3)
			rehash(s);
		if ((s->used + 1) * 4 < s->cap * 3) {
			insert(s, page);
			added = true;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (added)
		atomic_fetch_add(&sys->wp_gen, 1);
	return added;
}

bool la64_code_pages_has(struct la64_system *sys, uint64_t page)
{
	struct la64_code_pages *s = sys->code_pages;
	bool has;

	pthread_mutex_lock(&s->lock);
	has = find(s, page) != SIZE_MAX;
	pthread_mutex_unlock(&s->lock);
	return has;
}

void la64_code_pages_written(struct la64_system *sys, uint64_t page)
{
	struct la64_code_pages *s = sys->code_pages;
	size_t i;

	pthread_mutex_lock(&s->lock);
	i = find(s, page);
	if (i != SIZE_MAX)
		s->slots[i] = TOMB;
	pthread_mutex_unlock(&s->lock);
	if (i != SIZE_MAX)
		atomic_fetch_add(&sys->code_gen, 1);
}

/* Drops every page of [pa, pa + len) from the set; true if one was there. */
static bool drop_range(struct la64_code_pages *s, uint64_t pa, uint64_t len)
{
	uint64_t first = pa & LA_PAGE_MASK, last = (pa + len - 1) & LA_PAGE_MASK;
	uint64_t npages = ((last - first) >> LA_PAGE_BITS) + 1, page;
	bool dropped = false;
	size_t i;

	if (npages > s->cap) { /* cheaper to scan the table */
		for (i = 0; i < s->cap; i++) {
			page = s->slots[i];
			if (page != EMPTY && page != TOMB &&
			    page - first <= last - first) {
				s->slots[i] = TOMB;
				dropped = true;
			}
		}
		return dropped;
	}
	for (page = first;; page += LA_PAGE_SIZE) {
		i = find(s, page);
		if (i != SIZE_MAX) {
			s->slots[i] = TOMB;
			dropped = true;
		}
		if (page == last)
			break;
	}
	return dropped;
}

void la64_code_pages_written_range(struct la64_system *sys, uint64_t pa,
				   uint64_t len)
{
	struct la64_code_pages *s = sys->code_pages;
	bool dropped;

	if (!len)
		return;
	if (pa + len - 1 < pa)
		len = -pa; /* up to the top of the address space */
	pthread_mutex_lock(&s->lock);
	dropped = drop_range(s, pa, len);
	pthread_mutex_unlock(&s->lock);
	if (dropped)
		atomic_fetch_add(&sys->code_gen, 1);
}
