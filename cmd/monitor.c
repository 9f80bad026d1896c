// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva monitor [--pid PID] [--group N]: one line (or JSON object) per
 * event until SIGINT or SIGTERM. Hotplug events come from a libudev
 * monitor, bond events from every holder this user may watch; holders that
 * start later are found by watching their runtime directories.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "holder_client.h"
#include "holder_status.h"
#include "hotplug.h"
#include "macros.h"
#include "report.h"
#include "runtime_dir.h"
#include "target_args.h"
#include "text_escape.h"
#include "xalloc.h"

#define RESCAN_MS	2000
#define PING_MS		10000	/* the daemon drops watchers silent for 30 s */
#define MAX_SEEN	4096
#define MAX_SKIPPED	64
#define SKIP_MS		30000	/* before asking a silent holder again */

struct monitor_args {
	const char *pid_text;
	pid_t pid;
	long group;
};

struct watched {
	struct holder_conn hc;
	bool live;
	long long pinged;		/* monotonic ms of the last "watch" */
};

struct monitor {
	struct monitor_args *args;
	struct watched holders[MAX_HOLDERS];
	size_t nr_holders;
	struct hotplug *hp;
	int sig_fd;
	int ino_fd;
	bool failed;			/* stdout went away */
	/* bonds already announced: holder pid, target pid, pasid */
	long long seen[MAX_SEEN][3];
	size_t nr_seen;
	/* holders that did not answer: not asked again before @until */
	struct {
		char path[PATH_MAX];
		long long until;
	} skip[MAX_SKIPPED];
	size_t nr_skip;
};

static const struct target_spec monitor_target_spec = {
	.pid_doc = "Only events of this process's bonds",
	.group_doc = "Only events of IOMMU group N",
};

static const struct argp monitor_argp = {
	.doc = "Print events as they happen until SIGINT or SIGTERM: IOMMU "
	       "groups and units appearing and vanishing, devices changing "
	       "driver, and bonds created, released and reaped when their "
	       "process exits or executes.\v"
	       "Events: monitor-started, group-added, group-removed, "
	       "driver-changed, iommu-added, iommu-removed, bond-created, "
	       "bond-released, target-exec, target-exit, bond-reaped. With "
	       "--json each is one JSON object per line with \"event\" and "
	       "\"time\".",
	.args_doc = "",
	/* no parser of its own: argp hands the input to the first child */
	.children = target_children,
};

static void now_iso(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void emit(struct monitor *mon, struct json_object *ev,
		 const char *text)
{
	int ret;

	if (vs_out.json) {
		vs_out.pretty = false;
		ret = vs_json_emit(ev);
	} else {
		json_object_put(ev);
		ret = printf("%s\n", text) < 0 || fflush(stdout) ? -1 : 0;
	}
	if (ret)
		mon->failed = true;
}

static struct json_object *event_json(const char *event, const char *when)
{
	struct json_object *ev = vs_json_doc();

	json_object_object_add(ev, "event", json_object_new_string(event));
	json_object_object_add(ev, "time", json_object_new_string(when));
	return ev;
}

static void on_hotplug(struct monitor *mon, const struct hotplug_event *hev)
{
	const char *name = hotplug_kind_name(hev->kind);
	struct json_object *ev;
	char when[32], text[512], gs[32] = "";

	if (mon->args->pid_text)
		return;		/* only that process's bonds */
	if (mon->args->group >= 0 && hev->group != mon->args->group)
		return;
	now_iso(when, sizeof(when));
	ev = event_json(name, when);
	switch (hev->kind) {
	case HOTPLUG_GROUP_ADDED:
	case HOTPLUG_GROUP_REMOVED:
		json_object_object_add(ev, "group",
				       json_object_new_int64(hev->group));
		snprintf(text, sizeof(text), "/dev/vfio/%ld", hev->group);
		json_object_object_add(ev, "node", json_object_new_string(text));
		snprintf(text, sizeof(text), "%s %s group %ld (/dev/vfio/%ld)",
			 when, name, hev->group, hev->group);
		break;
	case HOTPLUG_DRIVER_CHANGED:
		json_object_object_add(ev, "device",
				       json_object_new_string(hev->device));
		json_object_object_add(ev, "driver", hev->driver[0] ?
				       json_object_new_string(hev->driver) : NULL);
		json_object_object_add(ev, "group", hev->group < 0 ? NULL :
				       json_object_new_int64(hev->group));
		if (hev->group >= 0)
			snprintf(gs, sizeof(gs), " (group %ld)", hev->group);
		snprintf(text, sizeof(text), "%s %s %s -> %s%s", when, name,
			 hev->device, hev->driver[0] ? hev->driver : "no driver",
			 gs);
		break;
	case HOTPLUG_IOMMU_ADDED:
	case HOTPLUG_IOMMU_REMOVED:
		json_object_object_add(ev, "iommu",
				       json_object_new_string(hev->device));
		snprintf(text, sizeof(text), "%s %s %s", when, name,
			 hev->device);
		break;
	case HOTPLUG_NONE:
		json_object_put(ev);
		return;
	}
	emit(mon, ev, text);
}

static long long jint(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return -1;
	return json_object_get_int64(v);
}

/* A member as text for the terminal: escaped (see text_escape.h). */
static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return "?";
	return esc(json_object_get_string(v));
}

static bool bond_matches(const struct monitor *mon, struct json_object *bond)
{
	struct json_object *groups;
	size_t i;

	if (mon->args->pid_text && jint(bond, "pid") != mon->args->pid)
		return false;
	if (mon->args->group < 0)
		return true;
	if (!json_object_object_get_ex(bond, "groups", &groups))
		return false;
	for (i = 0; i < json_object_array_length(groups); i++)
		if (json_object_get_int64(json_object_array_get_idx(groups, i)) ==
		    mon->args->group)
			return true;
	return false;
}

/*
 * A bond found in a late holder's status may also arrive as a live event:
 * announce its creation once. @created false forgets it again, so a later
 * bond of the same process with the same PASID is announced too.
 */
static bool mark_seen(struct monitor *mon, struct json_object *bond,
		      bool created)
{
	long long key[3] = { -1, jint(bond, "pid"), jint(bond, "pasid") };
	struct json_object *holder;
	size_t i;

	if (json_object_object_get_ex(bond, "holder", &holder))
		key[0] = jint(holder, "pid");
	for (i = 0; i < mon->nr_seen; i++) {
		if (memcmp(mon->seen[i], key, sizeof(key)) != 0)
			continue;
		if (!created)
			memcpy(mon->seen[i], mon->seen[--mon->nr_seen],
			       sizeof(key));
		return false;
	}
	if (created && mon->nr_seen < MAX_SEEN)
		memcpy(mon->seen[mon->nr_seen++], key, sizeof(key));
	return created;
}

static bool known_bond_event(const char *event)
{
	static const char *const names[] = {
		"bond-created", "bond-released", "target-exec", "target-exit",
		"bond-reaped",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(event, names[i]))
			return true;
	return false;
}

static void on_bond_event(struct monitor *mon, const char *event,
			  const char *when, struct json_object *bond)
{
	struct json_object *ev, *groups = NULL, *holder = NULL;
	char text[512], gbuf[128];

	if (!bond_matches(mon, bond) || !known_bond_event(event))
		return;
	if (!strcmp(event, "bond-created")) {
		if (!mark_seen(mon, bond, true))
			return;
	} else if (!strcmp(event, "bond-released") ||
		   !strcmp(event, "bond-reaped")) {
		mark_seen(mon, bond, false);
	}
	json_object_object_get_ex(bond, "holder", &holder);
	json_object_object_get_ex(bond, "groups", &groups);
	groups_json_text(groups, gbuf, sizeof(gbuf));
	snprintf(text, sizeof(text),
		 "%s %s pid %lld (%s) pasid %lld groups %s, held by %s %lld",
		 when, event, jint(bond, "pid"), jstr(bond, "comm"),
		 jint(bond, "pasid"), gbuf, jstr(holder, "kind"),
		 jint(holder, "pid"));
	ev = event_json(event, when);
	json_object_object_add(ev, "pid",
			       json_object_new_int64(jint(bond, "pid")));
	json_object_object_add(ev, "bond", json_object_get(bond));
	emit(mon, ev, text);
}

static void on_holder_message(struct monitor *mon, struct watched *w)
{
	char buf[PROTO_MAX_MSG + 1];
	struct json_object *msg, *bond, *v, *bonds;
	ssize_t n;
	int fd;

	n = proto_recv(w->hc.fd, buf, sizeof(buf), &fd);
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		if (n != -EAGAIN) {
			holder_disconnect(&w->hc);
			w->live = false;
		}
		return;
	}
	msg = json_tokener_parse(buf);
	if (msg && json_object_object_get_ex(msg, "event", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    json_object_object_get_ex(msg, "bond", &bond) &&
	    json_object_is_type(bond, json_type_object)) {
		struct json_object *one = json_object_new_array();
		struct json_object *wrap = json_object_new_object();

		/* a user's holder speaks for its own user's bonds only */
		json_object_object_add(wrap, "bonds", one);
		json_object_array_add(one, json_object_get(bond));
		bonds = json_object_new_array();
		holder_take_bonds(&w->hc, wrap, bonds);
		json_sanitize_utf8(v);
		if (json_object_array_length(bonds))
			on_bond_event(mon, json_object_get_string(v),
				      jstr(msg, "time"),
				      json_object_array_get_idx(bonds, 0));
		else
			vs_debug(1, "%s: an event about another user's bond, not shown",
				 w->hc.path);
		json_object_put(bonds);
		json_object_put(wrap);
	}
	json_object_put(msg);
}

/* Bonds a holder found late already has: announce those not yet seen. */
static void replay_status(struct monitor *mon, const char *path)
{
	struct json_object *bonds = json_object_new_array();
	char when[32];
	size_t i;

	holder_status(path, bonds, NULL);
	now_iso(when, sizeof(when));
	for (i = 0; i < json_object_array_length(bonds); i++) {
		struct json_object *b = json_object_array_get_idx(bonds, i);

		if (!strcmp(jstr(b, "state"), "active"))
			on_bond_event(mon, "bond-created", when, b);
	}
	json_object_put(bonds);
}

static bool watching(const struct monitor *mon, const char *path)
{
	size_t i;

	for (i = 0; i < mon->nr_holders; i++)
		if (mon->holders[i].live && !strcmp(mon->holders[i].hc.path, path))
			return true;
	return false;
}

static bool skipped(struct monitor *mon, const char *path)
{
	long long now = holder_now_ms();
	size_t i;

	for (i = 0; i < mon->nr_skip; i++)
		if (!strcmp(mon->skip[i].path, path))
			return now < mon->skip[i].until;
	return false;
}

static void skip(struct monitor *mon, const char *path, int err)
{
	char why[128];
	size_t i;

	for (i = 0; i < mon->nr_skip; i++)
		if (!strcmp(mon->skip[i].path, path))
			break;
	if (i == mon->nr_skip) {
		if (mon->nr_skip == MAX_SKIPPED)
			return;
		mon->nr_skip++;
		vs_warn("monitor: holder %s %s: its events are not shown",
			esc(path), holder_error_text(err, why, sizeof(why)));
	}
	snprintf(mon->skip[i].path, sizeof(mon->skip[i].path), "%s", path);
	mon->skip[i].until = holder_now_ms() + SKIP_MS;
}

static void discover(struct monitor *mon, bool replay)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	size_t n, i, j;

	/* one budget for the whole round: a silent holder cannot stall it */
	holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	for (i = 0; i < n; i++) {
		struct proto_request req = { .op = PROTO_WATCH };
		struct json_object *reply;
		struct watched *w = NULL;
		const char *message;
		int fd, ret;

		if (watching(mon, paths[i]) || skipped(mon, paths[i]))
			continue;
		for (j = 0; j < mon->nr_holders && !w; j++)
			if (!mon->holders[j].live)
				w = &mon->holders[j];
		if (!w && mon->nr_holders < MAX_HOLDERS)
			w = &mon->holders[mon->nr_holders++];
		if (!w)
			continue;
		ret = holder_connect(paths[i], &w->hc);
		if (!ret) {
			ret = holder_call(&w->hc, proto_request_json(&req), -1,
					  &reply, &fd, &message);
			json_object_put(reply);
			if (fd >= 0)
				close(fd);
			if (ret)
				holder_disconnect(&w->hc);
		}
		if (ret) {
			if (ret != -ECONNREFUSED && ret != -ENOENT)
				skip(mon, paths[i], ret);
			continue;
		}
		w->live = true;
		w->pinged = holder_now_ms();
		vs_debug(1, "watching %s", esc(paths[i]));
		if (replay)
			replay_status(mon, paths[i]);
	}
}

static void watch_dirs(struct monitor *mon)
{
	char dir[PATH_MAX];

	mon->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (mon->ino_fd < 0)
		return;
	if (!runtime_dir_own(dir, sizeof(dir)))
		inotify_add_watch(mon->ino_fd, dir, IN_CREATE | IN_MOVED_TO);
	if (geteuid() && !getenv("VFIO_SVA_RUNTIME_DIR"))
		inotify_add_watch(mon->ino_fd, RUNTIME_DIR_ROOT,
				  IN_CREATE | IN_MOVED_TO);
}

static void started(struct monitor *mon, const char *source)
{
	struct json_object *ev;
	char when[32], text[256];
	size_t i, live = 0;

	for (i = 0; i < mon->nr_holders; i++)
		live += mon->holders[i].live;
	now_iso(when, sizeof(when));
	ev = event_json("monitor-started", when);
	json_object_object_add(ev, "hotplug", json_object_new_string(source));
	json_object_object_add(ev, "holders", json_object_new_int64((int64_t)live));
	snprintf(text, sizeof(text), "%s monitor-started hotplug from %s, %zu holder%s",
		 when, source, live, live == 1 ? "" : "s");
	emit(mon, ev, text);
}

/* Say "watch" again now and then: the holder drops silent watchers. */
static void ping(struct monitor *mon)
{
	long long now = holder_now_ms();
	size_t i;

	for (i = 0; i < mon->nr_holders; i++) {
		struct watched *w = &mon->holders[i];
		struct proto_request req = { .op = PROTO_WATCH };

		if (!w->live || now - w->pinged < PING_MS)
			continue;
		w->pinged = now;
		/* a full queue is no answer to wait for: the next ping tries */
		proto_send(w->hc.fd, proto_request_json(&req), -1);
	}
}

static int loop(struct monitor *mon)
{
	while (!mon->failed) {
		struct pollfd pfd[3 + MAX_HOLDERS];
		struct watched *map[3 + MAX_HOLDERS];
		size_t n = 0, i;
		int ret;

		pfd[n++] = (struct pollfd){ .fd = mon->sig_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = mon->hp ? hotplug_fd(mon->hp) : -1,
					    .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = mon->ino_fd, .events = POLLIN };
		for (i = 0; i < mon->nr_holders; i++) {
			if (!mon->holders[i].live)
				continue;
			map[n] = &mon->holders[i];
			pfd[n++] = (struct pollfd){ .fd = mon->holders[i].hc.fd,
						    .events = POLLIN };
		}
		ret = poll(pfd, n, RESCAN_MS);
		if (ret < 0 && errno != EINTR)
			return VS_EXIT_FAILURE;
		ping(mon);
		if (ret == 0) {
			discover(mon, true);
			continue;
		}
		if (pfd[0].revents & POLLIN)
			return VS_EXIT_OK;
		if (pfd[1].revents & POLLIN) {
			struct hotplug_event hev;

			while (hotplug_read(mon->hp, &hev) > 0)
				on_hotplug(mon, &hev);
		}
		if (pfd[2].revents & POLLIN) {
			char buf[4096];

			while (read(mon->ino_fd, buf, sizeof(buf)) > 0)
				;
			discover(mon, true);
		}
		for (i = 3; i < n; i++)
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
				on_holder_message(mon, map[i]);
	}
	return VS_EXIT_FAILURE;
}

int monitor_run(int argc, char **argv)
{
	struct target_args target = { .spec = &monitor_target_spec };
	struct monitor_args args = { .group = -1 };
	struct monitor *mon;
	const char *source = "unavailable";
	sigset_t mask;
	size_t i;
	int ret;

	ret = cmd_parse(&monitor_argp, argc, argv, &target);
	if (ret < 0 && target.pid_text)
		ret = cmd_pid("monitor", target.pid_text, &args.pid);
	if (ret >= 0)
		return ret;
	args.pid_text = target.pid_text;
	args.group = target_group(&target);

	mon = xcalloc(1, sizeof(*mon));
	mon->args = &args;
	mon->ino_fd = -1;
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	mon->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (mon->sig_fd < 0) {
		free(mon);
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "monitor: cannot catch signals: %s",
			       strerror(errno));
	}
	ret = hotplug_open(&mon->hp, &source);
	if (ret) {
		mon->hp = NULL;
		source = "unavailable";
		vs_warn("monitor: no hotplug events: %s", strerror(-ret));
	}
	watch_dirs(mon);
	discover(mon, false);
	started(mon, source);

	ret = loop(mon);

	for (i = 0; i < mon->nr_holders; i++)
		if (mon->holders[i].live)
			holder_disconnect(&mon->holders[i].hc);
	hotplug_close(mon->hp);
	if (mon->ino_fd >= 0)
		close(mon->ino_fd);
	close(mon->sig_fd);
	free(mon);
	return ret;
}
