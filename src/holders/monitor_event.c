// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor events: which of them --pid and --group keep, and their one
 * renderer through the print layer (print.h): one call per field, the
 * JSON member under --json and the text otherwise, each event a line.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "holder_print.h"
#include "group_list.h"
#include "macros.h"
#include "monitor_event.h"
#include "name_table.h"
#include "print.h"

static const char *const bond_change_names[] = {
	[MONITOR_BOND_CREATED] = "bond-created",
	[MONITOR_BOND_RELEASED] = "bond-released",
	[MONITOR_TARGET_EXEC] = "target-exec",
	[MONITOR_TARGET_EXIT] = "target-exit",
	[MONITOR_BOND_REAPED] = "bond-reaped",
};

void monitor_event_stamp(struct monitor_event *ev)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(ev->now, sizeof(ev->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	ev->time = ev->now;
}

int monitor_bond_change_parse(const char *name)
{
	int i = name_index(bond_change_names, ARRAY_SIZE(bond_change_names),
			   name);

	return i < 0 ? -ENOENT : i;
}

static bool bond_matches(const struct held_bond *bond,
			 const struct monitor_filter *filter)
{
	if (filter->by_pid && bond->pid != filter->pid)
		return false;
	return filter->group < 0 ||
	       held_bond_has_group(bond, (unsigned int)filter->group);
}

bool monitor_event_matches(const struct monitor_event *ev,
			   const struct monitor_filter *filter)
{
	switch (ev->kind) {
	case MONITOR_STARTED:
		return true;
	case MONITOR_HOTPLUG:
		/* --pid: only that process's bonds */
		if (ev->hotplug.kind == HOTPLUG_NONE || filter->by_pid)
			return false;
		return filter->group < 0 || ev->hotplug.group == filter->group;
	case MONITOR_BOND:
		return bond_matches(&ev->bond.bond, filter);
	}
	return false;
}

static const char *event_name(const struct monitor_event *ev)
{
	switch (ev->kind) {
	case MONITOR_STARTED:
		return "monitor-started";
	case MONITOR_HOTPLUG:
		return hotplug_kind_name(ev->hotplug.kind);
	case MONITOR_BOND:
		return bond_change_names[ev->bond.change];
	}
	return "?";
}

static void render_started(const struct monitor_event *ev)
{
	size_t holders = ev->started.holders;

	print_string(PRINT_ANY, "hotplug", " hotplug from %s",
		     ev->started.hotplug);
	print_uint(PRINT_ANY, "holders", ", %u holder", (unsigned int)holders);
	print_text("%s", holders == 1 ? "" : "s");
}

static void render_hotplug(const struct hotplug_event *hev)
{
	char node[32];

	switch (hev->kind) {
	case HOTPLUG_GROUP_ADDED:
	case HOTPLUG_GROUP_REMOVED:
		snprintf(node, sizeof(node), "/dev/vfio/%ld", hev->group);
		print_int(PRINT_ANY, "group", " group %d", (int)hev->group);
		print_string(PRINT_ANY, "node", " (%s)", node);
		break;
	case HOTPLUG_DRIVER_CHANGED:
		/* the names are the uevent's: escaped in the text */
		print_string(PRINT_ANY, "device", " %s", hev->device);
		if (hev->driver[0]) {
			print_string(PRINT_ANY, "driver", " -> %s", hev->driver);
		} else {
			print_null(PRINT_JSON, "driver");
			print_text(" -> %s", "no driver");
		}
		if (hev->group < 0)
			print_null(PRINT_JSON, "group");
		else
			print_int(PRINT_ANY, "group", " (group %d)",
				  (int)hev->group);
		break;
	case HOTPLUG_IOMMU_ADDED:
	case HOTPLUG_IOMMU_REMOVED:
		print_string(PRINT_ANY, "iommu", " %s", hev->device);
		break;
	case HOTPLUG_NONE:
		break;
	}
}

static void render_bond(const struct held_bond *bond)
{
	char groups[128];	/* a long list cut short, as it always was */

	groups_text(bond->groups, bond->nr_groups, groups, sizeof(groups));
	print_int(PRINT_ANY, "pid", " pid %d", bond->pid);
	print_string(PRINT_FP, NULL, " (%s)", bond->comm);
	print_uint(PRINT_FP, NULL, " pasid %u", bond->pasid);
	print_string(PRINT_FP, NULL, " groups %s", groups);
	print_string(PRINT_FP, NULL, ", held by %s",
		     held_kind_name(bond->holder.kind));
	print_int(PRINT_FP, NULL, " %d", bond->holder.pid);
	print_held_bond(PRINT_JSON, "bond", bond);
}

/*
 * @ev's fields: a line of text without its newline, or the members of a
 * document (print_doc_begin()) or capture. Text and JSON alike are whole,
 * however long a holder's strings make them.
 */
static void render(const struct monitor_event *ev)
{
	const char *name = event_name(ev);

	/* text: "TIME EVENT ..."; JSON: "event" before "time" */
	print_string(PRINT_JSON, "event", NULL, name);
	/* a holder's time is untrusted (escaped in the text); "?" for none */
	print_string(PRINT_ANY, "time", "%s", ev->time ? ev->time : "?");
	print_string(PRINT_FP, NULL, " %s", name);
	switch (ev->kind) {
	case MONITOR_STARTED:
		render_started(ev);
		break;
	case MONITOR_HOTPLUG:
		render_hotplug(&ev->hotplug);
		break;
	case MONITOR_BOND:
		render_bond(&ev->bond.bond);
		break;
	}
}

int monitor_event_print(const struct monitor_event *ev)
{
	print_doc_begin();
	render(ev);
	return print_doc_end_line();
}
