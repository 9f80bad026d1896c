/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_VERDICT_H
#define VFIO_SVA_VERDICT_H

/*
 * Verdicts: the reasons that block SVA (or leave it unknown) for each
 * unit, device and group, and the assessment that fills them.
 */

#include "model.h"

/* Add a reason; @code must be a string literal (it is not copied). */
void verdict_add(struct verdict *v, const char *code, bool blocking,
		 enum reason_origin origin, const char *subject,
		 const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Append a copy of one reason, or of all of @from's, to @to. */
void verdict_merge_one(struct verdict *to, const struct reason *from);
void verdict_merge(struct verdict *to, const struct verdict *from);

/* Does @v hold a reason of @origin? */
bool verdict_has_origin(const struct verdict *v, enum reason_origin origin);

/* capable = no if any reason blocks, unknown if any reason, yes otherwise. */
void verdict_settle(struct verdict *v);

void verdict_free(struct verdict *v);

/* Compute every unit's, device's and group's verdict in @m. */
void machine_assess(struct machine *m);

#endif
