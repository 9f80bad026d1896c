// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus text exposition format: HELP and TYPE lines, samples,
 * escaped label values.
 */
#include <math.h>
#include <stdbool.h>

#include "prom_text.h"

/* HELP text escapes backslash and line feed; label values also '"'. */
static void escape(FILE *out, const char *s, bool quote)
{
	for (; s && *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '"' && quote)
			fputs("\\\"", out);
		else
			fputc(*s, out);
	}
}

void prom_escape_label(FILE *out, const char *value)
{
	escape(out, value, true);
}

void prom_family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s ", name);
	escape(out, help, false);
	fprintf(out, "\n# TYPE %s gauge\n", name);
}

void prom_sample(FILE *out, const char *name, const char *const *labels,
		 int nr_labels, double value)
{
	int i;

	fputs(name, out);
	if (nr_labels) {
		fputc('{', out);
		for (i = 0; i < nr_labels; i++) {
			size_t k = (size_t)i * 2;

			fprintf(out, "%s%s=\"", i ? "," : "", labels[k]);
			prom_escape_label(out, labels[k + 1]);
			fputc('"', out);
		}
		fputc('}', out);
	}
	if (isnan(value))
		fputs(" NaN\n", out);
	else if (value == (double)(long long)value)
		fprintf(out, " %lld\n", (long long)value);
	else
		fprintf(out, " %.17g\n", value);
}
