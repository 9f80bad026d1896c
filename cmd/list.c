// SPDX-License-Identifier: GPL-2.0
/* vfio-sva list [GROUP|DEVICE|SLOT...]: IOMMU units, groups, devices, verdicts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "enumerate.h"
#include "list_view.h"
#include "options.h"
#include "pci_names.h"
#include "report.h"
#include "select.h"
#include "sysfs_parse.h"
#include "verdict.h"
#include "xalloc.h"

struct list_args {
	struct survey_args survey;	/* the subjects, --no-probe */
	bool brief;
	struct filters filters;
};

static const struct argp_option list_options[] = {
	{ "brief", OPT_BRIEF, NULL, 0,
	  "One line per group: verdict, devices, first blocking reason", 0 },
	{ "numeric", OPT_NUMERIC, NULL, 0,
	  "Show PCI vendor and device numbers only, no names from pci.ids", 0 },
	{ 0 }
};

static const struct argp_child list_children[] = {
	{ &filters_argp, 0, NULL, 1 },
	{ &survey_argp, 0, NULL, 0 },
	{ &common_argp, 0, NULL, 0 },
	{ 0 }
};

static error_t list_parse(int key, char *arg, struct argp_state *state)
{
	struct list_args *a = state->input;

	(void)arg;
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = &a->filters;
		state->child_inputs[1] = &a->survey;
		break;
	case OPT_BRIEF:
		a->brief = true;
		break;
	case OPT_NUMERIC:
		pci_names_disable();
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp list_argp = {
	.doc = "List IOMMU units, IOMMU groups and devices with their ATS, PRI "
	       "and PASID capabilities, and say for each whether SVA can work "
	       "and every reason it cannot.\v"
	       "GROUP is an IOMMU group number; DEVICE a device name such as "
	       "0000:6a:01.0 (the domain may be left out, any case) or a "
	       "platform device's name; SLOT an lspci slot such as 6a:01 "
	       "(every function) or 6a:01.0. Without arguments everything is "
	       "listed. The selection options narrow that down; a group is "
	       "shown with the devices that pass them. Exit status 0 whatever "
	       "the verdicts (use 'vfio-sva check' to branch on one).",
	.args_doc = "[GROUP|DEVICE|SLOT...]",
	.options = list_options,
	.parser = list_parse,
	.children = list_children,
};

struct selection {
	bool *groups, *devices, *iommus;
};

static void show_group(const struct machine *m, struct selection *s,
		       const struct group *g)
{
	struct iommu_unit *u = machine_find_iommu(m, g->iommu);

	s->groups[g - m->groups] = true;
	if (u)
		s->iommus[u - m->iommus] = true;
}

/*
 * Devices named (all, without names), less those the filters drop; a group
 * is shown when one of its devices is, or when it was named by number and no
 * filter was given (so that an empty group can still be asked about).
 */
static int select_view(struct machine *m, const struct list_args *a,
		       struct selection *s)
{
	bool filtered = filters_given(&a->filters);
	size_t i;
	long gi;
	int ret;

	s->groups = xcalloc(m->nr_groups, sizeof(bool));
	s->devices = xcalloc(m->nr_devices, sizeof(bool));
	s->iommus = xcalloc(m->nr_iommus, sizeof(bool));
	for (i = 0; i < a->survey.nr_names; i++) {
		ret = select_name(m, "list", a->survey.names[i], s->devices,
				  &gi);
		if (ret)
			return ret;
		if (gi >= 0 && !filtered)
			show_group(m, s, &m->groups[gi]);
	}
	if (!a->survey.nr_names) {
		memset(s->devices, 1, m->nr_devices * sizeof(bool));
		if (!filtered)
			for (i = 0; i < m->nr_groups; i++)
				show_group(m, s, &m->groups[i]);
	}
	for (i = 0; i < m->nr_devices; i++) {
		struct device *dev = &m->devices[i];

		if (s->devices[i] && filtered &&
		    !filters_match(m, &a->filters, dev))
			s->devices[i] = false;
		if (s->devices[i] && dev->group >= 0)
			show_group(m, s, machine_find_group(m,
				   (unsigned int)dev->group));
	}
	return 0;
}

int list_run(int argc, char **argv)
{
	static char out_buf[1 << 16];
	struct list_args args = { 0 };
	struct selection sel = { 0 };
	struct list_view view;
	struct machine m;
	int ret;

	filters_init(&args.filters);
	ret = cmd_parse(&list_argp, argc, argv, &args);
	if (ret >= 0)
		goto out_args;

	ret = cmd_survey("list", &m, args.survey.no_probe);
	if (ret >= 0)
		goto out_args;

	view = (struct list_view){ .m = &m };
	if (args.survey.nr_names || filters_given(&args.filters)) {
		ret = select_view(&m, &args, &sel);
		if (ret)
			goto out;
		view.group_shown = sel.groups;
		view.device_shown = sel.devices;
		view.iommu_shown = sel.iommus;
		view.filtered = true;
	}

	/* a big host's document is megabytes: fewer, larger writes */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	if (vs_out.json) {
		ret = list_json(stdout, &view) ? VS_EXIT_FAILURE : 0;
	} else {
		if (args.brief)
			list_brief(stdout, &view);
		else
			list_text(stdout, &view);
		ret = fflush(stdout) == EOF ? VS_EXIT_FAILURE : 0;
	}
	if (ret)
		vs_stdout_error(errno);
out:
	free(sel.groups);
	free(sel.devices);
	free(sel.iommus);
	machine_free(&m);
	pci_names_free();
out_args:
	free(args.survey.names);
	return ret;
}
