/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny unit test framework. Every assertion prints exactly one line,
 * "PASS: <suite>: <name>" or "FAIL: <suite>: <name>: <detail>", and
 * unit_finish() returns the exit status (1 if anything failed).
 */
#ifndef VFIO_SVA_UNIT_H
#define VFIO_SVA_UNIT_H

#include <stddef.h>
#include <stdint.h>

#include "tristate.h"

/* Name the suite that the following assertions belong to. */
void unit_suite(const char *suite);

/* Record one assertion; @fmt describes the failure (expected vs got). */
void unit_check(const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like unit_check, with a printf-formatted name (for table-driven cases). */
void unit_checkf(int ok, const char *detail, const char *namefmt, ...)
	__attribute__((format(printf, 3, 4)));

void unit_eq_int(const char *name, long long got, long long want);
void unit_eq_u64(const char *name, uint64_t got, uint64_t want);
void unit_eq_str(const char *name, const char *got, const char *want);
void unit_eq_tri(const char *name, enum tri got, enum tri want);
void unit_eq_mem(const char *name, const void *got, const void *want,
		 size_t len);

/* Exit status: 0 if every assertion passed, 1 otherwise. */
int unit_finish(void);

unsigned int unit_failures(void);

/*
 * Path of a file under tests/unit/data/: $UNIT_DATA_DIR, else the
 * directory next to this source file (found from the working directory
 * or from the test binary's location under $(B)/tests/unit/).
 * Returns a static buffer.
 */
const char *unit_data_path(const char *name);

#define CHECK(name, cond, ...) unit_check((name), !!(cond), __VA_ARGS__)
#define CHECK_EQ_INT(name, got, want) \
	unit_eq_int((name), (long long)(got), (long long)(want))
#define CHECK_EQ_U64(name, got, want) \
	unit_eq_u64((name), (uint64_t)(got), (uint64_t)(want))
#define CHECK_EQ_STR(name, got, want) unit_eq_str((name), (got), (want))
#define CHECK_EQ_TRI(name, got, want) unit_eq_tri((name), (got), (want))

#endif
