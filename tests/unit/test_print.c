// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: the print layer (src/common/print.c): one call per field writes the
 * text or the JSON member, strings escaped for the one and valid UTF-8 in
 * the other; a stream of documents a line each.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "macros.h"
#include "print.h"
#include "report.h"
#include "unit.h"

static void fields(void)
{
	print_int(PRINT_ANY, "pid", "pid %d", 42);
	print_string(PRINT_ANY, "comm", " (%s)", "sle\x1b[2Jep\xff");
	print_uint(PRINT_JSON, "pasid", NULL, 4294967295u);
	print_uint(PRINT_FP, NULL, ": PASID %u\n", 7);
	print_null(PRINT_ANY, "ended");
	print_string(PRINT_ANY, "ended_at", "at %s\n", NULL);
}

static void nested(void)
{
	print_open_array(PRINT_JSON, "groups");
	print_uint(PRINT_JSON, NULL, NULL, 10);
	print_uint(PRINT_ANY, NULL, "%u,", 11);
	print_close_array(PRINT_JSON);
	print_open_object(PRINT_JSON, "holder");
	print_string(PRINT_ANY, "kind", "[%s]", "daemon");
	print_close_object(PRINT_JSON);
	print_text("%s\n", " text only");
	print_int(PRINT_ANY & PRINT_FP, "masked", "%d", 1);
}

static void nothing(void)
{
}

/* a value another renderer built, taken over whether it is used or not */
static void value(void)
{
	print_value(PRINT_ANY, "bond", json_tokener_parse("{\"pid\":1}"));
	print_int(PRINT_ANY, "pid", "pid %d", 1);
}

/* print_doc_end_line() rather than print_doc_end(), under --pretty */
static bool as_line;

/* What @render writes on stdout between print_doc_begin() and _end(). */
static const char *output(void (*render)(void), bool json)
{
	static char buf[1024];
	FILE *tmp = tmpfile();
	int saved = dup(1);
	size_t n;

	if (!tmp || saved < 0)
		return "(no tmpfile)";
	fflush(stdout);
	dup2(fileno(tmp), 1);
	vs_out.json = json;
	vs_out.pretty = as_line;
	print_doc_begin();
	render();
	if (as_line)
		print_doc_end_line();
	else
		print_doc_end();
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, sizeof(buf) - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	vs_out.json = false;
	return buf;
}

static void test_output(void)
{
	static const struct {
		const char *name;
		void (*render)(void);
		bool json;
		const char *want;
	} cases[] = {
		{ "fields, text", fields, false,
		  "pid 42 (sle\\x1b[2Jep\\xff): PASID 7\nat -\n" },
		{ "fields, JSON", fields, true,
		  "{\"schema\":1,\"pid\":42,\"comm\":\"sle\\u001b[2Jep\xef\xbf\xbd\","
		  "\"pasid\":4294967295,\"ended\":null,\"ended_at\":null}\n" },
		{ "nested, text", nested, false, "11,[daemon] text only\n1" },
		{ "nested, JSON", nested, true,
		  "{\"schema\":1,\"groups\":[10,11],\"holder\":{\"kind\":\"daemon\"}}\n" },
		{ "nothing, text", nothing, false, "" },
		{ "nothing, JSON: the schema alone", nothing, true,
		  "{\"schema\":1}\n" },
		{ "a value, text: not shown", value, false, "pid 1" },
		{ "a value, JSON: the member", value, true,
		  "{\"schema\":1,\"bond\":{\"pid\":1},\"pid\":1}\n" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = output(cases[i].render, cases[i].json);

		unit_checkf(!strcmp(got, cases[i].want), got, "%s",
			    cases[i].name);
	}
}

static void capture_json(void)
{
	print_open_object(PRINT_JSON, NULL);
	print_int(PRINT_ANY, "pid", "pid %d\n", 7);
	print_text("never in a capture\n");
	print_close_object(PRINT_JSON);
}

static char captured[64];

static void capture_json_doc(void)
{
	struct json_object *root = json_object_new_array();
	struct print_capture saved;

	print_capture_begin(root, &saved);
	capture_json();
	print_capture_end(&saved);
	snprintf(captured, sizeof(captured), "%s",
		 json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
}

/* A stream of documents: each one line, compact whatever --pretty says. */
static void test_lines(void)
{
	as_line = true;
	CHECK_EQ_STR("a line of text is ended", output(fields, false),
		     "pid 42 (sle\\x1b[2Jep\\xff): PASID 7\nat -\n\n");
	CHECK_EQ_STR("a JSON document is one compact line",
		     output(nested, true),
		     "{\"schema\":1,\"groups\":[10,11],"
		     "\"holder\":{\"kind\":\"daemon\"}}\n");
	CHECK("--pretty is kept for what follows", vs_out.pretty, "lost");
	as_line = false;
}

/* A capture is JSON whatever --json says, and writes nothing. */
static void test_capture(void)
{
	struct json_object *root = json_object_new_array();
	struct print_capture saved;

	print_capture_begin(root, &saved);
	CHECK("a capture is JSON", print_json_on(), "text");
	print_capture_end(&saved);
	CHECK("and ends", !print_json_on(), "still JSON");
	json_object_put(root);
	CHECK_EQ_STR("a capture inside a text document writes nothing",
		     output(capture_json_doc, false), "");
	CHECK_EQ_STR("a capture holds the value", captured, "[{\"pid\":7}]");
}

int main(void)
{
	unit_suite("print");
	test_output();
	test_lines();
	test_capture();
	return unit_finish();
}
