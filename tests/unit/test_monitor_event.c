// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: monitor events (src/monitor_event.c): every hotplug and bond
 * event, a holder's missing time and hostile strings, rendered as text
 * and as JSON against tests/unit/data/monitor-events.golden (one line
 * each, text then JSON; UNIT_UPDATE=1 rewrites it), and the --pid and
 * --group filter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "macros.h"
#include "monitor_event.h"
#include "unit.h"

#define WHEN	"2026-01-02T03:04:05Z"
#define GOLDEN	"monitor-events.golden"

static const struct {
	const char *action, *subsystem, *sysname, *driver;
	long group;			/* as hotplug_read() finds it */
} uevents[] = {
	{ "add", "vfio", "12", NULL, -1 },
	{ "remove", "vfio", "12", NULL, -1 },
	{ "bind", "pci", "0000:00:02.0", "vfio-pci", 7 },
	{ "bind", "platform", "30000000.dma", "vfio-platform", -1 },
	{ "unbind", "pci", "0000:00:02.0", NULL, 7 },
	{ "unbind", "pci", "0000:00:03.0", NULL, -1 },
	{ "add", "iommu", "dmar0", NULL, -1 },
	{ "remove", "iommu", "dmar1", NULL, -1 },
};

#define BOND(pid, comm, groups, state, ended, ended_at, kind)		\
	"{\"pid\":" #pid ",\"comm\":\"" comm "\",\"pasid\":3,"	\
	"\"groups\":" groups ",\"state\":\"" state "\","		\
	"\"since\":\"" WHEN "\",\"uid\":0,\"made\":\"holder-mem-fd\","	\
	"\"ended\":" ended ",\"ended_at\":" ended_at ","		\
	"\"holder\":{\"pid\":1,\"kind\":\"" kind "\","		\
	"\"tracking\":\"proc-connector\"}}"
#define ACTIVE(pid, comm, groups, kind) \
	BOND(pid, comm, groups, "active", "null", "null", kind)
#define DEFUNCT(pid, comm, how) \
	BOND(pid, comm, "[14]", "defunct", "\"" how "\"", "\"" WHEN "\"", \
	     "daemon")

/* A holder's event: name, time, bond object, the holder's pid. */
static const struct {
	const char *name, *time, *bond;
	pid_t holder;
} holder_events[] = {
	{ "bond-created", WHEN, ACTIVE(42, "sleep", "[10,11]", "daemon"), 7 },
	{ "bond-released", WHEN, ACTIVE(42, "sleep", "[10]", "hold"), 8 },
	{ "target-exec", WHEN, DEFUNCT(43, "sh", "execed"), 7 },
	{ "target-exit", WHEN, DEFUNCT(44, "a b", "exited"), 7 },
	{ "bond-reaped", WHEN, DEFUNCT(44, "a b", "exited"), 7 },
	/* what a holder says is escaped on the terminal; no time is "?" */
	{ "bond-created", NULL, ACTIVE(5, "\\u001b[31mred", "[]", "daemon"),
	  7 },
	{ "target-exit", "x\ny", DEFUNCT(6, "back\\\\slash", "exited"), 7 },
};

static char *golden[64];
static size_t nr_golden, next_golden;
static FILE *update;

static void load_golden(void)
{
	FILE *f = fopen(unit_data_path(GOLDEN), update ? "w" : "r");
	char line[2048];

	if (update) {
		update = f;
		return;
	}
	while (f && fgets(line, sizeof(line), f) &&
	       nr_golden < ARRAY_SIZE(golden)) {
		line[strcspn(line, "\n")] = '\0';
		golden[nr_golden++] = strdup(line);
	}
	if (f)
		fclose(f);
}

/* The event's next two golden lines: its text, then its JSON. */
static void check_rendered(const char *what, const struct monitor_event *ev)
{
	struct monitor_out text = { .json = false }, json = { .json = true };
	const char *got[2];
	size_t i;

	monitor_event_render(ev, &text);
	monitor_event_render(ev, &json);
	got[0] = text.line;
	got[1] = json_object_to_json_string_ext(json.doc,
						JSON_C_TO_STRING_PLAIN |
						JSON_C_TO_STRING_NOSLASHESCAPE);
	for (i = 0; i < ARRAY_SIZE(got); i++) {
		const char *want = next_golden < nr_golden ?
				   golden[next_golden] : "(no golden line)";

		next_golden++;
		if (update)
			fprintf(update, "%s\n", got[i]);
		else
			unit_checkf(!strcmp(got[i], want), got[i],
				    "%s: %s as in " GOLDEN, what,
				    i ? "JSON" : "text");
	}
	json_object_put(json.doc);
}

static void test_started(void)
{
	static const size_t holders[] = { 0, 1, 2 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(holders); i++) {
		struct monitor_event ev = { .kind = MONITOR_STARTED,
					    .time = WHEN };

		ev.started.hotplug = i ? "kernel" : "udev";
		ev.started.holders = holders[i];
		check_rendered("monitor-started", &ev);
	}
}

static void test_hotplug(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(uevents); i++) {
		struct monitor_event ev = { .kind = MONITOR_HOTPLUG,
					    .time = WHEN };
		char what[64];

		hotplug_decode(uevents[i].action, uevents[i].subsystem,
			       uevents[i].sysname, uevents[i].driver, -1,
			       &ev.hotplug);
		if (ev.hotplug.kind == HOTPLUG_DRIVER_CHANGED)
			ev.hotplug.group = uevents[i].group;
		snprintf(what, sizeof(what), "uevent %zu (%s %s)", i,
			 uevents[i].action, uevents[i].subsystem);
		check_rendered(what, &ev);
	}
}

/* @i's bond as the model has it: 0, or the error held_bond_parse() gave. */
static int holder_event(size_t i, struct monitor_event *ev)
{
	struct json_object *json = json_tokener_parse(holder_events[i].bond);
	struct peer server = { .pid = holder_events[i].holder };
	int ret;

	*ev = (struct monitor_event){ .kind = MONITOR_BOND,
				      .time = holder_events[i].time };
	ret = monitor_bond_change_parse(holder_events[i].name);
	if (ret >= 0) {
		ev->bond.change = (enum monitor_bond_change)ret;
		ret = held_bond_parse(json, &server, &ev->bond.bond);
	}
	json_object_put(json);
	return ret;
}

static void test_bonds(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(holder_events); i++) {
		struct monitor_event ev;
		char what[64];
		int ret = holder_event(i, &ev);

		snprintf(what, sizeof(what), "holder event %zu (%s)", i,
			 holder_events[i].name);
		unit_checkf(!ret, strerror(-ret), "%s is a bond's", what);
		check_rendered(what, &ev);
	}
	CHECK("an unknown event name is no bond's",
	      monitor_bond_change_parse("bond-eaten") < 0, "taken");
}

static void test_filter(void)
{
	static const struct {
		struct monitor_filter filter;
		bool hotplug, group_added_12, bond_42;
	} cases[] = {
		{ { .group = -1 }, true, true, true },
		{ { .by_pid = true, .pid = 42, .group = -1 }, false, false, true },
		{ { .by_pid = true, .pid = 43, .group = -1 }, false, false, false },
		{ { .group = 11 }, false, false, true },
		{ { .group = 12 }, false, true, false },
		{ { .by_pid = true, .pid = 42, .group = 11 }, false, false, true },
	};
	struct monitor_event started = { .kind = MONITOR_STARTED };
	struct monitor_event added = { .kind = MONITOR_HOTPLUG };
	struct monitor_event driver = { .kind = MONITOR_HOTPLUG };
	struct monitor_event none = { .kind = MONITOR_HOTPLUG };
	struct monitor_event created;
	size_t i;

	hotplug_decode("add", "vfio", "12", NULL, -1, &added.hotplug);
	hotplug_decode("unbind", "pci", "0000:00:03.0", NULL, -1,
		       &driver.hotplug);
	hotplug_decode("add", "vfio", "vfio", NULL, -1, &none.hotplug);
	holder_event(0, &created);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct monitor_filter *f = &cases[i].filter;

		unit_checkf(monitor_event_matches(&started, f), "hidden",
			    "filter %zu: monitor-started is shown", i);
		unit_checkf(!monitor_event_matches(&none, f), "shown",
			    "filter %zu: the container node is no event", i);
		unit_checkf(monitor_event_matches(&driver, f) ==
			    cases[i].hotplug, "wrong",
			    "filter %zu: driver-changed without a group", i);
		unit_checkf(monitor_event_matches(&added, f) ==
			    cases[i].group_added_12, "wrong",
			    "filter %zu: group-added 12", i);
		unit_checkf(monitor_event_matches(&created, f) ==
			    cases[i].bond_42, "wrong",
			    "filter %zu: the bond of pid 42, groups 10,11", i);
	}
}

int main(void)
{
	size_t i;

	unit_suite("monitor_event");
	update = getenv("UNIT_UPDATE") ? stdout : NULL;
	load_golden();
	test_started();
	test_hotplug();
	test_bonds();
	if (update) {
		fclose(update);
		return 0;
	}
	CHECK_EQ_INT("every golden line was compared", next_golden, nr_golden);
	test_filter();
	for (i = 0; i < nr_golden; i++)
		free(golden[i]);
	return unit_finish();
}
