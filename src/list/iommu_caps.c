// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU feature registers as the kernel exposes them in sysfs: Intel VT-d
 * ecap (VT-d specification, section 11.4.3) and AMD-Vi EFR (AMD IOMMU
 * specification, MMIO offset 0x30). Arm SMMUv3 exposes none.
 */
#include <stdlib.h>

#include "iommu_caps.h"
#include "iommu_regs.h"
#include "kernel_rules.h"
#include "name_table.h"

static const char *const iommu_kind_names[] = {
	[IOMMU_KIND_INTEL_VTD] = "intel-vtd",
	[IOMMU_KIND_AMD_VI] = "amd-vi",
	[IOMMU_KIND_ARM_SMMU_V3] = "arm-smmu-v3",
};

const char *iommu_kind_name(enum iommu_kind kind)
{
	return NAME_IN(iommu_kind_names, kind, "unknown");
}

void amd_efr_pick(const char *release, uint64_t first, uint64_t second,
		  bool have_second, uint64_t *efr, uint64_t *efr2)
{
	const struct kernel_rule *r;
	struct kernel_id id;
	bool swapped = false, first_high, second_high;

	if (!have_second) {
		*efr = first;
		*efr2 = 0;
		return;
	}
	if (release) {
		kernel_identify(release, NULL, &id);
		r = kernel_rule_match(RULE_AMD_FEATURES_ORDER, &id, true);
		swapped = r && r->effect == EFFECT_APPLIES;
	}
	/* the values win: EFR2 is the one with nothing in its high dword */
	first_high = first & AMD_EFR2_UNDEFINED_HIGH;
	second_high = second & AMD_EFR2_UNDEFINED_HIGH;
	if (swapped ? (first_high && !second_high) :
		      (second_high && !first_high))
		swapped = !swapped;
	*efr = swapped ? second : first;
	*efr2 = swapped ? first : second;
}

void iommu_features_unknown(struct iommu_features *f)
{
	*f = (struct iommu_features){
		.pasid = TRI_UNKNOWN, .pasid_bits = -1, .prs = TRI_UNKNOWN,
		.first_level = TRI_UNKNOWN, .ats = TRI_UNKNOWN,
		.srs = TRI_UNKNOWN, .smts = TRI_UNKNOWN, .nest = TRI_UNKNOWN,
		.ers = TRI_UNKNOWN, .slts = TRI_UNKNOWN,
		.fl1gp = TRI_UNKNOWN, .fl5lp = TRI_UNKNOWN,
		.smpwc = TRI_UNKNOWN,
	};
}

void vtd_decode(uint64_t cap, uint64_t ecap, struct iommu_features *f)
{
	iommu_features_unknown(f);
	f->pasid = tri_of(ecap & VTD_ECAP_PASID);
	f->pasid_bits = f->pasid == TRI_YES ?
		(int)((ecap >> VTD_ECAP_PSS_SHIFT) & VTD_ECAP_PSS_MASK) + 1 : 0;
	f->prs = tri_of(ecap & VTD_ECAP_PRS);
	f->first_level = tri_of(ecap & VTD_ECAP_FLTS);
	f->ats = tri_of(ecap & VTD_ECAP_DT);
	f->srs = tri_of(ecap & VTD_ECAP_SRS);
	f->smts = tri_of(ecap & VTD_ECAP_SMTS);
	f->nest = tri_of(ecap & VTD_ECAP_NEST);
	f->ers = tri_of(ecap & VTD_ECAP_ERS);
	f->slts = tri_of(ecap & VTD_ECAP_SLTS);
	f->fl1gp = tri_of(cap & VTD_CAP_FL1GP);
	f->fl5lp = tri_of(cap & VTD_CAP_FL5LP);
	f->smpwc = tri_of(ecap & VTD_ECAP_SMPWC);
}

void amd_decode(uint64_t cap, uint64_t efr, struct iommu_features *f)
{
	unsigned int pasmax = (efr >> AMD_EFR_PASMAX_SHIFT) &
			      AMD_EFR_PASMAX_MASK;

	iommu_features_unknown(f);
	/*
	 * GT (guest translation) is the v2 table walk SVA needs, and the
	 * kernel honours PASmax only with it: max PASID = 2^(PASmax+1) - 1.
	 */
	f->first_level = tri_of(efr & AMD_EFR_GT);
	f->pasid = f->first_level;
	f->pasid_bits = f->pasid == TRI_YES ? (int)pasmax + 1 : 0;
	f->prs = tri_of(efr & AMD_EFR_PPR);
	f->ats = tri_of(cap & AMD_CAP_IOTLB);
}
