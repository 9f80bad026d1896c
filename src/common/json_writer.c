// SPDX-License-Identifier: GPL-2.0
/*
 * The streaming JSON writer (json_writer.h): json-c's bytes, written as a
 * document is walked. On a host with thousands of functions a json-c tree
 * of the list document takes tens of megabytes and most of the run.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "json_writer.h"
#include "text_escape.h"

void jw_init(struct jw *w, FILE *out, bool pretty)
{
	*w = (struct jw){ .out = out, .pretty = pretty };
}

/* Millions of small writes: stdio without its per-call lock (one thread). */
static void jw_puts(struct jw *w, const char *s)
{
	fputs_unlocked(s, w->out);
}

static void jw_indent(struct jw *w, int level)
{
	static const char spaces[] = "                ";
	size_t n = 2 * (size_t)level;

	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		fwrite_unlocked(spaces, 1, k, w->out);
		n -= k;
	}
}

/* What json-c writes before each member of an object or array. */
static void jw_member(struct jw *w)
{
	if (!w->depth)
		return;
	if (w->had[w->depth - 1])
		jw_puts(w, w->pretty ? ",\n" : ",");
	w->had[w->depth - 1] = true;
	if (w->pretty)
		jw_indent(w, w->depth);
}

/*
 * json-c's escaping: control characters, '"' and '\', never '/'; and a
 * byte of no valid UTF-8 sequence (sysfs names are bytes) becomes U+FFFD,
 * so that the document is always valid UTF-8.
 */
static void jw_escaped(struct jw *w, const char *s)
{
	/* json-c's short forms; any other control byte is \u00XX */
	static const char *const short_escape[0x80] = {
		['\b'] = "\\b", ['\n'] = "\\n", ['\r'] = "\\r",
		['\t'] = "\\t", ['\f'] = "\\f", ['"'] = "\\\"",
		['\\'] = "\\\\",
	};
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char u[8];

	putc_unlocked('"', w->out);
	for (;; p++) {
		if (*p >= 0x80) {
			/* reads no further than a NUL: it ends any sequence */
			size_t n = utf8_seq_len(p, 4);

			if (n) {
				p += n - 1;
				continue;
			}
			fwrite_unlocked(run, 1, (size_t)(p - run), w->out);
			jw_puts(w, "\xef\xbf\xbd");
			run = p + 1;
			continue;
		}
		if (*p >= ' ' && *p != '"' && *p != '\\')
			continue;
		fwrite_unlocked(run, 1, (size_t)(p - run), w->out);
		if (!*p)
			break;
		run = p + 1;
		if (short_escape[*p]) {
			jw_puts(w, short_escape[*p]);
			continue;
		}
		snprintf(u, sizeof(u), "\\u00%c%c", hex[*p >> 4],
			 hex[*p & 0xf]);
		jw_puts(w, u);
	}
	putc_unlocked('"', w->out);
}

/* Begin a value: "key": in an object, the separator in an array. */
static void jw_begin(struct jw *w, const char *key)
{
	jw_member(w);
	if (!key)
		return;
	jw_escaped(w, key);
	jw_puts(w, w->pretty ? ": " : ":");
}

static void jw_open(struct jw *w, const char *key, bool array)
{
	jw_begin(w, key);
	putc_unlocked(array ? '[' : '{', w->out);
	if (w->pretty)
		putc_unlocked('\n', w->out);
	if (w->depth == JW_MAX_DEPTH)
		abort();
	w->array[w->depth] = array;
	w->had[w->depth++] = false;
}

void jw_open_object(struct jw *w, const char *key)
{
	jw_open(w, key, false);
}

void jw_open_array(struct jw *w, const char *key)
{
	jw_open(w, key, true);
}

void jw_close(struct jw *w)
{
	w->depth--;
	if (w->pretty) {
		if (w->had[w->depth])
			putc_unlocked('\n', w->out);
		jw_indent(w, w->depth);
	}
	putc_unlocked(w->array[w->depth] ? ']' : '}', w->out);
}

void jw_str(struct jw *w, const char *key, const char *s)
{
	jw_begin(w, key);
	if (s)
		jw_escaped(w, s);
	else
		jw_puts(w, "null");
}

void jw_int(struct jw *w, const char *key, int64_t v)
{
	char buf[24];

	jw_begin(w, key);
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	jw_puts(w, buf);
}

void jw_bool(struct jw *w, const char *key, bool b)
{
	jw_begin(w, key);
	jw_puts(w, b ? "true" : "false");
}

void jw_null(struct jw *w, const char *key)
{
	jw_begin(w, key);
	jw_puts(w, "null");
}

void jw_tri_bool(struct jw *w, const char *key, enum tri t)
{
	if (t == TRI_UNKNOWN)
		jw_null(w, key);
	else
		jw_bool(w, key, t == TRI_YES);
}

void jw_int_or_null(struct jw *w, const char *key, int64_t v)
{
	if (v < 0)
		jw_null(w, key);
	else
		jw_int(w, key, v);
}

void jw_hex(struct jw *w, const char *key, uint64_t v, int digits)
{
	char buf[24];

	/* a u64 has 16 digits: more would be only leading zeroes */
	if (digits < 0 || digits > 16)
		digits = digits < 0 ? 0 : 16;
	snprintf(buf, sizeof(buf), "%0*llx", digits, (unsigned long long)v);
	jw_str(w, key, buf);
}

void jw_hex_or_null(struct jw *w, const char *key, bool have, uint64_t v,
		    int digits)
{
	if (have)
		jw_hex(w, key, v, digits);
	else
		jw_null(w, key);
}
