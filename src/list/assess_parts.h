/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_ASSESS_PARTS_H
#define VFIO_SVA_ASSESS_PARTS_H

/*
 * The levels of machine_assess() (assess.c), one file each: the kernel,
 * IOMMU units, devices, groups. Not for callers outside the verdicts.
 */
#include <stddef.h>

struct device;
struct group;
struct iommu_unit;
struct kernel_facts;
struct machine;
struct verdict;

/* assess_kernel.c */
/* "Debian 6.1.192-3", "upstream 6.12.70", "Ubuntu 6.8.0-45-generic" */
void kernel_name(const struct kernel_facts *k, char *buf, size_t size);
void assess_kernel(const struct kernel_facts *k, struct verdict *v);

/* assess_unit.c */
void assess_unit(const struct kernel_facts *k, struct iommu_unit *u);
/* Units of one kind should agree; a device behind the odd one out loses. */
void find_mismatches(struct machine *m);

/* assess_device.c: after its unit's verdict is settled */
void assess_device(struct machine *m, struct device *dev);

/* assess_group.c: after every device's verdict is settled */
void assess_group(struct machine *m, struct group *g);

#endif
