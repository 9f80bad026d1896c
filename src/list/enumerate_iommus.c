// SPDX-License-Identifier: GPL-2.0
/*
 * Enumeration of IOMMU units: the iommu class through libudev, each unit's
 * registers (VT-d cap/ecap, AMD-Vi cap and EFR) read from its sysfs
 * directory and decoded, and what they say about the kernel's scalable mode.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libudev.h>

#include "enumerate_parts.h"
#include "sysfs.h"
#include "xalloc.h"

static int unit_cmp(const void *a, const void *b)
{
	return strverscmp(((const struct iommu_unit *)a)->name,
			  ((const struct iommu_unit *)b)->name);
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

int enumerate_iommus(struct udev *udev, struct machine *m)
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

/*
 * Scalable mode is the kernel's choice (intel_iommu=sm_on, its default)
 * and the hardware's (ecap.SMTS): the kernel's sm_supported() needs both.
 */
void settle_scalable_mode(struct machine *m)
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
