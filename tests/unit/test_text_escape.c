// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: escaping of untrusted strings for the terminal and the log, and
 * UTF-8 repair for JSON (src/common/text_escape.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "text_escape.h"
#include "unit.h"

static void test_escape(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "sleep", "sleep" },
		{ "", "" },
		{ "a b-c_d.e", "a b-c_d.e" },
		{ "\x1b[31mred", "\\x1b[31mred" },
		{ "\x1b]0;title\x07", "\\x1b]0;title\\x07" },
		{ "a\rb\nc\td", "a\\x0db\\x0ac\\x09d" },
		{ "del\x7f", "del\\x7f" },
		{ "back\\slash", "back\\\\slash" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" },		/* é stays */
		{ "\xe2\x82\xac 5", "\xe2\x82\xac 5" },		/* € stays */
		{ "\xf0\x9f\x90\xa7", "\xf0\x9f\x90\xa7" },	/* 4 bytes */
		{ "\xc2\x9b" "2J", "\\xc2\\x9b2J" },		/* C1 CSI */
		{ "\xc2\x85", "\\xc2\\x85" },			/* C1 NEL */
		{ "\xc2\xa0", "\xc2\xa0" },			/* NBSP, printable */
		{ "\xff\xfe", "\\xff\\xfe" },
		{ "\xc0\xaf", "\\xc0\\xaf" },			/* overlong '/' */
		{ "\xe0\x80\xaf", "\\xe0\\x80\\xaf" },		/* overlong */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },		/* surrogate */
		{ "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80" },	/* > U+10FFFF */
		{ "\xe2\x82", "\\xe2\\x82" },			/* truncated */
		{ "x\xc3", "x\\xc3" },
	};
	char buf[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		text_escape_buf(cases[i].in, 0, buf, sizeof(buf));
		unit_checkf(!strcmp(buf, cases[i].want), buf,
			    "escape case %zu", i);
	}
	CHECK_EQ_STR("escape NULL", text_escape_buf(NULL, 0, buf, sizeof(buf)),
		     "(null)");
}

static void test_cut(void)
{
	char buf[16], big[2048];
	char *s;

	CHECK_EQ_STR("cut at max_bytes",
		     text_escape_buf("abcdefgh", 4, buf, sizeof(buf)),
		     "abcd...");
	CHECK_EQ_STR("a buffer too small ends in ...",
		     text_escape_buf("abcdefghijklmnopqrstuvwxyz", 0, buf,
				     sizeof(buf)), "abcdefghijkl...");
	CHECK_EQ_STR("an escape is never split",
		     text_escape_buf("abcdefghij\x1b", 0, buf, sizeof(buf)),
		     "abcdefghij...");
	CHECK_EQ_STR("a UTF-8 sequence is never split",
		     text_escape_buf("abcdefghijk\xe2\x82\xac", 0, buf,
				     sizeof(buf)), "abcdefghijk...");
	CHECK_EQ_STR("a cut inside a sequence escapes its head",
		     text_escape_buf("ab\xe2\x82\xac", 3, buf, sizeof(buf)),
		     "ab\\xe2...");
	CHECK_EQ_STR("a tiny buffer is empty",
		     text_escape_buf("abc", 0, buf, 4), "");
	s = malloc(300);
	memset(s, 'x', 299);
	s[299] = '\0';
	snprintf(big, sizeof(big), "%.255s...", s);
	CHECK_EQ_STR("esc() keeps 255 bytes", esc(s), big);
	snprintf(big, sizeof(big), "%.64s...", s);
	CHECK_EQ_STR("esc_arg() keeps 64 bytes", esc_arg(s), big);
	memset(s, 0x1b, 299);
	CHECK("esc() of 299 ESC bytes: all escaped, no raw byte",
	      !strchr(esc(s), 0x1b) && strlen(esc(s)) == 255 * 4 + 3, "%s",
	      esc(s));
	free(s);
}

static void test_utf8(void)
{
	struct json_object *o, *a;
	char *fixed;

	CHECK("valid ASCII", utf8_valid("abc", 3), "%s", "no");
	CHECK("valid 2-4 byte", utf8_valid("\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xa7",
					   9), "%s", "no");
	CHECK("a NUL is not valid text", !utf8_valid("a\0b", 3), "%s", "no");
	CHECK("0xff invalid", !utf8_valid("\xff", 1), "%s", "no");
	fixed = utf8_sanitize("a\xff" "b\xc3", 4);
	CHECK_EQ_STR("sanitize: U+FFFD for each bad byte", fixed,
		     "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	free(fixed);

	o = json_tokener_parse("{\"comm\":\"x\",\"list\":[\"y\",1]}");
	json_object_object_add(o, "comm", json_object_new_string("\xff\x1b"));
	a = json_object_new_array();
	json_object_array_add(a, json_object_new_string("\xc0\xaf"));
	json_object_object_add(o, "list", a);
	json_object_object_add(o, "bad\xff" "key", json_object_new_int(1));
	json_sanitize_utf8(o);
	CHECK_EQ_STR("JSON sanitised recursively",
		     json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN),
		     "{\"comm\":\"\xef\xbf\xbd\\u001b\",\"list\":[\"\xef\xbf\xbd\xef\xbf\xbd\"]}");
	json_object_put(o);
}

int main(void)
{
	unit_suite("text_escape");
	test_escape();
	test_cut();
	test_utf8();
	return unit_finish();
}
