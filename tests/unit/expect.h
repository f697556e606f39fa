/* SPDX-License-Identifier: MIT */
/*
 * The check macro every unit test uses: EXPECT records a failure with its
 * file and line and goes on, so one run reports every broken check.
 */
#ifndef LOONGVM_TESTS_EXPECT_H
#define LOONGVM_TESTS_EXPECT_H

#include <stdio.h>

static int failures;

#define EXPECT(cond)                                                        \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: expected %s\n", __FILE__,   \
				__LINE__, #cond);                           \
			failures++;                                         \
		}                                                           \
	} while (0)

#endif /* LOONGVM_TESTS_EXPECT_H */
