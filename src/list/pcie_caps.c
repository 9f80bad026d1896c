// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space: the standard capability list (to know whether a
 * function is PCI Express) and the extended capability chain from 0x100,
 * decoding ATS, PRI and PASID. Layouts follow the PCIe base specification;
 * the walk's guards follow pciutils' ls-ecaps.c.
 */
#include <stdbool.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "macros.h"
#include "pcie_caps.h"

#define PCI_EXT_CAP_START	PCI_CFG_SPACE_SIZE
/* Max PASID Width, bits 12:8 of the PASID Capability register */
#define PCI_PASID_CAP_WIDTH(cap)	(((cap) >> 8) & 0x1f)

static uint16_t rd16(const uint8_t *cfg, size_t at)
{
	return (uint16_t)(cfg[at] | cfg[at + 1] << 8);
}

static uint32_t rd32(const uint8_t *cfg, size_t at)
{
	return (uint32_t)cfg[at] | (uint32_t)cfg[at + 1] << 8 |
	       (uint32_t)cfg[at + 2] << 16 | (uint32_t)cfg[at + 3] << 24;
}

static int fits(size_t len, size_t at, size_t size)
{
	return at <= len && size <= len - at;
}

static enum tri find_pcie_cap(const uint8_t *cfg, size_t len)
{
	unsigned char seen[PCI_CFG_STD_SIZE / 4] = { 0 };
	size_t at;

	if (len < PCI_CFG_HEADER_SIZE)
		return TRI_UNKNOWN;
	if (!(rd16(cfg, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return TRI_NO;

	at = cfg[PCI_CAPABILITY_LIST] & ~3u;
	while (at) {
		if (at < PCI_CFG_HEADER_SIZE || at >= PCI_CFG_STD_SIZE ||
		    seen[at / 4])
			return TRI_UNKNOWN;
		if (!fits(len, at, 2))
			return TRI_UNKNOWN;
		seen[at / 4] = 1;
		if (cfg[at + PCI_CAP_LIST_ID] == PCI_CAP_ID_EXP)
			return TRI_YES;
		at = cfg[at + PCI_CAP_LIST_NEXT] & ~3u;
	}
	return TRI_NO;
}

/*
 * Mark a capability found at @at; false when its body of @size bytes was
 * cut off, which leaves the fields the decoders read unknown.
 */
static bool ecap_found(enum tri *present, uint16_t *offset, size_t len,
		       size_t at, size_t size)
{
	*present = TRI_YES;
	*offset = (uint16_t)at;
	return fits(len, at, size);
}

/* Each decoder returns false when the capability's body was cut off. */
static bool decode_ats(const uint8_t *cfg, size_t len, size_t at,
		       struct ats_cap *ats)
{
	uint16_t cap, ctrl;

	if (!ecap_found(&ats->present, &ats->offset, len, at,
			PCI_EXT_CAP_ATS_SIZEOF))
		return false;
	cap = rd16(cfg, at + PCI_ATS_CAP);
	ctrl = rd16(cfg, at + PCI_ATS_CTRL);
	ats->queue_depth = PCI_ATS_CAP_QDEP(cap) ? PCI_ATS_CAP_QDEP(cap) :
						   PCI_ATS_MAX_QDEP;
	ats->page_aligned = tri_of(cap & PCI_ATS_CAP_PAGE_ALIGNED);
	ats->enabled = tri_of(ctrl & PCI_ATS_CTRL_ENABLE);
	ats->stu = PCI_ATS_CTRL_STU(ctrl);
	return true;
}

static bool decode_pri(const uint8_t *cfg, size_t len, size_t at,
		       struct pri_cap *pri)
{
	uint16_t ctrl, status;

	if (!ecap_found(&pri->present, &pri->offset, len, at,
			PCI_EXT_CAP_PRI_SIZEOF))
		return false;
	ctrl = rd16(cfg, at + PCI_PRI_CTRL);
	status = rd16(cfg, at + PCI_PRI_STATUS);
	pri->enabled = tri_of(ctrl & PCI_PRI_CTRL_ENABLE);
	pri->stopped = tri_of(status & PCI_PRI_STATUS_STOPPED);
	pri->pasid_required = tri_of(status & PCI_PRI_STATUS_PASID);
	pri->max_requests = rd32(cfg, at + PCI_PRI_MAX_REQ);
	pri->allocated = rd32(cfg, at + PCI_PRI_ALLOC_REQ);
	return true;
}

static bool decode_pasid(const uint8_t *cfg, size_t len, size_t at,
			 struct pasid_cap *pasid)
{
	uint16_t cap, ctrl;

	if (!ecap_found(&pasid->present, &pasid->offset, len, at,
			PCI_EXT_CAP_PASID_SIZEOF))
		return false;
	cap = rd16(cfg, at + PCI_PASID_CAP);
	ctrl = rd16(cfg, at + PCI_PASID_CTRL);
	pasid->exec = tri_of(cap & PCI_PASID_CAP_EXEC);
	pasid->priv = tri_of(cap & PCI_PASID_CAP_PRIV);
	pasid->width = PCI_PASID_CAP_WIDTH(cap);
	pasid->enabled = tri_of(ctrl & PCI_PASID_CTRL_ENABLE);
	return true;
}

static void caps_reset(struct pcie_caps *caps, size_t len)
{
	memset(caps, 0, sizeof(*caps));
	caps->cfg_len = len;
	caps->is_pcie = TRI_UNKNOWN;

	caps->ats = (struct ats_cap){ TRI_UNKNOWN, TRI_UNKNOWN, 0, -1, -1,
				      TRI_UNKNOWN };
	caps->pri = (struct pri_cap){ TRI_UNKNOWN, TRI_UNKNOWN, 0, -1, -1,
				      TRI_UNKNOWN, TRI_UNKNOWN };
	caps->pasid = (struct pasid_cap){ TRI_UNKNOWN, TRI_UNKNOWN, 0, -1,
					  TRI_UNKNOWN, TRI_UNKNOWN };
}

/* What was not found is absent only if the whole chain was followed. */
static void settle_absent(struct pcie_caps *caps, bool chain_followed)
{
	enum tri absent = chain_followed ? TRI_NO : TRI_UNKNOWN;

	if (caps->ats.present == TRI_UNKNOWN)
		caps->ats.present = absent;
	if (caps->pri.present == TRI_UNKNOWN)
		caps->pri.present = absent;
	if (caps->pasid.present == TRI_UNKNOWN)
		caps->pasid.present = absent;
	if (caps->ats.present == TRI_NO)
		caps->ats.enabled = TRI_NO;
	if (caps->pri.present == TRI_NO)
		caps->pri.enabled = TRI_NO;
	if (caps->pasid.present == TRI_NO)
		caps->pasid.enabled = TRI_NO;
}

void pcie_caps_decode(const uint8_t *cfg, size_t len, struct pcie_caps *caps)
{
	unsigned char seen[PCI_CFG_EXT_SIZE / 4] = { 0 };
	size_t at = PCI_EXT_CAP_START;
	size_t cut_at = 0;	/* first capability whose body was cut off */

	if (len > PCI_CFG_EXT_SIZE)
		len = PCI_CFG_EXT_SIZE;
	caps_reset(caps, len);
	caps->is_pcie = find_pcie_cap(cfg, len);

	if (len < PCI_CFG_STD_SIZE) {
		caps->walk = ECAP_WALK_UNREADABLE;
		return;
	}
	if (len == PCI_CFG_STD_SIZE) {
		caps->walk = ECAP_WALK_NO_EXT_SPACE;
		settle_absent(caps, true);
		return;
	}

	caps->walk = ECAP_WALK_COMPLETE;
	for (;;) {
		uint32_t hdr;
		uint16_t id;

		if (!fits(len, at, 4)) {
			caps->walk = ECAP_WALK_TRUNCATED;
			break;
		}
		if (seen[at / 4]) {
			caps->walk = ECAP_WALK_LOOP;
			break;
		}
		seen[at / 4] = 1;

		hdr = rd32(cfg, at);
		if (hdr == 0xffffffff) {
			caps->walk = ECAP_WALK_ALL_ONES;
			break;
		}
		if (hdr == 0)	/* only valid at 0x100: no capabilities */
			break;

		id = PCI_EXT_CAP_ID(hdr);
		caps->ecap_count++;
		if ((id == PCI_EXT_CAP_ID_ATS && caps->ats.present != TRI_YES &&
		     !decode_ats(cfg, len, at, &caps->ats)) ||
		    (id == PCI_EXT_CAP_ID_PRI && caps->pri.present != TRI_YES &&
		     !decode_pri(cfg, len, at, &caps->pri)) ||
		    (id == PCI_EXT_CAP_ID_PASID &&
		     caps->pasid.present != TRI_YES &&
		     !decode_pasid(cfg, len, at, &caps->pasid))) {
			if (!cut_at)
				cut_at = at;
		}

		/* the spec reserves the low two bits: mask, do not reject */
		at = PCI_EXT_CAP_NEXT(hdr);
		if (!at)
			break;
		if (at < PCI_EXT_CAP_START) {
			caps->walk = ECAP_WALK_BAD_POINTER;
			break;
		}
	}
	/* the chain itself ended well, but a body we need was cut off */
	settle_absent(caps, caps->walk == ECAP_WALK_COMPLETE);
	if (caps->walk == ECAP_WALK_COMPLETE && cut_at) {
		caps->walk = ECAP_WALK_TRUNCATED;
		at = cut_at;
	}
	if (caps->walk != ECAP_WALK_COMPLETE)
		caps->walk_stop = (uint16_t)at;
}

/* Each way a walk can end: its name in JSON, and its words in a reason. */
struct ecap_walk_end {
	const char *name, *words;
};

static const struct ecap_walk_end ecap_walk_ends[] = {
	[ECAP_WALK_COMPLETE] = { "complete", "complete" },
	[ECAP_WALK_NO_EXT_SPACE] = { "no-extended-space",
				     "no extended configuration space" },
	[ECAP_WALK_UNREADABLE] = { "unreadable",
				   "extended configuration space not readable" },
	[ECAP_WALK_ALL_ONES] = { "all-ones",
				 "reads as all ones (device not responding)" },
	[ECAP_WALK_LOOP] = { "loop",
			     "loops back to a capability already visited" },
	[ECAP_WALK_BAD_POINTER] = { "bad-pointer",
				    "points outside the extended configuration space" },
	[ECAP_WALK_TRUNCATED] = { "truncated",
				  "runs past the bytes that could be read" },
};

/* An end outside the table: a value no walk sets. */
static const struct ecap_walk_end ecap_walk_unknown = { "unknown", "broken" };

static const struct ecap_walk_end *ecap_walk_end(enum ecap_walk walk)
{
	return (size_t)walk < ARRAY_SIZE(ecap_walk_ends) ?
	       &ecap_walk_ends[walk] : &ecap_walk_unknown;
}

const char *ecap_walk_name(enum ecap_walk walk)
{
	return ecap_walk_end(walk)->name;
}

const char *ecap_walk_describe(enum ecap_walk walk)
{
	return ecap_walk_end(walk)->words;
}
