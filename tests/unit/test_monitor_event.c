// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: monitor events (src/holders/monitor_event.c): every hotplug and bond
 * event, a holder's missing time and hostile strings, rendered as text
 * and as JSON against tests/unit/data/monitor-events.golden (one line
 * each, text then JSON; UNIT_UPDATE=1 rewrites it), a uevent's names
 * escaped in the text, and the --pid and --group filter.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "macros.h"
#include "monitor_event.h"
#include "report.h"
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

/*
 * What monitor_event_print() writes for @ev, as text or JSON, without the
 * line's newline: in @buf, of @size bytes.
 */
static const char *printed(const struct monitor_event *ev, bool json,
			   char *buf, size_t size)
{
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	size_t n = 0;

	buf[0] = '\0';
	if (!tmp || saved < 0)
		return "(no tmpfile)";
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	vs_out.json = json;
	vs_out.pretty = true;		/* monitor's lines are compact anyway */
	if (monitor_event_print(ev))
		snprintf(buf, size, "(print failed)");
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	vs_out.json = false;
	rewind(tmp);
	if (!buf[0])
		n = fread(buf, 1, size - 1, tmp);
	fclose(tmp);
	if (n) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
	}
	return buf;
}

/* The event's next two golden lines: its text, then its JSON. */
static void check_rendered(const char *what, const struct monitor_event *ev)
{
	static char text[2048], json[2048];
	const char *got[2];
	size_t i;

	got[0] = printed(ev, false, text, sizeof(text));
	got[1] = printed(ev, true, json, sizeof(json));
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

/* A uevent's names are the kernel's, not ours: escaped in the text. */
static void test_hotplug_escaped(void)
{
	struct monitor_event ev = { .kind = MONITOR_HOTPLUG, .time = WHEN };
	char buf[512];

	hotplug_decode("bind", "pci", "0000:00:02.0\x1b[2J", "vfio\x07pci",
		       -1, &ev.hotplug);
	ev.hotplug.group = 7;
	CHECK_EQ_STR("driver-changed: device and driver escaped in the text",
		     printed(&ev, false, buf, sizeof(buf)),
		     WHEN " driver-changed 0000:00:02.0\\x1b[2J -> "
		     "vfio\\x07pci (group 7)");
	CHECK_EQ_STR("driver-changed: the JSON holds them as they are",
		     printed(&ev, true, buf, sizeof(buf)),
		     "{\"schema\":1,\"event\":\"driver-changed\",\"time\":\""
		     WHEN "\",\"device\":\"0000:00:02.0\\u001b[2J\","
		     "\"driver\":\"vfio\\u0007pci\",\"group\":7}");
	hotplug_decode("add", "iommu", "dmar\x1b]0;x", NULL, -1, &ev.hotplug);
	CHECK_EQ_STR("iommu-added: the unit's name escaped in the text",
		     printed(&ev, false, buf, sizeof(buf)),
		     WHEN " iommu-added dmar\\x1b]0;x");
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

/*
 * A line is whole however long a holder's strings make it (lines were cut
 * at 512 bytes once): a long time, an escaped comm, many groups.
 */
static void test_long_line(void)
{
	static char when[700], bond[1024], buf[2048];
	struct json_object *json;
	struct peer server = { .pid = 4194303 };
	struct monitor_event ev = { .kind = MONITOR_BOND };
	size_t n;

	memset(when, 'x', sizeof(when) - 1);
	n = (size_t)snprintf(bond, sizeof(bond), "%s",
			     BOND(4194302, "\\u009b\\u009b\\u009b\\u009b"
				  "\\u009b\\u009b\\u009b\\u009b\\u009b"
				  "\\u009b\\u009b\\u009b\\u009b\\u009b"
				  "\\u009b",
				  "[100000,100001,100002,100003,100004,100005,"
				  "100006,100007,100008,100009,100010,100011,"
				  "100012,100013,100014,100015,100016,100017,"
				  "100018,100019]", "active", "null", "null",
				  "daemon"));
	json = json_tokener_parse(bond);
	ev.time = when;
	CHECK("a long bond is a bond's",
	      n < sizeof(bond) && !held_bond_parse(json, &server, &ev.bond.bond),
	      "refused");
	json_object_put(json);
	n = strlen(printed(&ev, false, buf, sizeof(buf)));
	CHECK("a line over 512 bytes is whole", n > 512 &&
	      !strcmp(buf + n - strlen(", held by daemon 4194303"),
		      ", held by daemon 4194303"), "%zu bytes: %s", n, buf);
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
	test_hotplug_escaped();
	test_long_line();
	test_filter();
	for (i = 0; i < nr_golden; i++)
		free(golden[i]);
	return unit_finish();
}
