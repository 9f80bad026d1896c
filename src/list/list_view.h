/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_LIST_VIEW_H
#define VFIO_SVA_LIST_VIEW_H

/*
 * What `list` shows of the machine (a filtered view of the model) and its
 * three renderers: text, brief and JSON.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

/* Which parts of the machine `list` shows; NULL arrays mean everything. */
struct list_view {
	const struct machine *m;
	const bool *group_shown;	/* per index of m->groups */
	const bool *device_shown;	/* per index of m->devices */
	const bool *iommu_shown;	/* per index of m->iommus */
	bool filtered;
};

static inline bool view_group(const struct list_view *v, size_t i)
{
	return !v->group_shown || v->group_shown[i];
}

static inline bool view_device(const struct list_view *v, size_t i)
{
	return !v->device_shown || v->device_shown[i];
}

static inline bool view_iommu(const struct list_view *v, size_t i)
{
	return !v->iommu_shown || v->iommu_shown[i];
}

/*
 * The list document, schema 1 (see vfio-sva(8), JSON OUTPUT), written to
 * @out as it is built; 0, or -1 when it could not be written.
 */
int list_json(FILE *out, const struct list_view *v);

/* The same, as an indented tree for people. */
void list_text(FILE *out, const struct list_view *v);

/*
 * list --brief: a table, one line per group shown (and per device shown in
 * no group): id, verdict, devices with their drivers, first blocking reason.
 */
void list_brief(FILE *out, const struct list_view *v);

/* The first blocking reason of @v, else its first reason, else NULL. */
const struct reason *verdict_first_reason(const struct verdict *v);

#endif
