// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: what the fixture says about an IOMMU group, its
 * members and their IOMMU units. Read again at each open (and at attach),
 * because tests move devices between drivers from one command to the next.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_caps.h"
#include "kmodel.h"
#include "pcie_caps.h"
#include "sysfs.h"
#include "sysfs_parse.h"

#define PCI_CLASS_BRIDGE_PCI		0x0604
#define PCI_CLASS_BRIDGE_SUBTRACTIVE	0x0609

static void set_name(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int read_hex(const char *dir, const char *name, uint64_t *v)
{
	char buf[64];
	ssize_t n = sysfs_read(dir, name, buf, sizeof(buf));

	if (n < 0)
		return (int)n;
	return parse_hex_u64(buf, (size_t)n, v);
}

/* The PASID, PRI and ATS capabilities of a PCI function's config space. */
static void pci_caps(const char *dir, struct pcie_caps *caps)
{
	static uint8_t cfg[PCI_CFG_EXT_SIZE];
	ssize_t n = sysfs_read_bin(dir, "config", cfg, sizeof(cfg));

	pcie_caps_decode(cfg, n > 0 ? (size_t)n : 0, caps);
}

static void pci_device(const char *dir, struct km_device *d)
{
	struct pcie_caps caps, pf;
	char pfdir[PATH_MAX], link[PATH_MAX];
	uint64_t class = 0;

	if (!read_hex(dir, "class", &class))
		d->bridge = (class >> 8) == PCI_CLASS_BRIDGE_PCI ||
			    (class >> 8) == PCI_CLASS_BRIDGE_SUBTRACTIVE;
	pci_caps(dir, &caps);
	d->ats = caps.ats.present == TRI_YES;
	d->pri = caps.pri.present == TRI_YES;
	d->pasid = caps.pasid.present == TRI_YES;
	d->pasid_bits = d->pasid ? caps.pasid.width : 0;

	/* A VF's PASID and PRI live in its PF (PCIe SR-IOV, 9.3.7). */
	if ((d->pasid && d->pri) || path_join(link, sizeof(link), dir, "physfn") ||
	    !realpath(link, pfdir))
		return;
	pci_caps(pfdir, &pf);
	/*
	 * pci_enable_pasid() and pci_enable_pri() on a VF succeed only when
	 * the PF's driver has enabled them (EINVAL otherwise).
	 */
	if (!d->pasid && pf.pasid.present == TRI_YES) {
		d->pasid = true;
		d->pasid_bits = pf.pasid.width;
		if (pf.pasid.enabled != TRI_YES)
			d->pf_off = true;
	}
	if (!d->pri && pf.pri.present == TRI_YES) {
		d->pri = true;
		if (pf.pri.enabled != TRI_YES)
			d->pf_off = true;
	}
}

static void platform_device(const char *dir, struct km_device *d)
{
	uint8_t be[4];

	/* An SMMU serves platform faults by stalling: no ATS or PRI to ask. */
	d->ats = d->pri = true;
	if (sysfs_read_bin(dir, "of_node/pasid-num-bits", be, sizeof(be)) ==
	    (ssize_t)sizeof(be))
		d->pasid_bits = (int)((uint32_t)be[0] << 24 | be[1] << 16 |
				      be[2] << 8 | be[3]);
	if (d->pasid_bits > 31)
		d->pasid_bits = 31;
	d->pasid = d->pasid_bits > 0;
}

static void amd_unit(const char *unit, struct iommu_features *f)
{
	char dir[PATH_MAX], buf[128];
	uint64_t first = 0, second = 0, efr, cap = 0;
	int have_second = 0;
	ssize_t n;

	if (path_join(dir, sizeof(dir), unit, "amd-iommu")) {
		iommu_features_unknown(f);
		return;
	}
	n = sysfs_read(dir, "features", buf, sizeof(buf));
	if (n < 0 || parse_amd_features(buf, (size_t)n, &first, &second,
					&have_second)) {
		iommu_features_unknown(f);
		return;
	}
	/* EFR2 defines no bits above 31; the EFR's PASmax sits at 36:32. */
	efr = have_second && (second >> 32) && !(first >> 32) ? second : first;
	read_hex(dir, "cap", &cap);
	amd_decode(cap, efr, f);
}

static void iommu_unit(const char *dir, struct km_device *d)
{
	char link[PATH_MAX], unit[PATH_MAX], sub[PATH_MAX];
	struct iommu_features f;
	uint64_t cap = 0, ecap;
	const char *base;

	d->unit_sva = true;
	d->unit_bits = KM_DEFAULT_PASID_BITS;
	if (path_join(link, sizeof(link), dir, "iommu") ||
	    !realpath(link, unit))
		return;
	base = strrchr(unit, '/');
	set_name(d->unit, sizeof(d->unit), base ? base + 1 : unit);

	if (!path_join(sub, sizeof(sub), unit, "intel-iommu") &&
	    !read_hex(sub, "ecap", &ecap)) {
		read_hex(sub, "cap", &cap);
		vtd_decode(cap, ecap, &f);
	} else if (sysfs_exists(unit, "amd-iommu")) {
		amd_unit(unit, &f);
	} else {
		/* Arm SMMUv3 and the unknown: nothing to read, assume able. */
		return;
	}
	d->unit_sva = f.pasid == TRI_YES && f.prs == TRI_YES &&
		      f.first_level == TRI_YES;
	d->unit_bits = d->unit_sva ? f.pasid_bits : 0;
}

static void device_read(const char *dir, const char *name, struct km_device *d)
{
	char subsys[64];

	memset(d, 0, sizeof(*d));
	set_name(d->name, sizeof(d->name), name);
	if (sysfs_link_name(dir, "driver", d->driver, sizeof(d->driver)))
		d->driver[0] = '\0';
	if (!sysfs_link_name(dir, "subsystem", subsys, sizeof(subsys)) &&
	    !strcmp(subsys, "platform")) {
		d->platform = true;
		platform_device(dir, d);
	} else {
		pci_device(dir, d);
	}
	iommu_unit(dir, d);
}

static int cmp_names(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int km_group_read(const char *root, unsigned int id, struct km_group_facts *f)
{
	char gdir[PATH_MAX], link[PATH_MAX], dev[PATH_MAX];
	struct dirent **names;
	int count, i;

	memset(f, 0, sizeof(*f));
	if ((size_t)snprintf(gdir, sizeof(gdir), "%s/sys/kernel/iommu_groups/%u/devices",
			     root, id) >= sizeof(gdir))
		return -ENAMETOOLONG;
	count = scandir(gdir, &names, NULL, cmp_names);
	if (count < 0)
		return -ENODEV;
	for (i = 0; i < count; i++) {
		const char *name = names[i]->d_name;

		if (name[0] != '.' && f->ndev < KM_MAX_GROUP_DEVS &&
		    !path_join(link, sizeof(link), gdir, name) &&
		    realpath(link, dev))
			device_read(dev, name, &f->dev[f->ndev]);
		if (name[0] != '.')
			f->ndev++;
		free(names[i]);
	}
	free(names);
	return 0;
}

static bool driver_ok(const struct km_device *d)
{
	static const char vfio_suffix[] = "_vfio_pci";
	size_t n = strlen(d->driver), s = sizeof(vfio_suffix) - 1;

	return d->bridge || !d->driver[0] || !strcmp(d->driver, "vfio-pci") ||
	       !strcmp(d->driver, "vfio-platform") ||
	       !strcmp(d->driver, "pci-stub") ||
	       (n > s && !strcmp(d->driver + n - s, vfio_suffix));
}

bool km_facts_viable(const struct km_group_facts *f)
{
	unsigned int i;

	if (f->ndev > KM_MAX_GROUP_DEVS)
		return false;
	for (i = 0; i < f->ndev; i++)
		if (!driver_ok(&f->dev[i]))
			return false;
	return true;
}

int km_facts_sva(const struct km_group_facts *f, int *pasid_bits)
{
	const struct km_device *d = &f->dev[0];

	/* Mainline SVA binds singleton groups only. */
	if (f->ndev != 1)
		return -ENODEV;
	if (!d->pasid || !d->pri || !d->ats)
		return -ENODEV;
	if (!d->unit_sva)
		return -EOPNOTSUPP;
	/* intel_iommu_enable_sva(): PASID or PRI not enabled is EINVAL */
	if (d->pf_off)
		return -EINVAL;
	*pasid_bits = d->pasid_bits < d->unit_bits ? d->pasid_bits :
						      d->unit_bits;
	return 0;
}
