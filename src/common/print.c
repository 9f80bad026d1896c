// SPDX-License-Identifier: GPL-2.0
/*
 * The print layer: one call per field writes the text (stdout) or adds
 * the JSON member (a document built in memory, written once at the end by
 * vs_json_emit()), as the command's --json says.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "print.h"
#include "report.h"
#include "text_escape.h"

/* the field formats are the callers' literals, as in iproute2 */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static struct print_capture cur;

/* JSON while a document or a capture is open, and with --json */
int print_json_on(void)
{
	return cur.depth > 0 || vs_out.json;
}

void print_doc_begin(void)
{
	memset(&cur, 0, sizeof(cur));
	if (vs_out.json)
		cur.stack[cur.depth++] = vs_json_doc();
}

int print_doc_end(void)
{
	int ret = 0;

	if (cur.depth)
		ret = vs_json_emit(cur.stack[0]);
	memset(&cur, 0, sizeof(cur));
	return ret;
}

int print_doc_end_line(void)
{
	bool pretty = vs_out.pretty;
	int ret;

	if (!cur.depth)
		return printf("\n") < 0 || fflush(stdout) == EOF ? -1 : 0;
	vs_out.pretty = false;
	ret = print_doc_end();
	vs_out.pretty = pretty;
	return ret;
}

void print_capture_begin(struct json_object *root, struct print_capture *saved)
{
	*saved = cur;
	memset(&cur, 0, sizeof(cur));
	cur.stack[cur.depth++] = root;
}

void print_capture_end(const struct print_capture *saved)
{
	cur = *saved;
}

static int json_wanted(enum print_type t)
{
	return (t & PRINT_JSON) && cur.depth;
}

static int text_wanted(enum print_type t)
{
	return !print_json_on() && (t & PRINT_FP);
}

/* Add @v (taken over) to the innermost object or array. */
static void add(const char *key, struct json_object *v)
{
	struct json_object *top = cur.stack[cur.depth - 1];

	if (json_object_is_type(top, json_type_array))
		json_object_array_add(top, v);
	else
		json_object_object_add(top, key, v);
}

static void open_one(enum print_type t, const char *key,
		     struct json_object *v)
{
	if (!json_wanted(t) || cur.depth >= (int)ARRAY_SIZE(cur.stack)) {
		json_object_put(v);
		return;
	}
	add(key, v);
	cur.stack[cur.depth++] = v;
}

void print_open_object(enum print_type t, const char *key)
{
	open_one(t, key, json_object_new_object());
}

void print_open_array(enum print_type t, const char *key)
{
	open_one(t, key, json_object_new_array());
}

static void close_one(enum print_type t)
{
	if (json_wanted(t) && cur.depth > 1)
		cur.depth--;
}

void print_close_object(enum print_type t)
{
	close_one(t);
}

void print_close_array(enum print_type t)
{
	close_one(t);
}

void print_int(enum print_type t, const char *key, const char *fmt, int v)
{
	if (json_wanted(t))
		add(key, json_object_new_int(v));
	else if (text_wanted(t))
		printf(fmt, v);
}

void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int v)
{
	if (json_wanted(t))
		add(key, json_object_new_int64(v));
	else if (text_wanted(t))
		printf(fmt, v);
}

void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *s)
{
	if (json_wanted(t)) {
		char *valid;

		if (!s) {
			add(key, NULL);
			return;
		}
		valid = utf8_sanitize(s, strlen(s));
		add(key, json_object_new_string(valid));
		free(valid);
	} else if (text_wanted(t)) {
		printf(fmt, s ? esc(s) : "-");
	}
}

void print_null(enum print_type t, const char *key)
{
	if (json_wanted(t))
		add(key, NULL);
}

void print_value(enum print_type t, const char *key, struct json_object *v)
{
	if (json_wanted(t))
		add(key, v);
	else
		json_object_put(v);
}

void print_text(const char *fmt, ...)
{
	va_list ap;

	if (print_json_on())
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}
