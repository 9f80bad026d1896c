// SPDX-License-Identifier: GPL-2.0
/* list --brief: one line per group (and per device in no group). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list_view.h"
#include "report.h"
#include "xalloc.h"

const struct reason *verdict_first_reason(const struct verdict *v)
{
	size_t i;

	for (i = 0; i < v->nr_reasons; i++)
		if (v->reasons[i].blocking)
			return &v->reasons[i];
	return v->nr_reasons ? &v->reasons[0] : NULL;
}

struct row {
	char group[16];
	enum tri sva;
	char *devices;
	const struct reason *reason;
};

static void put_member(FILE *f, const struct device *d, bool first)
{
	fprintf(f, "%s%s (%s)", first ? "" : ", ", d->name,
		d->driver ? d->driver : "no driver");
}

static char *group_devices(const struct list_view *v, const struct group *g)
{
	bool first = true;
	char *text = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return xstrdup("?");
	for (i = 0; i < g->nr_members; i++) {
		if (!view_device(v, g->members[i]))
			continue;
		put_member(f, &v->m->devices[g->members[i]], first);
		first = false;
	}
	if (first)
		fputs(g->nr_members ? "-" : "(no devices)", f);
	fclose(f);
	return text;
}

static char *one_device(const struct device *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return xstrdup("?");
	put_member(f, d, true);
	fclose(f);
	return text;
}

void list_brief(FILE *out, const struct list_view *v)
{
	const struct machine *m = v->m;
	size_t nr = 0, i, wg = 5, wd = 7;
	struct row *rows = xcalloc(m->nr_groups + m->nr_devices + 1,
				   sizeof(*rows));

	for (i = 0; i < m->nr_groups; i++) {
		const struct group *g = &m->groups[i];

		if (!view_group(v, i))
			continue;
		snprintf(rows[nr].group, sizeof(rows[nr].group), "%u", g->id);
		rows[nr].sva = g->sva.capable;
		rows[nr].devices = group_devices(v, g);
		rows[nr].reason = verdict_first_reason(&g->sva);
		nr++;
	}
	for (i = 0; i < m->nr_devices; i++) {
		const struct device *d = &m->devices[i];

		if (d->group >= 0 || !view_device(v, i))
			continue;
		strcpy(rows[nr].group, "-");
		rows[nr].sva = d->sva.capable;
		rows[nr].devices = one_device(d);
		rows[nr].reason = verdict_first_reason(&d->sva);
		nr++;
	}
	for (i = 0; i < nr; i++) {
		if (strlen(rows[i].group) > wg)
			wg = strlen(rows[i].group);
		if (strlen(rows[i].devices) > wd)
			wd = strlen(rows[i].devices);
	}
	if (!nr) {
		fputs("No IOMMU group or device matches.\n", out);
		free(rows);
		return;
	}
	fprintf(out, "%-*s  %-7s  %-*s  %s\n", (int)wg, "GROUP", "SVA",
		(int)wd, "DEVICES", "REASON");
	for (i = 0; i < nr; i++) {
		const struct row *r = &rows[i];
		const char *w = tri_word(r->sva);

		fprintf(out, "%-*s  %s%-7s%s  %-*s  ", (int)wg, r->group,
			vs_color(w), w, vs_color("reset"), (int)wd,
			r->devices);
		if (!r->reason || r->sva == TRI_YES)
			fputs("-\n", out);
		else if (vs_out.verbose)
			fprintf(out, "[%s] %s\n", r->reason->code,
				r->reason->message);
		else
			fprintf(out, "%s\n", r->reason->message);
		free(rows[i].devices);
	}
	free(rows);
}
