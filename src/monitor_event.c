// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor events: which of them --pid and --group keep, and their one
 * renderer. Each field is written by one call that, in the manner of
 * iproute2's print_*(PRINT_ANY, ...), adds the JSON member under --json
 * and prints the text otherwise.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "holder_print.h"
#include "holder_proto.h"
#include "macros.h"
#include "monitor_event.h"
#include "name_table.h"
#include "report.h"
#include "text_escape.h"

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

/* ---- the print layer: one call per field, for text and JSON ---- */

enum print_to {
	PRINT_TEXT = 1 << 0,
	PRINT_JSON = 1 << 1,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

static void __attribute__((format(printf, 2, 0)))
out_text(struct monitor_out *o, const char *fmt, va_list ap)
{
	size_t room = sizeof(o->line) - o->len;
	int n = vsnprintf(o->line + o->len, room, fmt, ap);

	/* cut short as one snprintf of the whole line would */
	if (n > 0)
		o->len += (size_t)n < room ? (size_t)n : room - 1;
}

static void out_member(struct monitor_out *o, const char *key,
		       struct json_object *value)
{
	json_object_object_add(o->doc, key, value);
}

/*
 * One field: with --json, where @to has PRINT_JSON, the member @key of
 * @type (a string or an integer); else, where it has PRINT_TEXT, the
 * printf format @text. The one argument is the value of both.
 */
static void __attribute__((format(printf, 5, 6)))
print_field(struct monitor_out *o, enum print_to to, enum json_type type,
	    const char *key, const char *text, ...)
{
	va_list ap;

	va_start(ap, text);
	if (o->json && (to & PRINT_JSON))
		out_member(o, key, type == json_type_int ?
			   json_object_new_int64(va_arg(ap, long long)) :
			   json_object_new_string(va_arg(ap, const char *)));
	else if (!o->json && (to & PRINT_TEXT))
		out_text(o, text, ap);
	va_end(ap);
}

#define print_str(o, to, key, text, value) \
	print_field((o), (to), json_type_string, (key), (text), \
		    (const char *)(value))
#define print_int(o, to, key, text, value) \
	print_field((o), (to), json_type_int, (key), (text), \
		    (long long)(value))

/* JSON only: a member that is null, or a string. */
static void print_json_null(struct monitor_out *o, const char *key)
{
	if (o->json)
		out_member(o, key, NULL);
}

static void print_json_str(struct monitor_out *o, const char *key,
			   const char *value)
{
	if (o->json)
		out_member(o, key, json_object_new_string(value));
}

/* JSON only: @bond as the CLI's contract has it. */
static void print_json_bond(struct monitor_out *o, const char *key,
			    const struct held_bond *bond)
{
	if (o->json)
		out_member(o, key, held_bond_json(bond));
}

/* ---- the renderer ---- */

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

static void render_started(const struct monitor_event *ev,
			   struct monitor_out *o)
{
	size_t holders = ev->started.holders;

	print_str(o, PRINT_ANY, "hotplug", " hotplug from %s",
		  ev->started.hotplug);
	print_int(o, PRINT_ANY, "holders", ", %lld holder", holders);
	print_str(o, PRINT_TEXT, NULL, "%s", holders == 1 ? "" : "s");
}

static void render_hotplug(const struct hotplug_event *hev,
			   struct monitor_out *o)
{
	char node[32];

	switch (hev->kind) {
	case HOTPLUG_GROUP_ADDED:
	case HOTPLUG_GROUP_REMOVED:
		snprintf(node, sizeof(node), "/dev/vfio/%ld", hev->group);
		print_int(o, PRINT_ANY, "group", " group %lld", hev->group);
		print_str(o, PRINT_ANY, "node", " (%s)", node);
		break;
	case HOTPLUG_DRIVER_CHANGED:
		print_str(o, PRINT_ANY, "device", " %s", hev->device);
		if (hev->driver[0]) {
			print_str(o, PRINT_ANY, "driver", " -> %s", hev->driver);
		} else {
			print_json_null(o, "driver");
			print_str(o, PRINT_TEXT, NULL, " -> %s", "no driver");
		}
		if (hev->group < 0)
			print_json_null(o, "group");
		else
			print_int(o, PRINT_ANY, "group", " (group %lld)",
				  hev->group);
		break;
	case HOTPLUG_IOMMU_ADDED:
	case HOTPLUG_IOMMU_REMOVED:
		print_str(o, PRINT_ANY, "iommu", " %s", hev->device);
		break;
	case HOTPLUG_NONE:
		break;
	}
}

static void render_bond(const struct held_bond *bond, struct monitor_out *o)
{
	char groups[128];	/* a long list cut short, as it always was */

	groups_text(bond->groups, bond->nr_groups, groups, sizeof(groups));
	print_int(o, PRINT_ANY, "pid", " pid %lld", bond->pid);
	print_str(o, PRINT_TEXT, NULL, " (%s)", esc(bond->comm));
	print_int(o, PRINT_TEXT, NULL, " pasid %lld", bond->pasid);
	print_str(o, PRINT_TEXT, NULL, " groups %s", groups);
	print_str(o, PRINT_TEXT, NULL, ", held by %s",
		  held_kind_name(bond->holder.kind));
	print_int(o, PRINT_TEXT, NULL, " %lld", bond->holder.pid);
	print_json_bond(o, "bond", bond);
}

void monitor_event_render(const struct monitor_event *ev,
			  struct monitor_out *o)
{
	const char *name = event_name(ev);

	o->line[0] = '\0';
	o->len = 0;
	o->doc = o->json ? vs_json_doc() : NULL;
	/* text: "TIME EVENT ..."; JSON: "event" before "time" */
	print_json_str(o, "event", name);
	/* a holder's time is untrusted: escaped, "?" when it sent none */
	print_str(o, PRINT_ANY, "time", "%s", ev->time ? esc(ev->time) : "?");
	print_str(o, PRINT_TEXT, NULL, " %s", name);
	switch (ev->kind) {
	case MONITOR_STARTED:
		render_started(ev, o);
		break;
	case MONITOR_HOTPLUG:
		render_hotplug(&ev->hotplug, o);
		break;
	case MONITOR_BOND:
		render_bond(&ev->bond.bond, o);
		break;
	}
}

int monitor_event_print(const struct monitor_event *ev)
{
	struct monitor_out out = { .json = vs_out.json };

	monitor_event_render(ev, &out);
	if (out.json) {
		/* one object per line */
		vs_out.pretty = false;
		return vs_json_emit(out.doc);
	}
	return printf("%s\n", out.line) < 0 || fflush(stdout) ? -1 : 0;
}
