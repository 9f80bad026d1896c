// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

static const char *cur_suite = "unit";
static unsigned int n_checks, n_failed;

void unit_suite(const char *suite)
{
	cur_suite = suite;
}

static void report(const char *name, int ok, const char *fmt, va_list ap)
{
	n_checks++;
	if (ok) {
		printf("PASS: %s: %s\n", cur_suite, name);
	} else {
		n_failed++;
		printf("FAIL: %s: %s: ", cur_suite, name);
		vprintf(fmt, ap);
		putchar('\n');
	}
	fflush(stdout);
}

void unit_check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(name, ok, fmt, ap);
	va_end(ap);
}

static void report_plain(const char *name, int ok, const char *detail)
{
	unit_check(name, ok, "%s", detail);
}

void unit_checkf(int ok, const char *detail, const char *namefmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, namefmt);
	vsnprintf(name, sizeof(name), namefmt, ap);
	va_end(ap);
	report_plain(name, ok, detail);
}

void unit_eq_int(const char *name, long long got, long long want)
{
	unit_check(name, got == want, "expected %lld, got %lld", want, got);
}

void unit_eq_u64(const char *name, uint64_t got, uint64_t want)
{
	unit_check(name, got == want, "expected %#llx, got %#llx",
		   (unsigned long long)want, (unsigned long long)got);
}

void unit_eq_str(const char *name, const char *got, const char *want)
{
	int ok = got && want ? !strcmp(got, want) : got == want;

	unit_check(name, ok, "expected \"%s\", got \"%s\"",
		   want ? want : "(null)", got ? got : "(null)");
}

static const char *tri_name(enum tri t)
{
	switch (t) {
	case TRI_YES:
		return "YES";
	case TRI_NO:
		return "NO";
	case TRI_UNKNOWN:
		return "UNKNOWN";
	}
	return "(invalid tri)";
}

void unit_eq_tri(const char *name, enum tri got, enum tri want)
{
	unit_check(name, got == want, "expected %s, got %s (%d)",
		   tri_name(want), tri_name(got), (int)got);
}

void unit_eq_mem(const char *name, const void *got, const void *want,
		 size_t len)
{
	const unsigned char *g = got, *w = want;
	size_t i;

	for (i = 0; i < len; i++)
		if (g[i] != w[i])
			break;
	if (i == len)
		unit_check(name, 1, "%s", "");
	else
		unit_check(name, 0, "byte %zu: expected %#04x, got %#04x", i,
			   w[i], g[i]);
}

unsigned int unit_failures(void)
{
	return n_failed;
}

int unit_finish(void)
{
	fprintf(stderr, "%s: %u assertions, %u failed\n", cur_suite,
		n_checks, n_failed);
	return n_failed ? 1 : 0;
}

static int is_dir(const char *path)
{
	return access(path, R_OK | X_OK) == 0;
}

const char *unit_data_path(const char *name)
{
	static char dir[PATH_MAX + 32];
	static char path[sizeof(dir) + 256];
	const char *env = getenv("UNIT_DATA_DIR");
	size_t dlen, nlen;

	if (!dir[0]) {
		char exe[PATH_MAX];
		ssize_t n;
		int up;

		if (env && *env) {
			snprintf(dir, sizeof(dir), "%s", env);
		} else if (is_dir("tests/unit/data")) {
			snprintf(dir, sizeof(dir), "tests/unit/data");
		} else {
			/* $(B)/tests/unit/test_x: the tree is three levels up */
			n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
			if (n < 0)
				n = 0;
			exe[n] = '\0';
			for (up = 0; up < 4; up++) {
				char *slash = strrchr(exe, '/');

				if (!slash)
					break;
				*slash = '\0';
			}
			snprintf(dir, sizeof(dir), "%s/tests/unit/data", exe);
		}
	}
	/* not snprintf: -Wformat-truncation=2 objects to the sizes */
	dlen = strlen(dir);
	nlen = strlen(name);
	if (dlen + 1 + nlen >= sizeof(path))
		nlen = sizeof(path) - dlen - 2;
	memcpy(path, dir, dlen);
	path[dlen] = '/';
	memcpy(path + dlen + 1, name, nlen);
	path[dlen + 1 + nlen] = '\0';
	return path;
}
