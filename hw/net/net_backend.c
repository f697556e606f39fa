/* SPDX-License-Identifier: MIT */
/*
 * -netdev option strings: splitting "type,key=value,..." lists and
 * creating the backend the type names (tap.c, slirp_net.c).
 */
#include "net_backend.h"

#include <stdio.h>
#include <string.h>

#include "slirp_net.h"
#include "tap.h"

/* Copies [s, s + n) into buf as a string; -1 when it does not fit. */
static int copy_part(char *buf, size_t len, const char *s, size_t n)
{
	if (n >= len)
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return 0;
}

int net_opt_next(const char **p, char *key, size_t klen, char *val, size_t vlen)
{
	const char *s = *p, *end, *eq;

	while (*s == ',')
		s++;
	if (!*s) {
		*p = s;
		return 0;
	}
	end = strchr(s, ',');
	if (!end)
		end = s + strlen(s);
	*p = end;
	eq = memchr(s, '=', (size_t)(end - s));
	if (!eq)
		eq = end;
	if (eq == s || copy_part(key, klen, s, (size_t)(eq - s)) < 0)
		return -1;
	if (eq == end)
		return copy_part(val, vlen, "", 0) < 0 ? -1 : 1;
	return copy_part(val, vlen, eq + 1, (size_t)(end - eq - 1)) < 0 ? -1
									: 1;
}

int net_opt_get(const char *spec, const char *key, char *buf, size_t len)
{
	const char *p = strchr(spec, ',');
	char k[32], v[256];
	int r;

	if (!p)
		return -1;
	while ((r = net_opt_next(&p, k, sizeof(k), v, sizeof(v))) != 0) {
		if (r > 0 && strcmp(k, key) == 0)
			return copy_part(buf, len, v, strlen(v));
	}
	return -1;
}

struct net_backend *net_backend_create(const char *spec, struct iothread *io,
				       char *err, size_t errlen)
{
	const char *comma = strchr(spec, ',');
	size_t tlen = comma ? (size_t)(comma - spec) : strlen(spec);
	const char *opts = comma ? comma + 1 : "";

	if (tlen == 4 && strncmp(spec, "user", 4) == 0)
		return net_slirp_create_opts(opts, err, errlen);
	if (tlen == 3 && strncmp(spec, "tap", 3) == 0)
		return net_tap_create_opts(opts, io, err, errlen);
	snprintf(err, errlen,
		 "-netdev %.*s: unknown network backend (use user or tap)",
		 (int)tlen, spec);
	return NULL;
}
