// SPDX-License-Identifier: GPL-2.0
/*
 * What list, check and metrics are asked about: lspci-style filters, and
 * what a name (group, device, slot) stands for.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "report.h"
#include "select.h"
#include "sysfs_parse.h"

static const struct argp_option filter_options[] = {
	{ NULL, 0, NULL, 0, "Selection (as lspci):", 1 },
	{ "slot", OPT_SLOT, "[[[[DOMAIN]:]BUS]:][SLOT][.[FUNC]]", 0,
	  "Only PCI devices at these addresses (hex; '*' or nothing: any)", 1 },
	{ "ids", OPT_IDS, "[VENDOR]:[DEVICE][:CLASS]", 0,
	  "Only PCI devices with these ids (hex)", 1 },
	{ "driver", OPT_DRIVER, "NAME", 0,
	  "Only devices bound to this driver ('none': to no driver)", 1 },
	{ "sva", OPT_SVA, "yes|no|unknown", 0,
	  "Only devices whose group's (or, ungrouped, own) verdict is this", 1 },
	{ 0 }
};

static error_t filter_parse(int key, char *arg, struct argp_state *state)
{
	struct filters *f = state->input;
	const char *err;

	switch (key) {
	case OPT_SLOT:
		err = pci_select_slot(&f->pci, arg);
		if (err)
			return cmd_usage_error(state, "-s %s: %s", arg, err);
		break;
	case OPT_IDS:
		err = pci_select_id(&f->pci, arg);
		if (err)
			return cmd_usage_error(state, "-d %s: %s", arg, err);
		break;
	case OPT_DRIVER:
		return cmd_take_text(state, arg, &f->driver,
				     "--driver needs a name");
	case OPT_SVA:
		if (!strcmp(arg, "yes"))
			f->sva = TRI_YES;
		else if (!strcmp(arg, "no"))
			f->sva = TRI_NO;
		else if (!strcmp(arg, "unknown"))
			f->sva = TRI_UNKNOWN;
		else
			return cmd_usage_error(state,
					       "--sva takes yes, no or unknown, not '%s'",
					       arg);
		f->have_sva = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

void filters_init(struct filters *f)
{
	*f = (struct filters){ 0 };
	pci_select_init(&f->pci);
}

bool filters_given(const struct filters *f)
{
	return f->pci.have_slot || f->pci.have_id || f->driver || f->have_sva;
}

const struct verdict *device_deciding_verdict(const struct machine *m,
					      const struct device *dev)
{
	struct group *g;

	if (dev->group >= 0) {
		g = machine_find_group(m, (unsigned int)dev->group);
		if (g)
			return &g->sva;
	}
	return &dev->sva;
}

static bool device_selected(const struct pci_select *s,
			    const struct device *dev)
{
	struct pci_ident id = {
		.name = dev->is_pci ? dev->name : NULL,
		.have_ids = dev->pci.have_ids,
		.vendor = dev->pci.vendor,
		.device = dev->pci.device,
		.class = dev->pci.class,
	};

	return pci_select_match(s, &id);
}

bool filters_match(const struct machine *m, const struct filters *f,
		   const struct device *dev)
{
	if (!device_selected(&f->pci, dev))
		return false;
	if (f->driver) {
		if (!strcmp(f->driver, "none") ? dev->driver != NULL :
		    !dev->driver || strcmp(dev->driver, f->driver) != 0)
			return false;
	}
	if (f->have_sva && device_deciding_verdict(m, dev)->capable != f->sva)
		return false;
	return true;
}

/* An lspci slot: hex digits, ':', '.', '*' only, with a ':' or '.' in it. */
static bool looks_like_slot(const char *s)
{
	const char *p;

	if (!strpbrk(s, ":."))
		return false;
	for (p = s; *p; p++)
		if (!isxdigit((unsigned char)*p) && !strchr(":.*", *p))
			return false;
	return true;
}

int select_lookup(const struct machine *m, const char *name, bool *devices,
		  long *group)
{
	struct pci_select sel;
	struct device *dev;
	unsigned int id;
	bool any = false;
	size_t i;

	*group = -1;
	if (!parse_dec_uint(name, strlen(name), &id)) {
		struct group *g = machine_find_group(m, id);

		if (!g)
			return -1;
		*group = g - m->groups;
		for (i = 0; i < g->nr_members; i++)
			devices[g->members[i]] = true;
		return 0;
	}
	dev = machine_find_device(m, name);
	if (dev) {
		devices[dev - m->devices] = true;
		return 0;
	}
	pci_select_init(&sel);
	if (looks_like_slot(name) && !pci_select_slot(&sel, name))
		for (i = 0; i < m->nr_devices; i++)
			if (device_selected(&sel, &m->devices[i])) {
				devices[i] = true;
				any = true;
			}
	return any ? 0 : -1;
}

int select_name(const struct machine *m, const char *cmd, const char *name,
		bool *devices, long *group)
{
	unsigned int id;

	if (!select_lookup(m, name, devices, group))
		return 0;
	if (!parse_dec_uint(name, strlen(name), &id))
		return vs_fail(VS_EXIT_NOT_FOUND,
			       "'vfio-sva list' shows the groups there are",
			       "%s: no IOMMU group %s", cmd, name);
	return vs_fail(VS_EXIT_NOT_FOUND,
		       "'vfio-sva list' shows the devices there are",
		       "%s: no IOMMU group or device named '%s'", cmd, name);
}

const struct argp filters_argp = {
	.options = filter_options,
	.parser = filter_parse,
};
