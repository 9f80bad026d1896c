// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: the model of what holders report (src/holders/held_bond.c): which bonds
 * a holder's JSON may name, and their JSON as the CLI prints it
 * (src/holders/holder_print.c), and as a holder sends it (its wire form).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "held_bond.h"
#include "holder_print.h"
#include "macros.h"
#include "unit.h"

#define HOLDER_OK "\"holder\":{\"pid\":1,\"kind\":\"daemon\",\"tracking\":\"pidfd\"}"
/* a bond as src/holders/holder_serve.c's bond_json() sends it, with holes for tests */
#define MEMBERS(pid, comm, pasid, groups, state, uid, made, ended, ended_at, \
		holder) \
	"\"pid\":" pid ",\"comm\":" comm ",\"pasid\":" pasid \
	",\"groups\":" groups ",\"state\":" state \
	",\"since\":\"2026-01-01T00:00:00Z\",\"uid\":" uid ",\"made\":" made \
	",\"ended\":" ended ",\"ended_at\":" ended_at "," holder
#define BOND(...) "{" MEMBERS(__VA_ARGS__) "}"
#define GOOD_MEMBERS \
	MEMBERS("42", "\"sleep\"", "7", "[11,12]", "\"active\"", "1000", \
		"\"holder-mem-fd\"", "null", "null", HOLDER_OK)
#define GOOD() "{" GOOD_MEMBERS "}"

/* the socket peers: root's daemon and a user's */
static const struct peer root_peer = { .pid = 900, .uid = 0 };
static const struct peer user_peer = { .pid = 901, .uid = 1000 };

static void test_parse(void)
{
	static const struct {
		const char *name, *json;
		const struct peer *server;
		int want;
	} cases[] = {
		{ "good", GOOD(), &root_peer, 0 },
		{ "good, the user's own holder", GOOD(), &user_peer, 0 },
		{ "defunct, exited",
		  BOND("42", "\"sleep\"", "7", "[11]", "\"defunct\"", "1000",
		       "\"holder-pid\"", "\"exited\"",
		       "\"2026-01-01T00:00:01Z\"", HOLDER_OK), &root_peer, 0 },
		{ "no groups", BOND("42", "\"x\"", "7", "[]", "\"active\"",
				    "1000", "\"client-reported\"", "null",
				    "null", HOLDER_OK), &root_peer, 0 },
		{ "extra member ignored",
		  "{\"forged\":true," GOOD_MEMBERS "}", &root_peer, 0 },
		{ "not an object", "[1]", &root_peer, -EPROTO },
		{ "missing pid", "{\"comm\":\"x\"}", &root_peer, -EPROTO },
		{ "missing holder",
		  "{\"pid\":42,\"comm\":\"x\",\"pasid\":7,\"groups\":[11],"
		  "\"state\":\"active\",\"since\":\"t\",\"uid\":1000,"
		  "\"made\":\"holder-pid\",\"ended\":null,\"ended_at\":null}",
		  &root_peer, -EPROTO },
		{ "missing ended",
		  "{\"pid\":42,\"comm\":\"x\",\"pasid\":7,\"groups\":[11],"
		  "\"state\":\"active\",\"since\":\"t\",\"uid\":1000,"
		  "\"made\":\"holder-pid\",\"ended_at\":null," HOLDER_OK "}",
		  &root_peer, -EPROTO },
		{ "pid a string", BOND("\"42\"", "\"x\"", "7", "[11]",
				       "\"active\"", "1000", "\"holder-pid\"",
				       "null", "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "comm a number", BOND("42", "5", "7", "[11]", "\"active\"",
					"1000", "\"holder-pid\"", "null",
					"null", HOLDER_OK), &root_peer, -EPROTO },
		{ "comm null", BOND("42", "null", "7", "[11]", "\"active\"",
				    "1000", "\"holder-pid\"", "null", "null",
				    HOLDER_OK), &root_peer, -EPROTO },
		{ "groups an object", BOND("42", "\"x\"", "7", "{}",
					   "\"active\"", "1000",
					   "\"holder-pid\"", "null", "null",
					   HOLDER_OK), &root_peer, -EPROTO },
		{ "a group a string", BOND("42", "\"x\"", "7", "[\"11\"]",
					   "\"active\"", "1000",
					   "\"holder-pid\"", "null", "null",
					   HOLDER_OK), &root_peer, -EPROTO },
		{ "holder a string", BOND("42", "\"x\"", "7", "[11]",
					  "\"active\"", "1000",
					  "\"holder-pid\"", "null", "null",
					  "\"holder\":\"daemon\""),
		  &root_peer, -EPROTO },
		{ "pid 0", BOND("0", "\"x\"", "7", "[11]", "\"active\"",
				"1000", "\"holder-pid\"", "null", "null",
				HOLDER_OK), &root_peer, -EPROTO },
		{ "pid past INT_MAX", BOND("2147483648", "\"x\"", "7", "[11]",
					   "\"active\"", "1000",
					   "\"holder-pid\"", "null", "null",
					   HOLDER_OK), &root_peer, -EPROTO },
		{ "pasid negative", BOND("42", "\"x\"", "-1", "[11]",
					 "\"active\"", "1000", "\"holder-pid\"",
					 "null", "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "pasid past 32 bits", BOND("42", "\"x\"", "4294967296",
					     "[11]", "\"active\"", "1000",
					     "\"holder-pid\"", "null", "null",
					     HOLDER_OK), &root_peer, -EPROTO },
		{ "group negative", BOND("42", "\"x\"", "7", "[-1]",
					 "\"active\"", "1000", "\"holder-pid\"",
					 "null", "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "uid -1", BOND("42", "\"x\"", "7", "[11]", "\"active\"",
				 "4294967295", "\"holder-pid\"", "null", "null",
				 HOLDER_OK), &root_peer, -EPROTO },
		{ "unknown state", BOND("42", "\"x\"", "7", "[11]",
					"\"zombie\"", "1000", "\"holder-pid\"",
					"null", "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "unknown made", BOND("42", "\"x\"", "7", "[11]",
				       "\"active\"", "1000", "\"magic\"",
				       "null", "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "unknown end", BOND("42", "\"x\"", "7", "[11]",
				      "\"defunct\"", "1000", "\"holder-pid\"",
				      "\"killed\"", "\"t\"", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "active yet ended", BOND("42", "\"x\"", "7", "[11]",
					   "\"active\"", "1000",
					   "\"holder-pid\"", "\"exited\"",
					   "\"t\"", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "defunct, no end", BOND("42", "\"x\"", "7", "[11]",
					  "\"defunct\"", "1000",
					  "\"holder-pid\"", "null", "null",
					  HOLDER_OK), &root_peer, -EPROTO },
		{ "ended, at no time", BOND("42", "\"x\"", "7", "[11]",
					    "\"defunct\"", "1000",
					    "\"holder-pid\"", "\"execed\"",
					    "null", HOLDER_OK),
		  &root_peer, -EPROTO },
		{ "unknown holder kind",
		  BOND("42", "\"x\"", "7", "[11]", "\"active\"", "1000",
		       "\"holder-pid\"", "null", "null",
		       "\"holder\":{\"kind\":\"daemon\\u001b[31m\","
		       "\"tracking\":\"t\"}"), &root_peer, -EPROTO },
		{ "holder without tracking",
		  BOND("42", "\"x\"", "7", "[11]", "\"active\"", "1000",
		       "\"holder-pid\"", "null", "null",
		       "\"holder\":{\"kind\":\"hold\"}"), &root_peer, -EPROTO },
		{ "comm too long",
		  BOND("42", "\"" "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef"
		       "0123456789abcdef0123456789abcdef" "\"", "7", "[11]",
		       "\"active\"", "1000", "\"holder-pid\"", "null", "null",
		       HOLDER_OK), &root_peer, -EPROTO },
		{ "another uid's bond from a user's holder",
		  BOND("42", "\"x\"", "7", "[11]", "\"active\"", "0",
		       "\"holder-pid\"", "null", "null", HOLDER_OK),
		  &user_peer, -EPERM },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct json_object *o = json_tokener_parse(cases[i].json);
		struct held_bond b;
		int ret;
		char got[32];

		unit_checkf(o != NULL, cases[i].json, "parse %s: valid JSON",
			    cases[i].name);
		ret = held_bond_parse(o, cases[i].server, &b);
		snprintf(got, sizeof(got), "%d", ret);
		unit_checkf(ret == cases[i].want, got, "parse %s",
			    cases[i].name);
		json_object_put(o);
	}
}

/* What a holder controls is made valid UTF-8; escaping is the text's. */
static void test_hostile_strings(void)
{
	struct json_object *o = json_tokener_parse(
		BOND("42", "\"\\u001b]0;owned\\u0007\xff\xfe\"", "7", "[11]",
		     "\"active\"", "1000", "\"holder-pid\"", "null", "null",
		     "\"holder\":{\"pid\":1,\"kind\":\"hold\","
		     "\"tracking\":\"x\\u001b[5m\xc0\xaf\"}"));
	struct held_bond b;

	CHECK_EQ_INT("hostile strings: parsed", held_bond_parse(o, &user_peer,
								&b), 0);
	CHECK_EQ_STR("hostile comm: invalid UTF-8 replaced", b.comm,
		     "\x1b]0;owned\x07\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_EQ_STR("hostile tracking: invalid UTF-8 replaced",
		     b.holder.tracking, "x\x1b[5m\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_EQ_INT("the holder's pid is the peer's, not the claim",
		     b.holder.pid, user_peer.pid);
	CHECK_EQ_INT("the holder's uid is the peer's", b.holder.uid,
		     user_peer.uid);
	json_object_put(o);
}

static void test_render(void)
{
	static const struct {
		const char *name, *in, *want;
	} cases[] = {
		{ "active, with a forged member and holder pid",
		  "{\"forged\":1,\"pasid\":\"x\"," GOOD_MEMBERS "}",
		  "{\"pid\":42,\"comm\":\"sleep\",\"pasid\":7,\"groups\":[11,12],"
		  "\"state\":\"active\",\"since\":\"2026-01-01T00:00:00Z\","
		  "\"uid\":1000,\"made\":\"holder-mem-fd\",\"ended\":null,"
		  "\"ended_at\":null,\"holder\":{\"pid\":900,\"kind\":\"daemon\","
		  "\"tracking\":\"pidfd\",\"uid\":0}}" },
		{ "defunct, exec'd",
		  BOND("7", "\"a\\\"b\"", "4294967295", "[0]", "\"defunct\"",
		       "0", "\"client-reported\"", "\"execed\"",
		       "\"2026-01-02T00:00:00Z\"",
		       "\"holder\":{\"kind\":\"hold\",\"tracking\":"
		       "\"proc-connector\"}"),
		  "{\"pid\":7,\"comm\":\"a\\\"b\",\"pasid\":4294967295,"
		  "\"groups\":[0],\"state\":\"defunct\","
		  "\"since\":\"2026-01-01T00:00:00Z\",\"uid\":0,"
		  "\"made\":\"client-reported\",\"ended\":\"execed\","
		  "\"ended_at\":\"2026-01-02T00:00:00Z\",\"holder\":{\"pid\":900,"
		  "\"kind\":\"hold\",\"tracking\":\"proc-connector\",\"uid\":0}}" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct json_object *o = json_tokener_parse(cases[i].in), *r;
		struct held_bond b;
		const char *got;

		unit_checkf(!held_bond_parse(o, &root_peer, &b), cases[i].in,
			    "render %s: parsed", cases[i].name);
		r = held_bond_json(&b);
		got = json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN |
						     JSON_C_TO_STRING_NOSLASHESCAPE);
		unit_checkf(!strcmp(got, cases[i].want), got, "render %s",
			    cases[i].name);
		json_object_put(r);
		json_object_put(o);
	}
}

static void test_holder(void)
{
	struct json_object *o = json_tokener_parse(
		"{\"pid\":1,\"kind\":\"daemon\",\"tracking\":\"pidfd\"}");
	struct json_object *r;
	struct held_holder h;

	CHECK_EQ_INT("holder: parsed", held_holder_parse(o, &user_peer, &h), 0);
	r = held_holder_json(&h);
	CHECK_EQ_STR("holder: rendered with the peer's pid and uid",
		     json_object_to_json_string_ext(r, JSON_C_TO_STRING_PLAIN),
		     "{\"pid\":901,\"kind\":\"daemon\",\"tracking\":\"pidfd\","
		     "\"uid\":1000}");
	json_object_put(r);
	json_object_put(o);
	o = json_tokener_parse("{\"kind\":5,\"tracking\":\"t\"}");
	CHECK_EQ_INT("holder: a kind of another type",
		     held_holder_parse(o, &user_peer, &h), -EPROTO);
	json_object_put(o);
}

/*
 * The protocol's form is the model's: a bond as holder_serve.c sends it,
 * parsed from a holder whose pid is the one it claims, renders back to
 * the same bytes (no holder "uid" on the wire).
 */
static void test_wire(void)
{
	static const struct peer self = { .pid = 1, .uid = 0 };
	static const char *const bonds[] = {
		GOOD(),
		BOND("7", "\"a\\\"b\"", "4294967295", "[0]", "\"defunct\"", "0",
		     "\"client-reported\"", "\"execed\"",
		     "\"2026-01-02T00:00:00Z\"", HOLDER_OK),
		BOND("42", "\"x\"", "7", "[]", "\"defunct\"", "1000",
		     "\"holder-pid\"", "\"exited\"", "\"2026-01-01T00:00:01Z\"",
		     HOLDER_OK),
	};
	const int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *o, *r;
	struct held_holder h;
	struct held_bond b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bonds); i++) {
		o = json_tokener_parse(bonds[i]);
		unit_checkf(!held_bond_parse(o, &self, &b), bonds[i],
			    "wire bond %zu: parsed", i);
		r = held_bond_wire_json(&b);
		CHECK_EQ_STR("wire bond: the bytes a holder sends",
			     json_object_to_json_string_ext(r, flags), bonds[i]);
		json_object_put(r);
		json_object_put(o);
	}
	o = json_tokener_parse("{" HOLDER_OK "}");
	CHECK_EQ_INT("wire holder: parsed",
		     held_holder_parse(json_object_object_get(o, "holder"),
				       &self, &h), 0);
	r = held_holder_wire_json(&h);
	CHECK_EQ_STR("wire holder: {pid, kind, tracking}",
		     json_object_to_json_string_ext(r, flags),
		     "{\"pid\":1,\"kind\":\"daemon\",\"tracking\":\"pidfd\"}");
	json_object_put(r);
	json_object_put(o);
}

int main(void)
{
	unit_suite("held_bond");
	test_parse();
	test_hostile_strings();
	test_render();
	test_holder();
	test_wire();
	return unit_finish();
}
