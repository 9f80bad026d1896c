/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_IOMMU_CAPS_H
#define VFIO_SVA_IOMMU_CAPS_H

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

/* VT-d extended capability register (intel-iommu/ecap). */
#define VTD_ECAP_DT		(1ULL << 2)
#define VTD_ECAP_NEST		(1ULL << 26)
#define VTD_ECAP_PRS		(1ULL << 29)
#define VTD_ECAP_ERS		(1ULL << 30)
#define VTD_ECAP_SRS		(1ULL << 31)
#define VTD_ECAP_PSS_SHIFT	35
#define VTD_ECAP_PSS_MASK	0x1fULL
#define VTD_ECAP_PASID		(1ULL << 40)
#define VTD_ECAP_SMTS		(1ULL << 43)
#define VTD_ECAP_SLTS		(1ULL << 46)
#define VTD_ECAP_FLTS		(1ULL << 47)
#define VTD_ECAP_SMPWC		(1ULL << 48)

/* VT-d capability register (intel-iommu/cap). */
#define VTD_CAP_FL1GP		(1ULL << 56)
#define VTD_CAP_FL5LP		(1ULL << 60)

/* AMD-Vi capability header (amd-iommu/cap). */
#define AMD_CAP_IOTLB		(1ULL << 24)

/* AMD-Vi extended feature register (amd-iommu/features). */
#define AMD_EFR_PPR		(1ULL << 1)
#define AMD_EFR_GT		(1ULL << 4)
#define AMD_EFR_PASMAX_SHIFT	32
#define AMD_EFR_PASMAX_MASK	0x1fULL

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
