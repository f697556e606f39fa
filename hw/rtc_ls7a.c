/* SPDX-License-Identifier: MIT */
/*
 * LS7A RTC registers: 32-bit, aligned accesses only (rtc-loongson.c uses
 * a regmap with 32-bit registers and stride 4); anything else reads zero
 * and writes nothing.
 *
 * TOY layout (rtc-loongson.c TOY_* masks, Loongson 7A1000 manual 13.x):
 * TOYREAD0/TOYWRITE0 = month 31:26 (1-12), day 25:21, hour 20:16,
 * minute 15:10, second 9:4, tenths of a second 3:0; TOYREAD1/TOYWRITE1 =
 * years since 1900. Linux writes WRITE0 then WRITE1, so each write
 * replaces its own fields in the current guest time and keeps the rest.
 */
#include <string.h>

#include "rtc_ls7a.h"

#define REG_TOY_TRIM 0x20
#define REG_TOY_WRITE0 0x24
#define REG_TOY_WRITE1 0x28
#define REG_TOY_READ0 0x2c
#define REG_TOY_READ1 0x30
#define REG_TOY_MATCH0 0x34 /* ..0x3c */
#define REG_RTC_CTRL 0x40
#define REG_RTC_TRIM 0x60
#define REG_RTC_WRITE0 0x64
#define REG_RTC_READ0 0x68
#define REG_RTC_MATCH0 0x6c /* ..0x74 */

#define CTRL_RTC_EN (1U << 13)
#define CTRL_TOY_EN (1U << 11)
#define CTRL_OSC_EN (1U << 8)

#define RTC_HZ 32768
#define NSEC 1000000000LL
/* Latest settable TOY time (2106), so nanoseconds fit an int64_t. */
#define TOY_MAX_SEC 0xffffffffLL

static void host_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

static int64_t host_ns(const struct rtc_ls7a *r)
{
	struct timespec ts;

	r->now(&ts);
	return (int64_t)ts.tv_sec * NSEC + ts.tv_nsec;
}

void rtc_ls7a_init(struct rtc_ls7a *r)
{
	memset(r, 0, sizeof(*r));
	r->now = host_now;
	r->ctrl = CTRL_RTC_EN | CTRL_TOY_EN | CTRL_OSC_EN;
	r->rtc_since_ns = host_ns(r);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0);
}

/* The guest's TOY time, broken down in UTC, and its tenths of a second. */
static void toy_now(const struct rtc_ls7a *r, struct tm *tm,
		    unsigned int *tenths)
{
	int64_t ns = host_ns(r) + r->toy_offset_ns;
	time_t sec = (time_t)floor_div(ns, NSEC);

	gmtime_r(&sec, tm);
	*tenths = (unsigned int)((ns - (int64_t)sec * NSEC) / (NSEC / 10));
}

static void toy_set(struct rtc_ls7a *r, struct tm *tm)
{
	time_t t;

	tm->tm_isdst = 0;
	t = timegm(tm);
	if (t < 0 || t > TOY_MAX_SEC)
		return; /* out of range: keep the old time */
	r->toy_offset_ns = (int64_t)t * NSEC - host_ns(r);
}

static uint32_t rtc_counter(const struct rtc_ls7a *r)
{
	int64_t dt;

	if (!(r->ctrl & CTRL_RTC_EN))
		return r->rtc_base;
	dt = host_ns(r) - r->rtc_since_ns;
	return r->rtc_base +
	       (uint32_t)(dt / NSEC * RTC_HZ + (dt % NSEC) * RTC_HZ / NSEC);
}

static uint64_t rtc_read(void *opaque, unsigned int cpu, uint64_t off,
			 unsigned int size)
{
	struct rtc_ls7a *r = opaque;
	struct tm tm;
	unsigned int tenths;

	(void)cpu;
	if (size != 4 || off % 4)
		return 0;
	switch (off) {
	case REG_TOY_TRIM:
		return r->toy_trim;
	case REG_TOY_READ0:
		toy_now(r, &tm, &tenths);
		return (uint32_t)(tm.tm_mon + 1) << 26 |
		       (uint32_t)tm.tm_mday << 21 | (uint32_t)tm.tm_hour << 16 |
		       (uint32_t)tm.tm_min << 10 | (uint32_t)tm.tm_sec << 4 |
		       tenths;
	case REG_TOY_READ1:
		toy_now(r, &tm, &tenths);
		return (uint32_t)tm.tm_year;
	case REG_TOY_MATCH0:
	case REG_TOY_MATCH0 + 4:
	case REG_TOY_MATCH0 + 8:
		return r->toy_match[(off - REG_TOY_MATCH0) / 4];
	case REG_RTC_CTRL:
		return r->ctrl;
	case REG_RTC_TRIM:
		return r->rtc_trim;
	case REG_RTC_READ0:
		return rtc_counter(r);
	case REG_RTC_MATCH0:
	case REG_RTC_MATCH0 + 4:
	case REG_RTC_MATCH0 + 8:
		return r->rtc_match[(off - REG_RTC_MATCH0) / 4];
	default:
		return 0; /* WRITE registers are write-only */
	}
}

static void rtc_write(void *opaque, unsigned int cpu, uint64_t off,
		      unsigned int size, uint64_t val)
{
	struct rtc_ls7a *r = opaque;
	uint32_t v = (uint32_t)val;
	struct tm tm;
	unsigned int tenths;

	(void)cpu;
	if (size != 4 || off % 4)
		return;
	switch (off) {
	case REG_TOY_TRIM:
		r->toy_trim = v;
		break;
	case REG_TOY_WRITE0:
		toy_now(r, &tm, &tenths);
		tm.tm_mon = (int)(v >> 26 & 0x3f) - 1;
		tm.tm_mday = v >> 21 & 0x1f;
		tm.tm_hour = v >> 16 & 0x1f;
		tm.tm_min = v >> 10 & 0x3f;
		tm.tm_sec = v >> 4 & 0x3f;
		toy_set(r, &tm);
		break;
	case REG_TOY_WRITE1:
		toy_now(r, &tm, &tenths);
		tm.tm_year = (int)v;
		toy_set(r, &tm);
		break;
	case REG_TOY_MATCH0:
	case REG_TOY_MATCH0 + 4:
	case REG_TOY_MATCH0 + 8:
		r->toy_match[(off - REG_TOY_MATCH0) / 4] = v;
		break;
	case REG_RTC_CTRL:
		/* Freeze or restart the counter where it stands. */
		r->rtc_base = rtc_counter(r);
		r->rtc_since_ns = host_ns(r);
		r->ctrl = v;
		break;
	case REG_RTC_TRIM:
		r->rtc_trim = v;
		break;
	case REG_RTC_WRITE0:
		r->rtc_base = v;
		r->rtc_since_ns = host_ns(r);
		break;
	case REG_RTC_MATCH0:
	case REG_RTC_MATCH0 + 4:
	case REG_RTC_MATCH0 + 8:
		r->rtc_match[(off - REG_RTC_MATCH0) / 4] = v;
		break;
	default:
		break;
	}
}

const struct bus_ops rtc_ls7a_ops = {rtc_read, rtc_write};
