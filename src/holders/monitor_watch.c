// SPDX-License-Identifier: GPL-2.0
/*
 * The holder watcher of `vfio-sva monitor`: holders found in the runtime
 * directories (inotify tells when one starts), "watch" said to each and
 * repeated, silent holders left alone for a while, a late holder's bonds
 * replayed from its status, and each bond created announced once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <json-c/json.h>

#include "held_bond.h"
#include "holder_client.h"
#include "holder_proto.h"
#include "holder_status.h"
#include "monitor_watch.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "xalloc.h"

#define PING_MS		10000	/* the daemon drops watchers silent for 30 s */
#define MAX_SEEN	4096
#define MAX_SKIPPED	64
#define SKIP_MS		30000	/* before asking a silent holder again */

struct watched {
	struct holder_conn hc;
	bool live;
	long long pinged;		/* monotonic ms of the last "watch" */
};

struct monitor_watch {
	const struct monitor_filter *filter;
	monitor_event_fn *fn;
	void *data;
	struct watched holders[MAX_HOLDERS];
	size_t nr_holders;
	/* the holders of monitor_watch_fds()'s descriptors 1.. */
	struct watched *polled[MAX_HOLDERS];
	int ino_fd;
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

/*
 * A bond found in a late holder's status may also arrive as a live event:
 * announce its creation once. @created false forgets it again, so a later
 * bond of the same process with the same PASID is announced too.
 */
static bool mark_seen(struct monitor_watch *w, const struct held_bond *b,
		      bool created)
{
	long long key[3] = { b->holder.pid, b->pid, b->pasid };
	size_t i;

	for (i = 0; i < w->nr_seen; i++) {
		if (memcmp(w->seen[i], key, sizeof(key)) != 0)
			continue;
		if (!created)
			memcpy(w->seen[i], w->seen[--w->nr_seen], sizeof(key));
		return false;
	}
	if (created && w->nr_seen < MAX_SEEN)
		memcpy(w->seen[w->nr_seen++], key, sizeof(key));
	return created;
}

static void on_bond_event(struct monitor_watch *w,
			  const struct monitor_event *ev)
{
	const struct held_bond *b = &ev->bond.bond;

	if (!monitor_event_matches(ev, w->filter))
		return;
	switch (ev->bond.change) {
	case MONITOR_BOND_CREATED:
		if (!mark_seen(w, b, true))
			return;
		break;
	case MONITOR_BOND_RELEASED:
	case MONITOR_BOND_REAPED:
		mark_seen(w, b, false);
		break;
	case MONITOR_TARGET_EXEC:
	case MONITOR_TARGET_EXIT:
		break;
	}
	w->fn(ev, w->data);
}

static const char *msg_time(struct json_object *msg)
{
	struct json_object *v;

	if (!json_object_object_get_ex(msg, "time", &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

/* {"event", "time", "bond"} from a holder we watch. */
static void on_event_message(struct monitor_watch *w, struct watched *h,
			     struct json_object *msg, const char *name,
			     struct json_object *bond)
{
	struct monitor_event ev = { .kind = MONITOR_BOND,
				    .time = msg_time(msg) };
	int ret;

	/* a user's holder speaks for its own user's bonds only */
	ret = held_bond_parse(bond, &h->hc.server, &ev.bond.bond);
	if (ret) {
		vs_debug(1, "%s: an event about %s, not shown", esc(h->hc.path),
			 ret == -EPERM ? "another user's bond" :
			 "a bond not of the protocol");
		return;
	}
	ret = monitor_bond_change_parse(name);
	if (ret < 0)
		return;
	ev.bond.change = (enum monitor_bond_change)ret;
	on_bond_event(w, &ev);
}

static void on_holder_message(struct monitor_watch *w, struct watched *h)
{
	char buf[PROTO_MAX_MSG + 1];
	struct json_object *msg, *bond, *v;
	ssize_t n;
	int fd;

	n = proto_recv(h->hc.fd, buf, sizeof(buf), &fd);
	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		if (n != -EAGAIN) {
			holder_disconnect(&h->hc);
			h->live = false;
		}
		return;
	}
	msg = json_tokener_parse(buf);
	if (msg && json_object_object_get_ex(msg, "event", &v) &&
	    json_object_is_type(v, json_type_string) &&
	    json_object_object_get_ex(msg, "bond", &bond) &&
	    json_object_is_type(bond, json_type_object))
		on_event_message(w, h, msg, json_object_get_string(v), bond);
	json_object_put(msg);
}

/*
 * Bonds a holder found late already has: announce those not yet seen.
 * @h's holder is asked again on a connection of its own, into the model
 * (checked with that connection's peer, the same holder).
 */
static void replay_status(struct monitor_watch *w, const struct watched *h)
{
	struct monitor_event ev = { .kind = MONITOR_BOND,
				    .bond.change = MONITOR_BOND_CREATED };
	struct holders_answer a;
	char one[1][PATH_MAX];
	size_t i;

	snprintf(one[0], sizeof(one[0]), "%s", h->hc.path);
	holders_ask(one, 1, &a);
	monitor_event_stamp(&ev);
	for (i = 0; i < a.bonds.n; i++) {
		if (a.bonds.v[i].state != HELD_ACTIVE)
			continue;
		ev.bond.bond = a.bonds.v[i];
		on_bond_event(w, &ev);
	}
	holders_answer_free(&a);
}

static bool watching(const struct monitor_watch *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->nr_holders; i++)
		if (w->holders[i].live && !strcmp(w->holders[i].hc.path, path))
			return true;
	return false;
}

static bool skipped(const struct monitor_watch *w, const char *path)
{
	long long now = holder_now_ms();
	size_t i;

	for (i = 0; i < w->nr_skip; i++)
		if (!strcmp(w->skip[i].path, path))
			return now < w->skip[i].until;
	return false;
}

static void skip(struct monitor_watch *w, const char *path, int err)
{
	char why[128];
	size_t i;

	for (i = 0; i < w->nr_skip; i++)
		if (!strcmp(w->skip[i].path, path))
			break;
	if (i == w->nr_skip) {
		if (w->nr_skip == MAX_SKIPPED)
			return;
		w->nr_skip++;
		vs_warn("monitor: holder %s %s: its events are not shown",
			esc(path), holder_error_text(err, why, sizeof(why)));
	}
	snprintf(w->skip[i].path, sizeof(w->skip[i].path), "%s", path);
	w->skip[i].until = holder_now_ms() + SKIP_MS;
}

static struct watched *free_slot(struct monitor_watch *w)
{
	size_t i;

	for (i = 0; i < w->nr_holders; i++)
		if (!w->holders[i].live)
			return &w->holders[i];
	if (w->nr_holders < MAX_HOLDERS)
		return &w->holders[w->nr_holders++];
	return NULL;
}

/* Connect and say "watch": 0 or a negative errno. */
static int start_watching(struct watched *h, const char *path)
{
	struct proto_request req = { .op = PROTO_WATCH };
	struct json_object *reply;
	const char *message;
	int fd, ret;

	ret = holder_connect(path, &h->hc);
	if (ret)
		return ret;
	ret = holder_call(&h->hc, proto_request_json(&req), -1, &reply, &fd,
			  &message);
	json_object_put(reply);
	if (fd >= 0)
		close(fd);
	if (ret)
		holder_disconnect(&h->hc);
	return ret;
}

static void discover(struct monitor_watch *w, bool replay)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	size_t n, i;

	/* one budget for the whole round: a silent holder cannot stall it */
	holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	for (i = 0; i < n; i++) {
		struct watched *h;
		int ret;

		if (watching(w, paths[i]) || skipped(w, paths[i]))
			continue;
		h = free_slot(w);
		if (!h)
			continue;
		ret = start_watching(h, paths[i]);
		if (ret) {
			if (ret != -ECONNREFUSED && ret != -ENOENT)
				skip(w, paths[i], ret);
			continue;
		}
		h->live = true;
		h->pinged = holder_now_ms();
		vs_debug(1, "watching %s", esc(paths[i]));
		if (replay)
			replay_status(w, h);
	}
}

static void watch_dirs(struct monitor_watch *w)
{
	char dir[PATH_MAX];

	w->ino_fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (w->ino_fd < 0)
		return;
	if (!runtime_dir_own(dir, sizeof(dir)))
		inotify_add_watch(w->ino_fd, dir, IN_CREATE | IN_MOVED_TO);
	if (geteuid() && !getenv("VFIO_SVA_RUNTIME_DIR"))
		inotify_add_watch(w->ino_fd, RUNTIME_DIR_ROOT,
				  IN_CREATE | IN_MOVED_TO);
}

struct monitor_watch *monitor_watch_new(const struct monitor_filter *filter,
					monitor_event_fn *fn, void *data)
{
	struct monitor_watch *w = xcalloc(1, sizeof(*w));

	w->filter = filter;
	w->fn = fn;
	w->data = data;
	watch_dirs(w);
	discover(w, false);
	return w;
}

void monitor_watch_free(struct monitor_watch *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->nr_holders; i++)
		if (w->holders[i].live)
			holder_disconnect(&w->holders[i].hc);
	if (w->ino_fd >= 0)
		close(w->ino_fd);
	free(w);
}

size_t monitor_watch_holders(const struct monitor_watch *w)
{
	size_t i, live = 0;

	for (i = 0; i < w->nr_holders; i++)
		live += w->holders[i].live;
	return live;
}

size_t monitor_watch_fds(struct monitor_watch *w, struct pollfd *pfd)
{
	size_t n = 0, i;

	pfd[n++] = (struct pollfd){ .fd = w->ino_fd, .events = POLLIN };
	for (i = 0; i < w->nr_holders; i++) {
		if (!w->holders[i].live)
			continue;
		w->polled[n - 1] = &w->holders[i];
		pfd[n++] = (struct pollfd){ .fd = w->holders[i].hc.fd,
					    .events = POLLIN };
	}
	return n;
}

void monitor_watch_readable(struct monitor_watch *w, const struct pollfd *pfd,
			    size_t n)
{
	size_t i;

	if (n && (pfd[0].revents & POLLIN)) {
		char buf[4096];

		while (read(w->ino_fd, buf, sizeof(buf)) > 0)
			;
		discover(w, true);
	}
	for (i = 1; i < n; i++)
		if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
			on_holder_message(w, w->polled[i - 1]);
}

void monitor_watch_ping(struct monitor_watch *w)
{
	long long now = holder_now_ms();
	size_t i;

	for (i = 0; i < w->nr_holders; i++) {
		struct watched *h = &w->holders[i];
		struct proto_request req = { .op = PROTO_WATCH };

		if (!h->live || now - h->pinged < PING_MS)
			continue;
		h->pinged = now;
		/* a full queue is no answer to wait for: the next ping tries */
		proto_send(h->hc.fd, proto_request_json(&req), -1);
	}
}

void monitor_watch_rescan(struct monitor_watch *w)
{
	discover(w, true);
}
