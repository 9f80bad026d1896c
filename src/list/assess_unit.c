// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU unit verdicts: what the hardware's registers offer for SVA (VT-d,
 * AMD-Vi; SMMUv3 exposes nothing) and how this kernel drives such a unit,
 * and the features on which the units of one machine disagree.
 */
#include <stdlib.h>
#include <string.h>

#include "assess_parts.h"
#include "kernel_facts.h"
#include "kernel_rules.h"
#include "macros.h"
#include "model.h"
#include "verdict.h"
#include "xalloc.h"

/* A reason about unit @u itself, the one shape of every unit verdict. */
#define unit_reason(u, code, blocking, ...) \
	verdict_add(&(u)->sva, code, blocking, ORIGIN_IOMMU, (u)->name, \
		    __VA_ARGS__)

/* A feature SVA needs that @u reports it does not have: "<unit> @lack". */
static void unit_lacks(struct iommu_unit *u, enum tri have, const char *code,
		       const char *lack)
{
	if (have == TRI_NO)
		unit_reason(u, code, true, "%s %s", u->name, lack);
}

/* Without its feature register (@file in sysfs) a unit's verdict is open. */
static bool unit_features_read(struct iommu_unit *u, bool have,
			       const char *file)
{
	if (!have)
		unit_reason(u, "iommu-features-unreadable", false,
			    "%s could not be read", file);
	return have;
}

/* 780dfed68862: VT-d units whose page walks are not coherent */
static void assess_smpwc(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct kernel_rule *r;
	char name[160];

	if (u->feat.smpwc != TRI_NO)
		return;
	r = kernel_rule_match(RULE_VTD_SMPWC, &k->id,
			      kernel_arch_is_x86(k->arch));
	if (!r || r->effect == EFFECT_LIFTED)
		return;
	kernel_name(k, name, sizeof(name));
	if (r->effect == EFFECT_APPLIES)
		unit_reason(u, r->code, true,
			    "%s does not walk page tables coherently (ecap.SMPWC=0): this kernel (%s) leaves SVA off on such units (780dfed68862)",
			    u->name, name);
	else
		unit_reason(u, r->code, false,
			    "%s does not walk page tables coherently (ecap.SMPWC=0): kernels with 780dfed68862 (5.15.216+, 6.1.183+, 6.6.148+, 6.12.101+, 7.1.6+, 7.2+) leave SVA off on such units, and the version of this kernel (%s) cannot tell whether it has it",
			    u->name, name);
}

/*
 * ff3dc6521f78: intel_svm_check() turns SVM off on a unit whose first-level
 * tables lack a paging feature the CPU uses (1 GiB pages, 5 levels).
 */
static void assess_paging(const struct kernel_facts *k, struct iommu_unit *u,
			  enum kernel_rule_id rule, enum tri cpu_has,
			  enum tri unit_has, const char *cpu_does,
			  const char *unit_lack)
{
	const struct kernel_rule *r;

	r = kernel_rule_match(rule, &k->id, kernel_arch_is_x86(k->arch));
	if (r && r->effect == EFFECT_APPLIES && cpu_has == TRI_YES &&
	    unit_has == TRI_NO)
		unit_reason(u, r->code, true,
			    "the CPU %s but %s %s: the kernel disables SVM on it",
			    cpu_does, u->name, unit_lack);
}

static void assess_intel(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;
	bool x86 = kernel_arch_is_x86(k->arch);
	const struct kernel_rule *r;

	if (!unit_features_read(u, u->have_ecap, "intel-iommu/ecap"))
		return;
	unit_lacks(u, f->pasid, "iommu-no-pasid",
		   "does not support PASID (ecap.PASID=0)");
	if (f->smts == TRI_NO)
		unit_reason(u, "iommu-no-scalable-mode", true,
			    "%s does not implement scalable mode (ecap.SMTS=0), which PASID translation needs",
			    u->name);
	else if (k->scalable_mode == TRI_NO &&
		 (r = kernel_rule_match(RULE_VTD_SCALABLE_MODE, &k->id, x86)) &&
		 r->effect == EFFECT_APPLIES)
		unit_reason(u, r->code, true,
			    "scalable mode is off (%s): boot with intel_iommu=on,sm_on",
			    k->scalable_mode_why);
	else if (k->scalable_mode == TRI_UNKNOWN)
		unit_reason(u, "scalable-mode-unknown", false,
			    "cannot tell whether the kernel turned scalable mode on (%s)",
			    k->scalable_mode_why);
	unit_lacks(u, f->first_level, "iommu-no-first-level",
		   "cannot walk CPU page tables (ecap.FLTS=0)");
	unit_lacks(u, f->prs, "iommu-no-prs",
		   "cannot take page requests (ecap.PRS=0): device page faults would not be served");
	assess_smpwc(k, u);
	/* the page-size checks matter only where first-level tables exist */
	if (f->first_level != TRI_YES)
		return;
	assess_paging(k, u, RULE_VTD_FL1GP, k->cpu_gbpages, f->fl1gp,
		      "maps 1 GiB pages", "cannot in first-level tables (cap.FL1GP=0)");
	assess_paging(k, u, RULE_VTD_FL5LP, k->cpu_la57, f->fl5lp,
		      "uses 5-level paging", "does not (cap.FL5LP=0)");
}

static void assess_amd(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;
	const struct kernel_rule *r;
	char name[160];

	if (!unit_features_read(u, u->have_efr, "amd-iommu/features"))
		return;
	unit_lacks(u, f->first_level, "iommu-no-first-level",
		   "has no guest translation (EFR.GTSup=0): it cannot walk CPU page tables or tag PASIDs");
	unit_lacks(u, f->prs, "iommu-no-prs",
		   "has no peripheral page requests (EFR.PPRSup=0): device page faults would not be served");
	r = kernel_rule_match(RULE_AMD_SVA, &k->id,
			      kernel_arch_is_x86(k->arch));
	kernel_name(k, name, sizeof(name));
	if (r && r->effect == EFFECT_APPLIES)
		unit_reason(u, r->code, true,
			    "this kernel (%s) has no SVA support in the AMD IOMMU driver (iommu_sva_bind_device() answers ENODEV before 6.10)",
			    name);
	else if (r && r->effect == EFFECT_UNKNOWN)
		unit_reason(u, r->code, false,
			    "the AMD IOMMU driver binds processes from 6.10 on; whether this kernel (%s), older by its version, carries that support cannot be told",
			    name);
}

void assess_unit(const struct kernel_facts *k, struct iommu_unit *u)
{
	switch (u->kind) {
	case IOMMU_KIND_INTEL_VTD:
		assess_intel(k, u);
		break;
	case IOMMU_KIND_AMD_VI:
		assess_amd(k, u);
		break;
	case IOMMU_KIND_ARM_SMMU_V3:
		unit_reason(u, "iommu-features-not-exposed", false,
			    "SMMUv3 exposes no feature bits in sysfs; look for SVA, PRI and stall in the arm-smmu-v3 lines of dmesg");
		break;
	case IOMMU_KIND_UNKNOWN:
		unit_reason(u, "iommu-kind-unknown", false,
			    "unknown IOMMU type: its features cannot be read");
		break;
	}
	verdict_settle(&u->sva);
}

static enum tri unit_feature(const struct iommu_unit *u, const char *feature)
{
	if (!strcmp(feature, "pasid"))
		return u->feat.pasid;
	if (!strcmp(feature, "prs"))
		return u->feat.prs;
	return u->feat.first_level;
}

static char *names_append(char *list, const char *name)
{
	char *joined;

	if (!list)
		return xstrdup(name);
	joined = xasprintf("%s %s", list, name);
	free(list);
	return joined;
}

/* Units of one kind should agree; a device behind the odd one out loses. */
void find_mismatches(struct machine *m)
{
	static const char *const features[] = { "pasid", "prs", "first-level" };
	size_t f, i;

	for (f = 0; f < ARRAY_SIZE(features); f++) {
		struct mismatch mm = { features[f], NULL, NULL };

		for (i = 0; i < m->nr_iommus; i++) {
			const struct iommu_unit *u = &m->iommus[i];
			enum tri t = unit_feature(u, features[f]);

			if (t == TRI_YES)
				mm.have = names_append(mm.have, u->name);
			else if (t == TRI_NO)
				mm.lack = names_append(mm.lack, u->name);
		}
		if (mm.have && mm.lack) {
			m->mismatches = xreallocarray(m->mismatches,
						      m->nr_mismatches + 1,
						      sizeof(*m->mismatches));
			m->mismatches[m->nr_mismatches++] = mm;
		} else {
			free(mm.have);
			free(mm.lack);
		}
	}
}
