// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: vtd_decode() and amd_decode(). Expected values are written out
 * from the register layouts (VT-d ecap/cap, AMD-Vi EFR and capability
 * header), not recomputed with the decoder's own masks.
 */
#include <stdio.h>
#include <string.h>

#include "iommu_caps.h"
#include "macros.h"
#include "unit.h"

#define Y TRI_YES
#define N TRI_NO
#define U TRI_UNKNOWN

#define BIT(n) (1ULL << (n))

/*
 * A row's expected features, in this column order:
 * pasid, pasid_bits, prs, first_level, ats, srs, smts, nest, ers, slts,
 * fl1gp, fl5lp.
 */
struct want {
	enum tri pasid;
	int pasid_bits;
	enum tri prs, first_level, ats;
	enum tri srs, smts, nest, ers, slts, fl1gp, fl5lp;
};

static void check(const char *pfx, const struct iommu_features *f,
		  const struct want *w)
{
	char n[160];

#define FIELD_TRI(field)						\
	do {								\
		snprintf(n, sizeof(n), "%s: " #field, pfx);		\
		CHECK_EQ_TRI(n, f->field, w->field);			\
	} while (0)

	FIELD_TRI(pasid);
	snprintf(n, sizeof(n), "%s: pasid_bits", pfx);
	CHECK_EQ_INT(n, f->pasid_bits, w->pasid_bits);
	FIELD_TRI(prs);
	FIELD_TRI(first_level);
	FIELD_TRI(ats);
	FIELD_TRI(srs);
	FIELD_TRI(smts);
	FIELD_TRI(nest);
	FIELD_TRI(ers);
	FIELD_TRI(slts);
	FIELD_TRI(fl1gp);
	FIELD_TRI(fl5lp);
#undef FIELD_TRI
}

/* VT-d: everything off, then switch on fields one by one. */
#define VTD_NONE { N, 0, N, N, N, N, N, N, N, N, N, N }

static void test_vtd(void)
{
	static const struct {
		const char *name;
		uint64_t cap, ecap;
		struct want w;
	} t[] = {
		{ "no bits", 0, 0, VTD_NONE },
		{ "all bits", ~0ULL, ~0ULL,
		  { Y, 32, Y, Y, Y, Y, Y, Y, Y, Y, Y, Y } },
		{ "ecap DT (2) alone", 0, BIT(2),
		  { N, 0, N, N, Y, N, N, N, N, N, N, N } },
		{ "ecap NEST (26) alone", 0, BIT(26),
		  { N, 0, N, N, N, N, N, Y, N, N, N, N } },
		{ "ecap PRS (29) alone", 0, BIT(29),
		  { N, 0, Y, N, N, N, N, N, N, N, N, N } },
		{ "ecap ERS (30) alone", 0, BIT(30),
		  { N, 0, N, N, N, N, N, N, Y, N, N, N } },
		{ "ecap SRS (31) alone", 0, BIT(31),
		  { N, 0, N, N, N, Y, N, N, N, N, N, N } },
		{ "ecap PASID (40) alone, PSS 0", 0, BIT(40),
		  { Y, 1, N, N, N, N, N, N, N, N, N, N } },
		{ "ecap SMTS (43) alone", 0, BIT(43),
		  { N, 0, N, N, N, N, Y, N, N, N, N, N } },
		{ "ecap SLTS (46) alone", 0, BIT(46),
		  { N, 0, N, N, N, N, N, N, N, Y, N, N } },
		{ "ecap FLTS (47) alone", 0, BIT(47),
		  { N, 0, N, Y, N, N, N, N, N, N, N, N } },
		{ "cap FL1GP (56) alone", BIT(56), 0,
		  { N, 0, N, N, N, N, N, N, N, N, Y, N } },
		{ "cap FL5LP (60) alone", BIT(60), 0,
		  { N, 0, N, N, N, N, N, N, N, N, N, Y } },
		/* PSS counts only with PASID */
		{ "ecap PSS 19 without PASID", 0, 0x9800000000ULL, VTD_NONE },
		{ "ecap PSS 31 without PASID", 0, 0xf800000000ULL, VTD_NONE },
		{ "ecap PASID, PSS 19", 0, BIT(40) | 0x9800000000ULL,
		  { Y, 20, N, N, N, N, N, N, N, N, N, N } },
		{ "ecap PASID, PSS 31", 0, BIT(40) | 0xf800000000ULL,
		  { Y, 32, N, N, N, N, N, N, N, N, N, N } },
		{ "ecap PASID, PSS 1", 0, BIT(40) | BIT(35),
		  { Y, 2, N, N, N, N, N, N, N, N, N, N } },
		{ "ecap PASID, bit 34 and 41 not PSS", 0,
		  BIT(40) | BIT(34) | BIT(41),
		  { Y, 1, N, N, N, N, N, N, N, N, N, N } },
		/* neighbours of every decoded bit */
		{ "ecap neighbour bits only", 0,
		  BIT(1) | BIT(3) | BIT(25) | BIT(27) | BIT(28) | BIT(32) |
		  BIT(33) | BIT(34) | BIT(41) | BIT(42) | BIT(44) |
		  BIT(45) | BIT(48), VTD_NONE },
		{ "cap all bits but FL1GP/FL5LP", ~(BIT(56) | BIT(60)), 0,
		  VTD_NONE },
		/* the registers are not mixed up */
		{ "cap all ones, ecap 0", ~0ULL, 0,
		  { N, 0, N, N, N, N, N, N, N, N, Y, Y } },
		{ "cap 0, ecap all ones", 0, ~0ULL,
		  { Y, 32, Y, Y, Y, Y, Y, Y, Y, Y, N, N } },
		/* register values in the style of real units */
		{ "client unit cap 1c0000c40660462 ecap 19e2ff0505e",
		  0x1c0000c40660462ULL, 0x19e2ff0505eULL,
		  { Y, 20, Y, N, Y, N, N, Y, N, N, Y, N } },
		{ "legacy unit cap d2008c40660462 ecap f050da",
		  0xd2008c40660462ULL, 0xf050daULL, VTD_NONE },
		{ "scalable unit cap 11d2008c40660462 ecap c99824f00f5e",
		  0x11d2008c40660462ULL, 0xc99824f00f5eULL,
		  { Y, 20, Y, Y, Y, N, Y, Y, N, Y, Y, Y } },
	};
	struct iommu_features f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char p[128];

		snprintf(p, sizeof(p), "vtd %s", t[i].name);
		memset(&f, 0x5a, sizeof(f));	/* every field must be set */
		vtd_decode(t[i].cap, t[i].ecap, &f);
		check(p, &f, &t[i].w);
	}
}

/* AMD-Vi: the VT-d-only fields stay unknown. */
#define AMD_NONE { N, 0, N, N, N, U, U, U, U, U, U, U }

static void test_amd(void)
{
	static const struct {
		const char *name;
		uint64_t cap, efr;
		struct want w;
	} t[] = {
		{ "no bits", 0, 0, AMD_NONE },
		{ "all bits", ~0ULL, ~0ULL, { Y, 32, Y, Y, Y, U, U, U, U, U, U, U } },
		{ "efr PPRSup (1) alone", 0, BIT(1),
		  { N, 0, Y, N, N, U, U, U, U, U, U, U } },
		{ "efr GTSup (4) alone, PASmax 0", 0, BIT(4),
		  { Y, 1, N, Y, N, U, U, U, U, U, U, U } },
		{ "efr PASmax 15 without GT", 0, 15ULL << 32, AMD_NONE },
		{ "efr PASmax 31 without GT", 0, 31ULL << 32, AMD_NONE },
		{ "efr GT, PASmax 15", 0, BIT(4) | 15ULL << 32,
		  { Y, 16, N, Y, N, U, U, U, U, U, U, U } },
		{ "efr GT, PASmax 31", 0, BIT(4) | 31ULL << 32,
		  { Y, 32, N, Y, N, U, U, U, U, U, U, U } },
		{ "efr GT, bits 31 and 37 not PASmax", 0,
		  BIT(4) | BIT(31) | BIT(37) | 3ULL << 32,
		  { Y, 4, N, Y, N, U, U, U, U, U, U, U } },
		{ "efr neighbour bits only", 0,
		  BIT(0) | BIT(2) | BIT(3) | BIT(5) | BIT(24) | BIT(31) |
		  BIT(37), AMD_NONE },
		{ "cap IotlbSup (24) alone", BIT(24), 0,
		  { N, 0, N, N, Y, U, U, U, U, U, U, U } },
		{ "cap all bits but IotlbSup", ~BIT(24), 0, AMD_NONE },
		{ "cap 0, efr all ones", 0, ~0ULL,
		  { Y, 32, Y, Y, N, U, U, U, U, U, U, U } },
		{ "cap 190b00f efr f77ef22294ada", 0x190b00fULL,
		  0xf77ef22294adaULL, { Y, 16, Y, Y, Y, U, U, U, U, U, U, U } },
	};
	struct iommu_features f;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char p[128];

		snprintf(p, sizeof(p), "amd %s", t[i].name);
		memset(&f, 0x5a, sizeof(f));
		amd_decode(t[i].cap, t[i].efr, &f);
		check(p, &f, &t[i].w);
	}
}

static void test_unknown(void)
{
	static const struct want w = { U, -1, U, U, U, U, U, U, U, U, U, U };
	struct iommu_features f;

	memset(&f, 0, sizeof(f));
	iommu_features_unknown(&f);
	check("iommu_features_unknown", &f, &w);
}

static void test_kind_names(void)
{
	CHECK_EQ_STR("iommu_kind_name(INTEL_VTD)",
		     iommu_kind_name(IOMMU_KIND_INTEL_VTD), "intel-vtd");
	CHECK_EQ_STR("iommu_kind_name(AMD_VI)",
		     iommu_kind_name(IOMMU_KIND_AMD_VI), "amd-vi");
	CHECK_EQ_STR("iommu_kind_name(ARM_SMMU_V3)",
		     iommu_kind_name(IOMMU_KIND_ARM_SMMU_V3), "arm-smmu-v3");
	CHECK_EQ_STR("iommu_kind_name(UNKNOWN)",
		     iommu_kind_name(IOMMU_KIND_UNKNOWN), "unknown");
	CHECK_EQ_STR("iommu_kind_name(99)",
		     iommu_kind_name((enum iommu_kind)99), "unknown");
	CHECK_EQ_STR("iommu_kind_name(-1)",
		     iommu_kind_name((enum iommu_kind)-1), "unknown");
}

int main(void)
{
	unit_suite("iommu_caps");
	test_vtd();
	test_amd();
	test_unknown();
	test_kind_names();
	return unit_finish();
}
