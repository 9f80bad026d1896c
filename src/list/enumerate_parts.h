/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_ENUMERATE_PARTS_H
#define VFIO_SVA_ENUMERATE_PARTS_H

/*
 * The passes of machine_enumerate() (enumerate.c), one file each: IOMMU
 * units, devices, groups. Not for callers outside enumeration.
 */
#include <stdbool.h>
#include <stddef.h>

#include "model.h"

struct udev;
struct udev_device;

/* enumerate_iommus.c */
int enumerate_iommus(struct udev *udev, struct machine *m);
/* Intel scalable mode: the kernel's choice and every unit's ecap.SMTS. */
void settle_scalable_mode(struct machine *m);

/* enumerate_devices.c; @cap is the allocated length of m->devices. */
int device_name_cmp(const void *a, const void *b);
/* The devices of /sys/bus/@bus/devices; @only_grouped: those in a group. */
void enumerate_bus(struct machine *m, size_t *cap, const char *bus,
		   bool only_grouped);
/* A member only its group's directory names, @group its id. */
void add_udev_device(struct machine *m, size_t *cap, struct udev_device *ud,
		     long group);
/* A VF has no PASID or PRI capability of its own: it uses its PF's. */
void inherit_from_pf(struct machine *m);

/* enumerate_groups.c; needs m->devices sorted up to m->sorted_devices. */
int enumerate_groups(struct udev *udev, struct machine *m, size_t *dev_cap);
/* Nodes, member lists and viability, once every device is known. */
void settle_groups(struct machine *m);

#endif
