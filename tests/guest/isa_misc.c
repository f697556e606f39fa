/* SPDX-License-Identifier: MIT */
/*
 * The misc instructions (LoongArch Vol1 2.2.9-2.2.10): crc/crcc against
 * known vectors, cpucfg words, rdtime and the non-faulting asrt paths.
 */
#include "runtime.h"

#define CRC_OP(fn, mnemonic)                                               \
	static uint64_t fn(uint64_t rj, uint64_t rk)                       \
	{                                                                  \
		uint64_t rd;                                               \
		__asm__ volatile(mnemonic "\t%0, %1, %2"                   \
				 : "=r"(rd)                                \
				 : "r"(rj), "r"(rk));                      \
		return rd;                                                 \
	}

CRC_OP(crc_w_b_w, "crc.w.b.w")
CRC_OP(crc_w_h_w, "crc.w.h.w")
CRC_OP(crc_w_w_w, "crc.w.w.w")
CRC_OP(crc_w_d_w, "crc.w.d.w")
CRC_OP(crcc_w_b_w, "crcc.w.b.w")
CRC_OP(crcc_w_h_w, "crcc.w.h.w")
CRC_OP(crcc_w_w_w, "crcc.w.w.w")
CRC_OP(crcc_w_d_w, "crcc.w.d.w")

static const char check_string[] = "123456789";

static void test_crc(void)
{
	const uint64_t a = 0x0123456789abcdefULL, b = 0xfedcba9876543210ULL;
	uint64_t s;
	unsigned int k;

	/* The standard check values of CRC-32 and CRC-32C over "123456789". */
	s = 0xffffffffULL;
	for (k = 0; k < 9; k++)
		s = crc_w_b_w((uint8_t)check_string[k], s);
	CHECK("crc32 123456789", (uint32_t)~s, 0xcbf43926U);
	s = 0xffffffffULL;
	for (k = 0; k < 9; k++)
		s = crcc_w_b_w((uint8_t)check_string[k], s);
	CHECK("crc32c 123456789", (uint32_t)~s, 0xe3069283U);
	/* Eight bytes at once, then the ninth. */
	s = crc_w_d_w(0x3837363534333231ULL, 0xffffffffULL);
	s = crc_w_b_w('9', s);
	CHECK("crc32 d+b", (uint32_t)~s, 0xcbf43926U);
	s = crcc_w_w_w(0x34333231ULL, 0xffffffffULL);
	s = crcc_w_w_w(0x38373635ULL, s);
	s = crcc_w_b_w('9', s);
	CHECK("crc32c w+w+b", (uint32_t)~s, 0xe3069283U);

	/* Each width, with the upper bits of rj and rk ignored. */
	CHECK("crc.w.b.w", crc_w_b_w(a, 0xffffffffULL), 0x1d48ef9bULL);
	CHECK("crc.w.h.w", crc_w_h_w(a, 0xffffffffULL), 0xffffffff8215bc2eULL);
	CHECK("crc.w.w.w", crc_w_w_w(a, 0xffffffffULL), 0x10472a38ULL);
	CHECK("crc.w.d.w", crc_w_d_w(a, 0xffffffffULL), 0xffffffffbbc41db8ULL);
	CHECK("crcc.w.b.w", crcc_w_b_w(a, 0xffffffffULL), 0x10a13890ULL);
	CHECK("crcc.w.h.w", crcc_w_h_w(a, 0xffffffffULL), 0xffffffffee1d3738ULL);
	CHECK("crcc.w.w.w", crcc_w_w_w(a, 0xffffffffULL), 0xffffffffee8c8012ULL);
	CHECK("crcc.w.d.w", crcc_w_d_w(a, 0xffffffffULL), 0xffffffff9a4f27dcULL);
	CHECK("crc.w.b.w 2", crc_w_b_w(b, 0xabcdef0012345678ULL), 0x437bdd3cULL);
	CHECK("crc.w.h.w 2", crc_w_h_w(b, 0x12345678ULL), 0xffffffffe7fb56daULL);
	CHECK("crc.w.w.w 2", crc_w_w_w(b, 0x12345678ULL), 0xffffffff9e6e72f6ULL);
	CHECK("crc.w.d.w 2", crc_w_d_w(b, 0x12345678ULL), 0xffffffffdf04eaaaULL);
	CHECK("crcc.w.b.w 2", crcc_w_b_w(b, 0x12345678ULL), 0xffffffffeb0dfffbULL);
	CHECK("crcc.w.h.w 2", crcc_w_h_w(b, 0x12345678ULL), 0xffffffffbbd4f0f7ULL);
	CHECK("crcc.w.w.w 2", crcc_w_w_w(b, 0x12345678ULL), 0x14f8d626ULL);
	CHECK("crcc.w.d.w 2", crcc_w_d_w(b, 0x12345678ULL), 0x679dfef3ULL);
}

static uint64_t cpucfg(uint64_t idx)
{
	uint64_t v;

	__asm__ volatile("cpucfg %0, %1" : "=r"(v) : "r"(idx));
	return v;
}

static void test_cpucfg(void)
{
	/*
	 * Only the words where loongvm's LA464 (machine/la464.c) and QEMU
	 * 7.2's la464 model agree. Words 2 and 3 differ in optional feature
	 * bits (QEMU advertises LSX/LASX, which loongvm does not implement
	 * yet), so they are left out.
	 */
	CHECK("cpucfg 0 prid", cpucfg(0), 0x0014c010);
	CHECK("cpucfg 1", cpucfg(1), 0x03f2f2fe);
	CHECK("cpucfg 4 cc freq", cpucfg(4), 100000000);
	CHECK("cpucfg 5 cc mul/div", cpucfg(5), 0x00010001);
	CHECK("cpucfg 16 cache levels", cpucfg(16), 0x00002c3d);
	CHECK("cpucfg 17", cpucfg(17), 0x06080003);
	CHECK("cpucfg 18", cpucfg(18), 0x06080003);
	CHECK("cpucfg 19", cpucfg(19), 0x0608000f);
	CHECK("cpucfg 20", cpucfg(20), 0x060e000f);
	/* Beyond the implemented words. */
	CHECK("cpucfg 21", cpucfg(21), 0);
	CHECK("cpucfg 0x3fff", cpucfg(0x3fff), 0);
}

static void test_rdtime(void)
{
	uint64_t t0, t1, id, lo, hi, tmid, last;
	unsigned int k;
	int mono = 1;

	__asm__ volatile("csrrd %0, 0x40" : "=r"(tmid));
	__asm__ volatile("rdtime.d %0, %1" : "=r"(t0), "=r"(id));
	CHECK("rdtime.d counter id", id, tmid);
	last = t0;
	for (k = 0; k < 1000; k++) {
		__asm__ volatile("rdtime.d %0, $zero" : "=r"(t1));
		if (t1 < last)
			mono = 0;
		last = t1;
	}
	CHECK("rdtime monotonic", mono, 1);
	CHECK("rdtime advances", last > t0, 1);
	__asm__ volatile("rdtimel.w %0, %1" : "=r"(lo), "=r"(id));
	CHECK("rdtimel.w id", id, tmid);
	CHECK("rdtimel.w sign-extended", lo, (uint64_t)(int64_t)(int32_t)lo);
	__asm__ volatile("rdtimeh.w %0, %1" : "=r"(hi), "=r"(id));
	CHECK("rdtimeh.w sign-extended", hi, (uint64_t)(int64_t)(int32_t)hi);
	CHECK("rdtimeh.w high word", (uint32_t)hi, (uint32_t)(last >> 32));
	/* rd = $zero: only the counter id is written. */
	id = 12345;
	__asm__ volatile("rdtime.d $zero, %0" : "+r"(id));
	CHECK("rdtime.d $zero id", id, tmid);
}

static void test_asrt(void)
{
	uint64_t one = 1, two = 2;

	__asm__ volatile("asrtle.d %0, %1" ::"r"(one), "r"(two));
	__asm__ volatile("asrtle.d %0, %1" ::"r"(two), "r"(two));
	__asm__ volatile("asrtgt.d %0, %1" ::"r"(two), "r"(one));
	CHECK("asrt did not fault", 1, 1);
}

int main(void)
{
	test_crc();
	test_cpucfg();
	test_rdtime();
	test_asrt();
	return test_done("isa_misc");
}
