// SPDX-License-Identifier: GPL-2.0
/*
 * The survey list, check and metrics all start with, and the arguments
 * list and check give it (the subjects, --no-probe): enumerate the
 * machine, learn whether the kernel has the bind ioctl (from a holder's
 * live bond, else by probing, unless --no-probe), assess every verdict,
 * and refuse to answer when reads failed for want of descriptors or
 * memory (verdicts built on them would lie).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "enumerate.h"
#include "held_groups.h"
#include "model.h"
#include "options.h"
#include "report.h"
#include "sysfs.h"
#include "verdict.h"
#include "vfio.h"
#include "xalloc.h"

static error_t survey_parse(int key, char *arg, struct argp_state *state)
{
	struct survey_args *a = state->input;

	switch (key) {
	case OPT_NO_PROBE:
		a->no_probe = true;
		break;
	case ARGP_KEY_ARG:
		a->names = xreallocarray(a->names, a->nr_names + 1,
					 sizeof(*a->names));
		a->names[a->nr_names++] = arg;
		break;
	case ARGP_KEY_END:
		if (a->names_required && !a->nr_names && !cmd_info_shown())
			return cmd_usage_error(state,
					       "name at least one GROUP, DEVICE or SLOT");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int cmd_survey(const char *cmd, struct machine *m, bool no_probe)
{
	int ret;

	ret = machine_enumerate(m);
	if (ret < 0)
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "%s: cannot enumerate devices: %s", cmd,
			       strerror(-ret));
	/* a holder's live bond answers without opening any group */
	if (no_probe)
		snprintf(m->kernel.bind_ioctl_why,
			 sizeof(m->kernel.bind_ioctl_why),
			 "not probed (--no-probe)");
	else if (!held_groups_read(m))
		vfio_probe_bind(m);
	machine_assess(m);
	if (sysfs_starved) {
		ret = vs_fail(VS_EXIT_FAILURE,
			      sysfs_starved == ENOMEM ? NULL :
			      "raise the open-file limit (ulimit -n) and try again",
			      "%s: could not read what the answer needs: %s; it would be incomplete, so none is given",
			      cmd, strerror(sysfs_starved));
		machine_free(m);
		return ret;
	}
	return -1;
}

static const struct argp_option survey_options[] = {
	{ "no-probe", OPT_NO_PROBE, NULL, 0,
	  "Read only: do not ask the holders or open a group to probe for "
	  "VFIO_IOMMU_BIND", 0 },
	{ 0 }
};

const struct argp survey_argp = {
	.options = survey_options,
	.parser = survey_parse,
};
