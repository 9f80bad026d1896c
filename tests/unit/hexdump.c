// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hexdump.h"

static int hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* "[dddd:]bb:dd.f " followed by a description: lspci's device line. */
static int is_device_line(const char *s, size_t len)
{
	const char *pat = "xx:xx.";
	size_t i = 0, j;

	if (len >= 5 && s[4] == ':') {
		for (j = 0; j < 4; j++)
			if (hexdigit(s[j]) < 0)
				return 0;
		i = 5;
	}
	if (len < i + 8)
		return 0;
	for (j = 0; pat[j]; j++, i++) {
		if (pat[j] == 'x' ? hexdigit(s[i]) < 0 : s[i] != pat[j])
			return 0;
	}
	if (s[i] < '0' || s[i] > '7')
		return 0;
	return s[i + 1] == ' ';
}

/* "off: b0 b1 ... b15" with @off the expected offset. */
static int parse_data_line(const char *s, size_t len, size_t off,
			   uint8_t *out)
{
	size_t digits = off < 0x100 ? 2 : 3;	/* lspci prints "%02x:" */
	size_t i, val = 0, k;

	if (len < digits + 1)
		return -EINVAL;
	for (i = 0; i < digits; i++) {
		int d = hexdigit(s[i]);

		if (d < 0)
			return -EINVAL;
		val = val << 4 | (size_t)d;
	}
	if (s[i] != ':' || val != off)
		return -EINVAL;
	i++;
	if (len - i != 16 * 3)
		return -EINVAL;
	for (k = 0; k < 16; k++, i += 3) {
		int hi = hexdigit(s[i + 1]), lo = hexdigit(s[i + 2]);

		if (s[i] != ' ' || hi < 0 || lo < 0)
			return -EINVAL;
		out[k] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int hexdump_parse(const char *text, size_t len, uint8_t *buf, size_t size,
		  unsigned int *bad_line)
{
	size_t pos = 0, off = 0;
	unsigned int lineno = 0;

	if (bad_line)
		*bad_line = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		lineno++;
		if (!llen)
			break;
		if (lineno == 1 && is_device_line(line, llen))
			continue;
		if (off + 16 > size)
			return -ENOSPC;
		if (off >= 4096 || parse_data_line(line, llen, off, buf + off)) {
			if (bad_line)
				*bad_line = lineno;
			return -EINVAL;
		}
		off += 16;
	}
	if (off != 64 && off != 256 && off != 4096)
		return -EINVAL;
	return (int)off;
}

int hexdump_load(const char *path, uint8_t *buf, size_t size,
		 unsigned int *bad_line)
{
	char *text = NULL;
	size_t cap = 0, len = 0;
	FILE *f;
	int ret;

	if (bad_line)
		*bad_line = 0;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	for (;;) {
		size_t n;

		if (len == cap) {
			char *bigger = realloc(text, cap ? cap * 2 : 16384);

			if (!bigger) {
				free(text);
				fclose(f);
				return -ENOMEM;
			}
			text = bigger;
			cap = cap ? cap * 2 : 16384;
		}
		n = fread(text + len, 1, cap - len, f);
		if (!n)
			break;
		len += n;
	}
	ret = ferror(f) ? -EIO : hexdump_parse(text, len, buf, size, bad_line);
	fclose(f);
	free(text);
	return ret;
}
