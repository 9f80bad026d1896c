// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: pcie_caps_decode() on configuration space built byte by byte and
 * on lspci -xxxx dumps (the .hexdump files in tests/unit/data). Each
 * buffer is copied to a heap block of exactly the decoded length, so that
 * a read past it shows up under AddressSanitizer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/pci_regs.h>

#include "hexdump.h"
#include "macros.h"
#include "pcie_caps.h"
#include "unit.h"

#define SRC_SIZE	8192

static uint8_t cfg[SRC_SIZE];

static void put16(uint8_t *c, size_t at, uint16_t v)
{
	c[at] = (uint8_t)v;
	c[at + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *c, size_t at, uint32_t v)
{
	put16(c, at, (uint16_t)v);
	put16(c, at + 2, (uint16_t)(v >> 16));
}

/*
 * A type 0 header of a PCIe endpoint: status has the capability list bit,
 * 0x34 points to the PCI Express capability at 0x40, which ends the list.
 * Everything else is zero.
 */
static void std_header(uint8_t *c)
{
	memset(c, 0, SRC_SIZE);
	put16(c, 0x00, 0x8086);
	put16(c, 0x02, 0x0b25);
	put16(c, 0x04, 0x0546);
	put16(c, 0x06, 0x0010);
	put32(c, 0x08, 0x08800001);
	c[0x34] = 0x40;
	c[0x40] = 0x10;		/* PCI Express */
	c[0x41] = 0x00;
	put16(c, 0x42, 0x0092);
}

static void std_cap(uint8_t *c, size_t at, uint8_t id, uint8_t next)
{
	c[at] = id;
	c[at + 1] = next;
}

static void ecap_hdr(uint8_t *c, size_t at, uint16_t id, unsigned int ver,
		     unsigned int next)
{
	put32(c, at, (uint32_t)id | (uint32_t)ver << 16 | (uint32_t)next << 20);
}

static void ecap_ats(uint8_t *c, size_t at, unsigned int next, uint16_t cap,
		     uint16_t ctrl)
{
	ecap_hdr(c, at, PCI_EXT_CAP_ID_ATS, 1, next);
	put16(c, at + 4, cap);
	put16(c, at + 6, ctrl);
}

static void ecap_pri(uint8_t *c, size_t at, unsigned int next, uint16_t ctrl,
		     uint16_t status, uint32_t capacity, uint32_t alloc)
{
	ecap_hdr(c, at, PCI_EXT_CAP_ID_PRI, 1, next);
	put16(c, at + 4, ctrl);
	put16(c, at + 6, status);
	put32(c, at + 8, capacity);
	put32(c, at + 12, alloc);
}

static void ecap_pasid(uint8_t *c, size_t at, unsigned int next,
		       uint16_t cap, uint16_t ctrl)
{
	ecap_hdr(c, at, PCI_EXT_CAP_ID_PASID, 1, next);
	put16(c, at + 4, cap);
	put16(c, at + 6, ctrl);
}

/* Decode the first @len bytes of @src from a heap copy of exactly @len. */
static void decode(const uint8_t *src, size_t len, struct pcie_caps *caps)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, src, len);
	memset(caps, 0xa5, sizeof(*caps));	/* every field must be set */
	pcie_caps_decode(p, len, caps);
	free(p);
}

static char namebuf[256];

static const char *nm(const char *pfx, const char *what)
{
	snprintf(namebuf, sizeof(namebuf), "%s: %s", pfx, what);
	return namebuf;
}

static const char *walk_name(enum ecap_walk w)
{
	switch (w) {
	case ECAP_WALK_COMPLETE:
		return "COMPLETE";
	case ECAP_WALK_NO_EXT_SPACE:
		return "NO_EXT_SPACE";
	case ECAP_WALK_UNREADABLE:
		return "UNREADABLE";
	case ECAP_WALK_ALL_ONES:
		return "ALL_ONES";
	case ECAP_WALK_LOOP:
		return "LOOP";
	case ECAP_WALK_BAD_POINTER:
		return "BAD_POINTER";
	case ECAP_WALK_TRUNCATED:
		return "TRUNCATED";
	}
	return "(invalid)";
}

static void check_walk(const char *pfx, const struct pcie_caps *c,
		       enum ecap_walk want)
{
	unit_check(nm(pfx, "walk"), c->walk == want, "expected %s, got %s (%d)",
		   walk_name(want), walk_name(c->walk), (int)c->walk);
}

/*
 * The checked fields of each capability, in the order their lines are
 * printed. Only a present capability has meaningful fields; for an absent
 * or unknown one, only presence is checked and that it is not reported
 * enabled (the rows marked always).
 */
enum field_type { FIELD_TRI, FIELD_U16, FIELD_INT, FIELD_I64 };

struct cap_field {
	const char *name;
	size_t offset;
	enum field_type type;
	bool always;
};

#define CAP_FIELD(cap, field, type, always) \
	{ #field, offsetof(struct cap, field), (type), (always) }

static const struct cap_field ats_fields[] = {
	CAP_FIELD(ats_cap, present, FIELD_TRI, true),
	CAP_FIELD(ats_cap, enabled, FIELD_TRI, true),
	CAP_FIELD(ats_cap, offset, FIELD_U16, false),
	CAP_FIELD(ats_cap, stu, FIELD_INT, false),
	CAP_FIELD(ats_cap, queue_depth, FIELD_INT, false),
	CAP_FIELD(ats_cap, page_aligned, FIELD_TRI, false),
};

static const struct cap_field pri_fields[] = {
	CAP_FIELD(pri_cap, present, FIELD_TRI, true),
	CAP_FIELD(pri_cap, enabled, FIELD_TRI, true),
	CAP_FIELD(pri_cap, offset, FIELD_U16, false),
	CAP_FIELD(pri_cap, max_requests, FIELD_I64, false),
	CAP_FIELD(pri_cap, allocated, FIELD_I64, false),
	CAP_FIELD(pri_cap, stopped, FIELD_TRI, false),
	CAP_FIELD(pri_cap, pasid_required, FIELD_TRI, false),
};

static const struct cap_field pasid_fields[] = {
	CAP_FIELD(pasid_cap, present, FIELD_TRI, true),
	CAP_FIELD(pasid_cap, enabled, FIELD_TRI, true),
	CAP_FIELD(pasid_cap, offset, FIELD_U16, false),
	CAP_FIELD(pasid_cap, width, FIELD_INT, false),
	CAP_FIELD(pasid_cap, exec, FIELD_TRI, false),
	CAP_FIELD(pasid_cap, priv, FIELD_TRI, false),
};

static long long field_value(const void *cap, const struct cap_field *f)
{
	const char *at = (const char *)cap + f->offset;
	enum tri t;
	uint16_t u16;
	int i;
	int64_t i64;

	switch (f->type) {
	case FIELD_TRI:
		memcpy(&t, at, sizeof(t));
		return t;
	case FIELD_U16:
		memcpy(&u16, at, sizeof(u16));
		return u16;
	case FIELD_INT:
		memcpy(&i, at, sizeof(i));
		return i;
	case FIELD_I64:
		memcpy(&i64, at, sizeof(i64));
		return i64;
	}
	return -999;
}

/* @present: the wanted presence, which decides the rows that count. */
static void check_cap(const char *pfx, const char *cap,
		      const struct cap_field *fields, size_t nr_fields,
		      const void *got, const void *want, enum tri present)
{
	size_t i;

	for (i = 0; i < nr_fields; i++) {
		const struct cap_field *f = &fields[i];
		char what[48];

		if (!f->always && present != TRI_YES)
			continue;
		snprintf(what, sizeof(what), "%s.%s", cap, f->name);
		if (f->type == FIELD_TRI)
			CHECK_EQ_TRI(nm(pfx, what),
				     (enum tri)field_value(got, f),
				     (enum tri)field_value(want, f));
		else
			CHECK_EQ_INT(nm(pfx, what), field_value(got, f),
				     field_value(want, f));
	}
}

/* What a check wants, by field name: WANT_ATS(.present = T_Y, ...). */
#define WANT_ATS(...)	(&(const struct ats_cap){ __VA_ARGS__ })
#define WANT_PRI(...)	(&(const struct pri_cap){ __VA_ARGS__ })
#define WANT_PASID(...)	(&(const struct pasid_cap){ __VA_ARGS__ })

static void check_ats(const char *pfx, const struct ats_cap *got,
		      const struct ats_cap *want)
{
	check_cap(pfx, "ats", ats_fields, ARRAY_SIZE(ats_fields), got, want,
		  want->present);
}

static void check_pri(const char *pfx, const struct pri_cap *got,
		      const struct pri_cap *want)
{
	check_cap(pfx, "pri", pri_fields, ARRAY_SIZE(pri_fields), got, want,
		  want->present);
}

static void check_pasid(const char *pfx, const struct pasid_cap *got,
			const struct pasid_cap *want)
{
	check_cap(pfx, "pasid", pasid_fields, ARRAY_SIZE(pasid_fields), got,
		  want, want->present);
}

#define T_Y TRI_YES
#define T_N TRI_NO
#define T_U TRI_UNKNOWN

static void check_none_present(const char *pfx, const struct pcie_caps *c,
			       enum tri want)
{
	check_ats(pfx, &c->ats, WANT_ATS(.present = want, .enabled = want));
	check_pri(pfx, &c->pri, WANT_PRI(.present = want, .enabled = want));
	check_pasid(pfx, &c->pasid, WANT_PASID(.present = want,
					       .enabled = want));
}

/* ---- the standard capability list: is_pcie ---- */

static void test_standard_list(void)
{
	struct pcie_caps c;

	std_header(cfg);
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: PCIe cap first in list: is_pcie", c.is_pcie, T_Y);

	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x60);		/* PM */
	std_cap(cfg, 0x60, 0x05, 0x70);		/* MSI */
	std_cap(cfg, 0x70, 0x10, 0x00);		/* PCIe */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: PCIe cap third in list: is_pcie", c.is_pcie, T_Y);

	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x60);
	std_cap(cfg, 0x60, 0x05, 0x00);
	std_cap(cfg, 0x70, 0x10, 0x00);		/* not linked */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: list without PCIe cap: is_pcie", c.is_pcie, T_N);

	std_header(cfg);
	put16(cfg, 0x06, 0x0000);		/* no capability list */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: status without cap list bit: is_pcie", c.is_pcie,
		     T_N);

	std_header(cfg);
	cfg[0x34] = 0x00;
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: cap list bit, null pointer: is_pcie", c.is_pcie,
		     T_N);

	std_header(cfg);
	cfg[0x34] = 0x43;			/* low bits reserved */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: pointer low bits masked: is_pcie", c.is_pcie, T_Y);

	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x53);		/* -> 0x50 */
	std_cap(cfg, 0x50, 0x10, 0x00);
	cfg[0x53] = 0x05;			/* what 0x53 unmasked would hit */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: next pointer low bits masked: is_pcie", c.is_pcie,
		     T_Y);

	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x50);
	std_cap(cfg, 0x50, 0x05, 0x40);		/* loop, no PCIe cap */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: looping list: is_pcie unknown", c.is_pcie, T_U);

	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x40);		/* points to itself */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: self-looping cap: is_pcie unknown", c.is_pcie,
		     T_U);

	std_header(cfg);
	cfg[0x34] = 0x20;			/* inside the header */
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("std: pointer into the header: is_pcie unknown",
		     c.is_pcie, T_U);
}

/* ---- the extended chain ---- */

static void test_complete_chain(void)
{
	const char *p = "complete chain";
	struct pcie_caps c;

	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x140);		/* AER */
	ecap_ats(cfg, 0x140, 0x150, 0x0025, 0x8003);
	ecap_pri(cfg, 0x150, 0x160, 0x0001, 0x8000, 512, 256);
	ecap_pasid(cfg, 0x160, 0x000, 0x1406, 0x0007);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "cfg_len"), c.cfg_len, 4096);
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 4);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x140,
				      .enabled = T_Y, .stu = 3,
				      .queue_depth = 5, .page_aligned = T_Y));
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x150,
				      .enabled = T_Y, .max_requests = 512,
				      .allocated = 256, .stopped = T_N,
				      .pasid_required = T_Y));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x160,
					    .enabled = T_Y, .width = 20,
					    .exec = T_Y, .priv = T_Y));

	/* the same chain, capabilities in another order */
	p = "complete chain, reordered";
	std_header(cfg);
	ecap_pasid(cfg, 0x100, 0x200, 0x0800, 0x0000);
	ecap_hdr(cfg, 0x200, 0x000b, 1, 0x300);		/* vendor specific */
	ecap_pri(cfg, 0x300, 0x400, 0x0000, 0x0100, 32, 0);
	ecap_ats(cfg, 0x400, 0x000, 0x0000, 0x0000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 4);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x400,
				      .enabled = T_N, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x300,
				      .enabled = T_N, .max_requests = 32,
				      .allocated = 0, .stopped = T_Y,
				      .pasid_required = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x100,
					    .enabled = T_N, .width = 8,
					    .exec = T_N, .priv = T_N));

	/* pointers may go backwards as long as they do not revisit */
	p = "backward pointers";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x800);
	ecap_ats(cfg, 0x800, 0x400, 0x0001, 0x0000);
	ecap_pasid(cfg, 0x400, 0x104, 0x1f00, 0x0000);
	ecap_hdr(cfg, 0x104, 0x000b, 1, 0x000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 4);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x800,
				      .enabled = T_N, .stu = 0,
				      .queue_depth = 1, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_N, .enabled = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x400,
					    .enabled = T_N, .width = 31,
					    .exec = T_N, .priv = T_N));

	/* the last capability ends exactly at 4096 */
	p = "PRI in the last 16 bytes";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0xff0);
	ecap_pri(cfg, 0xff0, 0x000, 0x0001, 0x0000, 7, 3);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0xff0,
				      .enabled = T_Y, .max_requests = 7,
				      .allocated = 3, .stopped = T_N,
				      .pasid_required = T_N));
}

static void test_ats_fields(void)
{
	static const struct {
		uint16_t cap, ctrl;
		int qd, stu;
		enum tri pa, en;
	} t[] = {
		{ 0x0000, 0x0000, 32, 0, T_N, T_N },	/* 0 means 32 */
		{ 0x0020, 0x8000, 32, 0, T_Y, T_Y },
		{ 0x0001, 0x0000, 1, 0, T_N, T_N },
		{ 0x001f, 0x0000, 31, 0, T_N, T_N },
		{ 0x0010, 0x0000, 16, 0, T_N, T_N },
		{ 0xffc0, 0x0000, 32, 0, T_N, T_N },	/* upper bits not depth */
		{ 0xffc8, 0x7fe0, 8, 0, T_N, T_N },	/* reserved ctrl bits */
		{ 0x0000, 0x0001, 32, 1, T_N, T_N },
		{ 0x0000, 0x0005, 32, 5, T_N, T_N },
		{ 0x0000, 0x801f, 32, 31, T_N, T_Y },
		{ 0x003f, 0xffff, 31, 31, T_Y, T_Y },
	};
	struct pcie_caps c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char p[80];

		snprintf(p, sizeof(p), "ATS cap %#06x ctrl %#06x", t[i].cap,
			 t[i].ctrl);
		std_header(cfg);
		ecap_ats(cfg, 0x100, 0x000, t[i].cap, t[i].ctrl);
		decode(cfg, 4096, &c);
		check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
					      .enabled = t[i].en,
					      .stu = t[i].stu,
					      .queue_depth = t[i].qd,
					      .page_aligned = t[i].pa));
	}
}

static void test_pri_fields(void)
{
	static const struct {
		uint16_t ctrl, status;
		uint32_t capacity, alloc;
		enum tri en, stopped, pasid_req;
	} t[] = {
		{ 0x0001, 0x0000, 512, 512, T_Y, T_N, T_N },
		{ 0x0000, 0x0100, 512, 0, T_N, T_Y, T_N },	/* stopped */
		{ 0x0000, 0x8000, 1, 1, T_N, T_N, T_Y },	/* PASID req */
		{ 0x0002, 0x0003, 0, 0, T_N, T_N, T_N },	/* reset, RF/UPRGI */
		{ 0x0003, 0x8103, 0x12345678, 0x9abcdef0, T_Y, T_Y, T_Y },
		{ 0xffff, 0x7fff, 0xffffffff, 0xffffffff, T_Y, T_Y, T_N },
	};
	struct pcie_caps c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char p[96];

		snprintf(p, sizeof(p), "PRI ctrl %#06x status %#06x cap %#x",
			 t[i].ctrl, t[i].status, t[i].capacity);
		std_header(cfg);
		ecap_hdr(cfg, 0x100, 0x0001, 2, 0x200);
		ecap_pri(cfg, 0x200, 0x000, t[i].ctrl, t[i].status,
			 t[i].capacity, t[i].alloc);
		decode(cfg, 4096, &c);
		check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x200,
					      .enabled = t[i].en,
					      .max_requests = t[i].capacity,
					      .allocated = t[i].alloc,
					      .stopped = t[i].stopped,
					      .pasid_required = t[i].pasid_req));
	}
}

static void test_pasid_fields(void)
{
	static const struct {
		uint16_t cap, ctrl;
		int width;
		enum tri exec, priv, en;
	} t[] = {
		{ 0x1406, 0x0001, 20, T_Y, T_Y, T_Y },	/* DSA-like */
		{ 0x1400, 0x0000, 20, T_N, T_N, T_N },
		{ 0x0002, 0x0000, 0, T_Y, T_N, T_N },
		{ 0x0004, 0x0000, 0, T_N, T_Y, T_N },
		{ 0x0001, 0x0000, 0, T_N, T_N, T_N },	/* bit 0 reserved */
		{ 0x1f00, 0x0000, 31, T_N, T_N, T_N },
		{ 0xe000, 0x0000, 0, T_N, T_N, T_N },	/* 15:13 not width */
		{ 0xf400, 0x0000, 20, T_N, T_N, T_N },
		{ 0x1000, 0x0006, 16, T_N, T_N, T_N },	/* exec/priv en only */
		{ 0x0806, 0x0007, 8, T_Y, T_Y, T_Y },
	};
	struct pcie_caps c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char p[80];

		snprintf(p, sizeof(p), "PASID cap %#06x ctrl %#06x", t[i].cap,
			 t[i].ctrl);
		std_header(cfg);
		ecap_hdr(cfg, 0x100, 0x0001, 2, 0x148);
		ecap_pasid(cfg, 0x148, 0x000, t[i].cap, t[i].ctrl);
		decode(cfg, 4096, &c);
		check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y,
						    .offset = 0x148,
						    .enabled = t[i].en,
						    .width = t[i].width,
						    .exec = t[i].exec,
						    .priv = t[i].priv));
	}
}

static void full_chain(uint8_t *c)
{
	std_header(c);
	ecap_ats(c, 0x100, 0x140, 0x0000, 0x8000);
	ecap_pri(c, 0x140, 0x180, 0x0001, 0x0000, 512, 512);
	ecap_pasid(c, 0x180, 0x000, 0x1406, 0x0001);
}

static void test_short_reads(void)
{
	static const size_t lens[] = { 0, 1, 4, 63, 64, 65, 66, 100, 255 };
	struct pcie_caps c;
	size_t i;
	const char *p;

	/* 256 bytes: no extended space, so nothing can be there */
	p = "256 bytes";
	full_chain(cfg);	/* beyond the length: must not be seen */
	decode(cfg, 256, &c);
	check_walk(p, &c, ECAP_WALK_NO_EXT_SPACE);
	CHECK_EQ_INT(nm(p, "cfg_len"), c.cfg_len, 256);
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 0);
	check_none_present(p, &c, T_N);

	p = "64 bytes";
	decode(cfg, 64, &c);
	check_walk(p, &c, ECAP_WALK_UNREADABLE);
	CHECK_EQ_INT(nm(p, "cfg_len"), c.cfg_len, 64);
	/* the PCIe cap at 0x40 is past the 64 bytes */
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_U);
	check_none_present(p, &c, T_U);

	p = "64 bytes, no capability list";
	put16(cfg, 0x06, 0x0000);
	decode(cfg, 64, &c);
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_N);
	check_walk(p, &c, ECAP_WALK_UNREADABLE);
	check_none_present(p, &c, T_U);

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		char pfx[48];
		enum tri want_pcie;

		full_chain(cfg);
		snprintf(pfx, sizeof(pfx), "read of %zu bytes", lens[i]);
		decode(cfg, lens[i], &c);
		check_walk(pfx, &c, ECAP_WALK_UNREADABLE);
		check_none_present(pfx, &c, T_U);
		/* the PCIe cap header (id, next) is at 0x40..0x41 */
		want_pcie = lens[i] >= 0x42 ? T_Y : T_U;
		CHECK_EQ_TRI(nm(pfx, "is_pcie"), c.is_pcie, want_pcie);
	}

	p = "100 bytes, PCIe cap after the length";
	std_header(cfg);
	std_cap(cfg, 0x40, 0x01, 0x70);
	std_cap(cfg, 0x70, 0x10, 0x00);
	decode(cfg, 100, &c);
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_U);
	decode(cfg, 256, &c);
	CHECK_EQ_TRI("same list, 256 bytes: is_pcie", c.is_pcie, T_Y);
}

static void test_special_headers(void)
{
	struct pcie_caps c;
	const char *p;

	p = "header 0 at 0x100";
	std_header(cfg);
	ecap_ats(cfg, 0x140, 0x000, 0, 0);	/* unreachable */
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 0);
	CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
	check_none_present(p, &c, T_N);

	p = "header ffffffff at 0x100";
	std_header(cfg);
	put32(cfg, 0x100, 0xffffffff);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_ALL_ONES);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x100);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 0);
	check_none_present(p, &c, T_U);

	p = "header ffffffff after ATS";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x200, 0x0004, 0x8000);
	put32(cfg, 0x200, 0xffffffff);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_ALL_ONES);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x200);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 1);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 0,
				      .queue_depth = 4, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_U, .enabled = T_U));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_U, .enabled = T_U));

	/* id 0 with a next pointer is a (null) capability, not the end */
	p = "id 0 with a next pointer";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0000, 0, 0x180);
	ecap_pasid(cfg, 0x180, 0x000, 0x1000, 0x0001);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x180,
					    .enabled = T_Y, .width = 16,
					    .exec = T_N, .priv = T_N));

	/* next pointer 1..3: masked to 0, the end of the chain */
	p = "next pointer 0x003";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x003, 0, 0);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_N, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_N, .enabled = T_N));
}

static void test_broken_chains(void)
{
	struct pcie_caps c;
	const char *p;

	p = "loop back to 0x100";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x140, 0x0002, 0x8000);
	ecap_pri(cfg, 0x140, 0x100, 0x0001, 0x0000, 64, 0);
	ecap_pasid(cfg, 0x200, 0x000, 0x1406, 0x0001);	/* unreachable */
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_LOOP);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x100);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 2);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 0,
				      .queue_depth = 2, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x140,
				      .enabled = T_Y, .max_requests = 64,
				      .allocated = 0, .stopped = T_N,
				      .pasid_required = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_U, .enabled = T_U));

	p = "capability pointing to itself";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x150);
	ecap_pasid(cfg, 0x150, 0x150, 0x0500, 0x0000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_LOOP);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x150);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 2);
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x150,
					    .enabled = T_N, .width = 5,
					    .exec = T_N, .priv = T_N));
	check_ats(p, &c.ats, WANT_ATS(.present = T_U, .enabled = T_U));
	check_pri(p, &c.pri, WANT_PRI(.present = T_U, .enabled = T_U));

	p = "0x100 pointing to itself";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x100, 0x0000, 0x0000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_LOOP);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 1);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_N, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_U, .enabled = T_U));

	p = "pointer below 0x100";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x040, 0x0000, 0x0000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_BAD_POINTER);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x040);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_N, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_U, .enabled = T_U));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_U, .enabled = T_U));

	p = "pointer 0x0fc";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x0fc);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_BAD_POINTER);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x0fc);
	check_none_present(p, &c, T_U);

	p = "pointer 0x142 masked to 0x140";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x142);
	ecap_ats(cfg, 0x140, 0x183, 0x0008, 0x8002);	/* 0x183 -> 0x180 */
	ecap_pasid(cfg, 0x180, 0x000, 0x1406, 0x0001);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 3);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x140,
				      .enabled = T_Y, .stu = 2,
				      .queue_depth = 8, .page_aligned = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x180,
					    .enabled = T_Y, .width = 20,
					    .exec = T_Y, .priv = T_Y));
	check_pri(p, &c.pri, WANT_PRI(.present = T_N, .enabled = T_N));

	p = "pointer past the length (len 300, 0x200)";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x200, 0x0000, 0x8000);
	ecap_pasid(cfg, 0x200, 0x000, 0x1406, 0x0001);	/* not read */
	decode(cfg, 300, &c);
	check_walk(p, &c, ECAP_WALK_TRUNCATED);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x200);
	CHECK_EQ_INT(nm(p, "cfg_len"), c.cfg_len, 300);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_U, .enabled = T_U));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_U, .enabled = T_U));

	p = "header straddling the length (len 0x142)";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x140);
	ecap_ats(cfg, 0x140, 0x000, 0x0000, 0x8000);
	decode(cfg, 0x142, &c);
	check_walk(p, &c, ECAP_WALK_TRUNCATED);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x140);
	check_ats(p, &c.ats, WANT_ATS(.present = T_U, .enabled = T_U));

	p = "header ending at the length (len 0x144)";
	decode(cfg, 0x144, &c);
	CHECK_EQ_TRI(nm(p, "ats.present"), c.ats.present, T_Y);
	CHECK_EQ_INT(nm(p, "ats.offset"), c.ats.offset, 0x140);
	CHECK_EQ_INT(nm(p, "ats.queue_depth unknown"), c.ats.queue_depth, -1);
	CHECK_EQ_TRI(nm(p, "ats.enabled unknown"), c.ats.enabled, T_U);

	p = "len 257";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x000, 0, 0);
	decode(cfg, 257, &c);
	check_walk(p, &c, ECAP_WALK_TRUNCATED);
	CHECK_EQ_INT(nm(p, "walk_stop"), c.walk_stop, 0x100);
	check_none_present(p, &c, T_U);
}

/* A capability whose header was read but whose registers were cut off. */
static void test_body_cut_off(void)
{
	struct pcie_caps c;
	const char *p;

	p = "PRI body cut off (len 0x148)";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x140);
	ecap_pri(cfg, 0x140, 0x000, 0x0001, 0x8100, 512, 512);
	decode(cfg, 0x148, &c);
	CHECK_EQ_TRI(nm(p, "pri.present"), c.pri.present, T_Y);
	CHECK_EQ_INT(nm(p, "pri.offset"), c.pri.offset, 0x140);
	CHECK_EQ_TRI(nm(p, "pri.enabled"), c.pri.enabled, T_U);
	CHECK_EQ_TRI(nm(p, "pri.stopped"), c.pri.stopped, T_U);
	CHECK_EQ_TRI(nm(p, "pri.pasid_required"), c.pri.pasid_required, T_U);
	CHECK_EQ_INT(nm(p, "pri.max_requests"), c.pri.max_requests, -1);
	CHECK_EQ_INT(nm(p, "pri.allocated"), c.pri.allocated, -1);
	/* pcie_caps.h: TRUNCATED is "a pointer or body past the bytes read" */
	check_walk(p, &c, ECAP_WALK_TRUNCATED);

	p = "PRI needing one more byte (len 0x14f)";
	decode(cfg, 0x14f, &c);
	CHECK_EQ_INT(nm(p, "pri.allocated"), c.pri.allocated, -1);
	p = "PRI body exactly read (len 0x150)";
	decode(cfg, 0x150, &c);
	CHECK_EQ_INT(nm(p, "pri.allocated"), c.pri.allocated, 512);
	CHECK_EQ_TRI(nm(p, "pri.stopped"), c.pri.stopped, T_Y);
	check_walk(p, &c, ECAP_WALK_COMPLETE);

	p = "PASID body cut off (len 0x146)";
	std_header(cfg);
	ecap_hdr(cfg, 0x100, 0x0001, 2, 0x140);
	ecap_pasid(cfg, 0x140, 0x000, 0x1406, 0x0001);
	decode(cfg, 0x146, &c);
	CHECK_EQ_TRI(nm(p, "pasid.present"), c.pasid.present, T_Y);
	CHECK_EQ_INT(nm(p, "pasid.width"), c.pasid.width, -1);
	CHECK_EQ_TRI(nm(p, "pasid.exec"), c.pasid.exec, T_U);
	CHECK_EQ_TRI(nm(p, "pasid.enabled"), c.pasid.enabled, T_U);
	check_walk(p, &c, ECAP_WALK_TRUNCATED);

	p = "ATS body cut off (len 0x105)";
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x000, 0x0020, 0x8000);
	decode(cfg, 0x105, &c);
	CHECK_EQ_TRI(nm(p, "ats.present"), c.ats.present, T_Y);
	CHECK_EQ_INT(nm(p, "ats.stu"), c.ats.stu, -1);
	CHECK_EQ_INT(nm(p, "ats.queue_depth"), c.ats.queue_depth, -1);
	CHECK_EQ_TRI(nm(p, "ats.page_aligned"), c.ats.page_aligned, T_U);
	CHECK_EQ_TRI(nm(p, "ats.enabled"), c.ats.enabled, T_U);
	check_walk(p, &c, ECAP_WALK_TRUNCATED);
}

static void test_oversized(void)
{
	struct pcie_caps c, ref;
	const char *p = "len 5000";

	/* PRI at 0xffc: its registers would be past configuration space */
	std_header(cfg);
	ecap_ats(cfg, 0x100, 0xffc, 0x0003, 0x8000);
	ecap_pri(cfg, 0xffc, 0x000, 0x0001, 0x8000, 512, 512);
	memset(cfg + 4096, 0x11, SRC_SIZE - 4096);
	decode(cfg, 4096, &ref);
	decode(cfg, 5000, &c);
	/*
	 * What len 4096 gives, written out rather than taken from a second
	 * decode (which a broken decoder would get wrong the same way): the
	 * chain stops at PRI, whose body is cut off at 4096.
	 */
	CHECK_EQ_INT(nm("len 4096", "walk truncated at PRI"), ref.walk,
		     ECAP_WALK_TRUNCATED);
	CHECK_EQ_INT(nm("len 4096", "walk_stop"), ref.walk_stop, 0xffc);
	CHECK_EQ_INT(nm("len 4096", "pri.max_requests unknown"),
		     ref.pri.max_requests, -1);
	CHECK_EQ_INT(nm(p, "cfg_len clamped to 4096"), c.cfg_len, 4096);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 0,
				      .queue_depth = 3, .page_aligned = T_N));
	CHECK_EQ_TRI(nm(p, "pri.present"), c.pri.present, T_Y);
	CHECK_EQ_INT(nm(p, "pri.offset"), c.pri.offset, 0xffc);
	CHECK_EQ_INT(nm(p, "pri.max_requests not read past 4096"),
		     c.pri.max_requests, -1);
	CHECK_EQ_TRI(nm(p, "pri.enabled not read past 4096"), c.pri.enabled,
		     T_U);
	CHECK_EQ_INT(nm(p, "walk same as len 4096"), c.walk,
		     ECAP_WALK_TRUNCATED);
	CHECK_EQ_INT(nm(p, "walk_stop same as len 4096"), c.walk_stop, 0xffc);
	CHECK_EQ_INT(nm(p, "pri.max_requests same as len 4096"),
		     c.pri.max_requests, -1);

	p = "len 4097";
	full_chain(cfg);
	decode(cfg, 4097, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 0,
				      .queue_depth = 32, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x140,
				      .enabled = T_Y, .max_requests = 512,
				      .allocated = 512, .stopped = T_N,
				      .pasid_required = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x180,
					    .enabled = T_Y, .width = 20,
					    .exec = T_Y, .priv = T_Y));
}

static void test_duplicates(void)
{
	struct pcie_caps c;
	const char *p = "duplicated capabilities";

	std_header(cfg);
	ecap_ats(cfg, 0x100, 0x110, 0x0005, 0x8001);
	ecap_pri(cfg, 0x110, 0x120, 0x0001, 0x0000, 100, 10);
	ecap_pasid(cfg, 0x120, 0x130, 0x1406, 0x0001);
	ecap_ats(cfg, 0x130, 0x140, 0x0007, 0x0002);
	ecap_pri(cfg, 0x140, 0x150, 0x0000, 0x8100, 200, 20);
	ecap_pasid(cfg, 0x150, 0x000, 0x0800, 0x0000);
	decode(cfg, 4096, &c);
	check_walk(p, &c, ECAP_WALK_COMPLETE);
	CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 6);
	check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x100,
				      .enabled = T_Y, .stu = 1,
				      .queue_depth = 5, .page_aligned = T_N));
	check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x110,
				      .enabled = T_Y, .max_requests = 100,
				      .allocated = 10, .stopped = T_N,
				      .pasid_required = T_N));
	check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y, .offset = 0x120,
					    .enabled = T_Y, .width = 20,
					    .exec = T_Y, .priv = T_Y));
}

/*
 * The longest possible chain: 960 (0x3c0) capabilities at every dword
 * from 0x100 to 0xffc, the last one pointing to each of the 1024 dword
 * positions in turn. Every walk must end, with the right status.
 */
static void test_maximal_chain(void)
{
	unsigned int target, bad_walk = 0, bad_count = 0, bad_stop = 0;
	unsigned int bad_ats = 0, first_bad = 0;
	struct pcie_caps c;
	size_t at;

	std_header(cfg);
	for (at = 0x100; at < 0x1000; at += 4)
		ecap_hdr(cfg, at, 0x000b, 1, (unsigned int)(at + 4) & 0xffc);
	/*
	 * ATS at 0xff8: its registers are the next header, id 0x000b (queue
	 * depth 11) and version 1 in the low bits of "ctrl" (STU 1).
	 */
	ecap_hdr(cfg, 0xff8, PCI_EXT_CAP_ID_ATS, 1, 0xffc);

	for (target = 0; target < 1024; target++) {
		enum ecap_walk want;
		unsigned int ptr = target * 4;
		int bad = 0;

		ecap_hdr(cfg, 0xffc, 0x000b, 1, ptr);
		decode(cfg, 4096, &c);
		want = ptr == 0 ? ECAP_WALK_COMPLETE :
		       ptr < 0x100 ? ECAP_WALK_BAD_POINTER : ECAP_WALK_LOOP;
		if (c.walk != want) {
			bad_walk++;
			bad = 1;
		}
		if (c.ecap_count != 0x3c0) {
			bad_count++;
			bad = 1;
		}
		if (want != ECAP_WALK_COMPLETE && c.walk_stop != ptr) {
			bad_stop++;
			bad = 1;
		}
		if (c.ats.present != TRI_YES || c.ats.offset != 0xff8 ||
		    c.ats.queue_depth != 11 || c.ats.stu != 1) {
			bad_ats++;
			bad = 1;
		}
		if (bad && !first_bad)
			first_bad = ptr ? ptr : 0x1000;
	}
	CHECK("maximal chain: walk status for all 1024 targets", !bad_walk,
	      "%u targets with the wrong status (first at %#x)", bad_walk,
	      first_bad);
	CHECK("maximal chain: 960 capabilities counted", !bad_count,
	      "%u targets with ecap_count != 960 (first at %#x)", bad_count,
	      first_bad);
	CHECK("maximal chain: walk_stop is the target", !bad_stop,
	      "%u targets with the wrong walk_stop (first at %#x)", bad_stop,
	      first_bad);
	CHECK("maximal chain: ATS at 0xff8 decoded", !bad_ats,
	      "%u targets with ATS wrong (first at %#x)", bad_ats, first_bad);
}

/* ---- random buffers ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

static void random_config(uint8_t *c, size_t len)
{
	static const uint16_t ids[] = { PCI_EXT_CAP_ID_ATS, PCI_EXT_CAP_ID_PRI,
					PCI_EXT_CAP_ID_PASID, 0x0001, 0x000b,
					0x0000, 0xffff };
	uint32_t used[24];
	unsigned int n, k;
	size_t i, at;

	for (i = 0; i < len; i++)
		c[i] = (uint8_t)rnd();
	if (len < 0x104 || (rnd() & 3) == 0)
		return;		/* pure noise, a quarter of the time */
	/* a chain of plausible headers at random places */
	at = 0x100;
	n = rnd() % 24;
	for (k = 0; k < n && at + 4 <= len; k++) {
		uint32_t next = rnd() % 0x1000, hdr;

		used[k] = (uint32_t)at;
		if (rnd() % 8)
			next &= ~3u;		/* mostly well formed */
		if (rnd() % 16 == 0)
			next = 0;		/* end */
		else if (rnd() % 12 == 0)
			next = used[rnd() % (k + 1)];	/* loop */
		hdr = ids[rnd() % ARRAY_SIZE(ids)] | (rnd() & 0xf) << 16 |
		      next << 20;
		if (rnd() % 48 == 0)
			hdr = 0xffffffff;
		put32(c, at, hdr);
		at = next & ~3u;
		if (at < 0x100)
			break;
	}
}

static int tri_ok(enum tri t)
{
	return t == TRI_YES || t == TRI_NO || t == TRI_UNKNOWN;
}

static void test_random(void)
{
	static uint8_t rbuf[4200 + 1];
	unsigned int iter, n_iter = 20000;
	unsigned int f_tri = 0, f_off = 0, f_settled = 0, f_short = 0;
	unsigned int f_fields = 0, f_enabled = 0, f_len = 0, f_count = 0;
	unsigned int seen_walk[ECAP_WALK_TRUNCATED + 1] = { 0 };
	unsigned int n_yes = 0, n_walks;
	long first[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
	struct pcie_caps c;

	for (iter = 0; iter < n_iter; iter++) {
		size_t len = rnd() % 4201, clen = len > 4096 ? 4096 : len;
		const enum tri *pres[3] = { &c.ats.present, &c.pri.present,
					    &c.pasid.present };
		const enum tri *en[3] = { &c.ats.enabled, &c.pri.enabled,
					  &c.pasid.enabled };
		unsigned int j;

		random_config(rbuf, len);
		decode(rbuf, len, &c);
		if ((unsigned int)c.walk <= ECAP_WALK_TRUNCATED)
			seen_walk[c.walk]++;

		if (!tri_ok(c.is_pcie) || !tri_ok(c.ats.present) ||
		    !tri_ok(c.pri.present) || !tri_ok(c.pasid.present) ||
		    (unsigned int)c.walk > ECAP_WALK_TRUNCATED) {
			f_tri++;
			if (first[0] < 0)
				first[0] = iter;
		}
		for (j = 0; j < 3; j++) {
			uint16_t o = j == 0 ? c.ats.offset :
				     j == 1 ? c.pri.offset : c.pasid.offset;

			if (*pres[j] == TRI_YES) {
				n_yes++;
				if (o < 0x100 || o + 4u > clen || (o & 3)) {
					f_off++;
					if (first[1] < 0)
						first[1] = iter;
				}
			}
			if ((c.walk == ECAP_WALK_COMPLETE ||
			     c.walk == ECAP_WALK_NO_EXT_SPACE) &&
			    *pres[j] == TRI_UNKNOWN) {
				f_settled++;
				if (first[2] < 0)
					first[2] = iter;
			}
			/* an absent capability is not enabled */
			if (*pres[j] == TRI_NO && *en[j] != TRI_NO) {
				f_enabled++;
				if (first[3] < 0)
					first[3] = iter;
			}
			if (*pres[j] == TRI_UNKNOWN && *en[j] != TRI_UNKNOWN) {
				f_enabled++;
				if (first[3] < 0)
					first[3] = iter;
			}
		}
		if (len < 256 && (c.walk != ECAP_WALK_UNREADABLE ||
				  c.ats.present != TRI_UNKNOWN ||
				  c.pri.present != TRI_UNKNOWN ||
				  c.pasid.present != TRI_UNKNOWN ||
				  (len < 64 && c.is_pcie != TRI_UNKNOWN))) {
			f_short++;
			if (first[4] < 0)
				first[4] = iter;
		}
		if ((c.ats.present == TRI_YES && c.ats.queue_depth != -1 &&
		     (c.ats.queue_depth < 1 || c.ats.queue_depth > 32 ||
		      c.ats.stu < 0 || c.ats.stu > 31)) ||
		    (c.pasid.present == TRI_YES && c.pasid.width != -1 &&
		     (c.pasid.width < 0 || c.pasid.width > 31)) ||
		    (c.pri.present == TRI_YES &&
		     (c.pri.max_requests < -1 ||
		      c.pri.max_requests > 0xffffffffLL ||
		      c.pri.allocated < -1 ||
		      c.pri.allocated > 0xffffffffLL))) {
			f_fields++;
			if (first[5] < 0)
				first[5] = iter;
		}
		/* clamping above 4096 has its own test */
		if (len <= 4096 && c.cfg_len != clen) {
			f_len++;
			if (first[6] < 0)
				first[6] = iter;
		}
		if (c.ecap_count > 0x3c0) {
			f_count++;
			if (first[7] < 0)
				first[7] = iter;
		}
	}
	/* every decode ended in one of the walk statuses */
	n_walks = 0;
	for (iter = 0; iter <= ECAP_WALK_TRUNCATED; iter++)
		n_walks += seen_walk[iter];
	CHECK("random: 20000 buffers decoded", n_walks == n_iter,
	      "%u of %u decodes gave a walk status", n_walks, n_iter);
	CHECK("random: enums in range", !f_tri,
	      "%u bad (first iteration %ld)", f_tri, first[0]);
	CHECK("random: present cap offset >= 0x100, aligned, header in len",
	      !f_off, "%u bad (first iteration %ld)", f_off, first[1]);
	CHECK("random: COMPLETE/NO_EXT_SPACE never leave presence unknown",
	      !f_settled, "%u bad (first iteration %ld)", f_settled,
	      first[2]);
	CHECK("random: enabled follows absent/unknown presence", !f_enabled,
	      "%u bad (first iteration %ld)", f_enabled, first[3]);
	CHECK("random: under 256 bytes everything unknown", !f_short,
	      "%u bad (first iteration %ld)", f_short, first[4]);
	CHECK("random: decoded fields in range", !f_fields,
	      "%u bad (first iteration %ld)", f_fields, first[5]);
	CHECK("random: cfg_len is the length", !f_len,
	      "%u bad (first iteration %ld)", f_len, first[6]);
	CHECK("random: at most 960 capabilities", !f_count,
	      "%u bad (first iteration %ld)", f_count, first[7]);
	/* the generator must actually reach the interesting cases */
	CHECK("random: every walk status was produced",
	      seen_walk[ECAP_WALK_COMPLETE] && seen_walk[ECAP_WALK_LOOP] &&
	      seen_walk[ECAP_WALK_BAD_POINTER] &&
	      seen_walk[ECAP_WALK_TRUNCATED] &&
	      seen_walk[ECAP_WALK_UNREADABLE] &&
	      seen_walk[ECAP_WALK_ALL_ONES],
	      "complete %u loop %u bad %u trunc %u unreadable %u ones %u",
	      seen_walk[ECAP_WALK_COMPLETE], seen_walk[ECAP_WALK_LOOP],
	      seen_walk[ECAP_WALK_BAD_POINTER],
	      seen_walk[ECAP_WALK_TRUNCATED],
	      seen_walk[ECAP_WALK_UNREADABLE], seen_walk[ECAP_WALK_ALL_ONES]);
	CHECK("random: some capabilities were found", n_yes > 1000,
	      "only %u present capabilities", n_yes);
}

/* ---- lspci -xxxx dumps ---- */

static int load(const char *file, uint8_t *buf, size_t size)
{
	unsigned int bad_line;
	int n = hexdump_load(unit_data_path(file), buf, size, &bad_line);

	if (n < 0)
		fprintf(stderr, "%s: %s (line %u)\n", unit_data_path(file),
			strerror(-n), bad_line);
	return n;
}

static void test_dumps(void)
{
	static uint8_t d[4096];
	struct pcie_caps c;
	const char *p;
	int n;

	p = "dsa.hexdump";
	memset(d, 0xee, sizeof(d));
	n = load(p, d, sizeof(d));
	CHECK_EQ_INT(nm(p, "bytes"), n, 4096);
	if (n > 0) {
		decode(d, (size_t)n, &c);
		check_walk(p, &c, ECAP_WALK_COMPLETE);
		CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
		CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 5);
		check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x150,
					      .enabled = T_Y, .stu = 0,
					      .queue_depth = 32,
					      .page_aligned = T_Y));
		check_pri(p, &c.pri, WANT_PRI(.present = T_Y, .offset = 0x220,
					      .enabled = T_Y,
					      .max_requests = 512,
					      .allocated = 512, .stopped = T_N,
					      .pasid_required = T_Y));
		check_pasid(p, &c.pasid, WANT_PASID(.present = T_Y,
						    .offset = 0x160,
						    .enabled = T_Y, .width = 20,
						    .exec = T_Y, .priv = T_Y));

		p = "dsa.hexdump cut to 256";
		decode(d, 256, &c);
		check_walk(p, &c, ECAP_WALK_NO_EXT_SPACE);
		CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
		check_none_present(p, &c, T_N);
	}

	p = "dsa-unprivileged.hexdump";
	memset(d, 0xee, sizeof(d));
	n = load(p, d, sizeof(d));
	CHECK_EQ_INT(nm(p, "bytes"), n, 64);
	if (n > 0) {
		decode(d, (size_t)n, &c);
		check_walk(p, &c, ECAP_WALK_UNREADABLE);
		CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_U);
		check_none_present(p, &c, T_U);
	}

	p = "nic-ats-only.hexdump";
	memset(d, 0xee, sizeof(d));
	n = load(p, d, sizeof(d));
	CHECK_EQ_INT(nm(p, "bytes"), n, 4096);
	if (n > 0) {
		decode(d, (size_t)n, &c);
		check_walk(p, &c, ECAP_WALK_COMPLETE);
		CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_Y);
		CHECK_EQ_INT(nm(p, "ecap_count"), c.ecap_count, 8);
		check_ats(p, &c.ats, WANT_ATS(.present = T_Y, .offset = 0x1d0,
					      .enabled = T_N, .stu = 0,
					      .queue_depth = 32,
					      .page_aligned = T_N));
		check_pri(p, &c.pri, WANT_PRI(.present = T_N, .enabled = T_N));
		check_pasid(p, &c.pasid, WANT_PASID(.present = T_N,
						    .enabled = T_N));
	}

	p = "conventional-pci.hexdump";
	memset(d, 0xee, sizeof(d));
	n = load(p, d, sizeof(d));
	CHECK_EQ_INT(nm(p, "bytes"), n, 256);
	if (n > 0) {
		decode(d, (size_t)n, &c);
		check_walk(p, &c, ECAP_WALK_NO_EXT_SPACE);
		CHECK_EQ_TRI(nm(p, "is_pcie"), c.is_pcie, T_N);
		check_none_present(p, &c, T_N);
	}
}

static void test_describe(void)
{
	enum ecap_walk w;
	const char *seen[ECAP_WALK_TRUNCATED + 1];

	for (w = ECAP_WALK_COMPLETE; w <= ECAP_WALK_TRUNCATED; w++) {
		const char *s = ecap_walk_describe(w);
		int dup = 0;
		enum ecap_walk v;

		for (v = ECAP_WALK_COMPLETE; v < w; v++)
			if (s && seen[v] && !strcmp(s, seen[v]))
				dup = 1;
		seen[w] = s;
		unit_checkf(s && *s && strcmp(s, "broken") && !dup,
			    s ? s : "(null)",
			    "ecap_walk_describe(%s) is its own phrase",
			    walk_name(w));
	}
	CHECK_EQ_STR("ecap_walk_describe(out of range)",
		     ecap_walk_describe((enum ecap_walk)99), "broken");
}

/* ---- the hex dump parser itself ---- */

static void test_hexdump_parser(void)
{
	static const char line0[] =
		"00: 86 80 25 0b 46 05 10 00 01 00 80 08 00 00 00 00\n";
	static const char rest[] =
		"10: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 20 00 00\n"
		"20: 00 00 00 00 00 00 00 00 00 00 00 00 86 80 00 00\n"
		"30: 00 00 00 00 40 00 00 00 00 00 00 00 FF 00 00 00\n";
	static const struct {
		const char *name, *text;
		int ret;
		unsigned int line;
	} t[] = {
		{ "no device line", "%s%s", 64, 0 },
		{ "device line", "6a:01.0 System peripheral: X\n%s%s", 64, 0 },
		{ "device line with domain",
		  "0000:6a:01.0 Host bridge: X\n%s%s", 64, 0 },
		{ "no final newline", "%s%s", 64, 0 },
		{ "stops at a blank line", "%s%s\nnonsense\n", 64, 0 },
		{ "device line not first", "%s6a:01.0 X: Y\n%s", -EINVAL, 2 },
		{ "bad device line", "6a:01 System\n%s%s", -EINVAL, 1 },
		{ "15 bytes on a line",
		  "%s10: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 20 00\n",
		  -EINVAL, 2 },
		{ "17 bytes on a line",
		  "%s10: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 20 00 00 00\n",
		  -EINVAL, 2 },
		{ "bad hex digit",
		  "%s10: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 2g 00 00\n",
		  -EINVAL, 2 },
		{ "one-digit byte",
		  "%s10: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 2 000 00\n",
		  -EINVAL, 2 },
		{ "offset out of sequence",
		  "%s20: 0c 00 00 e0 7f 20 00 00 0c 00 00 f0 7f 20 00 00\n",
		  -EINVAL, 2 },
		{ "one-digit offset", "0: 86 80 25 0b 46 05 10 00 01 00 80 08"
		  " 00 00 00 00\n%s", -EINVAL, 1 },
		{ "missing colon", "00 86 80 25 0b 46 05 10 00 01 00 80 08"
		  " 00 00 00 00\n%s", -EINVAL, 1 },
		{ "trailing space", "00: 86 80 25 0b 46 05 10 00 01 00 80 08"
		  " 00 00 00 00 \n%s", -EINVAL, 1 },
		{ "tab separator", "00:\t86 80 25 0b 46 05 10 00 01 00 80 08"
		  " 00 00 00 00\n%s", -EINVAL, 1 },
		{ "only 16 bytes", "%s", -EINVAL, 0 },
		{ "empty", "", -EINVAL, 0 },
	};
	size_t i;

	unit_suite("hexdump");
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char text[1024];
		uint8_t buf[4096];
		unsigned int line = 99;
		char nb[128];
		int n, ret;

		/* the format strings are the table's, all with %s args */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		n = snprintf(text, sizeof(text), t[i].text, line0, rest);
#pragma GCC diagnostic pop
		if (!strcmp(t[i].name, "no final newline"))
			text[--n] = '\0';
		ret = hexdump_parse(text, (size_t)n, buf, sizeof(buf), &line);
		snprintf(nb, sizeof(nb), t[i].ret < 0 ?
			 "%s: returns %d, bad line %u" : "%s: returns %d",
			 t[i].name, t[i].ret, t[i].line);
		CHECK(nb, ret == t[i].ret &&
		      (ret != -EINVAL || line == t[i].line),
		      "expected %d (bad line %u), got %d (bad line %u)",
		      t[i].ret, t[i].line, ret, line);
		if (ret == 64) {
			static const uint8_t want[] = { 0x86, 0x80, 0x25, 0x0b,
							0x46, 0x05, 0x10, 0x00 };

			snprintf(nb, sizeof(nb), "%s: bytes", t[i].name);
			unit_eq_mem(nb, buf, want, sizeof(want));
			snprintf(nb, sizeof(nb), "%s: byte 0x3c (upper case)",
				 t[i].name);
			CHECK_EQ_INT(nb, buf[0x3c], 0xff);
		}
	}

	{
		uint8_t small[32];
		char text[256];
		int n = snprintf(text, sizeof(text), "%s%s", line0, rest);

		CHECK_EQ_INT("buffer too small: -ENOSPC",
			     hexdump_parse(text, (size_t)n, small,
					   sizeof(small), NULL), -ENOSPC);
	}
	{
		/* 272 bytes: 256 plus one line, not a size lspci prints */
		static char text[300 * 52];
		static uint8_t buf[4096];
		size_t len = 0;
		unsigned int off;

		for (off = 0; off < 272; off += 16)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
				"%02x: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n",
				off);
		CHECK_EQ_INT("272 bytes rejected",
			     hexdump_parse(text, len, buf, sizeof(buf), NULL),
			     -EINVAL);
		CHECK_EQ_INT("256 bytes accepted",
			     hexdump_parse(text, 256 / 16 * 52, buf,
					   sizeof(buf), NULL), 256);
	}
	CHECK_EQ_INT("missing file: -ENOENT",
		     hexdump_load(unit_data_path("no-such.hexdump"), cfg,
				  SRC_SIZE, NULL), -ENOENT);
	unit_suite("pcie_caps");
}

int main(void)
{
	unit_suite("pcie_caps");
	test_hexdump_parser();
	test_standard_list();
	test_complete_chain();
	test_ats_fields();
	test_pri_fields();
	test_pasid_fields();
	test_short_reads();
	test_special_headers();
	test_broken_chains();
	test_body_cut_off();
	test_oversized();
	test_duplicates();
	test_maximal_chain();
	test_dumps();
	test_describe();
	test_random();
	return unit_finish();
}
