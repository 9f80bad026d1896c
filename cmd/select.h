/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_CMD_SELECT_H
#define VFIO_SVA_CMD_SELECT_H

/*
 * What list, check and metrics are asked about: GROUP|DEVICE|SLOT arguments
 * and lspci-style filters (-s, -d, --driver, --sva).
 */
#include <argp.h>
#include <stdbool.h>

#include "model.h"
#include "pci_select.h"
#include "tristate.h"

struct filters {
	struct pci_select pci;
	const char *driver;		/* "none": devices bound to none */
	bool have_sva;
	enum tri sva;
};

/* The argp options of struct filters, and their parser (input: filters). */
extern const struct argp filters_argp;

void filters_init(struct filters *f);
bool filters_given(const struct filters *f);

/* The verdict that decides for @dev: its group's, or its own without one. */
const struct verdict *device_deciding_verdict(const struct machine *m,
					      const struct device *dev);

/* Does @dev pass @f? */
bool filters_match(const struct machine *m, const struct filters *f,
		   const struct device *dev);

/*
 * Mark in @devices (per index of m->devices) what @name means: a group
 * number (all its members; *@group set to its index), a device name (the
 * domain may be left out, any case), or an lspci slot such as 6a:01.
 * Returns 0, or the exit status after reporting that nothing is called so.
 */
int select_name(const struct machine *m, const char *cmd, const char *name,
		bool *devices, long *group);

/* The same without reporting: 0, or -1 when nothing is called @name. */
int select_lookup(const struct machine *m, const char *name, bool *devices,
		  long *group);

#endif
