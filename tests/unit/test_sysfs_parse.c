// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: the parsers of sysfs attribute text. Every input is copied to a
 * heap block of exactly its length, without a terminating NUL, so that a
 * parser reading past the length shows up under AddressSanitizer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "sysfs_parse.h"
#include "unit.h"

static char *exact(const char *s, size_t len)
{
	char *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	memcpy(p, s, len);
	return p;
}

/* Name a case after its input, with \n and NUL made visible. */
static const char *show(const char *fn, const char *s, size_t len)
{
	static char buf[256];
	size_t o, i;

	o = (size_t)snprintf(buf, sizeof(buf), "%s(\"", fn);
	for (i = 0; i < len && o < sizeof(buf) - 8; i++) {
		if (s[i] == '\n') {
			buf[o++] = '\\';
			buf[o++] = 'n';
		} else if (s[i] == '\0') {
			buf[o++] = '\\';
			buf[o++] = '0';
		} else if (s[i] == '\r') {
			buf[o++] = '\\';
			buf[o++] = 'r';
		} else if ((unsigned char)s[i] < 0x20) {
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "\\x%02x",
					      (unsigned char)s[i]);
		} else {
			buf[o++] = s[i];
		}
	}
	snprintf(buf + o, sizeof(buf) - o, "\")");
	return buf;
}

/* ---- parse_hex_u64 ---- */

/* One case: the input (its length given, NULs included) and the result. */
struct hex_row {
	const char *s;
	size_t len;
	int want_ret;
	uint64_t want;
};

static void hex_case(const struct hex_row *row)
{
	const char *name = show("parse_hex_u64", row->s, row->len);
	char *p = exact(row->s, row->len);
	int want_ret = row->want_ret;
	uint64_t want = row->want, v = 0xdeadbeefULL;
	int ret = parse_hex_u64(p, row->len, &v);

	free(p);
	if (want_ret)
		unit_check(name, ret == want_ret, "expected %d, got %d (%#llx)",
			   want_ret, ret, (unsigned long long)v);
	else
		unit_check(name, ret == 0 && v == want,
			   "expected 0 and %#llx, got %d and %#llx",
			   (unsigned long long)want, ret,
			   (unsigned long long)v);
}

#define HEX(s, ret, v) { (s), sizeof(s) - 1, (ret), (v) }

static const struct hex_row hex_rows[] = {
	HEX("0x1f\n", 0, 0x1f),
	HEX("0x1f", 0, 0x1f),
	HEX("1F", 0, 0x1f),
	HEX("1f\n", 0, 0x1f),
	HEX("0X1f", 0, 0x1f),
	HEX("0", 0, 0),
	HEX("0\n", 0, 0),
	HEX("0x0", 0, 0),
	HEX("00000000fee00000", 0, 0xfee00000),
	HEX("19e2ff0505e\n", 0, 0x19e2ff0505eULL),
	HEX("ffffffffffffffff", 0, 0xffffffffffffffffULL),
	HEX("0xFFFFFFFFFFFFFFFF\n", 0, 0xffffffffffffffffULL),
	HEX("123456789abcdef0", 0, 0x123456789abcdef0ULL),
	/* 17 significant digits do not fit */
	HEX("10000000000000000", -ERANGE, 0),
	HEX("0x10000000000000000\n", -ERANGE, 0),
	HEX("fffffffffffffffff", -ERANGE, 0),
	HEX("123456789abcdef012", -ERANGE, 0),
	/* a leading zero does not make a value too big */
	HEX("0ffffffffffffffff", 0, 0xffffffffffffffffULL),
	HEX("", -EINVAL, 0),
	HEX("\n", -EINVAL, 0),
	HEX("0x", -EINVAL, 0),
	HEX("0x\n", -EINVAL, 0),
	HEX("zz", -EINVAL, 0),
	HEX("1g", -EINVAL, 0),
	HEX("x1", -EINVAL, 0),
	HEX("0x0x1", -EINVAL, 0),
	HEX("1f\n\n", -EINVAL, 0),
	HEX("\n1f", -EINVAL, 0),
	HEX(" 1f", -EINVAL, 0),
	HEX("1f ", -EINVAL, 0),
	HEX("1f\r\n", -EINVAL, 0),
	HEX("-1", -EINVAL, 0),
	HEX("+1", -EINVAL, 0),
	HEX("1\0f", -EINVAL, 0),
	HEX("1f\0", -EINVAL, 0),
	HEX("\0", -EINVAL, 0),
	HEX("1f\0\n", -EINVAL, 0),
};

static void test_hex(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hex_rows); i++)
		hex_case(&hex_rows[i]);

	{
		/* the length, not a NUL, ends the input */
		uint64_t v = 0;
		int ret = parse_hex_u64("1fzz", 2, &v);

		unit_check("parse_hex_u64(\"1fzz\", len 2)", ret == 0 && v == 0x1f,
			   "expected 0 and 0x1f, got %d and %#llx", ret,
			   (unsigned long long)v);
	}
}

/* ---- parse_dec_uint ---- */

struct dec_row {
	const char *s;
	size_t len;
	int want_ret;
	unsigned int want;
};

static void dec_case(const struct dec_row *row)
{
	const char *name = show("parse_dec_uint", row->s, row->len);
	char *p = exact(row->s, row->len);
	int want_ret = row->want_ret;
	unsigned int want = row->want, v = 12345;
	int ret = parse_dec_uint(p, row->len, &v);

	free(p);
	if (want_ret)
		unit_check(name, ret == want_ret, "expected %d, got %d (%u)",
			   want_ret, ret, v);
	else
		unit_check(name, ret == 0 && v == want,
			   "expected 0 and %u, got %d and %u", want, ret, v);
}

#define DEC(s, ret, v) { (s), sizeof(s) - 1, (ret), (v) }

static const struct dec_row dec_rows[] = {
	DEC("0", 0, 0),
	DEC("0\n", 0, 0),
	DEC("7", 0, 7),
	DEC("42\n", 0, 42),
	DEC("1234567890", 0, 1234567890),
	DEC("2147483647", 0, 2147483647),
	DEC("2147483647\n", 0, 2147483647),
	DEC("2147483648", -ERANGE, 0),
	DEC("4294967295", -ERANGE, 0),
	DEC("4294967296", -ERANGE, 0),
	DEC("9999999999", -ERANGE, 0),
	DEC("00", -EINVAL, 0),
	DEC("01", -EINVAL, 0),
	DEC("007\n", -EINVAL, 0),
	DEC("0000000001", -EINVAL, 0),
	DEC("", -EINVAL, 0),
	DEC("\n", -EINVAL, 0),
	DEC("-1", -EINVAL, 0),
	DEC("-0", -EINVAL, 0),
	DEC("+1", -EINVAL, 0),
	DEC(" 1", -EINVAL, 0),
	DEC("1 ", -EINVAL, 0),
	DEC("1\n\n", -EINVAL, 0),
	DEC("\n1", -EINVAL, 0),
	DEC("1a", -EINVAL, 0),
	DEC("0x1", -EINVAL, 0),
	DEC("1\0", -EINVAL, 0),
	DEC("1.0", -EINVAL, 0),
};

static void test_dec(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dec_rows); i++)
		dec_case(&dec_rows[i]);

	{
		/* too long to be an int: rejected, whichever errno */
		static const char huge[] = "99999999999999999999";
		char *p = exact(huge, sizeof(huge) - 1);
		unsigned int v = 12345;
		int ret = parse_dec_uint(p, sizeof(huge) - 1, &v);

		free(p);
		unit_check("parse_dec_uint(20 digits) fails",
			   ret == -EINVAL || ret == -ERANGE,
			   "expected -EINVAL or -ERANGE, got %d (%u)", ret, v);
		/* 2^64 + 1: wraps to 1 in a 64-bit accumulator */
		p = exact("18446744073709551617", 20);
		ret = parse_dec_uint(p, 20, &v);
		free(p);
		unit_check("parse_dec_uint(2^64 + 1) fails",
			   ret == -EINVAL || ret == -ERANGE,
			   "expected -EINVAL or -ERANGE, got %d (%u)", ret, v);
		p = exact(huge, 11);
		ret = parse_dec_uint(p, 11, &v);
		free(p);
		unit_check("parse_dec_uint(11 digits) fails",
			   ret == -EINVAL || ret == -ERANGE,
			   "expected -EINVAL or -ERANGE, got %d (%u)", ret, v);
	}
}

/* ---- parse_amd_features ---- */

struct amd_row {
	const char *s;
	size_t len;
	int want_ret;
	uint64_t efr, efr2;
	int have2;
};

static void amd_case(const struct amd_row *row)
{
	const char *name = show("parse_amd_features", row->s, row->len);
	char *p = exact(row->s, row->len);
	int want_ret = row->want_ret, have2 = row->have2;
	uint64_t efr = row->efr, efr2 = row->efr2, e1 = 0x1111, e2 = 0x2222;
	int h = 7;
	int ret = parse_amd_features(p, row->len, &e1, &e2, &h);

	free(p);
	if (want_ret)
		unit_check(name, ret == want_ret, "expected %d, got %d",
			   want_ret, ret);
	else
		unit_check(name, ret == 0 && e1 == efr && e2 == efr2 &&
			   h == have2,
			   "expected 0 %#llx:%#llx have_efr2 %d, got %d %#llx:%#llx have_efr2 %d",
			   (unsigned long long)efr, (unsigned long long)efr2,
			   have2, ret, (unsigned long long)e1,
			   (unsigned long long)e2, h);
}

#define AMD(s, ret, e1, e2, h) { (s), sizeof(s) - 1, (ret), (e1), (e2), (h) }

static const struct amd_row amd_rows[] = {
	AMD("f77ef22294ada:0\n", 0, 0xf77ef22294adaULL, 0, 1),
	AMD("f77ef22294ada:0", 0, 0xf77ef22294adaULL, 0, 1),
	AMD("f77ef22294ada\n", 0, 0xf77ef22294adaULL, 0, 0),
	AMD("f77ef22294ada", 0, 0xf77ef22294adaULL, 0, 0),
	AMD("25bf732fa2295afe:53\n", 0, 0x25bf732fa2295afeULL, 0x53, 1),
	AMD("0:0\n", 0, 0, 0, 1),
	AMD("ffffffffffffffff:ffffffffffffffff\n", 0, ~0ULL, ~0ULL, 1),
	AMD("f77ef22294ada:0 junk", -EINVAL, 0, 0, 0),
	AMD("f77ef22294ada:0\n\n", -EINVAL, 0, 0, 0),
	AMD("f77ef22294ada:0\njunk", -EINVAL, 0, 0, 0),
	AMD("f77ef22294adaz", -EINVAL, 0, 0, 0),
	AMD("f77ef22294ada \n", -EINVAL, 0, 0, 0),
	AMD(":0\n", -EINVAL, 0, 0, 0),
	AMD("f77ef22294ada:\n", -EINVAL, 0, 0, 0),
	AMD(":", -EINVAL, 0, 0, 0),
	AMD("", -EINVAL, 0, 0, 0),
	AMD("\n", -EINVAL, 0, 0, 0),
	AMD("1:2:3", -EINVAL, 0, 0, 0),
	AMD("1::2", -EINVAL, 0, 0, 0),
	AMD("1:0x", -EINVAL, 0, 0, 0),
	AMD("1 :2", -EINVAL, 0, 0, 0),
	AMD("1: 2", -EINVAL, 0, 0, 0),
	AMD("10000000000000000:0", -ERANGE, 0, 0, 0),
	AMD("0:10000000000000000", -ERANGE, 0, 0, 0),
	AMD("1\0:2", -EINVAL, 0, 0, 0),
};

static void test_amd_features(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(amd_rows); i++)
		amd_case(&amd_rows[i]);
}

/* ---- parse_group_type ---- */

struct group_row {
	const char *s;
	size_t len;
	int want_ret;
	enum group_type want;
};

static void group_case(const struct group_row *row)
{
	const char *name = show("parse_group_type", row->s, row->len);
	char *p = exact(row->s, row->len);
	int want_ret = row->want_ret;
	enum group_type want = row->want, t = (enum group_type)77;
	int ret = parse_group_type(p, row->len, &t);

	free(p);
	unit_check(name, ret == want_ret && t == want,
		   "expected %d and type %d, got %d and type %d", want_ret,
		   (int)want, ret, (int)t);
}

#define GRP(s, ret, t) { (s), sizeof(s) - 1, (ret), (t) }

static const struct group_row group_rows[] = {
	GRP("DMA", 0, GROUP_TYPE_DMA),
	GRP("DMA\n", 0, GROUP_TYPE_DMA),
	GRP("DMA-FQ", 0, GROUP_TYPE_DMA_FQ),
	GRP("DMA-FQ\n", 0, GROUP_TYPE_DMA_FQ),
	GRP("identity", 0, GROUP_TYPE_IDENTITY),
	GRP("identity\n", 0, GROUP_TYPE_IDENTITY),
	GRP("blocked", 0, GROUP_TYPE_BLOCKED),
	GRP("blocked\n", 0, GROUP_TYPE_BLOCKED),
	GRP("unmanaged", 0, GROUP_TYPE_UNMANAGED),
	GRP("unmanaged\n", 0, GROUP_TYPE_UNMANAGED),
	GRP("dma", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("Dma\n", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("dma-fq", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA-fq", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("Identity", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("IDENTITY\n", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("Blocked", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("UNMANAGED", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA-F", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DM", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA-FQQ", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA\n\n", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA ", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP(" DMA", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("DMA\0", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("auto\n", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("unknown\n", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("", -EINVAL, GROUP_TYPE_UNKNOWN),
	GRP("\n", -EINVAL, GROUP_TYPE_UNKNOWN),
};

static void test_group_type(void)
{
	static const struct {
		enum group_type t;
		const char *name;
	} names[] = {
		{ GROUP_TYPE_UNKNOWN, "unknown" },
		{ GROUP_TYPE_DMA, "DMA" },
		{ GROUP_TYPE_DMA_FQ, "DMA-FQ" },
		{ GROUP_TYPE_IDENTITY, "identity" },
		{ GROUP_TYPE_BLOCKED, "blocked" },
		{ GROUP_TYPE_UNMANAGED, "unmanaged" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(group_rows); i++)
		group_case(&group_rows[i]);

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char n[64];

		snprintf(n, sizeof(n), "group_type_name(%d)", (int)names[i].t);
		CHECK_EQ_STR(n, group_type_name(names[i].t), names[i].name);
	}
	CHECK_EQ_STR("group_type_name(6)",
		     group_type_name((enum group_type)6), "unknown");
	CHECK_EQ_STR("group_type_name(-1)",
		     group_type_name((enum group_type)-1), "unknown");

	/* round trip */
	for (i = 1; i < ARRAY_SIZE(names); i++) {
		const char *s = group_type_name(names[i].t);
		enum group_type t = GROUP_TYPE_UNKNOWN;
		char n[64];
		int ret = parse_group_type(s, strlen(s), &t);

		snprintf(n, sizeof(n), "parse_group_type(group_type_name(%d))",
			 (int)names[i].t);
		unit_check(n, ret == 0 && t == names[i].t,
			   "expected 0 and %d, got %d and %d", (int)names[i].t,
			   ret, (int)t);
	}
}

/* ---- parse_reserved_regions ---- */

static int regions(const char *s, size_t len, struct reserved_region *r,
		   size_t max)
{
	char *p = exact(s, len);
	int ret = parse_reserved_regions(p, len, r, max);

	free(p);
	return ret;
}

#define REGIONS(s, r, max) regions((s), sizeof(s) - 1, (r), (max))

static void check_region(const char *pfx, const struct reserved_region *r,
			 uint64_t start, uint64_t end, const char *type)
{
	char n[128];

	snprintf(n, sizeof(n), "%s: start", pfx);
	CHECK_EQ_U64(n, r->start, start);
	snprintf(n, sizeof(n), "%s: end", pfx);
	CHECK_EQ_U64(n, r->end, end);
	snprintf(n, sizeof(n), "%s: type", pfx);
	CHECK_EQ_STR(n, r->type, type);
}

static void test_reserved_regions(void)
{
	static const char typical[] =
		"0x00000000000a0000 0x00000000000bffff direct-relaxable\n"
		"0x00000000fee00000 0x00000000feefffff msi\n"
		"0x000000fd00000000 0x000000ffffffffff reserved\n";
	struct reserved_region r[8];
	int n;

	memset(r, 0, sizeof(r));
	n = REGIONS(typical, r, 8);
	CHECK_EQ_INT("reserved_regions typical: count", n, 3);
	check_region("reserved_regions typical [0]", &r[0], 0xa0000, 0xbffff,
		     "direct-relaxable");
	check_region("reserved_regions typical [1]", &r[1], 0xfee00000,
		     0xfeefffff, "msi");
	check_region("reserved_regions typical [2]", &r[2], 0xfd00000000ULL,
		     0xffffffffffULL, "reserved");

	memset(r, 0x77, sizeof(r));
	n = REGIONS("", r, 8);
	CHECK_EQ_INT("reserved_regions empty file: 0", n, 0);
	n = REGIONS("\n", r, 8);
	CHECK_EQ_INT("reserved_regions lone newline: 0", n, 0);
	CHECK_EQ_U64("reserved_regions empty file: regions untouched",
		     r[0].start, 0x7777777777777777ULL);

	n = REGIONS("0x00000000fee00000 0x00000000feefffff msi", r, 8);
	CHECK_EQ_INT("reserved_regions no final newline: count", n, 1);
	check_region("reserved_regions no final newline", &r[0], 0xfee00000,
		     0xfeefffff, "msi");

	n = REGIONS("0x1000 0x1000 direct\n", r, 8);
	CHECK_EQ_INT("reserved_regions start == end: count", n, 1);
	check_region("reserved_regions start == end", &r[0], 0x1000, 0x1000,
		     "direct");

	n = REGIONS("0x2000 0x1fff msi\n", r, 8);
	CHECK_EQ_INT("reserved_regions start > end rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000 0x00000000feefffff msi\n"
		    "0x2000 0x1fff msi\n", r, 8);
	CHECK_EQ_INT("reserved_regions start > end on line 2 rejected", n,
		     -EINVAL);
	n = REGIONS("0x00000000fee00000 0x00000000feefffff\n", r, 8);
	CHECK_EQ_INT("reserved_regions missing type rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000 0x00000000feefffff \n", r, 8);
	CHECK_EQ_INT("reserved_regions empty type rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000\n", r, 8);
	CHECK_EQ_INT("reserved_regions start only rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000  0x00000000feefffff msi\n", r, 8);
	CHECK_EQ_INT("reserved_regions double space rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000 0x00000000feefffff msi extra\n", r,
		    8);
	CHECK_EQ_INT("reserved_regions fourth field rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee00000 0x00000000feefffff msi \n", r, 8);
	CHECK_EQ_INT("reserved_regions trailing space rejected", n, -EINVAL);
	n = REGIONS("0x00000000fee0000g 0x00000000feefffff msi\n", r, 8);
	CHECK_EQ_INT("reserved_regions bad hex rejected", n, -EINVAL);
	n = REGIONS("0x10000000000000000 0x10000000000000001 msi\n", r, 8);
	CHECK_EQ_INT("reserved_regions 17-digit address rejected", n,
		     -EINVAL);
	n = REGIONS("0x00000000fee00000\t0x00000000feefffff\tmsi\n", r, 8);
	CHECK_EQ_INT("reserved_regions tabs rejected", n, -EINVAL);

	/* type: 23 characters fit type[24], 24 do not */
	n = REGIONS("0x1 0x2 abcdefghijklmnopqrstuvw\n", r, 8);
	CHECK_EQ_INT("reserved_regions 23-char type: count", n, 1);
	CHECK_EQ_STR("reserved_regions 23-char type: type", r[0].type,
		     "abcdefghijklmnopqrstuvw");
	n = REGIONS("0x1 0x2 abcdefghijklmnopqrstuvwx\n", r, 8);
	CHECK_EQ_INT("reserved_regions 24-char type rejected", n, -EINVAL);
	n = REGIONS("0x1 0x2 a-type-name-far-longer-than-the-buffer-is\n", r,
		    8);
	CHECK_EQ_INT("reserved_regions long type rejected", n, -EINVAL);

	/* blank lines in between are skipped */
	n = REGIONS("0x1 0x2 msi\n\n0x3 0x4 direct\n", r, 8);
	CHECK_EQ_INT("reserved_regions blank line skipped: count", n, 2);
	check_region("reserved_regions blank line skipped [1]", &r[1], 3, 4,
		     "direct");

	/* more lines than room: all counted, only @max stored */
	memset(r, 0x77, sizeof(r));
	n = REGIONS(typical, r, 2);
	CHECK_EQ_INT("reserved_regions max 2 of 3: count", n, 3);
	check_region("reserved_regions max 2 of 3 [1]", &r[1], 0xfee00000,
		     0xfeefffff, "msi");
	CHECK_EQ_U64("reserved_regions max 2 of 3: [2] untouched",
		     r[2].start, 0x7777777777777777ULL);
	n = REGIONS(typical, NULL, 0);
	CHECK_EQ_INT("reserved_regions max 0, NULL array: count", n, 3);
	n = REGIONS("0x1 0x2 msi\n0x3 0x4\n", NULL, 0);
	CHECK_EQ_INT("reserved_regions max 0: bad line still rejected", n,
		     -EINVAL);
}

/* ---- uevent_lookup ---- */

static int lookup(const char *s, size_t len, const char *key, char *val,
		  size_t size)
{
	char *p = exact(s, len);
	int ret = uevent_lookup(p, len, key, val, size);

	free(p);
	return ret;
}

/* One case: the text, the key, the room for the value, what it gives. */
struct lookup_row {
	const char *name, *text, *key;
	size_t size;
	int want_ret;
	const char *want_val;	/* NULL: only the return value counts */
};

static void lookup_case(const struct lookup_row *row)
{
	const char *name = row->name, *want_val = row->want_val;
	int want_ret = row->want_ret;
	char val[64];
	int ret;

	memset(val, '#', sizeof(val));
	val[sizeof(val) - 1] = '\0';
	ret = lookup(row->text, strlen(row->text), row->key, val, row->size);
	if (want_val)
		unit_check(name, ret == want_ret && !strcmp(val, want_val),
			   "expected %d \"%s\", got %d \"%s\"", want_ret,
			   want_val, ret, val);
	else
		unit_check(name, ret == want_ret, "expected %d, got %d",
			   want_ret, ret);
}

/* The uevent of a DSA device, with a key that PCI_ID is a prefix of. */
static const char ue[] =
	"DRIVER=idxd\n"
	"PCI_CLASS=88000\n"
	"PCI_ID_X=1\n"
	"PCI_ID=8086:0B25\n"
	"PCI_SUBSYS_ID=8086:0000\n"
	"PCI_SLOT_NAME=0000:6a:01.0\n"
	"MODALIAS=pci:v00008086d00000B25sv00008086sd00000000bc08sc80i00\n";

static const struct lookup_row lookup_rows[] = {
	{ "uevent DRIVER", ue, "DRIVER", 64, 4, "idxd" },
	{ "uevent PCI_ID after PCI_ID_X", ue, "PCI_ID", 64, 9,
	  "8086:0B25" },
	{ "uevent PCI_ID_X", ue, "PCI_ID_X", 64, 1, "1" },
	{ "uevent prefix PCI does not match", ue, "PCI", 64,
	  -ENOENT, NULL },
	{ "uevent prefix PCI_ID_ does not match", ue, "PCI_ID_", 64,
	  -ENOENT, NULL },
	{ "uevent suffix ID does not match", ue, "ID", 64, -ENOENT,
	  NULL },
	{ "uevent last line", ue, "MODALIAS", 64, 53,
	  "pci:v00008086d00000B25sv00008086sd00000000bc08sc80i00" },
	{ "uevent missing key", ue, "DEVTYPE", 64, -ENOENT, NULL },
	{ "uevent key is case sensitive", ue, "driver", 64, -ENOENT,
	  NULL },
	{ "uevent key including '='", ue, "DRIVER=idxd", 64,
	  -ENOENT, NULL },
	{ "uevent truncated to size 5", ue, "PCI_ID", 5, 9, "8086" },
	{ "uevent truncated to size 1", ue, "PCI_ID", 1, 9, "" },
	{ "uevent value exactly fits size 10", ue, "PCI_ID", 10, 9,
	  "8086:0B25" },
	{ "uevent value one over size 9", ue, "PCI_ID", 9, 9,
	  "8086:0B2" },
	{ "uevent last line without newline",
	  "A=1\nDRIVER=vfio-pci", "DRIVER", 64, 8, "vfio-pci" },
	{ "uevent only line without newline", "DRIVER=x", "DRIVER",
	  64, 1, "x" },
	{ "uevent empty value", "DRIVER=\nA=1\n", "DRIVER", 64, 0,
	  "" },
	{ "uevent value with '='", "A=b=c\n", "A", 64, 3, "b=c" },
	{ "uevent first of duplicates", "A=1\nA=2\n", "A", 64, 1,
	  "1" },
	{ "uevent key as a value", "DRIVER=PCI_ID=1\n", "PCI_ID", 64,
	  -ENOENT, NULL },
	{ "uevent key without '='", "DRIVER\nA=1\n", "DRIVER", 64,
	  -ENOENT, NULL },
	{ "uevent empty text", "", "DRIVER", 64, -ENOENT, NULL },
	{ "uevent blank lines", "\n\nA=1\n\n", "A", 64, 1, "1" },
};

static void test_uevent(void)
{
	char val[8];
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(lookup_rows); i++)
		lookup_case(&lookup_rows[i]);

	/* size 0: nothing written, length still returned */
	memset(val, '#', sizeof(val));
	ret = lookup(ue, sizeof(ue) - 1, "DRIVER", val, 0);
	unit_check("uevent size 0 writes nothing", ret == 4 && val[0] == '#',
		   "expected 4 and val untouched, got %d and val[0] %#x", ret,
		   (unsigned char)val[0]);

	/* the length, not a NUL, ends the text */
	memset(val, 0, sizeof(val));
	ret = uevent_lookup("A=1\nB=2\n", 4, "B", val, sizeof(val));
	CHECK_EQ_INT("uevent beyond len not searched", ret, -ENOENT);
	ret = uevent_lookup("A=12345", 4, "A", val, sizeof(val));
	unit_check("uevent value cut at len", ret == 2 && !strcmp(val, "12"),
		   "expected 2 \"12\", got %d \"%s\"", ret, val);
}

int main(void)
{
	unit_suite("sysfs_parse");
	test_hex();
	test_dec();
	test_amd_features();
	test_group_type();
	test_reserved_regions();
	test_uevent();
	return unit_finish();
}
