// SPDX-License-Identifier: GPL-2.0
/*
 * The SVA verdicts, level by level, each after the one it builds on. A
 * unit's verdict covers the IOMMU hardware and how the kernel drives it
 * (assess_unit.c); a device's adds what the function itself offers and
 * whether VFIO owns it (assess_device.c); a group's adds the kernel's own
 * verdict (assess_kernel.c), the group node and the group's composition,
 * and is the answer to "can I bind here" (assess_group.c).
 */
#include <stddef.h>

#include "assess_parts.h"
#include "model.h"
#include "verdict.h"

void machine_assess(struct machine *m)
{
	size_t i;

	find_mismatches(m);
	assess_kernel(&m->kernel, &m->kernel_sva);
	verdict_settle(&m->kernel_sva);
	for (i = 0; i < m->nr_iommus; i++)
		assess_unit(&m->kernel, &m->iommus[i]);
	for (i = 0; i < m->nr_devices; i++)
		assess_device(m, &m->devices[i]);
	for (i = 0; i < m->nr_groups; i++)
		assess_group(m, &m->groups[i]);
}
