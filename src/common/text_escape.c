// SPDX-License-Identifier: GPL-2.0
/*
 * Untrusted strings made safe: \xNN escapes for a terminal or a log, valid
 * UTF-8 (U+FFFD for the rest) for JSON.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_escape.h"
#include "xalloc.h"

size_t utf8_seq_len(const unsigned char *s, size_t len)
{
	uint32_t cp;
	size_t n, i;

	if (!len)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (!n || (n == 1 && !p[i]))
			return false;
		i += n;
	}
	return true;
}

static bool put(char *buf, size_t size, size_t *o, const char *text,
		size_t n)
{
	/* keep room for "..." and the NUL */
	if (*o + n + 4 > size)
		return false;
	memcpy(buf + *o, text, n);
	*o += n;
	return true;
}

char *text_escape_buf(const char *s, size_t max_bytes, char *buf,
		      size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i = 0, o = 0;
	bool cut = false;

	if (size < 5) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	if (!s)
		s = "(null)", p = (const unsigned char *)s;
	len = strlen(s);
	if (max_bytes && len > max_bytes) {
		len = max_bytes;
		cut = true;
	}
	while (i < len) {
		size_t n = utf8_seq_len(p + i, len - i);
		char hex[8];
		bool ok;

		if (n == 1 && p[i] >= 0x20 && p[i] != 0x7f && p[i] != '\\') {
			ok = put(buf, size, &o, (const char *)p + i, 1);
		} else if (n == 1 && p[i] == '\\') {
			ok = put(buf, size, &o, "\\\\", 2);
		} else if (n == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
			/* a C1 control (U+0080..U+009F), CSI among them */
			snprintf(hex, sizeof(hex), "\\x%02x", p[i]);
			ok = put(buf, size, &o, hex, 4);
			snprintf(hex, sizeof(hex), "\\x%02x", p[i + 1]);
			ok = ok && put(buf, size, &o, hex, 4);
		} else if (n > 1) {
			ok = put(buf, size, &o, (const char *)p + i, n);
		} else {
			/* a control character or a byte of no valid sequence */
			n = 1;
			snprintf(hex, sizeof(hex), "\\x%02x", p[i]);
			ok = put(buf, size, &o, hex, 4);
		}
		if (!ok) {
			cut = true;
			break;
		}
		i += n;
	}
	if (cut) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

#define RING		16
#define RING_SIZE	1100	/* 255 bytes, each as \xNN, and "..." */

static const char *ring_escape(const char *s, size_t max_bytes)
{
	static __thread char ring[RING][RING_SIZE];
	static __thread unsigned int next;
	char *buf = ring[next++ % RING];

	return text_escape_buf(s, max_bytes, buf, RING_SIZE);
}

const char *esc(const char *s)
{
	return ring_escape(s, 255);
}

const char *esc_arg(const char *s)
{
	return ring_escape(s, 64);
}

char *utf8_sanitize(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = xmalloc(len * 3 + 1);
	size_t i = 0, o = 0;

	while (i < len) {
		size_t n = utf8_seq_len(p + i, len - i);

		if (n && p[i]) {
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);	/* U+FFFD */
			o += 3;
			i++;
		}
	}
	out[o] = '\0';
	return out;
}

static void sanitize_string(struct json_object *o)
{
	const char *s = json_object_get_string(o);
	size_t len = (size_t)json_object_get_string_len(o);

	if (!utf8_valid(s, len)) {
		char *fixed = utf8_sanitize(s, len);

		json_object_set_string(o, fixed);
		free(fixed);
	}
}

/* Drop the first member whose key is not UTF-8; false when none is left. */
static bool drop_bad_key(struct json_object *o)
{
	json_object_object_foreach(o, key, val) {
		(void)val;
		if (!utf8_valid(key, strlen(key))) {
			json_object_object_del(o, key);
			return true;
		}
	}
	return false;
}

/* Without recursion: a work list of the containers still to look at. */
void json_sanitize_utf8(struct json_object *o)
{
	struct json_object **todo = NULL;
	size_t n = 0, cap = 0, i;

	if (!o)
		return;
	todo = xreallocarray(todo, cap = 16, sizeof(*todo));
	todo[n++] = o;
	while (n) {
		struct json_object *c = todo[--n];
		size_t len;

		switch (json_object_get_type(c)) {
		case json_type_string:
			sanitize_string(c);
			break;
		case json_type_array:
			len = json_object_array_length(c);
			if (n + len > cap)
				todo = xreallocarray(todo, cap = n + len + 16,
						     sizeof(*todo));
			for (i = 0; i < len; i++)
				todo[n++] = json_object_array_get_idx(c, i);
			break;
		case json_type_object:
			while (drop_bad_key(c))
				;
			len = (size_t)json_object_object_length(c);
			if (n + len > cap)
				todo = xreallocarray(todo, cap = n + len + 16,
						     sizeof(*todo));
			{
				json_object_object_foreach(c, key, val) {
					(void)key;
					todo[n++] = val;
				}
			}
			break;
		default:
			break;
		}
	}
	free(todo);
}
