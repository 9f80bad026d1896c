// SPDX-License-Identifier: GPL-2.0
/*
 * Enumeration. /sys/kernel/iommu_groups is a plain kset, not a udev
 * subsystem: IOMMU units come from libudev (the iommu class), devices from
 * the pci and platform bus directories, tied to their group by the
 * iommu_group link; the group directories are then read to catch members
 * on other buses (through libudev again: they are few).
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
#include "kernel_facts.h"
#include "report.h"
#include "sysfs.h"
#include "xalloc.h"

#define PCI_HEADER_TYPE		0x0e
#define PCI_CLASS_BRIDGE_PCI	0x0604

bool driver_is_vfio(const char *driver)
{
	size_t len;

	if (!driver)
		return false;
	if (!strcmp(driver, "vfio-pci") || !strcmp(driver, "vfio-platform") ||
	    !strcmp(driver, "vfio-amba") || !strcmp(driver, "vfio-fsl-mc"))
		return true;
	/* variant drivers: mlx5_vfio_pci, hisi_acc_vfio_pci, ... */
	len = strlen(driver);
	return len > 9 && !strcmp(driver + len - 9, "_vfio_pci");
}

static int name_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct device *)a)->name,
			  ((const struct device *)b)->name);
}

static int unit_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct iommu_unit *)a)->name,
			  ((const struct iommu_unit *)b)->name);
}

static int group_cmp(const void *a, const void *b)
{
	unsigned int x = ((const struct group *)a)->id;
	unsigned int y = ((const struct group *)b)->id;

	return x < y ? -1 : x > y;
}

static int read_hex_attr(const char *dir, const char *name, uint64_t *v)
{
	char buf[64];
	ssize_t n = sysfs_read(dir, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return parse_hex_u64(buf, (size_t)n, v);
}

static void read_iommu_unit(struct udev_device *ud, struct iommu_unit *u,
			    const char *release)
{
	const char *sp = udev_device_get_syspath(ud);
	struct udev_device *parent;
	char buf[128];
	ssize_t n;

	u->name = xstrdup(udev_device_get_sysname(ud));
	u->syspath = xstrdup(sp);
	iommu_features_unknown(&u->feat);

	if (sysfs_exists(sp, "intel-iommu")) {
		u->kind = IOMMU_KIND_INTEL_VTD;
		u->have_cap = !read_hex_attr(sp, "intel-iommu/cap", &u->cap);
		u->have_ecap = !read_hex_attr(sp, "intel-iommu/ecap", &u->ecap);
		n = sysfs_read(sp, "intel-iommu/version", u->version,
			       sizeof(u->version));
		if (n > 0)
			u->version[strcspn(u->version, "\n")] = '\0';
		else
			u->version[0] = '\0';
		if (u->have_ecap)
			vtd_decode(u->have_cap ? u->cap : 0, u->ecap, &u->feat);
		if (!u->have_cap) {
			u->feat.fl1gp = TRI_UNKNOWN;
			u->feat.fl5lp = TRI_UNKNOWN;
		}
		return;
	}
	if (sysfs_exists(sp, "amd-iommu")) {
		uint64_t first, second;
		int have2 = 0;

		u->kind = IOMMU_KIND_AMD_VI;
		u->have_cap = !read_hex_attr(sp, "amd-iommu/cap", &u->cap);
		n = sysfs_read(sp, "amd-iommu/features", buf, sizeof(buf));
		u->have_efr = n >= 0 &&
			!parse_amd_features(buf, (size_t)n, &first, &second,
					    &have2);
		u->have_efr2 = u->have_efr && have2;
		if (u->have_efr)
			amd_efr_pick(release, first, second, have2, &u->efr,
				     &u->efr2);
		if (u->have_efr)
			amd_decode(u->have_cap ? u->cap : 0, u->efr, &u->feat);
		if (!u->have_cap)
			u->feat.ats = TRI_UNKNOWN;
		return;
	}
	parent = udev_device_get_parent(ud);
	if (strncmp(u->name, "smmu3.", 6) == 0 ||
	    (parent && udev_device_get_driver(parent) &&
	     !strcmp(udev_device_get_driver(parent), "arm-smmu-v3")))
		u->kind = IOMMU_KIND_ARM_SMMU_V3;
	else
		u->kind = IOMMU_KIND_UNKNOWN;
}

static int enumerate_iommus(struct udev *udev, struct machine *m)
{
	struct udev_enumerate *e = udev_enumerate_new(udev);
	struct udev_list_entry *le;
	size_t cap = 0;

	if (!e)
		return -ENOMEM;
	udev_enumerate_add_match_subsystem(e, "iommu");
	udev_enumerate_scan_devices(e);
	udev_list_entry_foreach(le, udev_enumerate_get_list_entry(e)) {
		struct udev_device *ud;

		ud = udev_device_new_from_syspath(udev,
						  udev_list_entry_get_name(le));
		if (!ud)
			continue;
		if (m->nr_iommus == cap) {
			cap = cap ? cap * 2 : 4;
			m->iommus = xreallocarray(m->iommus, cap,
						  sizeof(*m->iommus));
		}
		memset(&m->iommus[m->nr_iommus], 0, sizeof(*m->iommus));
		read_iommu_unit(ud, &m->iommus[m->nr_iommus++],
				m->kernel.release);
		udev_device_unref(ud);
	}
	udev_enumerate_unref(e);
	if (m->nr_iommus)
		qsort(m->iommus, m->nr_iommus, sizeof(*m->iommus), unit_cmp);
	return 0;
}

static long read_group_link(const char *syspath)
{
	char name[32];
	unsigned int id;

	if (sysfs_link_name(syspath, "iommu_group", name, sizeof(name)))
		return -1;
	if (parse_dec_uint(name, strlen(name), &id))
		return -1;
	return (long)id;
}

/* Only a device a VFIO driver owns has a vfio-dev/vfioN character device. */
static char *find_vfio_cdev(const char *syspath)
{
	char dir[PATH_MAX];
	struct dirent *de;
	char *node = NULL;
	DIR *d;

	if (path_join(dir, sizeof(dir), syspath, "vfio-dev"))
		return NULL;
	d = opendir(dir);
	if (!d) {
		sysfs_note(errno);
		return NULL;
	}
	while ((de = readdir(d))) {
		char sub[PATH_MAX];

		if (strncmp(de->d_name, "vfio", 4) != 0)
			continue;
		if (path_join(sub, sizeof(sub), dir, de->d_name) ||
		    !sysfs_exists(sub, "dev"))
			continue;
		node = xasprintf("/dev/vfio/devices/%s", de->d_name);
		break;
	}
	closedir(d);
	return node;
}

/*
 * The value of KEY=value in a uevent text, the last one as libudev keeps
 * it; NULL without one.
 */
static const char *uevent_value(const char *text, const char *key,
				size_t *len)
{
	size_t klen = strlen(key);
	const char *found = NULL;
	const char *line = text;

	while (*line) {
		size_t n = strcspn(line, "\n");

		if (n > klen && !strncmp(line, key, klen) && line[klen] == '=') {
			found = line + klen + 1;
			*len = n - klen - 1;
		}
		line += n;
		if (*line)
			line++;
	}
	return found;
}

static void read_pci_ids(const char *uevent, struct pci_device_info *p)
{
	size_t id_len = 0, cls_len = 0;
	const char *id = uevent_value(uevent, "PCI_ID", &id_len);
	const char *cls = uevent_value(uevent, "PCI_CLASS", &cls_len);
	uint64_t v, d, c;

	/* PCI_ID=8086:0B25 PCI_CLASS=88000 */
	if (id && id_len == 9 && id[4] == ':' &&
	    !parse_hex_u64(id, 4, &v) && !parse_hex_u64(id + 5, 4, &d) &&
	    cls && !parse_hex_u64(cls, cls_len, &c) && c <= 0xffffff) {
		p->have_ids = true;
		p->vendor = (uint16_t)v;
		p->device = (uint16_t)d;
		p->class = (uint32_t)c;
	}
}

static void read_pci_device(const char *uevent, struct device *dev)
{
	struct pci_device_info *p = &dev->pci;
	uint8_t cfg[PCI_CFG_EXT_SIZE];
	char pf[64];

	dev->is_pci = true;
	read_pci_ids(uevent, p);
	p->config_read = sysfs_read_bin(dev->syspath, "config", cfg,
					sizeof(cfg));
	pcie_caps_decode(cfg, p->config_read > 0 ? (size_t)p->config_read : 0,
			 &p->caps);
	dev->config_readable = tri_of(p->config_read >= PCI_CFG_STD_SIZE);
	if (!p->have_ids && p->config_read >= PCI_CFG_HEADER_SIZE) {
		p->have_ids = true;
		p->vendor = (uint16_t)(cfg[0] | cfg[1] << 8);
		p->device = (uint16_t)(cfg[2] | cfg[3] << 8);
		p->class = (uint32_t)(cfg[9] | cfg[10] << 8 | cfg[11] << 16);
	}
	p->header_type = p->config_read >= PCI_CFG_HEADER_SIZE ?
			 cfg[PCI_HEADER_TYPE] & 0x7f : -1;
	if (!sysfs_link_name(dev->syspath, "physfn", pf, sizeof(pf)))
		p->pf = xstrdup(pf);
}

static void read_platform_device(struct device *dev)
{
	unsigned char bits[4];
	ssize_t n;

	dev->config_readable = TRI_UNKNOWN;
	dev->plat.pasid_bits = -1;
	dev->plat.can_stall = TRI_UNKNOWN;
	dev->plat.have_of_node = sysfs_exists(dev->syspath, "of_node");
	if (!dev->plat.have_of_node)
		return;
	n = sysfs_read_bin(dev->syspath, "of_node/pasid-num-bits", bits,
			   sizeof(bits));
	if (n == (ssize_t)sizeof(bits))
		dev->plat.pasid_bits = bits[0] << 24 | bits[1] << 16 |
				       bits[2] << 8 | bits[3];
	else
		dev->plat.pasid_bits = 0;
	dev->plat.can_stall = tri_of(sysfs_exists(dev->syspath,
						  "of_node/dma-can-stall"));
}

/*
 * A device as libudev would take it: a directory under /sys/devices needs
 * a uevent file (for PCI, whose ids it carries, it is read here), anything
 * else must be a directory. False for a device that is not (any more).
 */
static bool is_device(const char *syspath, bool pci, char *uevent,
		      size_t size)
{
	struct stat st;
	ssize_t n;

	uevent[0] = '\0';
	if (strncmp(syspath, "/sys/devices/", 13) != 0)
		return !stat(syspath, &st) && S_ISDIR(st.st_mode);
	if (!pci)
		return sysfs_exists(syspath, "uevent");
	n = sysfs_read(syspath, "uevent", uevent, size);
	if (n < 0)
		uevent[0] = '\0';
	return n != -ENOENT && n != -ENOTDIR;
}

static struct device *add_device(struct machine *m, size_t *cap,
				 const char *syspath, const char *bus,
				 const char *uevent, long group)
{
	char unit[NAME_MAX + 1], drv[NAME_MAX + 1], *p;
	struct device *dev;

	if (m->nr_devices == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		m->devices = xreallocarray(m->devices, *cap,
					   sizeof(*m->devices));
	}
	dev = &m->devices[m->nr_devices++];
	memset(dev, 0, sizeof(*dev));
	dev->name = xstrdup(strrchr(syspath, '/') + 1);
	/* as libudev's sysname: '!' in a kobject name stands for '/' */
	for (p = strchr(dev->name, '!'); p; p = strchr(p, '!'))
		*p = '/';
	dev->bus = xstrdup(bus);
	dev->syspath = xstrdup(syspath);
	if (!sysfs_link_name(syspath, "driver", drv, sizeof(drv)))
		dev->driver = xstrdup(drv);
	dev->group = group;
	dev->config_readable = TRI_UNKNOWN;
	if (!sysfs_link_name(syspath, "iommu", unit, sizeof(unit)))
		dev->iommu = xstrdup(unit);
	if (driver_is_vfio(dev->driver))
		dev->vfio_cdev = find_vfio_cdev(syspath);

	if (!strcmp(bus, "pci"))
		read_pci_device(uevent, dev);
	else if (!strcmp(bus, "platform"))
		read_platform_device(dev);
	return dev;
}

/*
 * @link resolved against @dir without following anything: sysfs links
 * are relative and made of plain directories, so "/sys/bus/pci/devices"
 * and "../../../devices/pci0000:00/0000:00:00.0" give
 * "/sys/devices/pci0000:00/0000:00:00.0".
 */
static int resolve_link(const char *dir, const char *link, char *out,
			size_t size)
{
	size_t len = 0;
	const char *p;

	if (link[0] != '/') {
		len = strlen(dir);
		if (len >= size)
			return -ENAMETOOLONG;
		memcpy(out, dir, len);
	}
	for (p = link; *p;) {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (len + 1 + n >= size)
				return -ENAMETOOLONG;
			out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p += n;
		if (*p)
			p++;
	}
	if (!len)
		out[len++] = '/';
	out[len] = '\0';
	return 0;
}

/*
 * The devices of /sys/bus/BUS/devices, read straight from sysfs: libudev's
 * enumeration resolves every path component by component and keeps every
 * device in memory, which on a host with thousands of functions costs more
 * than everything else together.
 */
static void enumerate_bus(struct machine *m, size_t *cap, const char *bus,
			  bool only_grouped)
{
	char dir[64], entry[PATH_MAX], target[PATH_MAX], sp[PATH_MAX];
	char uevent[4096];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "/sys/bus/%s/devices", bus);
	d = opendir(dir);
	if (!d) {
		sysfs_note(errno);
		/* as libudev's scan: a bus that cannot be read has no devices */
		vs_debug(1, "cannot read %s: %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d))) {
		long group;
		ssize_t n;

		if (de->d_name[0] == '.' ||
		    path_join(entry, sizeof(entry), dir, de->d_name))
			continue;
		group = read_group_link(entry);
		if (only_grouped && group < 0)
			continue;
		n = readlink(entry, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = '\0';
			if (resolve_link(dir, target, sp, sizeof(sp)))
				continue;
		} else if (errno == EINVAL) {
			snprintf(sp, sizeof(sp), "%s", entry);
		} else {
			continue;
		}
		if (strncmp(sp, "/sys/", 5) != 0 ||
		    !is_device(sp, !strcmp(bus, "pci"), uevent, sizeof(uevent)))
			continue;	/* vanished since the scan, or not one */
		add_device(m, cap, sp, bus, uevent, group);
	}
	closedir(d);
}

/* A member only its group's directory names (amba, fsl-mc, ...). */
static void add_udev_device(struct machine *m, size_t *cap,
			    struct udev_device *ud, long group)
{
	const char *bus = udev_device_get_subsystem(ud);
	const char *sp = udev_device_get_syspath(ud);
	char uevent[4096];

	bus = bus ? bus : "unknown";
	uevent[0] = '\0';
	if (!strcmp(bus, "pci") &&
	    sysfs_read(sp, "uevent", uevent, sizeof(uevent)) < 0)
		uevent[0] = '\0';
	add_device(m, cap, sp, bus, uevent, group);
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
			      sizeof(*m->devices), name_cmp);
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

static int enumerate_groups(struct udev *udev, struct machine *m,
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
static void settle_groups(struct machine *m)
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

/* A VF has no PASID or PRI capability of its own: it uses its PF's. */
static void inherit_from_pf(struct machine *m)
{
	size_t i;

	for (i = 0; i < m->nr_devices; i++) {
		struct device *vf = &m->devices[i];
		struct device key = { .name = vf->pci.pf }, *pf;

		if (!vf->is_pci || !vf->pci.pf)
			continue;
		pf = bsearch(&key, m->devices, m->nr_devices,
			     sizeof(*m->devices), name_cmp);
		if (!pf || !pf->is_pci)
			continue;
		if (vf->pci.caps.pasid.present != TRI_YES &&
		    pf->pci.caps.pasid.present == TRI_YES) {
			vf->pci.caps.pasid = pf->pci.caps.pasid;
			vf->pci.pasid_from_pf = true;
		}
		if (vf->pci.caps.pri.present != TRI_YES &&
		    pf->pci.caps.pri.present == TRI_YES) {
			vf->pci.caps.pri = pf->pci.caps.pri;
			vf->pci.pri_from_pf = true;
		}
	}
}

/*
 * Scalable mode is the kernel's choice (intel_iommu=sm_on, its default)
 * and the hardware's (ecap.SMTS): the kernel's sm_supported() needs both.
 */
static void settle_scalable_mode(struct machine *m)
{
	struct kernel_facts *k = &m->kernel;
	bool intel = false, smts = false;
	size_t i;

	for (i = 0; i < m->nr_iommus; i++) {
		if (m->iommus[i].kind != IOMMU_KIND_INTEL_VTD)
			continue;
		intel = true;
		smts |= m->iommus[i].feat.smts != TRI_NO;
	}
	if (!intel) {
		k->scalable_mode = TRI_UNKNOWN;
		snprintf(k->scalable_mode_why, sizeof(k->scalable_mode_why),
			 "not applicable: no Intel VT-d unit");
	} else if (!smts && k->scalable_mode != TRI_NO) {
		k->scalable_mode = TRI_NO;
		snprintf(k->scalable_mode_why, sizeof(k->scalable_mode_why),
			 "no VT-d unit implements it (ecap.SMTS=0)");
	}
}

int machine_enumerate(struct machine *m)
{
	struct udev *udev;
	size_t dev_cap = 0;
	int ret;

	memset(m, 0, sizeof(*m));
	kernel_facts_read(&m->kernel);

	udev = udev_new();
	if (!udev)
		return -ENOMEM;
	ret = enumerate_iommus(udev, m);
	if (!ret) {
		settle_scalable_mode(m);
		enumerate_bus(m, &dev_cap, "pci", false);
		enumerate_bus(m, &dev_cap, "platform", true);
		qsort(m->devices, m->nr_devices, sizeof(*m->devices),
		      name_cmp);
		m->sorted_devices = m->nr_devices;
		ret = enumerate_groups(udev, m, &dev_cap);
	}
	udev_unref(udev);
	if (ret)
		return ret;

	/* members found only through their group directory */
	if (m->nr_devices != m->sorted_devices)
		qsort(m->devices, m->nr_devices, sizeof(*m->devices),
		      name_cmp);
	inherit_from_pf(m);
	settle_groups(m);
	return 0;
}
