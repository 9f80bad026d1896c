// SPDX-License-Identifier: GPL-2.0
/*
 * Enumeration of devices: the pci and platform bus directories read straight
 * from sysfs, each device tied to its group by the iommu_group link, its PCI
 * config space or device-tree properties read, and a VF's PASID and PRI
 * taken from its PF.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libudev.h>
#include <linux/pci_regs.h>

#include "enumerate.h"
#include "enumerate_parts.h"
#include "report.h"
#include "sysfs.h"
#include "xalloc.h"

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

int device_name_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct device *)a)->name,
			  ((const struct device *)b)->name);
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
		p->vendor = (uint16_t)(cfg[PCI_VENDOR_ID] |
				       cfg[PCI_VENDOR_ID + 1] << 8);
		p->device = (uint16_t)(cfg[PCI_DEVICE_ID] |
				       cfg[PCI_DEVICE_ID + 1] << 8);
		/* the high 24 bits of the class/revision dword */
		p->class = (uint32_t)(cfg[PCI_CLASS_REVISION + 1] |
				      cfg[PCI_CLASS_REVISION + 2] << 8 |
				      cfg[PCI_CLASS_REVISION + 3] << 16);
	}
	p->header_type = p->config_read >= PCI_CFG_HEADER_SIZE ?
			 cfg[PCI_HEADER_TYPE] & PCI_HEADER_TYPE_MASK : -1;
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
void enumerate_bus(struct machine *m, size_t *cap, const char *bus,
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
void add_udev_device(struct machine *m, size_t *cap,
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

/* A VF has no PASID or PRI capability of its own: it uses its PF's. */
void inherit_from_pf(struct machine *m)
{
	size_t i;

	for (i = 0; i < m->nr_devices; i++) {
		struct device *vf = &m->devices[i];
		struct device key = { .name = vf->pci.pf }, *pf;

		if (!vf->is_pci || !vf->pci.pf)
			continue;
		pf = bsearch(&key, m->devices, m->nr_devices,
			     sizeof(*m->devices), device_name_cmp);
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
