// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: the streaming JSON writer (src/common/json_writer.c). Every case names
 * its exact bytes, written out by hand, and is then checked once more
 * against json-c's own serialisation of the same document (the writer's
 * promise: json-c's bytes, plain or PRETTY | SPACED, no '/' escaped).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "json_writer.h"
#include "macros.h"
#include "text_escape.h"
#include "unit.h"

#define JSON_C_PLAIN	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
#define JSON_C_PRETTY	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | \
			 JSON_C_TO_STRING_NOSLASHESCAPE)

/* What a writer over a memory stream wrote; the caller frees it. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_start(struct capture *c, struct jw *w, bool pretty)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	if (!c->f) {
		perror("open_memstream");
		exit(2);
	}
	jw_init(w, c->f, pretty);
}

static char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

/* The exact bytes, and where they differ (they may hold any byte). */
static void check_bytes(const char *name, const char *got, const char *want)
{
	char g[512], e[512], detail[1100];

	snprintf(detail, sizeof(detail), "expected \"%s\", got \"%s\"",
		 text_escape_buf(want, 0, e, sizeof(e)),
		 text_escape_buf(got, 0, g, sizeof(g)));
	unit_check(name, !strcmp(got, want), "%s", detail);
}

/* json-c's bytes for @text (a document) reparsed: NULL if not JSON. */
static char *json_c_bytes(const char *text, int flags)
{
	struct json_object *o = json_tokener_parse(text);
	char *s;

	if (!o)
		return NULL;
	s = strdup(json_object_to_json_string_ext(o, flags));
	json_object_put(o);
	return s;
}

static void check_like_json_c(const char *name, const char *got,
			      const char *plain, int flags)
{
	char *want = json_c_bytes(plain, flags);

	if (!want) {
		unit_check(name, 0, "json-c cannot parse \"%s\"", plain);
		return;
	}
	check_bytes(name, got, want);
	free(want);
}

/*
 * Strings: json-c escapes control bytes, '"' and '\' (never '/', never
 * DEL); the writer also turns each byte of no valid UTF-8 sequence into
 * U+FFFD, as json_sanitize_utf8() does to a json-c tree.
 */
#define FFFD "\xef\xbf\xbd"

static void test_escaping(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain", "\"plain\"" },
		{ "", "\"\"" },
		{ "a\"b", "\"a\\\"b\"" },
		{ "a\\b", "\"a\\\\b\"" },
		{ "\\\"", "\"\\\\\\\"\"" },
		{ "/sys/bus/pci", "\"/sys/bus/pci\"" },
		{ "\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"" },
		{ "\x01", "\"\\u0001\"" },
		{ "\x0b", "\"\\u000b\"" },
		{ "\x1b[31mred", "\"\\u001b[31mred\"" },
		{ "\x1f", "\"\\u001f\"" },
		{ " ~", "\" ~\"" },
		{ "del\x7f", "\"del\x7f\"" },
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
		{ "\xe2\x82\xac", "\"\xe2\x82\xac\"" },
		{ "\xf0\x9f\x90\xa7", "\"\xf0\x9f\x90\xa7\"" },
		{ "\xc2\x9b", "\"\xc2\x9b\"" },		/* C1 is valid UTF-8 */
		{ "\xff", "\"" FFFD "\"" },
		{ "a\xff" "b\xfe" "c", "\"a" FFFD "b" FFFD "c\"" },
		{ "\x80", "\"" FFFD "\"" },		/* lone continuation */
		{ "\xc0\xaf", "\"" FFFD FFFD "\"" },	/* overlong '/' */
		{ "\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"" },
		{ "\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"" },	/* surrogate */
		{ "\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"" },
		{ "\xe2\x82", "\"" FFFD FFFD "\"" },	/* cut short */
		{ "x\xc3", "\"x" FFFD "\"" },
		{ "\xc3\n", "\"" FFFD "\\n\"" },
	};
	struct capture c;
	struct jw w;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char name[64], *got, *fixed, *want;
		struct json_object *o;

		capture_start(&c, &w, false);
		jw_str(&w, NULL, cases[i].in);
		got = capture_end(&c);
		snprintf(name, sizeof(name), "escape case %zu", i);
		check_bytes(name, got, cases[i].want);

		/* json-c's escaping of the repaired string */
		fixed = utf8_sanitize(cases[i].in, strlen(cases[i].in));
		o = json_object_new_string(fixed);
		want = strdup(json_object_to_json_string_ext(o, JSON_C_PLAIN));
		snprintf(name, sizeof(name), "escape case %zu as json-c", i);
		check_bytes(name, got, want);
		json_object_put(o);
		free(want);
		free(fixed);
		free(got);
	}

	/* keys are escaped the same way */
	capture_start(&c, &w, false);
	jw_open_object(&w, NULL);
	jw_str(&w, "k\"\x01\xff", "v");
	jw_close(&w);
	check_bytes("a key is escaped", capture_end(&c),
		    "{\"k\\\"\\u0001" FFFD "\":\"v\"}");
	free(c.buf);
}

/* Documents: each written once plain and once pretty. */
static void doc_empty_object(struct jw *w)
{
	jw_open_object(w, NULL);
	jw_close(w);
}

static void doc_empty_array(struct jw *w)
{
	jw_open_array(w, NULL);
	jw_close(w);
}

static void doc_members(struct jw *w)
{
	jw_open_object(w, NULL);
	jw_int(w, "a", 1);
	jw_str(w, "b", "x");
	jw_close(w);
}

static void doc_nested(struct jw *w)
{
	jw_open_object(w, NULL);
	jw_open_object(w, "o");
	jw_open_array(w, "list");
	jw_str(w, NULL, "x");
	jw_str(w, NULL, "y");
	jw_close(w);
	jw_open_array(w, "empty");
	jw_close(w);
	jw_open_object(w, "none");
	jw_close(w);
	jw_close(w);
	jw_int(w, "after", 2);
	jw_close(w);
}

static void doc_array_of_objects(struct jw *w)
{
	jw_open_array(w, NULL);
	jw_open_object(w, NULL);
	jw_bool(w, "a", true);
	jw_close(w);
	jw_open_object(w, NULL);
	jw_bool(w, "b", false);
	jw_null(w, "c");
	jw_close(w);
	jw_close(w);
}

static void doc_array_values(struct jw *w)
{
	jw_open_array(w, NULL);
	jw_str(w, NULL, "s");
	jw_str(w, NULL, NULL);
	jw_int(w, NULL, -3);
	jw_bool(w, NULL, true);
	jw_null(w, NULL);
	jw_tri_bool(w, NULL, TRI_UNKNOWN);
	jw_hex(w, NULL, 0xab, 2);
	jw_open_array(w, NULL);
	jw_close(w);
	jw_close(w);
}

static void doc_every_kind(struct jw *w)
{
	jw_open_object(w, NULL);
	jw_str(w, "str", "text");
	jw_str(w, "str_null", NULL);
	jw_int(w, "zero", 0);
	jw_int(w, "negative", -42);
	jw_int(w, "min", INT64_MIN);
	jw_int(w, "max", INT64_MAX);
	jw_bool(w, "true", true);
	jw_bool(w, "false", false);
	jw_null(w, "null");
	jw_tri_bool(w, "tri_yes", TRI_YES);
	jw_tri_bool(w, "tri_no", TRI_NO);
	jw_tri_bool(w, "tri_unknown", TRI_UNKNOWN);
	jw_int_or_null(w, "int_5", 5);
	jw_int_or_null(w, "int_0", 0);
	jw_int_or_null(w, "int_unknown", -1);
	jw_hex(w, "hex4", 0xabc, 4);
	jw_hex(w, "hex_wider", 0x12345, 4);
	jw_hex(w, "hex16", 0xfedcba9876543210ULL, 16);
	jw_hex(w, "hex_zero", 0, 6);
	jw_hex_or_null(w, "hex_have", true, 0x1f, 8);
	jw_hex_or_null(w, "hex_unknown", false, 0x1f, 8);
	jw_close(w);
}

static void doc_deepest(struct jw *w)
{
	int i;

	for (i = 0; i < JW_MAX_DEPTH; i++)
		jw_open_array(w, NULL);
	jw_int(w, NULL, 1);
	for (i = 0; i < JW_MAX_DEPTH; i++)
		jw_close(w);
}

static void doc_two_documents(struct jw *w)
{
	/* a writer returns to depth 0: a second document has no comma */
	doc_members(w);
	doc_empty_array(w);
}

static const struct doc_case {
	const char *name;
	void (*write)(struct jw *w);
	const char *plain, *pretty;
	bool one_document;		/* json-c can reparse it */
} doc_cases[] = {
	{ "empty object", doc_empty_object, "{}", "{\n}", true },
	{ "empty array", doc_empty_array, "[]", "[\n]", true },
	{ "members and commas", doc_members,
	  "{\"a\":1,\"b\":\"x\"}",
	  "{\n  \"a\": 1,\n  \"b\": \"x\"\n}", true },
	{ "nesting", doc_nested,
	  "{\"o\":{\"list\":[\"x\",\"y\"],\"empty\":[],\"none\":{}},\"after\":2}",
	  "{\n"
	  "  \"o\": {\n"
	  "    \"list\": [\n"
	  "      \"x\",\n"
	  "      \"y\"\n"
	  "    ],\n"
	  "    \"empty\": [\n"
	  "    ],\n"
	  "    \"none\": {\n"
	  "    }\n"
	  "  },\n"
	  "  \"after\": 2\n"
	  "}", true },
	{ "array of objects", doc_array_of_objects,
	  "[{\"a\":true},{\"b\":false,\"c\":null}]",
	  "[\n"
	  "  {\n"
	  "    \"a\": true\n"
	  "  },\n"
	  "  {\n"
	  "    \"b\": false,\n"
	  "    \"c\": null\n"
	  "  }\n"
	  "]", true },
	{ "values in an array", doc_array_values,
	  "[\"s\",null,-3,true,null,null,\"ab\",[]]",
	  "[\n"
	  "  \"s\",\n"
	  "  null,\n"
	  "  -3,\n"
	  "  true,\n"
	  "  null,\n"
	  "  null,\n"
	  "  \"ab\",\n"
	  "  [\n"
	  "  ]\n"
	  "]", true },
	{ "every value kind", doc_every_kind,
	  "{\"str\":\"text\",\"str_null\":null,\"zero\":0,\"negative\":-42,"
	  "\"min\":-9223372036854775808,\"max\":9223372036854775807,"
	  "\"true\":true,\"false\":false,\"null\":null,"
	  "\"tri_yes\":true,\"tri_no\":false,\"tri_unknown\":null,"
	  "\"int_5\":5,\"int_0\":0,\"int_unknown\":null,"
	  "\"hex4\":\"0abc\",\"hex_wider\":\"12345\","
	  "\"hex16\":\"fedcba9876543210\",\"hex_zero\":\"000000\","
	  "\"hex_have\":\"0000001f\",\"hex_unknown\":null}",
	  "{\n"
	  "  \"str\": \"text\",\n"
	  "  \"str_null\": null,\n"
	  "  \"zero\": 0,\n"
	  "  \"negative\": -42,\n"
	  "  \"min\": -9223372036854775808,\n"
	  "  \"max\": 9223372036854775807,\n"
	  "  \"true\": true,\n"
	  "  \"false\": false,\n"
	  "  \"null\": null,\n"
	  "  \"tri_yes\": true,\n"
	  "  \"tri_no\": false,\n"
	  "  \"tri_unknown\": null,\n"
	  "  \"int_5\": 5,\n"
	  "  \"int_0\": 0,\n"
	  "  \"int_unknown\": null,\n"
	  "  \"hex4\": \"0abc\",\n"
	  "  \"hex_wider\": \"12345\",\n"
	  "  \"hex16\": \"fedcba9876543210\",\n"
	  "  \"hex_zero\": \"000000\",\n"
	  "  \"hex_have\": \"0000001f\",\n"
	  "  \"hex_unknown\": null\n"
	  "}", true },
	{ "the deepest nesting", doc_deepest,
	  "[[[[[[[[1]]]]]]]]",
	  "[\n"
	  "  [\n"
	  "    [\n"
	  "      [\n"
	  "        [\n"
	  "          [\n"
	  "            [\n"
	  "              [\n"
	  "                1\n"
	  "              ]\n"
	  "            ]\n"
	  "          ]\n"
	  "        ]\n"
	  "      ]\n"
	  "    ]\n"
	  "  ]\n"
	  "]", true },
	{ "two documents", doc_two_documents,
	  "{\"a\":1,\"b\":\"x\"}[]",
	  "{\n  \"a\": 1,\n  \"b\": \"x\"\n}[\n]", false },
};

static void test_documents(void)
{
	struct capture c;
	struct jw w;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(doc_cases); i++) {
		const struct doc_case *d = &doc_cases[i];
		char name[128], *plain, *pretty;

		capture_start(&c, &w, false);
		d->write(&w);
		plain = capture_end(&c);
		snprintf(name, sizeof(name), "%s: plain", d->name);
		check_bytes(name, plain, d->plain);

		capture_start(&c, &w, true);
		d->write(&w);
		pretty = capture_end(&c);
		snprintf(name, sizeof(name), "%s: pretty", d->name);
		check_bytes(name, pretty, d->pretty);

		snprintf(name, sizeof(name), "%s: depth back to 0", d->name);
		CHECK_EQ_INT(name, w.depth, 0);

		if (d->one_document) {
			snprintf(name, sizeof(name), "%s: plain as json-c",
				 d->name);
			check_like_json_c(name, plain, d->plain, JSON_C_PLAIN);
			snprintf(name, sizeof(name), "%s: pretty as json-c",
				 d->name);
			check_like_json_c(name, pretty, d->plain,
					  JSON_C_PRETTY);
		}
		free(plain);
		free(pretty);
	}
}

int main(void)
{
	unit_suite("json_writer");
	test_escaping();
	test_documents();
	return unit_finish();
}
