// SPDX-License-Identifier: GPL-2.0
/*
 * Asking every holder at once for its bonds: one connection each, driven
 * together by poll() within the command's budget, page after page, into
 * the model; what a holder could not say is listed as unreachable.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holder_client_parts.h"
#include "holder_status.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "xalloc.h"

/* A holder sends its bonds a page per message, asked for one by one. */
#define MAX_STATUS_PAGES	4096

struct asking {
	struct holder_conn hc;
	struct held_bonds bonds;	/* this holder's, in its order */
	int pages;
	bool connected, done;
	int err;
};

void holder_take_held(const struct holder_conn *hc, struct json_object *reply,
		      struct held_bonds *out)
{
	struct json_object *list;
	struct held_bond b;
	size_t i;
	int ret;

	if (!json_object_object_get_ex(reply, "bonds", &list) ||
	    !json_object_is_type(list, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(list); i++) {
		ret = held_bond_parse(json_object_array_get_idx(list, i),
				      &hc->server, &b);
		if (ret)
			vs_debug(1, "%s: bond %zu not taken: %s", esc(hc->path),
				 i, ret == -EPERM ? "another user's" :
				 "not the protocol's");
		else
			*held_bonds_add(out) = b;
	}
}

int holder_take_one(const struct holder_conn *hc, struct json_object *reply,
		    struct held_bond *b)
{
	struct json_object *bond;

	if (!json_object_object_get_ex(reply, "bond", &bond))
		return -ENOENT;
	return held_bond_parse(bond, &hc->server, b);
}

static void ask_page(struct asking *a)
{
	struct proto_request req = { .op = PROTO_STATUS };

	a->err = holder_send(&a->hc, proto_request_json(&req), NULL, 0);
	if (a->err)
		a->done = true;
}

/* The first page describes the holder: its pid and uid the peer's. */
static void take_holder(struct asking *a, struct json_object *reply,
			struct holders_answer *ans)
{
	struct held_holder h;
	struct json_object *v;

	if (!json_object_object_get_ex(reply, "holder", &v))
		return;
	if (held_holder_parse(v, &a->hc.server, &h)) {
		vs_debug(1, "%s: its description is not the protocol's",
			 esc(a->hc.path));
		return;
	}
	ans->holders = xreallocarray(ans->holders, ans->nr_holders + 1,
				     sizeof(*ans->holders));
	ans->holders[ans->nr_holders++] = h;
}

static void on_page(struct asking *a, struct holders_answer *ans)
{
	char buf[PROTO_MAX_MSG + 1];
	struct json_object *reply = NULL, *v;
	const char *message;
	int fd = -1, rfd = -1;
	ssize_t n;

	n = proto_recv(a->hc.fd, buf, sizeof(buf), &fd);
	if (n == -EAGAIN)
		return;
	a->err = n < 0 ? (int)n : holder_take_reply(buf, n, fd, &reply, &rfd,
						     &message);
	if (rfd >= 0)
		close(rfd);
	if (a->err) {
		json_object_put(reply);
		a->done = true;
		return;
	}
	if (!a->pages)
		take_holder(a, reply, ans);
	holder_take_held(&a->hc, reply, &a->bonds);
	a->pages++;
	if (json_object_object_get_ex(reply, "more", &v) &&
	    json_object_get_boolean(v)) {
		if (a->pages < MAX_STATUS_PAGES)
			ask_page(a);
		else
			a->err = -E2BIG, a->done = true;
	} else {
		a->done = true;
	}
	json_object_put(reply);
}

static void try_connect(struct asking *a)
{
	int ret = holder_connect_once(&a->hc);

	if (ret == -EAGAIN)
		return;
	a->connected = !ret;
	if (ret) {
		a->err = ret;
		a->done = true;
		return;
	}
	ask_page(a);
}

const char *holder_error_text(int err, char *buf, size_t size)
{
	switch (-err) {
	case ETIMEDOUT:
		snprintf(buf, size, "did not answer within %.3g s",
			 holder_budget_ms() / 1000.0);
		break;
	case EPERM:
		snprintf(buf, size, "its socket or the process serving it is not its directory owner's");
		break;
	case E2BIG:
		snprintf(buf, size, "sent more than %d pages", MAX_STATUS_PAGES);
		break;
	case EPROTO:
		snprintf(buf, size, "sent a reply that is not the protocol's");
		break;
	default:
		snprintf(buf, size, "%s", strerror(-err));
	}
	return buf;
}

void holder_warn_unreachable(const char *cmd, const struct holders_answer *a)
{
	size_t i;

	for (i = 0; i < a->nr_unreachable; i++) {
		const struct held_unreachable *u = &a->unreachable[i];
		char uid[16] = "?";

		if (u->uid_known)
			snprintf(uid, sizeof(uid), "%u", (unsigned int)u->uid);
		vs_warn("%s: holder %s (uid %s) %s: its bonds are not in this answer",
			cmd, esc(u->socket), uid, esc(u->reason));
	}
}

static void add_unreachable(struct holders_answer *ans, const struct asking *a)
{
	struct held_unreachable *u;
	char *path = utf8_sanitize(a->hc.path, strlen(a->hc.path));

	ans->unreachable = xreallocarray(ans->unreachable,
					 ans->nr_unreachable + 1,
					 sizeof(*ans->unreachable));
	u = &ans->unreachable[ans->nr_unreachable++];
	memset(u, 0, sizeof(*u));
	snprintf(u->socket, sizeof(u->socket), "%s", path);
	free(path);
	u->uid_known = a->hc.owner || a->connected;
	u->uid = a->hc.owner;
	u->err = a->err;
	holder_error_text(a->err, u->reason, sizeof(u->reason));
}

/* Wait for every holder at once, until each is done or the deadline. */
static void drive(struct asking *as, struct pollfd *pfd, size_t n,
		  long long deadline, struct holders_answer *ans)
{
	size_t i, left = n;

	while (left) {
		long long now = holder_now_ms();
		bool waiting_connect = false;
		size_t k = 0;
		int timeout;

		left = 0;
		for (i = 0; i < n; i++) {
			if (as[i].done)
				continue;
			left++;
			if (!as[i].connected) {
				waiting_connect = true;
				continue;
			}
			pfd[k].fd = as[i].hc.fd;
			pfd[k].events = POLLIN;
			pfd[k].revents = 0;
			k++;
		}
		if (!left)
			break;
		if (now >= deadline) {
			for (i = 0; i < n; i++)
				if (!as[i].done) {
					as[i].err = -ETIMEDOUT;
					as[i].done = true;
				}
			break;
		}
		timeout = (int)(deadline - now);
		if (waiting_connect && timeout > CONNECT_RETRY_MS)
			timeout = CONNECT_RETRY_MS;
		if (poll(pfd, k, timeout) < 0 && errno != EINTR)
			break;
		for (i = 0; i < n; i++) {
			if (as[i].done)
				continue;
			if (!as[i].connected)
				try_connect(&as[i]);
			else
				on_page(&as[i], ans);
		}
	}
}

/* Holder by holder: its bonds, and whether it answered in full. */
static void gather(struct asking *as, size_t n, struct holders_answer *ans)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < as[i].bonds.n; j++)
			*held_bonds_add(&ans->bonds) = as[i].bonds.v[j];
		ans->bonds_end[i] = ans->bonds.n;
		held_bonds_free(&as[i].bonds);
		/* gone (nobody listens, no such socket): it holds nothing */
		if (as[i].err && as[i].err != -ECONNREFUSED &&
		    as[i].err != -ENOENT)
			add_unreachable(ans, &as[i]);
		else if (as[i].err)
			vs_debug(1, "%s: %s", as[i].hc.path,
				 strerror(-as[i].err));
		else
			ans->nr_answered++;
		holder_disconnect(&as[i].hc);
	}
}

void holders_ask(char (*paths)[PATH_MAX], size_t n, struct holders_answer *a)
{
	struct asking *as = xcalloc(n ? n : 1, sizeof(*as));
	struct pollfd *pfd = xcalloc(n ? n : 1, sizeof(*pfd));
	long long deadline = holder_budget_deadline();
	size_t i;

	memset(a, 0, sizeof(*a));
	a->nr_asked = n;
	a->bonds_end = xcalloc(n ? n : 1, sizeof(*a->bonds_end));
	if (!deadline)
		deadline = holder_call_deadline();
	for (i = 0; i < n; i++) {
		holder_conn_init(&as[i].hc, paths[i]);
		as[i].hc.deadline = deadline;
		try_connect(&as[i]);
	}
	drive(as, pfd, n, deadline, a);
	gather(as, n, a);
	free(as);
	free(pfd);
}

void holders_answer_free(struct holders_answer *a)
{
	held_bonds_free(&a->bonds);
	free(a->bonds_end);
	free(a->holders);
	free(a->unreachable);
	memset(a, 0, sizeof(*a));
}

size_t holders_answer_of(const struct holders_answer *a, size_t i,
			 const struct held_bond **first)
{
	size_t from = i ? a->bonds_end[i - 1] : 0;

	*first = a->bonds.v + from;
	return a->bonds_end[i] - from;
}

bool holder_holding_group(unsigned int group, char *buf, size_t size)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	struct holders_answer a;
	bool found = false;
	size_t i;

	if (!holder_budget_deadline())
		holder_budget_start();
	holders_ask(paths, holder_sockets(paths, MAX_HOLDERS), &a);
	for (i = 0; i < a.bonds.n && !found; i++) {
		const struct held_bond *b = &a.bonds.v[i];

		if (!held_bond_has_group(b, group))
			continue;
		snprintf(buf, size,
			 "%s holds it (pid %d) for the bond of pid %d (%s)",
			 b->holder.kind == HELD_KIND_DAEMON ?
			 "the vfio-sva daemon" : "a 'vfio-sva bind --hold'",
			 (int)b->holder.pid, (int)b->pid, esc(b->comm));
		found = true;
	}
	holders_answer_free(&a);
	return found;
}
