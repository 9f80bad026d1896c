// SPDX-License-Identifier: GPL-2.0
/*
 * A verdict and its reasons: adding, merging without repeats, and
 * settling yes, no or unknown from what blocks and what is unknown.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "verdict.h"
#include "xalloc.h"

static void verdict_push(struct verdict *v, const struct reason *r)
{
	v->reasons = xreallocarray(v->reasons, v->nr_reasons + 1,
				   sizeof(*v->reasons));
	v->reasons[v->nr_reasons++] = *r;
}

void verdict_add(struct verdict *v, const char *code, bool blocking,
		 enum reason_origin origin, const char *subject,
		 const char *fmt, ...)
{
	struct reason r = { code, blocking, origin, xstrdup(subject), NULL };
	va_list ap;

	va_start(ap, fmt);
	r.message = xvasprintf(fmt, ap);
	va_end(ap);
	verdict_push(v, &r);
}

void verdict_merge_one(struct verdict *to, const struct reason *from)
{
	struct reason r = *from;

	r.subject = xstrdup(r.subject);
	r.message = xstrdup(r.message);
	verdict_push(to, &r);
}

void verdict_merge(struct verdict *to, const struct verdict *from)
{
	size_t i;

	for (i = 0; i < from->nr_reasons; i++)
		verdict_merge_one(to, &from->reasons[i]);
}

bool verdict_has_origin(const struct verdict *v, enum reason_origin origin)
{
	size_t i;

	for (i = 0; i < v->nr_reasons; i++)
		if (v->reasons[i].origin == origin)
			return true;
	return false;
}

void verdict_settle(struct verdict *v)
{
	size_t i;

	v->capable = TRI_YES;
	for (i = 0; i < v->nr_reasons; i++) {
		if (v->reasons[i].blocking) {
			v->capable = TRI_NO;
			return;
		}
		v->capable = TRI_UNKNOWN;
	}
}

void verdict_free(struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nr_reasons; i++) {
		free(v->reasons[i].subject);
		free(v->reasons[i].message);
	}
	free(v->reasons);
	v->reasons = NULL;
	v->nr_reasons = 0;
}
