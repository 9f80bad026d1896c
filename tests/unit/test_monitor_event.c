// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: monitor events (src/monitor_event.c): every hotplug and bond
 * event, a holder's missing members and hostile strings, rendered as text
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

/* A holder's event: name, time, bond object. */
static const struct {
	const char *name, *time, *bond;
} holder_events[] = {
	{ "bond-created", WHEN,
	  "{\"pid\":42,\"comm\":\"sleep\",\"pasid\":3,\"groups\":[10,11],"
	  "\"state\":\"active\",\"holder\":{\"pid\":7,\"kind\":\"daemon\"}}" },
	{ "bond-released", WHEN,
	  "{\"pid\":42,\"comm\":\"sleep\",\"pasid\":3,\"groups\":[10],"
	  "\"holder\":{\"pid\":8,\"kind\":\"hold\"}}" },
	{ "target-exec", WHEN,
	  "{\"pid\":43,\"comm\":\"sh\",\"pasid\":1,\"groups\":[14],"
	  "\"state\":\"defunct\",\"holder\":{\"pid\":7,\"kind\":\"daemon\"}}" },
	{ "target-exit", WHEN,
	  "{\"pid\":44,\"comm\":\"a b\",\"pasid\":2,\"groups\":[10],"
	  "\"holder\":{\"pid\":7,\"kind\":\"daemon\"}}" },
	{ "bond-reaped", WHEN,
	  "{\"pid\":44,\"comm\":\"a b\",\"pasid\":2,\"groups\":[10],"
	  "\"holder\":{\"pid\":7,\"kind\":\"daemon\"}}" },
	/* members left out or null: -1 and "?" */
	{ "bond-created", NULL, "{\"pid\":5,\"comm\":null,\"holder\":null}" },
	{ "bond-created", WHEN, "{\"holder\":\"daemon\",\"groups\":\"10\"}" },
	/* what a holder says is escaped on the terminal */
	{ "target-exit", "x\ny",
	  "{\"pid\":6,\"comm\":\"\\u001b[31mred\",\"pasid\":1,"
	  "\"groups\":[10],\"holder\":{\"pid\":7,\"kind\":\"d\\\\x\"}}" },
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

static void test_bonds(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(holder_events); i++) {
		struct json_object *bond =
			json_tokener_parse(holder_events[i].bond);
		struct monitor_event ev;
		char what[64];

		snprintf(what, sizeof(what), "holder event %zu (%s)", i,
			 holder_events[i].name);
		unit_checkf(!monitor_event_bond(&ev, holder_events[i].name,
						holder_events[i].time, bond),
			    "refused", "%s is a bond event", what);
		check_rendered(what, &ev);
		json_object_put(bond);
	}
	CHECK("an unknown event name is refused",
	      monitor_event_bond(&(struct monitor_event){ 0 }, "bond-eaten",
				 WHEN, NULL) < 0, "accepted");
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
	struct json_object *bond = json_tokener_parse(holder_events[0].bond);
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
	monitor_event_bond(&created, "bond-created", WHEN, bond);
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
	json_object_put(bond);
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
