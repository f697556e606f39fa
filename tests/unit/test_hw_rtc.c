/* SPDX-License-Identifier: MIT */
/*
 * The LS7A RTC through the MMIO bus, as Linux 6.12 rtc-loongson.c drives
 * it: TOY time follows the host clock, a TOYWRITE0/1 pair sets it, RTCCTRL
 * enable bits, the 32.768 kHz counter, and 32-bit-only accesses. The host
 * clock is a fake one the test moves.
 */
#include <time.h>

#include "../../hw/rtc_ls7a.h"
#include "hw_util.h"

#define R RTC_LS7A_BASE
#define TOY_WRITE0 (R + 0x24)
#define TOY_WRITE1 (R + 0x28)
#define TOY_READ0 (R + 0x2c)
#define TOY_READ1 (R + 0x30)
#define TOY_MATCH0 (R + 0x34)
#define RTC_CTRL (R + 0x40)
#define RTC_WRITE0 (R + 0x64)
#define RTC_READ0 (R + 0x68)

static struct timespec fake;

static void fake_now(struct timespec *ts)
{
	*ts = fake;
}

static uint32_t toy0(int mon, int day, int hour, int min, int sec)
{
	return (uint32_t)mon << 26 | (uint32_t)day << 21 |
	       (uint32_t)hour << 16 | (uint32_t)min << 10 | (uint32_t)sec << 4;
}

int main(void)
{
	struct bus bus;
	struct rtc_ls7a rtc;
	struct tm tm = {0};
	time_t now = time(NULL);

	bus_init(&bus);
	rtc_ls7a_init(&rtc);
	EXPECT(bus_add(&bus, "rtc", R, RTC_LS7A_SIZE, &rtc_ls7a_ops, &rtc) ==
	       0);

	/* Real host clock: the year read is this year (since 1900). */
	gmtime_r(&now, &tm);
	EXPECT((rd(&bus, TOY_READ1, 4) == (uint64_t)tm.tm_year) ||
	       (rd(&bus, TOY_READ1, 4) == (uint64_t)tm.tm_year + 1));
	EXPECT((rd(&bus, RTC_CTRL, 4) & 0x2900) == 0x2900);

	/* 2001-02-03 04:05:06.7 UTC on a fake host clock. */
	rtc.now = fake_now;
	fake.tv_sec = 981173106;
	fake.tv_nsec = 700000000;
	EXPECT(rd(&bus, TOY_READ0, 4) == (toy0(2, 3, 4, 5, 6) | 7));
	EXPECT(rd(&bus, TOY_READ1, 4) == 101);

	/* Linux's set_time: WRITE0 then WRITE1, then read it back. */
	wr(&bus, TOY_WRITE0, 4, toy0(12, 31, 23, 59, 50));
	wr(&bus, TOY_WRITE1, 4, 130); /* 2030 */
	EXPECT((rd(&bus, TOY_READ0, 4) & ~0xfU) == toy0(12, 31, 23, 59, 50));
	EXPECT(rd(&bus, TOY_READ1, 4) == 130);
	/* It keeps running with the host: 15 s later is 2031. */
	fake.tv_sec += 15;
	EXPECT((rd(&bus, TOY_READ0, 4) & ~0xfU) == toy0(1, 1, 0, 0, 5));
	EXPECT(rd(&bus, TOY_READ1, 4) == 131);
	/* An impossible year is refused; the time is kept. */
	wr(&bus, TOY_WRITE1, 4, 0xffffffff);
	EXPECT(rd(&bus, TOY_READ1, 4) == 131);

	/* Match registers store; write registers read as zero. */
	wr(&bus, TOY_MATCH0, 4, 0x12345678);
	EXPECT(rd(&bus, TOY_MATCH0, 4) == 0x12345678);
	EXPECT(rd(&bus, TOY_WRITE0, 4) == 0);

	/* The RTC counter ticks at 32768 Hz while RTC_ENABLE is set. */
	wr(&bus, RTC_WRITE0, 4, 100);
	fake.tv_sec += 2;
	EXPECT(rd(&bus, RTC_READ0, 4) == 100 + 2 * 32768);
	wr(&bus, RTC_CTRL, 4, 0x0900); /* counter off, TOY on */
	fake.tv_sec += 2;
	EXPECT(rd(&bus, RTC_READ0, 4) == 100 + 2 * 32768);
	wr(&bus, RTC_CTRL, 4, 0x2900);
	fake.tv_sec += 1;
	EXPECT(rd(&bus, RTC_READ0, 4) == 100 + 3 * 32768);

	/* Only aligned 32-bit accesses do anything. */
	EXPECT(rd(&bus, TOY_READ1, 8) == 0);
	EXPECT(rd(&bus, TOY_READ1, 1) == 0);
	EXPECT(rd(&bus, TOY_READ1 + 2, 2) == 0);
	wr(&bus, TOY_WRITE1, 8, 50);
	wr(&bus, TOY_WRITE1, 2, 50);
	EXPECT(rd(&bus, TOY_READ1, 4) == 131);
	EXPECT(rd(&bus, R + 0xfc, 4) == 0);
	wr(&bus, R + 0xfc, 4, 1);

	bus_destroy(&bus);
	return finish("test_hw_rtc");
}
