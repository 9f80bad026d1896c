/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_ENUMERATE_H
#define VFIO_SVA_ENUMERATE_H

/*
 * Enumeration: the machine's IOMMU units, devices and groups, read from
 * libudev and sysfs into the model (model.h).
 */

#include <stdbool.h>

#include "model.h"

#define IOMMU_GROUPS_DIR	"/sys/kernel/iommu_groups"

/*
 * Fill @m from libudev and sysfs: kernel facts, IOMMU units, PCI devices,
 * platform devices in IOMMU groups, and every group with its members.
 * Returns 0 or a negative errno (only for failures that leave nothing to
 * report, such as libudev being unusable).
 */
int machine_enumerate(struct machine *m);

/* Is @driver one through which VFIO owns a device? */
bool driver_is_vfio(const char *driver);

#endif
