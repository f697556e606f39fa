/* SPDX-License-Identifier: MIT */
/*
 * Decoder coverage against binutils' LoongArch opcode table, read at test
 * time from Debian's binutils source (package binutils-source):
 *  - every base entry (integer, float, load/store, branch, privilege)
 *    decodes to an op of the same name, or, for an alias, to the name of
 *    the canonical entry that covers it (move -> or, fcmp.sgt -> fcmp.slt);
 *  - so does every word made by filling an entry's don't-care bits at
 *    random (the most specific binutils entry wins: csrxchg with rj = 0 is
 *    csrrd);
 *  - LSX, LASX and LBT entries decode to INE: LA464 as configured does not
 *    advertise them;
 *  - a word that no binutils entry matches decodes to INE;
 *  - every loongvm encoding is in binutils, name, match and mask (hvcl
 *    excepted: binutils 2.40 lacks it).
 */
#include <glob.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cpu/la64/insn.h"

#define MAX_ENTRIES 4096

struct bu_entry {
	uint32_t match, mask;
	char name[32];
	char table[64];
	int ext;	   /* from an LSX/LASX/LBT table */
	const char *canon; /* the loongvm name it resolves to */
};

static struct bu_entry ents[MAX_ENTRIES];
static unsigned int n_ents;
static int failures;
static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static const char *decoded_name(uint32_t w)
{
	struct la64_insn in;

	la64_decode(w, &in);
	return la64_op_name(in.op);
}

static int is_ext_table(const char *t)
{
	return strstr(t, "lsx") || strstr(t, "lasx") || strstr(t, "lbt");
}

/* Parses one "{ match, mask, "name", "format", macro, ..." line. */
static void parse_entry(const char *line, const char *table)
{
	unsigned int match, mask;
	char name[32], fmt[128];
	const char *p;
	int n = 0;

	if (sscanf(line, " { %x , %x , \"%31[^\"]\" , \"%127[^\"]\" ,%n",
		   &match, &mask, name, fmt, &n) < 3)
		return;
	if (!n) {
		/* An empty format string: "" does not match %[^"]. */
		if (sscanf(line, " { %x , %x , \"%31[^\"]\" , \"\" ,%n", &match,
			   &mask, name, &n) < 3 ||
		    !n)
			return;
	}
	if (!mask)
		return;
	p = line + n;
	while (*p == ' ' || *p == '\t')
		p++;
	/* A macro is a string or a name; no macro is a literal 0. */
	if (!(p[0] == '0' && (p[1] == ',' || p[1] == ' ' || p[1] == '\t')))
		return;
	if (n_ents == MAX_ENTRIES) {
		fprintf(stderr, "too many binutils entries\n");
		exit(1);
	}
	ents[n_ents].match = match;
	ents[n_ents].mask = mask;
	snprintf(ents[n_ents].name, sizeof(ents[n_ents].name), "%s", name);
	snprintf(ents[n_ents].table, sizeof(ents[n_ents].table), "%s", table);
	ents[n_ents].ext = is_ext_table(table);
	n_ents++;
}

static int read_table(const char *tarball)
{
	char cmd[1024], line[1024], table[64] = "?";
	FILE *f;

	snprintf(cmd, sizeof(cmd),
		 "tar -xOJf '%s' --wildcards '*/opcodes/loongarch-opc.c'",
		 tarball);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *s = strstr(line, "struct loongarch_opcode ");

		if (s && strchr(s, '[')) {
			sscanf(s, "struct loongarch_opcode %63[A-Za-z0-9_]",
			       table);
			continue;
		}
		if (strchr(line, '{') && strstr(line, "0x"))
			parse_entry(line, table);
	}
	return pclose(f) == 0 ? 0 : -1;
}

/* hvcl (LoongArch virtualization) is newer than binutils 2.40. */
static int add_hvcl(void)
{
	unsigned int i;

	for (i = 0; i < n_ents; i++)
		if (!strcmp(ents[i].name, "hvcl"))
			return 0;
	ents[n_ents].match = 0x002b8000;
	ents[n_ents].mask = 0xffff8000;
	strcpy(ents[n_ents].name, "hvcl");
	strcpy(ents[n_ents].table, "added: not in this binutils");
	n_ents++;
	return 1;
}

static int popcount32(uint32_t v)
{
	return __builtin_popcount(v);
}

/* The most specific binutils entry matching w, or NULL. */
static const struct bu_entry *best_entry(uint32_t w)
{
	const struct bu_entry *best = NULL;
	unsigned int i;

	for (i = 0; i < n_ents; i++) {
		const struct bu_entry *e = &ents[i];

		if ((w & e->mask) != e->match)
			continue;
		if (!best || popcount32(e->mask) > popcount32(best->mask))
			best = e;
	}
	return best;
}

/* Whether loongvm's answer got is right for w, per binutils. */
static int acceptable(uint32_t w, const char *got)
{
	const struct bu_entry *b = best_entry(w);
	unsigned int i;

	if (!b || b->ext)
		return !strcmp(got, "(reserved)");
	/* Equally specific entries with the same bits are aliases. */
	for (i = 0; i < n_ents; i++) {
		const struct bu_entry *e = &ents[i];

		if (e->ext || e->mask != b->mask || e->match != b->match)
			continue;
		if (!strcmp(got, e->name) ||
		    (e->canon && !strcmp(got, e->canon)))
			return 1;
	}
	return 0;
}

static void fail(const char *what, const struct bu_entry *e, uint32_t w,
		 const char *got)
{
	if (failures++ < 40)
		fprintf(stderr,
			"FAIL %s: %s (%s, match %08x mask %08x) word "
			"%08x decodes as %s\n",
			what, e->name, e->table, e->match, e->mask, w, got);
}

/* Resolves each base entry to the loongvm op name it must decode to. */
static void resolve_aliases(void)
{
	const struct bu_entry *c;
	unsigned int i, j;

	for (i = 0; i < n_ents; i++) {
		struct bu_entry *e = &ents[i];
		const char *got = decoded_name(e->match);

		if (e->ext)
			continue;
		if (!strcmp(got, e->name)) {
			e->canon = e->name;
			continue;
		}
		/* Shadowed by a more specific entry (csrxchg by csrrd). */
		c = best_entry(e->match);
		if (c != e && popcount32(c->mask) > popcount32(e->mask) &&
		    !strcmp(got, c->canon ? c->canon : c->name)) {
			e->canon = e->name;
			continue;
		}
		/* An alias: a canonical entry covering all its words. */
		for (j = 0; j < n_ents; j++) {
			c = &ents[j];
			if (j == i || c->ext || strcmp(c->name, got))
				continue;
			if ((c->mask & e->mask) == c->mask &&
			    (e->match & c->mask) == c->match) {
				e->canon = c->name;
				break;
			}
		}
		if (!e->canon)
			fail("entry", e, e->match, got);
	}
}

static void check_entries(unsigned int *n_base, unsigned int *n_ext,
			  unsigned int *n_alias)
{
	unsigned int i, k;

	for (i = 0; i < n_ents; i++) {
		const struct bu_entry *e = &ents[i];
		const char *got;

		if (e->ext) {
			(*n_ext)++;
			got = decoded_name(e->match);
			if (strcmp(got, "(reserved)"))
				fail("extension entry not INE", e, e->match,
				     got);
		} else {
			(*n_base)++;
			if (!e->canon)
				continue;
			if (strcmp(e->canon, e->name))
				(*n_alias)++;
		}
		/* Random don't-care bits, then one flipped fixed bit. */
		for (k = 0; k < 64; k++) {
			uint32_t w = e->match | (rnd32() & ~e->mask);

			got = decoded_name(w);
			if (!acceptable(w, got)) {
				fail("don't-care fill", e, w, got);
				break;
			}
			do
				w = 1U << (rnd32() & 31);
			while (!(w & e->mask));
			w ^= e->match | (rnd32() & ~e->mask);
			got = decoded_name(w);
			if (!acceptable(w, got)) {
				fail("neighbour word", e, w, got);
				break;
			}
		}
	}
}

/* Uniformly random words: INE exactly where binutils knows nothing. */
static unsigned int check_random_words(void)
{
	unsigned int k, n = 200000;

	for (k = 0; k < n; k++) {
		uint32_t w = rnd32();
		const char *got = decoded_name(w);

		if (!acceptable(w, got)) {
			const struct bu_entry *b = best_entry(w);

			if (failures++ < 40)
				fprintf(stderr,
					"FAIL random word %08x decodes "
					"as %s, binutils says %s\n",
					w, got, b ? b->name : "nothing");
		}
	}
	return n;
}

/* Every loongvm encoding must be a binutils entry (hvcl excepted). */
static void check_reverse(void)
{
	const struct la64_encoding *enc;
	unsigned int n, i, j;

	enc = la64_encodings(&n);
	for (i = 0; i < n; i++) {
		int found = 0;

		if (!strcmp(enc[i].name, "hvcl"))
			continue;
		for (j = 0; j < n_ents && !found; j++)
			found = !ents[j].ext && ents[j].match == enc[i].match &&
				ents[j].mask == enc[i].mask &&
				!strcmp(ents[j].name, enc[i].name);
		if (!found && failures++ < 40)
			fprintf(stderr,
				"FAIL loongvm encoding %s (match %08x "
				"mask %08x) is not in binutils\n",
				enc[i].name, enc[i].match, enc[i].mask);
	}
}

int main(void)
{
	const char *tarball = getenv("LOONGVM_BINUTILS_TAR");
	unsigned int n_base = 0, n_ext = 0, n_alias = 0, n_rand, n_added;
	glob_t g = {0};

	if (!tarball || !*tarball) {
		if (glob("/usr/src/binutils/binutils-*.tar.xz", 0, NULL, &g) ||
		    !g.gl_pathc) {
			printf("binutils source tarball not found in "
			       "/usr/src/binutils (install binutils-source)\n");
			return 77;
		}
		tarball = g.gl_pathv[g.gl_pathc - 1];
	}
	if (read_table(tarball) || n_ents < 100) {
		fprintf(stderr,
			"could not read opcodes/loongarch-opc.c from "
			"%s (%u entries)\n",
			tarball, n_ents);
		return 1;
	}
	n_added = add_hvcl();
	resolve_aliases();
	check_entries(&n_base, &n_ext, &n_alias);
	n_rand = check_random_words();
	check_reverse();
	printf("%s: %u binutils entries checked (%u base, %u of them "
	       "aliases; %u LSX/LASX/LBT), %u random words\n",
	       tarball, n_base + n_ext - n_added, n_base - n_added, n_alias,
	       n_ext, n_rand);
	globfree(&g);
	if (failures) {
		printf("test_decode: %d failures\n", failures);
		return 1;
	}
	printf("test_decode: ok\n");
	return 0;
}
