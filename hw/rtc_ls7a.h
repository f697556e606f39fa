/* SPDX-License-Identifier: MIT */
/*
 * The LS7A RTC at 0x100d0100: the time-of-year (TOY) calendar the guest
 * reads with Linux 6.12 drivers/rtc/rtc-loongson.c ("loongson,ls7a-rtc"),
 * and the 32.768 kHz RTC counter beside it. Time is the host's UTC clock
 * plus an offset the guest sets by writing TOYWRITE0/1. The match
 * (alarm) registers are stored but raise no interrupt.
 */
#ifndef LOONGVM_HW_RTC_LS7A_H
#define LOONGVM_HW_RTC_LS7A_H

#include <stdint.h>
#include <time.h>

#include "bus.h"

#define RTC_LS7A_BASE 0x100d0100ULL
#define RTC_LS7A_SIZE 0x100ULL

struct rtc_ls7a {
	/* Reads the host clock; clock_gettime(CLOCK_REALTIME) by default. */
	void (*now)(struct timespec *ts);
	int64_t toy_offset_ns; /* guest TOY = host + this */
	uint32_t ctrl, toy_trim, rtc_trim;
	uint32_t toy_match[3], rtc_match[3];
	uint32_t rtc_base;    /* counter value at rtc_since */
	int64_t rtc_since_ns; /* host time of the last counter write/enable */
};

/*
 * Reset state: TOY, oscillator and RTC counter enabled, as firmware leaves
 * them (Linux reads no time while RTCCTRL's TOY bits are clear).
 */
void rtc_ls7a_init(struct rtc_ls7a *r);
extern const struct bus_ops rtc_ls7a_ops;

#endif /* LOONGVM_HW_RTC_LS7A_H */
