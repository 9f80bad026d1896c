// SPDX-License-Identifier: GPL-2.0
/*
 * Parsers for the text of sysfs attributes (hex and decimal numbers, AMD
 * features, group types, reserved regions, uevent keys): a buffer and its
 * length, one trailing newline, everything else rejected.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "name_table.h"
#include "sysfs_parse.h"

static size_t trim_newline(const char *buf, size_t len)
{
	if (len && buf[len - 1] == '\n')
		len--;
	return len;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hex_span(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -EINVAL;
		if (v >> 60)
			return -ERANGE;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

int parse_hex_u64(const char *buf, size_t len, uint64_t *out)
{
	return parse_hex_span(buf, trim_newline(buf, len), out);
}

int parse_dec_uint(const char *buf, size_t len, unsigned int *out)
{
	uint64_t v = 0;
	size_t i;

	len = trim_newline(buf, len);
	if (!len || len > 10)
		return -EINVAL;
	if (len > 1 && buf[0] == '0')
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	if (v > 0x7fffffff)
		return -ERANGE;
	*out = (unsigned int)v;
	return 0;
}

int parse_amd_features(const char *buf, size_t len, uint64_t *first,
		       uint64_t *second, int *have_second)
{
	const char *colon;
	int ret;

	len = trim_newline(buf, len);
	colon = memchr(buf, ':', len);
	*have_second = 0;
	*second = 0;
	if (!colon)
		return parse_hex_span(buf, len, first);

	ret = parse_hex_span(buf, (size_t)(colon - buf), first);
	if (ret)
		return ret;
	ret = parse_hex_span(colon + 1, len - (size_t)(colon - buf) - 1,
			     second);
	if (ret)
		return ret;
	*have_second = 1;
	return 0;
}

static const char *const group_type_names[] = {
	[GROUP_TYPE_UNKNOWN] = "unknown",
	[GROUP_TYPE_DMA] = "DMA",
	[GROUP_TYPE_DMA_FQ] = "DMA-FQ",
	[GROUP_TYPE_IDENTITY] = "identity",
	[GROUP_TYPE_BLOCKED] = "blocked",
	[GROUP_TYPE_UNMANAGED] = "unmanaged",
};

int parse_group_type(const char *buf, size_t len, enum group_type *out)
{
	size_t i;

	len = trim_newline(buf, len);
	for (i = GROUP_TYPE_DMA; i <= GROUP_TYPE_UNMANAGED; i++) {
		const char *name = group_type_names[i];

		if (strlen(name) == len && !memcmp(buf, name, len)) {
			*out = (enum group_type)i;
			return 0;
		}
	}
	*out = GROUP_TYPE_UNKNOWN;
	return -EINVAL;
}

const char *group_type_name(enum group_type type)
{
	return NAME_IN(group_type_names, type, "unknown");
}

static int parse_region_line(const char *s, size_t len,
			     struct reserved_region *r)
{
	const char *sp1, *sp2;
	size_t tlen;

	sp1 = memchr(s, ' ', len);
	if (!sp1)
		return -EINVAL;
	sp2 = memchr(sp1 + 1, ' ', len - (size_t)(sp1 + 1 - s));
	if (!sp2)
		return -EINVAL;
	if (parse_hex_span(s, (size_t)(sp1 - s), &r->start) ||
	    parse_hex_span(sp1 + 1, (size_t)(sp2 - sp1 - 1), &r->end))
		return -EINVAL;
	tlen = len - (size_t)(sp2 + 1 - s);
	if (!tlen || tlen >= sizeof(r->type) || r->end < r->start)
		return -EINVAL;
	memcpy(r->type, sp2 + 1, tlen);
	r->type[tlen] = '\0';
	if (memchr(r->type, ' ', tlen))
		return -EINVAL;
	return 0;
}

int parse_reserved_regions(const char *buf, size_t len,
			   struct reserved_region *regions, size_t max)
{
	size_t pos = 0;
	int count = 0;

	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;
		struct reserved_region r;

		/* cppcheck-suppress knownConditionTrueFalse ; "\n\n" has an empty line */
		if (llen) {
			if (parse_region_line(line, llen, &r))
				return -EINVAL;
			if ((size_t)count < max)
				regions[count] = r;
			if (count == 0x7fffffff)
				return -ERANGE;
			count++;
		}
		pos += llen + 1;
	}
	return count;
}

int uevent_lookup(const char *buf, size_t len, const char *key, char *val,
		  size_t size)
{
	size_t klen = strlen(key);
	size_t pos = 0;

	while (pos < len) {
		const char *line = buf + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		if (llen > klen && line[klen] == '=' &&
		    !memcmp(line, key, klen)) {
			size_t vlen = llen - klen - 1;

			if (size) {
				size_t n = vlen < size - 1 ? vlen : size - 1;

				memcpy(val, line + klen + 1, n);
				val[n] = '\0';
			}
			return vlen > 0x7fffffff ? -ERANGE : (int)vlen;
		}
		pos += llen + 1;
	}
	return -ENOENT;
}
