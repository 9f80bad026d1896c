/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOTPLUG_H
#define VFIO_SVA_HOTPLUG_H

/*
 * Hotplug events that matter to SVA, from a libudev monitor: VFIO group
 * nodes appearing and vanishing, devices bound to or released from a
 * driver, IOMMU units coming and going. The "udev" source needs udevd;
 * without it the kernel's own uevents are read.
 */

enum hotplug_kind {
	HOTPLUG_NONE,
	HOTPLUG_GROUP_ADDED,
	HOTPLUG_GROUP_REMOVED,
	HOTPLUG_DRIVER_CHANGED,
	HOTPLUG_IOMMU_ADDED,
	HOTPLUG_IOMMU_REMOVED,
};

struct hotplug_event {
	enum hotplug_kind kind;
	long group;			/* -1 when none */
	char device[64];		/* driver-changed; IOMMU unit name */
	char driver[64];		/* driver-changed: "" when released */
};

/* What a uevent means; HOTPLUG_NONE for everything else. */
void hotplug_decode(const char *action, const char *subsystem,
		    const char *sysname, const char *driver, long group,
		    struct hotplug_event *ev);

const char *hotplug_kind_name(enum hotplug_kind kind);

struct hotplug;

/* Start listening; @source is set to "udev" or "kernel". */
int hotplug_open(struct hotplug **out, const char **source);
int hotplug_fd(const struct hotplug *hp);

/* One queued event: 1 with @ev filled, 0 when nothing (more) is queued. */
int hotplug_read(struct hotplug *hp, struct hotplug_event *ev);
void hotplug_close(struct hotplug *hp);

#endif
