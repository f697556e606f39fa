/* SPDX-License-Identifier: MIT */
/*
 * PCH-PIC and PCH-MSI through the MMIO bus, with the accesses Linux 6.12
 * irq-loongson-pch-pic.c makes: the vector count in the ID register,
 * mask/unmask, edge and level inputs with polarity, CLEAR, ROUTE and
 * HTMSI_VEC bytes, and the MSI doorbell's message to the EIOINTC input.
 */
#include "../../hw/pch_msi.h"
#include "../../hw/pch_pic.h"
#include "hw_util.h"

#define B PCH_PIC_BASE
#define MASK (B + 0x20)
#define HTMSI_EN (B + 0x40)
#define EDGE (B + 0x60)
#define CLR (B + 0x80)
#define ROUTE (B + 0x100)
#define HTVEC (B + 0x200)
#define IRR (B + 0x380)
#define ISR (B + 0x3a0)
#define POL (B + 0x3e0)

static struct bus bus;
static struct pch_pic pic;
static struct rec rec;
static struct irq_sink out;

static void setup(void)
{
	unsigned int i;

	bus_init(&bus);
	out = rec_sink(&rec);
	pch_pic_init(&pic, &out);
	EXPECT(bus_add(&bus, "pch-pic", B, PCH_PIC_SIZE, &pch_pic_ops, &pic) ==
	       0);
	/* As pch_pic_reset: vector i + 0 for input i, route to node 0. */
	for (i = 0; i < 64; i++) {
		wr(&bus, HTVEC + i, 1, i);
		wr(&bus, ROUTE + i, 1, 1);
	}
}

static void teardown(void)
{
	pch_pic_destroy(&pic);
	bus_destroy(&bus);
}

static void test_id_and_reset(void)
{
	setup();
	EXPECT(((rd(&bus, B, 8) >> 48) & 0xff) + 1 == 64);
	EXPECT(rd(&bus, B + 4, 4) >> 16 == 63);
	EXPECT(rd(&bus, MASK, 4) == 0xffffffff);
	EXPECT(rd(&bus, MASK + 4, 4) == 0xffffffff);
	EXPECT(rd(&bus, EDGE, 8) == 0);
	EXPECT(rd(&bus, HTVEC + 5, 1) == 5);
	EXPECT(rd(&bus, ROUTE + 63, 1) == 1);
	EXPECT(rd(&bus, HTVEC + 4, 4) == 0x07060504);
	/* A raised, masked input is pending but reaches no output. */
	pch_pic_set_irq(&pic, 2, true);
	EXPECT(rd(&bus, IRR, 8) == 1ULL << 2);
	EXPECT(rd(&bus, ISR, 8) == 0);
	EXPECT(rec.calls == 0);
	teardown();
}

static void test_level(void)
{
	setup();
	wr(&bus, HTVEC + 2, 1, 40); /* input 2 drives EIOINTC pin 40 */
	wr(&bus, MASK, 4, ~(1U << 2));
	EXPECT(!rec.level[40]);
	pch_pic_set_irq(&pic, 2, true);
	EXPECT(rec.level[40] && rec.rises[40] == 1);
	EXPECT(rd(&bus, ISR, 4) == 1U << 2);
	/* CLEAR does not drop a level input whose wire is still high. */
	wr(&bus, CLR, 4, 1U << 2);
	EXPECT(rec.level[40] && rd(&bus, IRR, 4) == 1U << 2);
	/* Mask and unmask (Linux's handle_level_irq) make a new edge. */
	wr(&bus, MASK, 4, 0xffffffff);
	EXPECT(!rec.level[40]);
	wr(&bus, MASK, 4, ~(1U << 2));
	EXPECT(rec.level[40] && rec.rises[40] == 2);
	pch_pic_set_irq(&pic, 2, false);
	EXPECT(!rec.level[40] && rd(&bus, IRR, 4) == 0);
	/* Active low: a low wire is asserted. */
	wr(&bus, POL, 4, 1U << 2);
	EXPECT(rec.level[40] && rd(&bus, IRR, 4) == 1U << 2);
	pch_pic_set_irq(&pic, 2, true);
	EXPECT(!rec.level[40]);
	teardown();
}

static void test_edge(void)
{
	setup();
	wr(&bus, EDGE + 4, 4, 1U << 1); /* input 33, rising edge */
	wr(&bus, MASK + 4, 4, ~(1U << 1));
	pch_pic_set_irq(&pic, 33, true);
	EXPECT(rec.level[33] && rec.rises[33] == 1);
	pch_pic_set_irq(&pic, 33, false);
	EXPECT(rec.level[33]);		 /* latched */
	pch_pic_set_irq(&pic, 33, true); /* a second edge while pending */
	EXPECT(rec.rises[33] == 1);
	wr(&bus, CLR + 4, 4, 1U << 1);
	EXPECT(!rec.level[33] && rd(&bus, IRR + 4, 4) == 0);
	/* Wire still high: no new edge until it falls and rises. */
	pch_pic_set_irq(&pic, 33, true);
	EXPECT(!rec.level[33]);
	pch_pic_set_irq(&pic, 33, false);
	pch_pic_set_irq(&pic, 33, true);
	EXPECT(rec.level[33] && rec.rises[33] == 2);
	/* A 64-bit CLEAR, as the bitmaps are 64 bits wide. */
	wr(&bus, CLR, 8, 1ULL << 33);
	EXPECT(!rec.level[33]);
	/* Edge latched while masked is delivered on unmask. */
	wr(&bus, MASK, 8, ~0ULL);
	pch_pic_set_irq(&pic, 33, false);
	pch_pic_set_irq(&pic, 33, true);
	EXPECT(!rec.level[33] && rd(&bus, IRR, 8) == 1ULL << 33);
	wr(&bus, MASK, 8, ~(1ULL << 33));
	EXPECT(rec.level[33]);
	teardown();
}

static void test_shared_vector_and_bytes(void)
{
	setup();
	/* Inputs 4 and 5 both drive pin 9: the output is their OR. */
	wr(&bus, HTVEC + 4, 2, 0x0909);
	wr(&bus, MASK, 1, 0xcf);
	pch_pic_set_irq(&pic, 4, true);
	pch_pic_set_irq(&pic, 5, true);
	EXPECT(rec.level[9] && rec.rises[9] == 1);
	pch_pic_set_irq(&pic, 4, false);
	EXPECT(rec.level[9]);
	pch_pic_set_irq(&pic, 5, false);
	EXPECT(!rec.level[9]);
	/* Retargeting a pending input moves the output. */
	pch_pic_set_irq(&pic, 4, true);
	wr(&bus, HTVEC + 4, 1, 200);
	EXPECT(!rec.level[9] && rec.level[200]);
	/* Plain registers keep what is written, byte by byte. */
	wr(&bus, HTMSI_EN, 4, 0xffffffff);
	wr(&bus, HTMSI_EN + 4, 2, 0x1234);
	EXPECT(rd(&bus, HTMSI_EN, 8) == 0x00001234ffffffffULL);
	wr(&bus, B + 0xc0, 4, 0x55);
	EXPECT(rd(&bus, B + 0xc0, 4) == 0x55);
	wr(&bus, ROUTE + 8, 8, 0x0102030405060708ULL);
	EXPECT(rd(&bus, ROUTE + 12, 4) == 0x01020304);
	/* Out-of-range pins, read-only and misaligned accesses are ignored. */
	pch_pic_set_irq(&pic, 64, true);
	pch_pic_set_irq(&pic, 1000, true);
	wr(&bus, B, 8, 0);
	EXPECT(((rd(&bus, B, 8) >> 48) & 0xff) == 63);
	wr(&bus, IRR, 8, ~0ULL);
	EXPECT(rd(&bus, IRR, 8) == 1ULL << 4);
	wr(&bus, MASK + 2, 4, 0);
	EXPECT(rd(&bus, MASK + 2, 4) == 0);
	EXPECT(rd(&bus, MASK, 1) == 0xcf);
	EXPECT(rd(&bus, B + 0x3fc, 4) == 0);
	teardown();
}

static void test_unconnected(void)
{
	struct pch_pic p;

	pch_pic_init(&p, NULL);
	pch_pic_set_irq(&p, 3, true);
	out = rec_sink(&rec);
	pch_pic_connect(&p, &out);
	EXPECT(!rec.level[0]); /* masked */
	pch_pic_destroy(&p);
}

static void test_msi(void)
{
	struct pch_msi msi;
	struct bus b;

	bus_init(&b);
	out = rec_sink(&rec);
	pch_msi_init(&msi, &out);
	EXPECT(bus_add(&b, "pch-msi", PCH_MSI_BASE, PCH_MSI_SIZE, &pch_msi_ops,
		       &msi) == 0);
	wr(&b, PCH_MSI_BASE, 4, 32);
	EXPECT(rec.rises[32] == 1 && rec.level[32] && rec.calls == 1);
	wr(&b, PCH_MSI_BASE, 4, 255);
	wr(&b, PCH_MSI_BASE, 4, 255);
	EXPECT(rec.level[255] && rec.calls == 3);
	wr(&b, PCH_MSI_BASE, 8, 0xffffffff00000030ULL);
	EXPECT(rec.rises[48] == 1);
	/* Ignored: vectors past 255, other sizes, offset 4; reads are 0. */
	rec.calls = 0;
	wr(&b, PCH_MSI_BASE, 4, 256);
	wr(&b, PCH_MSI_BASE, 1, 33);
	wr(&b, PCH_MSI_BASE, 2, 33);
	wr(&b, PCH_MSI_BASE + 4, 4, 33);
	EXPECT(rec.calls == 0);
	EXPECT(rd(&b, PCH_MSI_BASE, 4) == 0);
	pch_msi_init(&msi, NULL);
	wr(&b, PCH_MSI_BASE, 4, 40); /* no sink: dropped */
	EXPECT(rec.calls == 0);
	bus_destroy(&b);
}

int main(void)
{
	test_id_and_reset();
	test_level();
	test_edge();
	test_shared_vector_and_bytes();
	test_unconnected();
	test_msi();
	return finish("test_hw_pch_pic");
}
