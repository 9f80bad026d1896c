/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_MONITOR_EVENT_H
#define VFIO_SVA_MONITOR_EVENT_H

/*
 * What `vfio-sva monitor` reports, as one model: the start, hotplug events
 * and bond events, each with its time. One renderer writes an event as a
 * line of text or as one JSON object (schema 1, "event" and "time" first)
 * on a line of its own.
 */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "held_bond.h"
#include "hotplug.h"

enum monitor_event_kind {
	MONITOR_STARTED,
	MONITOR_HOTPLUG,
	MONITOR_BOND,
};

/* What a holder says happened to a bond; the names are its event names. */
enum monitor_bond_change {
	MONITOR_BOND_CREATED,
	MONITOR_BOND_RELEASED,
	MONITOR_TARGET_EXEC,
	MONITOR_TARGET_EXIT,
	MONITOR_BOND_REAPED,
};

struct monitor_event {
	enum monitor_event_kind kind;
	/* ISO 8601 UTC; for bonds the holder's text (escaped when shown) */
	const char *time;
	char now[32];				/* @time's storage for ours */
	union {
		struct {
			const char *hotplug;	/* "udev", "kernel", "unavailable" */
			size_t holders;
		} started;
		struct hotplug_event hotplug;
		struct {
			enum monitor_bond_change change;
			struct held_bond bond;
		} bond;
	};
};

/* Which events to show: --pid and --group. */
struct monitor_filter {
	bool by_pid;
	pid_t pid;
	long group;				/* -1: every group */
};

/* Set @ev's time to now. */
void monitor_event_stamp(struct monitor_event *ev);

/* The change a holder's event name stands for; -ENOENT for none. */
int monitor_bond_change_parse(const char *name);

bool monitor_event_matches(const struct monitor_event *ev,
			   const struct monitor_filter *filter);

/* @ev on stdout as the global options say: 0, or -1 if stdout failed. */
int monitor_event_print(const struct monitor_event *ev);

#endif
