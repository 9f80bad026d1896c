/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PCIE_CAPS_H
#define VFIO_SVA_PCIE_CAPS_H

/*
 * PCIe extended capabilities: the walk of a config space and the decoded
 * ATS, PRI and PASID capabilities.
 */

#include <stddef.h>
#include <stdint.h>

#include "tristate.h"

#define PCI_CFG_HEADER_SIZE	64	/* what an unprivileged read returns */
#define PCI_CFG_STD_SIZE	256
#define PCI_CFG_EXT_SIZE	4096

/* How far the extended capability chain could be followed. */
enum ecap_walk {
	ECAP_WALK_COMPLETE,	/* reached a zero next pointer */
	ECAP_WALK_NO_EXT_SPACE,	/* config is 256 bytes: no extended space */
	ECAP_WALK_UNREADABLE,	/* less than 256 bytes could be read */
	ECAP_WALK_ALL_ONES,	/* a header read as 0xffffffff */
	ECAP_WALK_LOOP,		/* a pointer led back to a visited header */
	ECAP_WALK_BAD_POINTER,	/* a pointer below 0x100 */
	ECAP_WALK_TRUNCATED,	/* a pointer or body past the bytes read */
};

struct ats_cap {
	enum tri present;
	enum tri enabled;
	uint16_t offset;
	int stu;		/* -1 unknown; translation unit 2^(12+stu) */
	int queue_depth;	/* -1 unknown; 0 in the register means 32 */
	enum tri page_aligned;
};

struct pri_cap {
	enum tri present;
	enum tri enabled;
	uint16_t offset;
	int64_t max_requests;	/* outstanding request capacity, -1 unknown */
	int64_t allocated;	/* outstanding request allocation, -1 unknown */
	enum tri stopped;
	enum tri pasid_required;
};

struct pasid_cap {
	enum tri present;
	enum tri enabled;
	uint16_t offset;
	int width;		/* max PASID width in bits, -1 unknown */
	enum tri exec;
	enum tri priv;
};

struct pcie_caps {
	size_t cfg_len;		/* bytes of config space decoded */
	enum tri is_pcie;	/* has a PCI Express capability */
	enum ecap_walk walk;
	uint16_t walk_stop;	/* offset where the walk stopped, if broken */
	unsigned int ecap_count;
	struct ats_cap ats;
	struct pri_cap pri;
	struct pasid_cap pasid;
};

/* Decode the first @len bytes of a device's configuration space. */
void pcie_caps_decode(const uint8_t *cfg, size_t len, struct pcie_caps *caps);

/* A stable name for JSON: "complete", "loop", "truncated", ... */
const char *ecap_walk_name(enum ecap_walk walk);

/* A phrase for a walk that stopped early, e.g. "loops back to 0x100". */
const char *ecap_walk_describe(enum ecap_walk walk);

#endif
