// SPDX-License-Identifier: GPL-2.0
/*
 * Enumeration of IOMMU groups. /sys/kernel/iommu_groups is a plain kset, not
 * a udev subsystem: each group directory gives its type and reserved
 * regions, and names members on buses no bus scan covers (amba, fsl-mc,
 * ...), added through libudev (they are few). Then every group gets its
 * /dev/vfio node, its member list and whether it stays viable.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libudev.h>

#include "enumerate.h"
#include "enumerate_parts.h"
#include "report.h"
#include "sysfs.h"
#include "xalloc.h"

#define PCI_CLASS_BRIDGE_PCI	0x0604

static int group_cmp(const void *a, const void *b)
{
	unsigned int x = ((const struct group *)a)->id;
	unsigned int y = ((const struct group *)b)->id;

	return x < y ? -1 : x > y;
}

static void read_group_attrs(struct group *g, const char *gdir)
{
	char buf[8192];
	ssize_t n;

	g->type = GROUP_TYPE_UNKNOWN;
	n = sysfs_read(gdir, "type", g->type_raw, sizeof(g->type_raw));
	if (n >= 0) {
		parse_group_type(g->type_raw, (size_t)n, &g->type);
		g->type_raw[strcspn(g->type_raw, "\n")] = '\0';
	} else {
		g->type_raw[0] = '\0';
	}
	n = sysfs_read(gdir, "reserved_regions", buf, sizeof(buf));
	if (n == (ssize_t)sizeof(buf) - 1) {
		/* more than fits: keep the lines that were read whole */
		char *nl = memrchr(buf, '\n', (size_t)n);

		n = nl ? nl - buf + 1 : 0;
	}
	if (n >= 0) {
		int count = parse_reserved_regions(buf, (size_t)n, NULL, 0);

		if (count > 0) {
			g->regions = xcalloc((size_t)count, sizeof(*g->regions));
			g->nr_regions = parse_reserved_regions(buf, (size_t)n,
							       g->regions,
							       (size_t)count);
		}
	}
}

/*
 * Members listed under the group's devices/ that no bus scan found (amba,
 * fsl-mc, ...) are added from the link's target.
 */
static void collect_members(struct udev *udev, struct machine *m,
			    size_t *cap, struct group *g, const char *gdir)
{
	char ddir[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (path_join(ddir, sizeof(ddir), gdir, "devices"))
		return;
	d = opendir(ddir);
	if (!d) {
		sysfs_note(errno);
		return;
	}
	while ((de = readdir(d))) {
		struct device key = { .name = de->d_name };
		char link[PATH_MAX], *real;
		struct udev_device *ud;
		struct device *dev;

		if (de->d_name[0] == '.')
			continue;
		dev = bsearch(&key, m->devices, m->sorted_devices,
			      sizeof(*m->devices), device_name_cmp);
		if (dev) {
			dev->group = g->id;
			continue;
		}
		if (path_join(link, sizeof(link), ddir, de->d_name))
			continue;
		real = realpath(link, NULL);
		ud = real ? udev_device_new_from_syspath(udev, real) : NULL;
		free(real);
		if (!ud) {
			/* gone since the listing, or a link that goes nowhere */
			g->unreadable = xreallocarray(g->unreadable,
						      g->nr_unreadable + 1,
						      sizeof(*g->unreadable));
			g->unreadable[g->nr_unreadable++] = xasprintf("%s (%s)",
				de->d_name, strerror(errno ? errno : ENODEV));
			continue;
		}
		add_udev_device(m, cap, ud, g->id);
		udev_device_unref(ud);
	}
	closedir(d);
}

int enumerate_groups(struct udev *udev, struct machine *m,
			    size_t *dev_cap)
{
	struct dirent *de;
	size_t cap = 0;
	DIR *d;

	d = opendir(IOMMU_GROUPS_DIR);
	if (!d) {
		sysfs_note(errno);
		return errno == ENOENT ? 0 : -errno;
	}
	while ((de = readdir(d))) {
		char gdir[PATH_MAX];
		unsigned int id;
		struct group *g;

		if (de->d_name[0] == '.')
			continue;
		if (parse_dec_uint(de->d_name, strlen(de->d_name), &id)) {
			vs_debug(1, "ignoring %s/%s: not a group id",
				 IOMMU_GROUPS_DIR, de->d_name);
			continue;
		}
		if (path_join(gdir, sizeof(gdir), IOMMU_GROUPS_DIR, de->d_name))
			continue;
		if (m->nr_groups == cap) {
			cap = cap ? cap * 2 : 16;
			m->groups = xreallocarray(m->groups, cap,
						  sizeof(*m->groups));
		}
		g = &m->groups[m->nr_groups++];
		memset(g, 0, sizeof(*g));
		g->id = id;
		read_group_attrs(g, gdir);
		collect_members(udev, m, dev_cap, g, gdir);
	}
	closedir(d);
	if (m->nr_groups)
		qsort(m->groups, m->nr_groups, sizeof(*m->groups), group_cmp);
	return 0;
}

static bool member_keeps_viable(const struct device *dev)
{
	if (!dev->driver || driver_is_vfio(dev->driver) ||
	    !strcmp(dev->driver, "pci-stub"))
		return true;
	/* the kernel lets bridges stay on their driver (pcieport) */
	if (dev->is_pci && dev->pci.header_type > 0)
		return true;
	return dev->is_pci && dev->pci.header_type < 0 && dev->pci.have_ids &&
	       dev->pci.class >> 8 == PCI_CLASS_BRIDGE_PCI;
}

static void settle_node(struct group *g)
{
	struct stat st;

	snprintf(g->vfio_node, sizeof(g->vfio_node), "/dev/vfio/%u", g->id);
	g->node_present = stat(g->vfio_node, &st) == 0;
	if (g->node_present)
		g->accessible = tri_of(!faccessat(AT_FDCWD, g->vfio_node,
						  R_OK | W_OK, AT_EACCESS));
	else
		g->accessible = TRI_NO;
	g->viable = true;
}

/* One pass over the (sorted) devices fills every group's member list. */
void settle_groups(struct machine *m)
{
	size_t i;

	for (i = 0; i < m->nr_groups; i++)
		settle_node(&m->groups[i]);
	for (i = 0; i < m->nr_devices; i++) {
		struct device *dev = &m->devices[i];
		struct group *g;

		if (dev->group < 0)
			continue;
		g = machine_find_group(m, (unsigned int)dev->group);
		if (!g) {
			vs_debug(1, "%s: group %ld has no directory in %s",
				 dev->name, dev->group, IOMMU_GROUPS_DIR);
			dev->group = -1;
			continue;
		}
		g->members = xreallocarray(g->members, g->nr_members + 1,
					   sizeof(*g->members));
		g->members[g->nr_members++] = i;
		if (!member_keeps_viable(dev))
			g->viable = false;
		if (!g->iommu && dev->iommu)
			g->iommu = xstrdup(dev->iommu);
	}
}
