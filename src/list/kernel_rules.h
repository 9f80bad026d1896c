/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_KERNEL_RULES_H
#define VFIO_SVA_KERNEL_RULES_H

/*
 * What kernels do about SVA, by version: one table (kernel_rules.c) that
 * the verdict reads. See vfio-sva(8), KERNEL RULES.
 */
#include <stdbool.h>
#include <stddef.h>

/* Whose version numbers a row's from/until are. */
enum kernel_line {
	LINE_ANY,	/* the upstream base version of any kernel */
	LINE_UPSTREAM,	/* upstream (stable) releases, and kernels that track them */
	LINE_DEBIAN,	/* Debian package versions ("6.1.192-3") */
	LINE_VENDOR,	/* kernels whose patches we cannot know from the version */
};

enum kernel_rule_id {
	RULE_X86_SVA_DISABLE,
	RULE_VTD_SMPWC,
	RULE_SINGLE_DEVICE_GROUP,
	RULE_VTD_SCALABLE_MODE,
	RULE_VTD_FL1GP,
	RULE_VTD_FL5LP,
	RULE_AMD_FEATURES_ORDER,
	RULE_AMD_SVA,
};

enum rule_effect {
	EFFECT_APPLIES,		/* these kernels do what the row says */
	EFFECT_LIFTED,		/* these kernels do not (fixed, or never had it) */
	EFFECT_UNKNOWN,		/* the version cannot tell */
};

struct kernel_rule {
	enum kernel_rule_id rule;
	bool x86_only;		/* the condition exists only on x86 kernels */
	enum kernel_line line;
	const char *from;	/* first version covered; NULL: every older one */
	const char *until;	/* first version no longer covered; NULL: no end */
	enum rule_effect effect;
	const char *code;	/* the reason code the verdict gives */
	const char *condition;	/* what those kernels do, in words */
	const char *source;	/* commit id, CVE record or changelog line */
	const char *verified;	/* how the row was checked; NULL: taken as given */
};

extern const struct kernel_rule kernel_rules[];
extern const size_t nr_kernel_rules;

/* Which tree a running kernel was built from, as far as its strings say. */
enum kernel_distro {
	DISTRO_UPSTREAM,	/* a plain version: an upstream (stable) tree */
	DISTRO_DEBIAN,		/* /proc/version names the Debian package */
	DISTRO_DEBIAN_ABI,	/* a Debian ABI name without the package version */
	DISTRO_UBUNTU,
	DISTRO_FEDORA,
	DISTRO_RHEL,
	DISTRO_SUSE,
	DISTRO_UNPARSED,	/* no version number could be read */
};

struct kernel_id {
	enum kernel_distro distro;
	char upstream[64];	/* "6.1.192": the upstream version it is based on */
	char package[64];	/* Debian: "6.1.192-3"; empty otherwise */
};

const char *kernel_distro_name(enum kernel_distro d);

/*
 * Order two version strings as dpkg does (epoch, digits compared as
 * numbers, '~' before everything, letters before other characters).
 */
int kernel_version_cmp(const char *a, const char *b);

/* Identify a kernel from its release (uname -r) and /proc/version text. */
void kernel_identify(const char *release, const char *proc_version,
		     struct kernel_id *id);

/*
 * The first row of @rule that covers @id: Debian rows for Debian kernels
 * or vendor rows for vendor kernels first, then upstream rows (for upstream
 * and Debian kernels, on the upstream version), then rows for any kernel.
 * NULL when none covers it. @x86: is the kernel built for x86?
 */
const struct kernel_rule *kernel_rule_match(enum kernel_rule_id rule,
					    const struct kernel_id *id,
					    bool x86);

/* The row giving @code (for reasons whose condition is not versioned). */
const struct kernel_rule *kernel_rule_by_code(const char *code);

#endif
