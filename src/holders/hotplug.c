// SPDX-License-Identifier: GPL-2.0
/*
 * Hotplug events that matter to SVA (group nodes, driver binding, IOMMU
 * units), from a libudev monitor or, without udevd, the kernel's uevents.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libudev.h>

#include "hotplug.h"
#include "macros.h"
#include "sysfs.h"
#include "sysfs_parse.h"
#include "xalloc.h"

struct hotplug {
	struct udev *udev;
	struct udev_monitor *mon;
};

static const char *const kind_names[] = {
	[HOTPLUG_NONE] = "none",
	[HOTPLUG_GROUP_ADDED] = "group-added",
	[HOTPLUG_GROUP_REMOVED] = "group-removed",
	[HOTPLUG_DRIVER_CHANGED] = "driver-changed",
	[HOTPLUG_IOMMU_ADDED] = "iommu-added",
	[HOTPLUG_IOMMU_REMOVED] = "iommu-removed",
};

const char *hotplug_kind_name(enum hotplug_kind kind)
{
	return (size_t)kind < ARRAY_SIZE(kind_names) ?
	       kind_names[kind] : "none";
}

void hotplug_decode(const char *action, const char *subsystem,
		    const char *sysname, const char *driver, long group,
		    struct hotplug_event *ev)
{
	bool add, remove;
	unsigned int id;

	memset(ev, 0, sizeof(*ev));
	ev->group = group;
	if (!action || !subsystem || !sysname)
		return;
	add = !strcmp(action, "add");
	remove = !strcmp(action, "remove");

	if (!strcmp(subsystem, "vfio") && (add || remove)) {
		/* the container node "vfio" is not a group */
		if (parse_dec_uint(sysname, strlen(sysname), &id))
			return;
		ev->kind = add ? HOTPLUG_GROUP_ADDED : HOTPLUG_GROUP_REMOVED;
		ev->group = id;
		return;
	}
	if (!strcmp(subsystem, "iommu") && (add || remove)) {
		ev->kind = add ? HOTPLUG_IOMMU_ADDED : HOTPLUG_IOMMU_REMOVED;
		snprintf(ev->device, sizeof(ev->device), "%s", sysname);
		return;
	}
	if ((!strcmp(subsystem, "pci") || !strcmp(subsystem, "platform")) &&
	    (!strcmp(action, "bind") || !strcmp(action, "unbind"))) {
		ev->kind = HOTPLUG_DRIVER_CHANGED;
		snprintf(ev->device, sizeof(ev->device), "%s", sysname);
		if (!strcmp(action, "bind") && driver)
			snprintf(ev->driver, sizeof(ev->driver), "%s", driver);
	}
}

int hotplug_open(struct hotplug **out, const char **source)
{
	struct hotplug *hp = xcalloc(1, sizeof(*hp));
	static const char *const subsystems[] = { "vfio", "iommu", "pci",
						  "platform" };
	size_t i;

	hp->udev = udev_new();
	if (!hp->udev) {
		free(hp);
		return -ENOMEM;
	}
	/* udevd announces itself with its control socket */
	*source = access("/run/udev/control", F_OK) ? "kernel" : "udev";
	hp->mon = udev_monitor_new_from_netlink(hp->udev, *source);
	if (!hp->mon)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(subsystems); i++)
		udev_monitor_filter_add_match_subsystem_devtype(hp->mon,
								subsystems[i],
								NULL);
	if (udev_monitor_enable_receiving(hp->mon) < 0)
		goto fail;
	*out = hp;
	return 0;
fail:
	hotplug_close(hp);
	return -EPERM;
}

int hotplug_fd(const struct hotplug *hp)
{
	return udev_monitor_get_fd(hp->mon);
}

static long group_of(struct udev_device *dev)
{
	const char *sp = udev_device_get_syspath(dev);
	unsigned int id;
	char name[32];

	if (!sp || sysfs_link_name(sp, "iommu_group", name, sizeof(name)) ||
	    parse_dec_uint(name, strlen(name), &id))
		return -1;
	return id;
}

int hotplug_read(struct hotplug *hp, struct hotplug_event *ev)
{
	struct udev_device *dev;

	while ((dev = udev_monitor_receive_device(hp->mon))) {
		const char *action = udev_device_get_action(dev);

		hotplug_decode(action, udev_device_get_subsystem(dev),
			       udev_device_get_sysname(dev),
			       udev_device_get_property_value(dev, "DRIVER"),
			       -1, ev);
		if (ev->kind == HOTPLUG_DRIVER_CHANGED)
			ev->group = group_of(dev);
		udev_device_unref(dev);
		if (ev->kind != HOTPLUG_NONE)
			return 1;
	}
	return 0;
}

void hotplug_close(struct hotplug *hp)
{
	if (!hp)
		return;
	if (hp->mon)
		udev_monitor_unref(hp->mon);
	udev_unref(hp->udev);
	free(hp);
}
