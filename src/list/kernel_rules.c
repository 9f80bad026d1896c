// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel rules: which kernels refuse SVA, or change how the tool must
 * read sysfs, and why. Data, not code: the verdicts (assess_*.c) and the
 * register decoding (iommu_caps.c) look rows up here, the man page lists
 * them (KERNEL RULES) and tests/unit checks every row's boundaries.
 *
 * A row covers the versions [from, until) of one line (upstream releases,
 * Debian package versions, vendor kernels, or any kernel by its upstream
 * base). Lookups take the most specific line first (kernel_rule_match()),
 * and within a line the first row that covers the version.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_rules.h"
#include "macros.h"
#include "name_table.h"

#define SRC_X86_GUARD \
	"72f98ef9a4be \"iommu: disable SVA when CONFIG_X86 is set\" " \
	"(CVE-2025-71089), taken by the stable trees without its companions"
#define SRC_X86_FIX \
	"e37d5a2d60a3 \"iommu/sva: invalidate stale IOTLB entries for kernel " \
	"address space\" (CVE-2025-71202) removes the guard; mainline took " \
	"both in v6.19, stable 6.18.7 the whole series"
#define SRC_DEBIAN_GUARD \
	"Debian changelog: \"iommu: disable SVA when CONFIG_X86 is set " \
	"(CVE-2025-71089)\""
#define SRC_SMPWC \
	"780dfed68862 \"iommu/vt-d: Disallow SVA if page walk is not " \
	"coherent\" (v7.2): intel_svm_check() needs ecap.SMPWC"

#define VER_CVE_71202 \
	"CVE-2025-71202 record (CVE list, read through the search tool): " \
	"unaffected from 6.18.7 and from 6.19"
#define VER_STABLE \
	"stable release notes as checked for issue 14 (FACTS.md); the search " \
	"tool's corpus holds no record of these ranges to re-check"
#define VER_DEBIAN \
	"Debian linux changelogs as checked for issue 14 (FACTS.md); not " \
	"re-checked by the search tool"
#define VER_VENDOR \
	"unverified: the search tool found no Ubuntu, Fedora or RHEL package " \
	"status (Red Hat's CVE-2025-71202 record is a draft without package " \
	"states), so these kernels are unknown unless a fix marker shows"
#define VER_EXISTING \
	"a rule the tool applied before the table; not re-checked against " \
	"the kernel source here"

#define X86_COND \
	"iommu_sva_bind_device() answers EOPNOTSUPP on x86: no process can " \
	"be bound"
#define SMPWC_COND \
	"intel_svm_check() leaves SVA off on units without ecap.SMPWC"

/*
 * The rows that differ only in their versions: a guard or a backport that
 * several release lines took as it stands.
 */
#define X86_GUARD_DEBIAN(from, until) \
	{ RULE_X86_SVA_DISABLE, true, LINE_DEBIAN, from, until, \
	  EFFECT_APPLIES, "kernel-x86-sva-disabled", X86_COND, \
	  SRC_DEBIAN_GUARD, VER_DEBIAN }
#define X86_GUARD_STABLE(from, until) \
	{ RULE_X86_SVA_DISABLE, true, LINE_UPSTREAM, from, until, \
	  EFFECT_APPLIES, "kernel-x86-sva-disabled", X86_COND, \
	  SRC_X86_GUARD, VER_STABLE }
#define SMPWC_ROW(line, from, until) \
	{ RULE_VTD_SMPWC, false, line, from, until, \
	  EFFECT_APPLIES, "iommu-no-smpwc", SMPWC_COND, SRC_SMPWC, VER_STABLE }

const struct kernel_rule kernel_rules[] = {
	/* the x86 SVA disable, Debian package versions */
	X86_GUARD_DEBIAN("6.1.164-1", "6.2"),
	X86_GUARD_DEBIAN("6.12.69-1", "6.13"),
	{ RULE_X86_SVA_DISABLE, true, LINE_DEBIAN, "7.3.4", NULL,
	  EFFECT_LIFTED, "kernel-x86-sva-disabled",
	  "the whole series: SVA allowed again", SRC_X86_FIX, VER_DEBIAN },
	/* the x86 SVA disable, upstream stable releases */
	X86_GUARD_STABLE("5.15.200", "5.16"),
	X86_GUARD_STABLE("6.1.163", "6.2"),
	X86_GUARD_STABLE("6.6.120", "6.7"),
	X86_GUARD_STABLE("6.12.64", "6.13"),
	X86_GUARD_STABLE("6.18.4", "6.18.7"),
	{ RULE_X86_SVA_DISABLE, true, LINE_UPSTREAM, "6.18.7", "6.19",
	  EFFECT_LIFTED, "kernel-x86-sva-disabled",
	  "the whole series: SVA allowed again", SRC_X86_FIX, VER_CVE_71202 },
	/* vendor kernels cherry-pick: their version cannot settle it */
	{ RULE_X86_SVA_DISABLE, true, LINE_VENDOR, NULL, "6.19",
	  EFFECT_UNKNOWN, "kernel-x86-sva-unknown",
	  "may carry the CVE-2025-71089 backport alone", SRC_X86_GUARD,
	  VER_VENDOR },
	/* mainline never released the guard in effect */
	{ RULE_X86_SVA_DISABLE, true, LINE_ANY, "6.19", NULL,
	  EFFECT_LIFTED, "kernel-x86-sva-disabled",
	  "the guard and its fix arrived together", SRC_X86_FIX,
	  VER_CVE_71202 },

	/* VT-d units without coherent page walks */
	{ RULE_VTD_SMPWC, false, LINE_DEBIAN, "6.1.187-1", "6.2",
	  EFFECT_APPLIES, "iommu-no-smpwc", SMPWC_COND,
	  "Debian changelog of 6.1.187-1 (stable 6.1.183's backport of "
	  "780dfed68862)", VER_DEBIAN },
	SMPWC_ROW(LINE_UPSTREAM, "5.15.216", "5.16"),
	SMPWC_ROW(LINE_UPSTREAM, "6.1.183", "6.2"),
	SMPWC_ROW(LINE_UPSTREAM, "6.6.148", "6.7"),
	SMPWC_ROW(LINE_UPSTREAM, "6.12.101", "6.13"),
	SMPWC_ROW(LINE_UPSTREAM, "7.1.6", "7.2"),
	{ RULE_VTD_SMPWC, false, LINE_VENDOR, NULL, "7.2",
	  EFFECT_UNKNOWN, "iommu-smpwc-unknown",
	  "may carry the backport of 780dfed68862", SRC_SMPWC, VER_VENDOR },
	SMPWC_ROW(LINE_ANY, "7.2", NULL),

	/* rules every kernel the tool knows applies */
	{ RULE_SINGLE_DEVICE_GROUP, false, LINE_ANY, NULL, NULL,
	  EFFECT_APPLIES, "group-several-devices",
	  "a process address space is bound to a group of one device only",
	  "VFIO_IOMMU_BIND (the seed kernel patch) and the IOMMU core's PASID "
	  "attach take singleton groups", VER_EXISTING },
	{ RULE_VTD_SCALABLE_MODE, false, LINE_ANY, NULL, NULL,
	  EFFECT_APPLIES, "scalable-mode-off",
	  "scalable mode (PASID tables) is off unless intel_iommu=sm_on or "
	  "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON=y; the last "
	  "sm_on/sm_off on the command line wins",
	  "drivers/iommu/intel/Kconfig INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON, "
	  "intel_iommu= parameter (Documentation/admin-guide/"
	  "kernel-parameters.txt)", VER_EXISTING },
	{ RULE_VTD_FL1GP, true, LINE_ANY, NULL, NULL,
	  EFFECT_APPLIES, "iommu-no-fl1gp",
	  "intel_svm_check(): SVM off on a unit without cap.FL1GP when the CPU "
	  "has 1 GiB pages",
	  "ff3dc6521f78 \"iommu/vt-d: Fix CPU and IOMMU SVM feature matching "
	  "checks\"",
	  "commit message read through the search tool (pages corpus)" },
	{ RULE_VTD_FL5LP, true, LINE_ANY, NULL, NULL,
	  EFFECT_APPLIES, "iommu-no-fl5lp",
	  "intel_svm_check(): SVM off on a unit without cap.FL5LP when the CPU "
	  "uses 5-level paging",
	  "ff3dc6521f78 \"iommu/vt-d: Fix CPU and IOMMU SVM feature matching "
	  "checks\"",
	  "commit message read through the search tool (pages corpus)" },
	{ RULE_AMD_FEATURES_ORDER, false, LINE_ANY, "6.0", "6.5",
	  EFFECT_APPLIES, "amd-features-efr2-first",
	  "amd-iommu/features prints \"efr2:efr\" (later kernels \"efr:efr2\", "
	  "older ones the EFR alone); the values win where they disagree",
	  "drivers/iommu/amd/iommu.c features_show()", VER_EXISTING },
	{ RULE_AMD_SVA, false, LINE_VENDOR, NULL, "6.10",
	  EFFECT_UNKNOWN, "iommu-amd-sva-unknown",
	  "may carry a backport of the AMD SVA support",
	  "AMD IOMMU SVA through the generic API arrived in v6.10", VER_VENDOR },
	{ RULE_AMD_SVA, false, LINE_ANY, NULL, "6.10",
	  EFFECT_APPLIES, "iommu-amd-no-sva",
	  "the AMD IOMMU driver has no SVA bind before 6.10 "
	  "(iommu_sva_bind_device() answers ENODEV)",
	  "AMD IOMMU SVA through the generic API arrived in v6.10",
	  "FACTS.md (issue 14); not re-checked here" },
};

const size_t nr_kernel_rules = ARRAY_SIZE(kernel_rules);

static const char *const kernel_distro_names[] = {
	[DISTRO_UPSTREAM] = "upstream",
	[DISTRO_DEBIAN] = "debian",
	[DISTRO_DEBIAN_ABI] = "debian",
	[DISTRO_UBUNTU] = "ubuntu",
	[DISTRO_FEDORA] = "fedora",
	[DISTRO_RHEL] = "rhel",
	[DISTRO_SUSE] = "suse",
};

const char *kernel_distro_name(enum kernel_distro d)
{
	return NAME_IN(kernel_distro_names, d, "unknown");
}

/* dpkg's lib/dpkg/version.c order of one character */
static int char_order(int c)
{
	if (isdigit(c))
		return 0;
	if (isalpha(c))
		return c;
	if (c == '~')
		return -1;
	if (c)
		return c + 256;
	return 0;
}

static int verrevcmp(const char *a, const char *b, size_t alen, size_t blen)
{
	const char *aend = a + alen, *bend = b + blen;

	while (a < aend || b < bend) {
		int first_diff = 0;

		while ((a < aend && !isdigit((unsigned char)*a)) ||
		       (b < bend && !isdigit((unsigned char)*b))) {
			int ac = a < aend ? char_order((unsigned char)*a) : 0;
			int bc = b < bend ? char_order((unsigned char)*b) : 0;

			if (ac != bc)
				return ac - bc;
			a++;
			b++;
		}
		while (a < aend && *a == '0')
			a++;
		while (b < bend && *b == '0')
			b++;
		while (a < aend && b < bend && isdigit((unsigned char)*a) &&
		       isdigit((unsigned char)*b)) {
			if (!first_diff)
				first_diff = *a - *b;
			a++;
			b++;
		}
		if (a < aend && isdigit((unsigned char)*a))
			return 1;
		if (b < bend && isdigit((unsigned char)*b))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

struct dpkg_version {
	unsigned long epoch;
	const char *upstream, *revision;
	size_t ulen, rlen;
};

static void dpkg_split(const char *v, struct dpkg_version *d)
{
	const char *colon = strchr(v, ':'), *dash;

	d->epoch = 0;
	if (colon && colon > v && strspn(v, "0123456789") == (size_t)(colon - v)) {
		d->epoch = strtoul(v, NULL, 10);
		v = colon + 1;
	}
	dash = strrchr(v, '-');
	d->upstream = v;
	d->ulen = dash ? (size_t)(dash - v) : strlen(v);
	d->revision = dash ? dash + 1 : "";
	d->rlen = strlen(d->revision);
}

int kernel_version_cmp(const char *a, const char *b)
{
	struct dpkg_version x, y;
	int r;

	dpkg_split(a, &x);
	dpkg_split(b, &y);
	if (x.epoch != y.epoch)
		return x.epoch < y.epoch ? -1 : 1;
	r = verrevcmp(x.upstream, y.upstream, x.ulen, y.ulen);
	if (r)
		return r < 0 ? -1 : 1;
	r = verrevcmp(x.revision, y.revision, x.rlen, y.rlen);
	return r < 0 ? -1 : r > 0;
}

/* "6.1.0-57-amd64" -> "6.1.0"; 0, or -1 without "X.Y" at the start. */
static int base_version(const char *s, char *buf, size_t size)
{
	unsigned long v[3] = { 0, 0, 0 };
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		if (!isdigit((unsigned char)*s))
			break;
		v[i] = strtoul(s, &end, 10);
		s = end;
		if (i < 2 && *s == '.' && isdigit((unsigned char)s[1])) {
			s++;
			continue;
		}
		i++;
		break;
	}
	if (i < 2)
		return -1;
	snprintf(buf, size, "%lu.%lu.%lu", v[0], v[1], v[2]);
	return 0;
}

/* Is @s (up to a blank) a Debian ABI name: "X.Y.0-N" or "X.Y.0-N-flavour"? */
static bool debian_abi(const char *s)
{
	size_t n;

	n = strspn(s, "0123456789");
	if (!n || s[n] != '.')
		return false;
	s += n + 1;
	n = strspn(s, "0123456789");
	if (!n || strncmp(s + n, ".0-", 3) != 0)
		return false;
	s += n + 3;
	n = strspn(s, "0123456789");
	return n && (s[n] == '\0' || s[n] == '-');
}

void kernel_identify(const char *release, const char *proc_version,
		     struct kernel_id *id)
{
	const char *build = proc_version ? strrchr(proc_version, '#') : NULL;
	const char *deb = build ? strstr(build, " Debian ") : NULL;

	memset(id, 0, sizeof(*id));
	if (deb && isdigit((unsigned char)deb[8])) {
		size_t n = strcspn(deb + 8, " \t\n()");

		if (n >= sizeof(id->package))
			n = sizeof(id->package) - 1;
		memcpy(id->package, deb + 8, n);
		id->package[n] = '\0';
		id->distro = DISTRO_DEBIAN;
		if (base_version(id->package, id->upstream,
				 sizeof(id->upstream)))
			id->distro = DISTRO_UNPARSED;
		return;
	}
	if (base_version(release, id->upstream, sizeof(id->upstream))) {
		id->distro = DISTRO_UNPARSED;
		return;
	}
	if ((proc_version && strstr(proc_version, "Ubuntu")) ||
	    strstr(release, "-generic") || strstr(release, "-lowlatency"))
		id->distro = DISTRO_UBUNTU;
	else if (strstr(release, ".fc") &&
		 isdigit((unsigned char)strstr(release, ".fc")[3]))
		id->distro = DISTRO_FEDORA;
	else if (strstr(release, ".el") &&
		 isdigit((unsigned char)strstr(release, ".el")[3]))
		id->distro = DISTRO_RHEL;
	else if ((proc_version && strstr(proc_version, "SUSE")) ||
		 strstr(release, "-default"))
		id->distro = DISTRO_SUSE;
	else if (strstr(release, "+bpo") || strstr(release, "+deb"))
		/* Debian backports name the upstream version itself */
		id->distro = DISTRO_DEBIAN;
	else if (debian_abi(release))
		id->distro = DISTRO_DEBIAN_ABI;
	else
		id->distro = DISTRO_UPSTREAM;
}

static bool covers(const struct kernel_rule *r, const char *version)
{
	if (r->from && kernel_version_cmp(version, r->from) < 0)
		return false;
	if (r->until && kernel_version_cmp(version, r->until) >= 0)
		return false;
	return true;
}

static const struct kernel_rule *match_line(enum kernel_rule_id rule,
					    enum kernel_line line,
					    const char *version, bool x86)
{
	size_t i;

	for (i = 0; i < nr_kernel_rules; i++) {
		const struct kernel_rule *r = &kernel_rules[i];

		if (r->rule != rule || r->line != line)
			continue;
		if (r->x86_only && !x86)
			continue;
		if (covers(r, version))
			return r;
	}
	return NULL;
}

const struct kernel_rule *kernel_rule_match(enum kernel_rule_id rule,
					    const struct kernel_id *id,
					    bool x86)
{
	const struct kernel_rule *r = NULL;
	bool vendor = false;

	switch (id->distro) {
	case DISTRO_DEBIAN:
		if (id->package[0])
			r = match_line(rule, LINE_DEBIAN, id->package, x86);
		if (!r)
			r = match_line(rule, LINE_UPSTREAM, id->upstream, x86);
		break;
	case DISTRO_UPSTREAM:
		r = match_line(rule, LINE_UPSTREAM, id->upstream, x86);
		break;
	case DISTRO_UNPARSED:
		/* no version: what holds for every kernel, else unknown */
		r = match_line(rule, LINE_ANY, "0", x86);
		if (r && !r->from && !r->until)
			return r;
		return match_line(rule, LINE_VENDOR, "0", x86);
	default:
		vendor = true;
		break;
	}
	/* a vendor's versions below the mainline fix say nothing */
	if (!r && vendor)
		r = match_line(rule, LINE_VENDOR, id->upstream, x86);
	if (!r)
		r = match_line(rule, LINE_ANY, id->upstream, x86);
	return r;
}

const struct kernel_rule *kernel_rule_by_code(const char *code)
{
	size_t i;

	for (i = 0; i < nr_kernel_rules; i++)
		if (!strcmp(kernel_rules[i].code, code))
			return &kernel_rules[i];
	return NULL;
}
