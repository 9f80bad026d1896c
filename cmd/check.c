// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva check GROUP|DEVICE|SLOT...: one line per subject and an exit
 * status to branch on: 0 SVA yes, 3 no, 12 unknown; the worst subject wins
 * (not found 2 > no 3 > unknown 12 > yes 0).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "enumerate.h"
#include "list_view.h"
#include "options.h"
#include "report.h"
#include "select.h"
#include "verdict.h"
#include "verdict_json.h"
#include "xalloc.h"

static const struct argp_child check_children[] = {
	{ &survey_argp, 0, NULL, 0 },
	{ &common_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp check_argp = {
	.doc = "Say in one line per subject whether SVA can work, and why not.\v"
	       "GROUP is an IOMMU group number, DEVICE a device name (the "
	       "domain may be left out), SLOT an lspci slot such as 6a:01 (one "
	       "line per function). A device's answer is its group's: the group "
	       "is what a process is bound through. Exit status: 0 SVA yes, 3 "
	       "no, 12 unknown, 2 a subject that does not exist; with several "
	       "subjects the worst wins (2, then 3, then 12, then 0).",
	.args_doc = "GROUP|DEVICE|SLOT...",
	/* no parser of its own: argp hands the input to the first child */
	.children = check_children,
};

static int rank(int code)
{
	switch (code) {
	case VS_EXIT_OK:
		return 0;
	case VS_EXIT_SVA_UNKNOWN:
		return 1;
	case VS_EXIT_NOT_SUPPORTED:
		return 2;
	default:
		return 3;
	}
}

static int verdict_exit(enum tri t)
{
	return t == TRI_YES ? VS_EXIT_OK : t == TRI_NO ?
	       VS_EXIT_NOT_SUPPORTED : VS_EXIT_SVA_UNKNOWN;
}

#define MAX_SHOWN_REASONS 3

static bool said_before(const struct verdict *v, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (v->reasons[j].blocking == v->reasons[i].blocking &&
		    !strcmp(v->reasons[j].message, v->reasons[i].message))
			return true;
	return false;
}

/*
 * "no": the blocking reasons; "unknown": the others; "yes": none. Each
 * message once (a group repeats what its members lack), at most three.
 */
static void put_line(const char *subject, const struct verdict *v)
{
	const char *w = tri_word(v->capable);
	size_t i, shown = 0, more = 0;

	printf("%s: SVA %s%s%s", subject, vs_color(w), w, vs_color("reset"));
	for (i = 0; v->capable != TRI_YES && i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];

		if (r->blocking != (v->capable == TRI_NO) ||
		    said_before(v, i))
			continue;
		if (shown == MAX_SHOWN_REASONS && !vs_out.verbose) {
			more++;
			continue;
		}
		fputs(shown ? "; " : ": ", stdout);
		if (vs_out.verbose)
			printf("[%s] ", r->code);
		fputs(r->message, stdout);
		shown++;
	}
	if (more)
		printf("; and %zu more (-v shows all)", more);
	putchar('\n');
}

static struct json_object *subject_json(const char *subject, long group,
					const char *device,
					const struct verdict *v)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "subject", json_object_new_string(subject));
	json_object_object_add(o, "group", group >= 0 ?
			       json_object_new_int64(group) : NULL);
	json_object_object_add(o, "device", device ?
			       json_object_new_string(device) : NULL);
	json_object_object_add(o, "sva", verdict_json(v));
	return o;
}

static int check_one(const struct machine *m, const char *name,
		     struct json_object *subjects)
{
	bool *devices = xcalloc(m->nr_devices + 1, sizeof(bool));
	int worst = VS_EXIT_OK, code;
	char subject[320];
	long gi;
	size_t i;

	if (select_lookup(m, name, devices, &gi)) {
		free(devices);
		if (subjects) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "subject",
					       json_object_new_string(name));
			json_object_object_add(o, "error",
					       json_object_new_string("not-found"));
			json_object_array_add(subjects, o);
		}
		if (strspn(name, "0123456789") == strlen(name))
			fprintf(stderr, "vfio-sva: check: no IOMMU group %s\n",
				name);
		else
			fprintf(stderr, "vfio-sva: check: no IOMMU group or device named '%s'\n",
				name);
		return VS_EXIT_NOT_FOUND;
	}
	if (gi >= 0) {
		const struct group *g = &m->groups[gi];

		snprintf(subject, sizeof(subject), "group %u", g->id);
		if (subjects)
			json_object_array_add(subjects, subject_json(subject,
					      g->id, NULL, &g->sva));
		else
			put_line(subject, &g->sva);
		free(devices);
		return verdict_exit(g->sva.capable);
	}
	for (i = 0; i < m->nr_devices; i++) {
		const struct device *d = &m->devices[i];
		const struct verdict *v;

		if (!devices[i])
			continue;
		v = device_deciding_verdict(m, d);
		if (d->group >= 0)
			snprintf(subject, sizeof(subject), "%s (group %ld)",
				 d->name, d->group);
		else
			snprintf(subject, sizeof(subject),
				 "%s (no IOMMU group)", d->name);
		if (subjects)
			json_object_array_add(subjects, subject_json(subject,
					      d->group, d->name, v));
		else
			put_line(subject, v);
		code = verdict_exit(v->capable);
		if (rank(code) > rank(worst))
			worst = code;
	}
	free(devices);
	return worst;
}

int check_run(int argc, char **argv)
{
	struct survey_args args = { .names_required = true };
	struct json_object *doc = NULL, *subjects = NULL;
	int ret, worst = VS_EXIT_OK, code;
	struct machine m;
	size_t i;

	ret = cmd_parse(&check_argp, argc, argv, &args);
	if (ret >= 0)
		goto out_args;
	ret = cmd_survey("check", &m, args.no_probe);
	if (ret >= 0)
		goto out_args;

	if (vs_out.json) {
		doc = vs_json_doc();
		subjects = json_object_new_array();
	}
	for (i = 0; i < args.nr_names; i++) {
		code = check_one(&m, args.names[i], subjects);
		if (rank(code) > rank(worst))
			worst = code;
	}
	ret = worst;
	if (doc) {
		json_object_object_add(doc, "subjects", subjects);
		json_object_object_add(doc, "exit", json_object_new_int(worst));
		json_object_object_add(doc, "result",
				json_object_new_string(vs_exit_name(worst)));
		if (vs_json_emit(doc))
			ret = VS_EXIT_FAILURE;
	} else if (fflush(stdout) == EOF) {
		vs_warn("cannot write the output: %s", strerror(errno));
		ret = VS_EXIT_FAILURE;
	}
	machine_free(&m);
out_args:
	free(args.names);
	return ret;
}
