/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_IOMMU_CAPS_H
#define VFIO_SVA_IOMMU_CAPS_H

/*
 * IOMMU unit features: Intel VT-d cap/ecap and AMD-Vi EFR decoded into
 * one vendor-neutral set of SVA-relevant facts.
 */

#include <stdbool.h>
#include <stdint.h>

#include "tristate.h"

enum iommu_kind {
	IOMMU_KIND_UNKNOWN,
	IOMMU_KIND_INTEL_VTD,
	IOMMU_KIND_AMD_VI,
	IOMMU_KIND_ARM_SMMU_V3,
};

const char *iommu_kind_name(enum iommu_kind kind);

/*
 * SVA-relevant features of one IOMMU unit, normalised across vendors.
 * Everything is TRI_UNKNOWN when the unit exposes no feature registers.
 */
struct iommu_features {
	enum tri pasid;		/* PASID-tagged requests */
	int pasid_bits;		/* -1 unknown, 0 without PASID */
	enum tri prs;		/* page requests: device faults served */
	enum tri first_level;	/* walks CPU-format page tables */
	enum tri ats;		/* device TLBs (ATS) */
	/* Intel VT-d only */
	enum tri srs;		/* supervisor requests */
	enum tri smts;		/* scalable mode translation */
	enum tri nest;
	enum tri ers;
	enum tri slts;
	enum tri fl1gp;		/* first-level 1 GiB pages */
	enum tri fl5lp;		/* first-level 5-level paging */
	enum tri smpwc;		/* scalable-mode page walks are coherent */
};

/*
 * The two numbers of amd-iommu/features in EFR, EFR2 order. Linux 6.0 to
 * 6.4 print "efr2:efr", later kernels "efr:efr2", older ones the EFR alone.
 * When the release and the values disagree (EFR2 defines no bits above 31,
 * the EFR's PASmax sits at 36:32), the values win.
 */
void amd_efr_pick(const char *release, uint64_t first, uint64_t second,
		  bool have_second, uint64_t *efr, uint64_t *efr2);

void iommu_features_unknown(struct iommu_features *f);
void vtd_decode(uint64_t cap, uint64_t ecap, struct iommu_features *f);
void amd_decode(uint64_t cap, uint64_t efr, struct iommu_features *f);

#endif
