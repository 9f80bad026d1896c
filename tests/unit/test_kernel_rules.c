// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: the kernel rules table (src/list/kernel_rules.c): dpkg version order,
 * kernel identification from release and /proc/version, every row's
 * boundaries, and the versions the issue names for each rule.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "iommu_caps.h"
#include "kernel_rules.h"
#include "macros.h"
#include "unit.h"

#define DEB_PROC(pkg) \
	"Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) " \
	"(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils " \
	"for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian " pkg " (2026-10-14)"

static void test_version_cmp(void)
{
	static const struct {
		const char *a, *b;
		int want;
	} t[] = {
		{ "6.1.163", "6.1.163", 0 },
		{ "6.1.162", "6.1.163", -1 },
		{ "6.1.164-1", "6.1.163", 1 },
		{ "6.1.192-3", "6.2", -1 },
		{ "6.18.10", "6.18.7", 1 },
		{ "6.18.7", "6.18.10", -1 },
		{ "6.19", "6.18.99", 1 },
		{ "6.2~rc1", "6.2", -1 },
		{ "6.1.163~", "6.1.163", -1 },
		{ "1:1.0", "2.0", 1 },
		{ "6.1.164-1~bpo12+1", "6.1.164-1", -1 },
		{ "6.12.69-1", "6.12.69-1", 0 },
		{ "6.12.68-2", "6.12.69-1", -1 },
		{ "7.3.4-1", "7.3.4", 1 },
		{ "6.6.13-1~bpo12+1", "6.6.120", -1 },
		{ "6.01.5", "6.1.5", 0 },
		{ "", "0", 0 },
		{ "6.1", "6.1.0", -1 },
	};
	size_t i;

	unit_suite("kernel_version_cmp");
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int got = kernel_version_cmp(t[i].a, t[i].b);
		int back = kernel_version_cmp(t[i].b, t[i].a);

		unit_checkf(got == t[i].want && back == -t[i].want,
			    "wrong order", "%s vs %s is %d", t[i].a, t[i].b,
			    t[i].want);
	}
}

static void test_identify(void)
{
	static const struct {
		const char *release, *proc_version;
		enum kernel_distro distro;
		const char *upstream, *package;
	} t[] = {
		{ "6.1.0-57-amd64", DEB_PROC("6.1.192-3"), DISTRO_DEBIAN,
		  "6.1.192", "6.1.192-3" },
		{ "6.1.0-57-amd64", NULL, DISTRO_DEBIAN_ABI, "6.1.0", "" },
		{ "6.1.0-57-amd64", "Linux version 6.1.0-57-amd64 (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP",
		  DISTRO_DEBIAN_ABI, "6.1.0", "" },
		{ "6.6.13+bpo-amd64", NULL, DISTRO_DEBIAN, "6.6.13", "" },
		{ "6.12.38+deb13-amd64", NULL, DISTRO_DEBIAN, "6.12.38", "" },
		{ "6.12.70", "Linux version 6.12.70 (builder@host) (gcc (GCC) 14.2.1) #1 SMP",
		  DISTRO_UPSTREAM, "6.12.70", "" },
		{ "6.18.44-fc-v657", NULL, DISTRO_UPSTREAM, "6.18.44", "" },
		{ "6.19", NULL, DISTRO_UPSTREAM, "6.19.0", "" },
		{ "6.8.0-45-generic", "Linux version 6.8.0-45-generic (buildd@lcy02) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0) #45-Ubuntu SMP",
		  DISTRO_UBUNTU, "6.8.0", "" },
		{ "6.12.6-200.fc41.x86_64", NULL, DISTRO_FEDORA, "6.12.6", "" },
		{ "5.14.0-427.13.1.el9_4.x86_64", NULL, DISTRO_RHEL, "5.14.0",
		  "" },
		{ "6.4.0-150600.23.25-default", NULL, DISTRO_SUSE, "6.4.0", "" },
		{ "garbage", NULL, DISTRO_UNPARSED, "", "" },
		{ "6", NULL, DISTRO_UNPARSED, "", "" },
		{ "6.1.0-57-amd64", "#1 SMP Debian x", DISTRO_DEBIAN_ABI, "6.1.0",
		  "" },
	};
	struct kernel_id id;
	size_t i;

	unit_suite("kernel_identify");
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		/* no row matches this: a call that wrote nothing fails */
		id = (struct kernel_id){ .distro = (enum kernel_distro)-1,
					 .upstream = "(unset)",
					 .package = "(unset)" };
		kernel_identify(t[i].release, t[i].proc_version, &id);
		unit_checkf(id.distro == t[i].distro &&
			    !strcmp(id.upstream, t[i].upstream) &&
			    !strcmp(id.package, t[i].package),
			    "wrong identity", "%s (%s): %s %s %s", t[i].release,
			    t[i].proc_version ? "with /proc/version" : "alone",
			    kernel_distro_name(t[i].distro), t[i].upstream,
			    t[i].package);
	}
}

/* A kernel whose version on @line is @v. */
static void id_on_line(enum kernel_line line, const char *v,
		       struct kernel_id *id)
{
	memset(id, 0, sizeof(*id));
	switch (line) {
	case LINE_DEBIAN:
		id->distro = DISTRO_DEBIAN;
		snprintf(id->package, sizeof(id->package), "%s", v);
		snprintf(id->upstream, sizeof(id->upstream), "%s", v);
		id->upstream[strcspn(id->upstream, "-~")] = '\0';
		break;
	case LINE_VENDOR:
		id->distro = DISTRO_RHEL;
		snprintf(id->upstream, sizeof(id->upstream), "%s", v);
		break;
	case LINE_UPSTREAM:
	case LINE_ANY:
		id->distro = DISTRO_UPSTREAM;
		snprintf(id->upstream, sizeof(id->upstream), "%s", v);
		break;
	}
}

/* Every row: it covers its first version, not the one just before, and
 * up to just before its end, not the end itself. */
static void test_rows(void)
{
	size_t i;

	unit_suite("kernel_rules rows");
	for (i = 0; i < nr_kernel_rules; i++) {
		const struct kernel_rule *r = &kernel_rules[i];
		char before[80];
		struct kernel_id id;

		unit_checkf(r->code && r->condition && r->source &&
			    strlen(r->source) > 10, "incomplete row",
			    "row %zu (%s) names its code, condition and source",
			    i, r->code);
		id_on_line(r->line, r->from ? r->from : "1.0.0", &id);
		unit_checkf(kernel_rule_match(r->rule, &id, true) == r,
			    "another row or none", "row %zu (%s) covers %s",
			    i, r->code, r->from ? r->from : "1.0.0");
		if (r->x86_only)
			unit_checkf(kernel_rule_match(r->rule, &id, false) !=
				    r, "matched off x86",
				    "row %zu (%s) is x86 only", i, r->code);
		if (r->from) {
			snprintf(before, sizeof(before), "%s~", r->from);
			id_on_line(r->line, before, &id);
			unit_checkf(kernel_rule_match(r->rule, &id, true) != r,
				    "covered", "row %zu (%s) starts at %s", i,
				    r->code, r->from);
		}
		if (r->until) {
			snprintf(before, sizeof(before), "%s~", r->until);
			id_on_line(r->line, before, &id);
			unit_checkf(kernel_rule_match(r->rule, &id, true) == r,
				    "not covered",
				    "row %zu (%s) covers up to before %s", i,
				    r->code, r->until);
			id_on_line(r->line, r->until, &id);
			unit_checkf(kernel_rule_match(r->rule, &id, true) != r,
				    "covered", "row %zu (%s) ends before %s",
				    i, r->code, r->until);
		}
		unit_checkf(!r->from || !r->until ||
			    kernel_version_cmp(r->from, r->until) < 0,
			    "empty range", "row %zu (%s) from < until", i,
			    r->code);
	}
}

#define NONE (-1)

static void test_cases(void)
{
	static const struct {
		enum kernel_rule_id rule;
		const char *release, *proc_version;
		bool x86;
		int want;	/* an enum rule_effect, or NONE */
		const char *code;
	} t[] = {
		/* x86 SVA disable: Debian */
		{ RULE_X86_SVA_DISABLE, "6.1.0-57-amd64", DEB_PROC("6.1.192-3"),
		  true, EFFECT_APPLIES, "kernel-x86-sva-disabled" },
		{ RULE_X86_SVA_DISABLE, "6.1.0-57-amd64", DEB_PROC("6.1.164-1"),
		  true, EFFECT_APPLIES, "kernel-x86-sva-disabled" },
		{ RULE_X86_SVA_DISABLE, "6.1.0-57-amd64", DEB_PROC("6.1.158-1"),
		  true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.1.0-57-arm64", DEB_PROC("6.1.192-3"),
		  false, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.12.0-1-amd64", DEB_PROC("6.12.69-1"),
		  true, EFFECT_APPLIES, "kernel-x86-sva-disabled" },
		{ RULE_X86_SVA_DISABLE, "7.3.4+deb14-amd64", DEB_PROC("7.3.4-1"),
		  true, EFFECT_LIFTED, NULL },
		{ RULE_X86_SVA_DISABLE, "6.1.0-57-amd64", NULL, true,
		  EFFECT_UNKNOWN, "kernel-x86-sva-unknown" },
		/* x86 SVA disable: upstream stable */
		{ RULE_X86_SVA_DISABLE, "5.15.199", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "5.15.200", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.1.162", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.1.163", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.6.119", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.6.120", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.12.63", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.12.64", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.18.3", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "6.18.4", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.18.6", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.18.7", NULL, true, EFFECT_LIFTED,
		  NULL },
		{ RULE_X86_SVA_DISABLE, "6.19", NULL, true, EFFECT_LIFTED, NULL },
		{ RULE_X86_SVA_DISABLE, "7.2.1", NULL, true, EFFECT_LIFTED, NULL },
		{ RULE_X86_SVA_DISABLE, "6.8.12", NULL, true, NONE, NULL },
		{ RULE_X86_SVA_DISABLE, "5.10.240", NULL, true, NONE, NULL },
		/* vendors: the version cannot tell below 6.19 */
		{ RULE_X86_SVA_DISABLE, "6.8.0-45-generic", NULL, true,
		  EFFECT_UNKNOWN, "kernel-x86-sva-unknown" },
		{ RULE_X86_SVA_DISABLE, "5.14.0-427.el9.x86_64", NULL, true,
		  EFFECT_UNKNOWN, NULL },
		{ RULE_X86_SVA_DISABLE, "6.19.2-100.fc43.x86_64", NULL, true,
		  EFFECT_LIFTED, NULL },
		{ RULE_X86_SVA_DISABLE, "garbage", NULL, true, EFFECT_UNKNOWN,
		  NULL },
		/* SMPWC */
		{ RULE_VTD_SMPWC, "6.1.0-57-amd64", DEB_PROC("6.1.187-1"), true,
		  EFFECT_APPLIES, "iommu-no-smpwc" },
		{ RULE_VTD_SMPWC, "6.1.0-57-amd64", DEB_PROC("6.1.176-1"), true,
		  NONE, NULL },
		{ RULE_VTD_SMPWC, "5.15.215", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "5.15.216", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "6.1.182", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "6.1.183", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "6.6.147", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "6.6.148", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "6.12.100", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "6.12.101", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "7.1.5", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "7.1.6", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "7.2", NULL, true, EFFECT_APPLIES, NULL },
		{ RULE_VTD_SMPWC, "6.6.13+bpo-amd64", NULL, true, NONE, NULL },
		{ RULE_VTD_SMPWC, "6.8.0-45-generic", NULL, true, EFFECT_UNKNOWN,
		  "iommu-smpwc-unknown" },
		/* the rules every kernel has */
		{ RULE_SINGLE_DEVICE_GROUP, "6.1.0-57-amd64", NULL, true,
		  EFFECT_APPLIES, "group-several-devices" },
		{ RULE_SINGLE_DEVICE_GROUP, "garbage", NULL, false,
		  EFFECT_APPLIES, "group-several-devices" },
		{ RULE_VTD_SCALABLE_MODE, "6.12.70", NULL, true, EFFECT_APPLIES,
		  "scalable-mode-off" },
		{ RULE_VTD_FL1GP, "6.12.70", NULL, true, EFFECT_APPLIES,
		  "iommu-no-fl1gp" },
		{ RULE_VTD_FL5LP, "6.12.70", NULL, true, EFFECT_APPLIES,
		  "iommu-no-fl5lp" },
		/* AMD */
		{ RULE_AMD_FEATURES_ORDER, "5.19.17", NULL, true, NONE, NULL },
		{ RULE_AMD_FEATURES_ORDER, "6.0", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_AMD_FEATURES_ORDER, "6.1.0-18-amd64", NULL, true,
		  EFFECT_APPLIES, NULL },
		{ RULE_AMD_FEATURES_ORDER, "6.4.16", NULL, true, EFFECT_APPLIES,
		  NULL },
		{ RULE_AMD_FEATURES_ORDER, "6.5.0", NULL, true, NONE, NULL },
		{ RULE_AMD_SVA, "6.9.12", NULL, true, EFFECT_APPLIES,
		  "iommu-amd-no-sva" },
		{ RULE_AMD_SVA, "6.10", NULL, true, NONE, NULL },
		{ RULE_AMD_SVA, "5.14.0-427.el9.x86_64", NULL, true,
		  EFFECT_UNKNOWN, "iommu-amd-sva-unknown" },
	};
	struct kernel_id id;
	size_t i;

	unit_suite("kernel_rules cases");
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		const struct kernel_rule *r;
		bool ok;

		kernel_identify(t[i].release, t[i].proc_version, &id);
		r = kernel_rule_match(t[i].rule, &id, t[i].x86);
		ok = t[i].want == NONE ? !r :
		     r && (int)r->effect == t[i].want &&
		     (!t[i].code || !strcmp(r->code, t[i].code));
		unit_checkf(ok, r ? r->code : "no row", "rule %d on %s%s%s%s: %s",
			    t[i].rule, t[i].release,
			    t[i].proc_version ? " (" : "",
			    t[i].proc_version ? strstr(t[i].proc_version,
						       "Debian 6") ?
			    strstr(t[i].proc_version, "Debian 6") :
			    "Debian" : "",
			    t[i].proc_version ? ")" : "",
			    t[i].want == NONE ? "no row" :
			    t[i].want == EFFECT_APPLIES ? "applies" :
			    t[i].want == EFFECT_LIFTED ? "lifted" : "unknown");
	}
}

/*
 * The release decides which of the two values is the EFR only when the
 * values cannot: with both high dwords empty (0x1, 0x2) nothing but the
 * release tells them apart, so a picker that ignored it would fail here.
 * Both outputs are poisoned first, so one that wrote nothing fails too.
 */
static void check_efr_pick(const char *name, const char *release,
			   uint64_t first, uint64_t second, uint64_t want_efr,
			   uint64_t want_efr2)
{
	uint64_t efr = 0x5a5a5a5a5a5a5a5aULL, efr2 = efr;

	amd_efr_pick(release, first, second, true, &efr, &efr2);
	unit_check(name, efr == want_efr && efr2 == want_efr2,
		   "expected efr %#" PRIx64 " efr2 %#" PRIx64 ", got %#" PRIx64
		   " and %#" PRIx64, want_efr, want_efr2, efr, efr2);
}

static void test_efr_order(void)
{
	unit_suite("amd_efr_pick by the table");
	check_efr_pick("6.1 prints efr2:efr", "6.1.0-18-amd64", 0x1, 0x2,
		       0x2, 0x1);
	check_efr_pick("6.6 prints efr:efr2", "6.6.13+bpo-amd64", 0x1, 0x2,
		       0x1, 0x2);
	check_efr_pick("6.4 prints efr2:efr", "6.4.16", 0x1, 0x2, 0x2, 0x1);
	check_efr_pick("6.5 prints efr:efr2", "6.5.0", 0x1, 0x2, 0x1, 0x2);
	check_efr_pick("values win over the release", "6.1.0-18-amd64",
		       0x58f77ef22294adeULL, 0x0, 0x58f77ef22294adeULL, 0x0);
}

static void test_smpwc_decode(void)
{
	struct iommu_features f;

	unit_suite("vtd_decode SMPWC");
	vtd_decode(0, 1ULL << 48, &f);
	CHECK_EQ_TRI("ecap bit 48 alone", f.smpwc, TRI_YES);
	vtd_decode(0x19ff078e206f0466ULL, 0x1ef98a4f050dfULL, &f);
	CHECK_EQ_TRI("Sapphire Rapids ecap", f.smpwc, TRI_YES);
	vtd_decode(0x19ff078e206f0466ULL, 0xef98a4f050dfULL, &f);
	CHECK_EQ_TRI("the same without bit 48", f.smpwc, TRI_NO);
	vtd_decode(0, ~(1ULL << 48), &f);
	CHECK_EQ_TRI("every bit but 48", f.smpwc, TRI_NO);
	iommu_features_unknown(&f);
	CHECK_EQ_TRI("unknown unit", f.smpwc, TRI_UNKNOWN);
}

int main(void)
{
	test_smpwc_decode();
	test_version_cmp();
	test_identify();
	test_rows();
	test_cases();
	test_efr_order();
	return unit_finish();
}
