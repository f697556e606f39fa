/* SPDX-License-Identifier: MIT */
/*
 * The floating-point kernel: a small n-body step in double precision
 * (multiplies, adds, divides and square roots) and a single-precision
 * dot-product sweep. The checksum is the bit pattern of the energies, so
 * both emulators must round exactly alike.
 */
#include "bench.h"

#define BODIES 16
#define STEPS 10000
#define VEC_N 1024
#define SWEEPS 200

static double px[BODIES], py[BODIES], pz[BODIES];
static double vx[BODIES], vy[BODIES], vz[BODIES], m[BODIES];
static float va[VEC_N], vb[VEC_N];

static double fsqrt(double x)
{
	double r;

	__asm__("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
	return r;
}

static void init(void)
{
	uint64_t s = 42;
	int i;

	for (i = 0; i < BODIES; i++) {
		px[i] = (double)(bench_rand(&s) % 2000) / 100.0 - 10.0;
		py[i] = (double)(bench_rand(&s) % 2000) / 100.0 - 10.0;
		pz[i] = (double)(bench_rand(&s) % 2000) / 100.0 - 10.0;
		vx[i] = vy[i] = vz[i] = 0.0;
		m[i] = 1.0 + (double)(bench_rand(&s) % 100) / 50.0;
	}
	for (i = 0; i < VEC_N; i++) {
		va[i] = (float)(bench_rand(&s) % 1000) / 997.0f;
		vb[i] = (float)(bench_rand(&s) % 1000) / 991.0f;
	}
}

static void step(double dt)
{
	int i, j;

	for (i = 0; i < BODIES; i++)
		for (j = i + 1; j < BODIES; j++) {
			double dx = px[i] - px[j], dy = py[i] - py[j];
			double dz = pz[i] - pz[j];
			double d2 = dx * dx + dy * dy + dz * dz + 0.01;
			double mag = dt / (d2 * fsqrt(d2));

			vx[i] -= dx * m[j] * mag;
			vy[i] -= dy * m[j] * mag;
			vz[i] -= dz * m[j] * mag;
			vx[j] += dx * m[i] * mag;
			vy[j] += dy * m[i] * mag;
			vz[j] += dz * m[i] * mag;
		}
	for (i = 0; i < BODIES; i++) {
		px[i] += dt * vx[i];
		py[i] += dt * vy[i];
		pz[i] += dt * vz[i];
	}
}

static double energy(void)
{
	double e = 0.0;
	int i;

	for (i = 0; i < BODIES; i++)
		e += 0.5 * m[i] * (vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]);
	return e;
}

static float dots(void)
{
	float acc = 0.0f;
	int s, i;

	for (s = 0; s < SWEEPS; s++) {
		float d = 0.0f;

		for (i = 0; i < VEC_N; i++)
			d += va[i] * vb[i];
		acc = acc * 0.5f + d;
		va[s % VEC_N] = d / (float)VEC_N;
	}
	return acc;
}

int main(void)
{
	uint64_t t0, sum = 0, bits;
	double e;
	float f;
	int k;

	/* EUEN.FPE: the FPU is off at reset (Vol1 7.4.6). */
	__asm__ volatile("li.w $t0, 1\n\tcsrwr $t0, 0x2" ::: "$t0");
	init();
	t0 = bench_now();
	for (k = 0; k < STEPS; k++)
		step(0.001);
	e = energy();
	f = dots();
	__builtin_memcpy(&bits, &e, 8);
	sum = bits;
	bits = 0;
	__builtin_memcpy(&bits, &f, 4);
	sum = sum * 31 + bits;
	bench_report("fp", sum, bench_now() - t0);
	test_exit(0);
}
