// SPDX-License-Identifier: GPL-2.0
/* vfio-sva list [GROUP|DEVICE...]: IOMMU units, groups, devices, verdicts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "enumerate.h"
#include "held_groups.h"
#include "list_view.h"
#include "report.h"
#include "sysfs_parse.h"
#include "verdict.h"
#include "vfio.h"
#include "xalloc.h"

enum {
	OPT_NO_PROBE = 0x200,
};

struct list_args {
	char **names;
	size_t nr_names;
	bool no_probe;
};

static const struct argp_option list_options[] = {
	{ "no-probe", OPT_NO_PROBE, NULL, 0,
	  "Read only: do not ask the holders or open a group to probe for "
	  "VFIO_IOMMU_BIND", 0 },
	{ 0 }
};

static error_t list_parse(int key, char *arg, struct argp_state *state)
{
	struct list_args *a = state->input;

	switch (key) {
	case OPT_NO_PROBE:
		a->no_probe = true;
		break;
	case ARGP_KEY_ARG:
		a->names = xreallocarray(a->names, a->nr_names + 1,
					 sizeof(*a->names));
		a->names[a->nr_names++] = arg;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp list_argp = {
	.options = list_options,
	.parser = list_parse,
	.args_doc = "[GROUP|DEVICE...]",
	.doc = "List IOMMU units, IOMMU groups and devices with their ATS, PRI "
	       "and PASID capabilities, and say for each whether SVA can work "
	       "and every reason it cannot.\v"
	       "GROUP is an IOMMU group number; DEVICE a device name such as "
	       "0000:6a:01.0 (the domain may be left out) or a platform "
	       "device's name. Without arguments everything is listed.",
	.children = common_children,
};

/* "6a:01.0" names 0000:6a:01.0 */
static struct device *find_device(struct machine *m, const char *name)
{
	struct device *dev = machine_find_device(m, name);
	char full[64];

	if (!dev && strlen(name) == 7 && name[2] == ':' && name[5] == '.') {
		snprintf(full, sizeof(full), "0000:%s", name);
		dev = machine_find_device(m, full);
	}
	return dev;
}

struct selection {
	bool *groups, *devices, *iommus;
};

static void select_group(struct machine *m, struct selection *s,
			 struct group *g, bool all_members)
{
	size_t gi = (size_t)(g - m->groups), i;
	struct iommu_unit *u = machine_find_iommu(m, g->iommu);

	s->groups[gi] = true;
	if (u)
		s->iommus[u - m->iommus] = true;
	if (all_members)
		for (i = 0; i < g->nr_members; i++)
			s->devices[g->members[i]] = true;
}

static int select_names(struct machine *m, const struct list_args *a,
			struct selection *s)
{
	size_t i;

	s->groups = xcalloc(m->nr_groups, sizeof(bool));
	s->devices = xcalloc(m->nr_devices, sizeof(bool));
	s->iommus = xcalloc(m->nr_iommus, sizeof(bool));
	for (i = 0; i < a->nr_names; i++) {
		const char *name = a->names[i];
		unsigned int id;
		struct device *dev;
		struct group *g;

		if (!parse_dec_uint(name, strlen(name), &id)) {
			g = machine_find_group(m, id);
			if (!g)
				return vs_fail(VS_EXIT_NOT_FOUND,
					       "'vfio-sva list' shows the groups there are",
					       "list: no IOMMU group %s", name);
			select_group(m, s, g, true);
			continue;
		}
		dev = find_device(m, name);
		if (!dev)
			return vs_fail(VS_EXIT_NOT_FOUND,
				       "'vfio-sva list' shows the devices there are",
				       "list: no IOMMU group or device named '%s'",
				       name);
		s->devices[dev - m->devices] = true;
		if (dev->group >= 0)
			select_group(m, s, machine_find_group(m,
				     (unsigned int)dev->group), false);
	}
	return 0;
}

static int list_run(int argc, char **argv)
{
	static char out_buf[1 << 16];
	struct list_args args = { 0 };
	struct selection sel = { 0 };
	struct list_view view;
	struct machine m;
	int ret;

	ret = cmd_parse(&list_argp, argc, argv, &args);
	if (ret >= 0)
		goto out_args;

	ret = machine_enumerate(&m);
	if (ret < 0) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "list: cannot enumerate devices: %s",
			      strerror(-ret));
		goto out_args;
	}
	/* a holder's live bond answers without opening any group */
	if (!args.no_probe && !held_groups_read(&m))
		vfio_probe_bind(&m);
	else if (args.no_probe)
		snprintf(m.kernel.bind_ioctl_why,
			 sizeof(m.kernel.bind_ioctl_why),
			 "not probed (--no-probe)");
	machine_assess(&m);

	view = (struct list_view){ .m = &m };
	if (args.nr_names) {
		ret = select_names(&m, &args, &sel);
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
		list_text(stdout, &view);
		ret = fflush(stdout) == EOF ? VS_EXIT_FAILURE : 0;
	}
	if (ret)
		vs_warn("cannot write the output: %s", strerror(errno));
out:
	free(sel.groups);
	free(sel.devices);
	free(sel.iommus);
	machine_free(&m);
out_args:
	free(args.names);
	return ret;
}

const struct command cmd_list = {
	.name = "list",
	.summary = "IOMMU units, groups, devices and their SVA verdicts",
	.run = list_run,
};
