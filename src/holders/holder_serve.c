// SPDX-License-Identifier: GPL-2.0
/*
 * The requests about bonds a holder keeps: status, unbind and watch, each
 * showing a client only its own bonds (root sees all), and the events a
 * watcher gets as bonds are made and end.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "group_access.h"
#include "held_bond.h"
#include "holder_parts.h"
#include "holder_print.h"
#include "holder_proto.h"

/*
 * What the holder sends is the client's model (held_bond.h), filled here
 * and rendered by holder_print.c: the protocol is defined once.
 */
static void self_held(const struct holder *h, struct held_holder *out)
{
	memset(out, 0, sizeof(*out));
	out->pid = getpid();
	out->uid = geteuid();		/* the wire leaves it to the peer */
	out->kind = h->kind == HOLDER_DAEMON ? HELD_KIND_DAEMON : HELD_KIND_HOLD;
	snprintf(out->tracking, sizeof(out->tracking), "%s", h->tracking);
}

/* The holder as it describes itself: {pid, kind, tracking}. */
static struct json_object *self_json(const struct holder *h)
{
	struct held_holder self;

	self_held(h, &self);
	return held_holder_wire_json(&self);
}

static enum held_made made_held(enum bond_made made)
{
	switch (made) {
	case BOND_MADE_MEM_FD:
		return HELD_MADE_MEM_FD;
	case BOND_MADE_PID:
		return HELD_MADE_PID;
	case BOND_MADE_CLIENT:
		break;
	}
	return HELD_MADE_CLIENT;
}

/* The wire's name of @made: the model's table, the one list of names. */
const char *bond_made_name(enum bond_made made)
{
	return held_made_name(made_held(made));
}

/* bond_defunct()'s "exited", "execed" */
static enum held_end end_held(const char *ended)
{
	if (!ended)
		return HELD_END_NONE;
	return strcmp(ended, "execed") ? HELD_END_EXITED : HELD_END_EXECED;
}

static void bond_held(const struct holder *h, const struct bond *b,
		      struct held_bond *out)
{
	memset(out, 0, sizeof(*out));
	out->pid = b->pid;
	snprintf(out->comm, sizeof(out->comm), "%s", b->comm);
	out->pasid = b->pasid;
	memcpy(out->groups, b->groups, b->nr_groups * sizeof(*b->groups));
	out->nr_groups = b->nr_groups;
	out->state = b->state == BOND_ACTIVE ? HELD_ACTIVE : HELD_DEFUNCT;
	iso_time(b->since, out->since, sizeof(out->since));
	out->uid = b->uid;
	out->made = made_held(b->made);
	out->ended = end_held(b->ended);
	if (b->ended)
		iso_time(b->ended_at, out->ended_at, sizeof(out->ended_at));
	self_held(h, &out->holder);
}

/* A bond as status, unbind and the watchers' events show it. */
static struct json_object *bond_json(const struct holder *h,
				     const struct bond *b)
{
	struct held_bond held;

	bond_held(h, b, &held);
	return held_bond_wire_json(&held);
}

static bool may_see(const struct peer *p, uid_t owner)
{
	return !p->uid || p->uid == owner;
}

void bond_event(struct holder *h, const char *event, const struct bond *b)
{
	char when[32], groups[GROUPS_TEXT_MAX];
	size_t i;

	groups_text(b->groups, b->nr_groups, groups, sizeof(groups));
	hlog(h, "%s pid %d (%s) pasid %u group(s) %s uid %u", event,
	     (int)b->pid, b->comm, b->pasid, groups, (unsigned int)b->uid);
	iso_time(time(NULL), when, sizeof(when));
	for (i = 0; i < h->nr_clients; i++) {
		struct hclient *c = &h->clients[i];
		struct json_object *ev;

		if (!c->watcher || !may_see(&c->peer, b->uid))
			continue;
		ev = json_object_new_object();
		json_object_object_add(ev, "event", json_object_new_string(event));
		json_object_object_add(ev, "time", json_object_new_string(when));
		json_object_object_add(ev, "bond", bond_json(h, b));
		/* a watcher that cannot keep up is dropped, not waited for */
		if (proto_send(c->fd, ev, -1)) {
			c->watcher = false;
			c->deadline = 1;
		}
	}
}

static struct bond *find_visible(struct holder *h, const struct peer *p,
				 pid_t pid, long group)
{
	size_t i, j;

	for (i = 0; i < h->nr_bonds; i++) {
		struct bond *b = &h->bonds[i];

		if (b->pid != pid || !may_see(p, b->uid))
			continue;
		if (group < 0)
			return b;
		for (j = 0; j < b->nr_groups; j++)
			if (b->groups[j] == (unsigned int)group)
				return b;
	}
	return NULL;
}

/*
 * unbind: only the bond's owner or root may ask (others do not see it),
 * and the holder issues VFIO_IOMMU_UNBIND itself: with the bond's
 * /proc/PID/mem where it has one, else BIND_PID. ESRCH means the kernel
 * had dropped it already.
 */
void handle_unbind(struct holder *h, struct hclient *c,
		   const struct proto_request *req)
{
	struct bond *b = find_visible(h, &c->peer, req->pid, req->group);
	struct json_object *r;
	int ret;

	if (!b) {
		reply(c, proto_reply_error(ENOENT, "no bond of pid %d held here",
					   (int)req->pid), -1);
		return;
	}
	r = proto_reply_ok();
	json_object_object_add(r, "bond", bond_json(h, b));
	if (b->state == BOND_DEFUNCT) {
		/* reaped already (bond-reaped); only the record goes */
		bond_remove(h, b);
		reply(c, r, -1);
		return;
	}
	ret = bond_unbind(h, b);
	hlog(h, "unbind of pid %d for uid %u: %s", (int)b->pid,
	     (unsigned int)c->peer.uid, ret ? strerror(-ret) : "done");
	if (ret && ret != -ESRCH) {
		char why[128];

		json_object_put(r);
		snprintf(why, sizeof(why), "VFIO_IOMMU_UNBIND: %s",
			 strerror(-ret));
		reply(c, bind_error(-ret, true, why), -1);
		return;
	}
	json_object_object_add(r, "unbound", json_object_new_boolean(!ret));
	bond_event(h, "bond-released", b);
	if (h->kind == HOLDER_HOLD)
		h->end = HOLDER_END_UNBOUND;
	bond_remove(h, b);
	reply(c, r, -1);
}

void handle_watch(struct holder *h, struct hclient *c)
{
	struct json_object *r;

	/* a watcher's "watch" again says it is still there */
	c->deadline = now_ms() + WATCHER_IDLE_MS;
	if (c->watcher) {
		reply(c, proto_reply_ok(), -1);
		return;
	}
	if (c->peer.uid &&
	    clients_of(h, c->peer.uid, true) >= MAX_WATCHERS_PER_UID) {
		reply(c, proto_reply_error(EBUSY,
			"this user has %d watchers already, as many as one user may",
			MAX_WATCHERS_PER_UID), -1);
		c->deadline = 1;
		return;
	}
	r = proto_reply_ok();
	json_object_object_add(r, "holder", self_json(h));
	c->watcher = true;
	reply(c, r, -1);
}

/*
 * A status reply is one message, so it carries at most PROTO_MAX_MSG
 * bytes of bonds (about forty). When more are left it says "more": true
 * and the next status request on the same connection carries on after
 * the last bond sent (bonds are kept in the order they were made, so by
 * id); only the first page names the holder.
 */
void handle_status(struct holder *h, struct hclient *c)
{
	const int flags = JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE;
	struct json_object *r = proto_reply_ok();
	struct json_object *bonds = json_object_new_array();
	uint64_t after = c->status_after;
	size_t i = 0, hi = h->nr_bonds, used;

	json_object_object_add(r, "bonds", bonds);
	if (!after)
		json_object_object_add(r, "holder", self_json(h));
	used = strlen(json_object_to_json_string_ext(r, flags)) +
	       strlen(",\"more\":true");
	c->status_after = 0;
	while (i < hi) {		/* the first bond made after @after */
		size_t mid = i + (hi - i) / 2;

		if (h->bonds[mid].id <= after)
			i = mid + 1;
		else
			hi = mid;
	}
	for (; i < h->nr_bonds; i++) {
		const struct bond *b = &h->bonds[i];
		struct json_object *o;
		size_t len;

		if (!may_see(&c->peer, b->uid))
			continue;
		o = bond_json(h, b);
		len = strlen(json_object_to_json_string_ext(o, flags)) + 1;
		if (used + len > PROTO_MAX_MSG &&
		    json_object_array_length(bonds)) {
			json_object_put(o);
			json_object_object_add(r, "more",
					       json_object_new_boolean(true));
			c->deadline = now_ms() + CLIENT_IDLE_MS;
			break;
		}
		json_object_array_add(bonds, o);
		used += len;
		c->status_after = b->id;
	}
	if (i == h->nr_bonds)
		c->status_after = 0;
	reply(c, r, -1);
}
