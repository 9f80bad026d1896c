// SPDX-License-Identifier: GPL-2.0
/*
 * A holder's connections (the client's end is holder_client.c): accepting
 * them within the limits of holder_parts.h, reading each request and
 * handing it to its handler, replying, and dropping a client that is done,
 * gone or silent past its deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "group_access.h"
#include "holder_parts.h"
#include "holder_proto.h"
#include "vfio.h"
#include "xalloc.h"

static bool owns_bond(const struct holder *h, uid_t uid)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].uid == uid)
			return true;
	return false;
}

size_t clients_of(const struct holder *h, uid_t uid, bool watchers)
{
	size_t i, n = 0;

	for (i = 0; i < h->nr_clients; i++)
		if (h->clients[i].peer.uid == uid &&
		    (!watchers || h->clients[i].watcher))
			n++;
	return n;
}

struct hclient *client_find(struct holder *h, uint64_t id)
{
	size_t i;

	for (i = 0; i < h->nr_clients; i++)
		if (h->clients[i].id == id)
			return &h->clients[i];
	return NULL;
}

void reply(struct hclient *c, struct json_object *msg, int fd)
{
	struct json_object *ok, *err, *why;
	int ret;

	/*
	 * Every refusal is logged: what was asked, by whom, and why not. "Not
	 * here" (ENOENT) is an answer, not a refusal: unbind asks until it
	 * hears it, and a client asks every holder in turn.
	 */
	if (json_object_object_get_ex(msg, "ok", &ok) &&
	    !json_object_get_boolean(ok) &&
	    !(json_object_object_get_ex(msg, "errno", &err) &&
	      json_object_get_int(err) == ENOENT) &&
	    json_object_object_get_ex(msg, "message", &why))
		hlog_at(c->holder, SD_WARNING,
			"refused %s from pid %d uid %u: %s",
			c->op ? c->op : "a request", (int)c->peer.pid,
			(unsigned int)c->peer.uid, json_object_get_string(why));
	ret = proto_send(c->fd, msg, fd);

	if (ret)
		c->deadline = 1;	/* cannot talk to it: drop it */
}

/*
 * A client that was given a container for a bind and vanished without
 * saying how it went may have left a bond the holder does not know of:
 * undo it, unless a known bond of the same target lives in that container.
 */
void client_settle_pending(struct holder *h, struct hclient *c)
{
	uint64_t id = c->pend_container;
	struct hcontainer *ct;
	bool known = false;
	size_t i;

	if (!id)
		return;
	c->pend_container = 0;
	ct = container_find(h, id);
	if (!ct)
		return;
	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].container == id &&
		    h->bonds[i].pid == c->pend_pid &&
		    h->bonds[i].state == BOND_ACTIVE)
			known = true;
	if (!known && !vfio_unbind_process(ct->fd, c->pend_pid))
		hlog(h, "undid an unreported bind of pid %d", (int)c->pend_pid);
	ct->pending--;
	container_release_if_idle(h, id);
}

void client_drop(struct holder *h, struct hclient *c)
{
	size_t i;

	client_settle_pending(h, c);
	unwatch_fd(h, c->fd);
	close(c->fd);
	i = (size_t)(c - h->clients);
	h->clients[i] = h->clients[--h->nr_clients];
}

static void close_fds(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* How many descriptors a request may carry. */
static size_t fds_allowed(const struct proto_request *req)
{
	switch (req->op) {
	case PROTO_BIND:
		return 1 + req->nr_group_fds;
	case PROTO_HOLD:
		return req->nr_group_fds;
	default:
		return 1;	/* one stray descriptor is closed unread */
	}
}

void client_message(struct holder *h, struct hclient *c)
{
	struct proto_request req;
	char buf[PROTO_MAX_MSG + 1];
	int fds[PROTO_MAX_FDS];
	const char *why;
	size_t nfds = 0;
	ssize_t n;

	n = proto_recv_fds(c->fd, buf, sizeof(buf), fds, PROTO_MAX_FDS, &nfds);
	if (n == 0 || (n < 0 && n != -EMSGSIZE)) {
		client_drop(h, c);
		return;
	}
	if (n == -EMSGSIZE || proto_parse_request(buf, (size_t)n, &req,
						  &why) ||
	    nfds > fds_allowed(&req)) {
		if (n >= 0 && nfds > fds_allowed(&req))
			why = "too many descriptors for this request";
		c->op = NULL;	/* reply() logs it */
		reply(c, proto_reply_error(EINVAL, "bad request: %s",
					   n == -EMSGSIZE ? "oversized message" :
					   why), -1);
		close_fds(fds, nfds);
		c->deadline = 1;
		return;
	}
	c->op = proto_op_name(req.op);
	switch (req.op) {
	case PROTO_BIND:
		handle_bind(h, c, &req, fds, nfds);
		break;
	case PROTO_HOLD:
		handle_hold(h, c, &req, fds, nfds);
		break;
	case PROTO_BOUND:
	case PROTO_FAILED:
		handle_bound(h, c, &req, nfds ? fds[0] : -1);
		break;
	case PROTO_STATUS:
		handle_status(h, c);
		break;
	case PROTO_UNBIND:
		handle_unbind(h, c, &req);
		break;
	case PROTO_WATCH:
		handle_watch(h, c);
		break;
	}
	close_fds(fds, nfds);
}

/* Why a new connection of @p is refused, or NULL. */
static const char *over_limit(const struct holder *h, const struct peer *p)
{
	/* root has room of its own even when the users filled every slot */
	if (!p->uid)
		return h->nr_clients >= MAX_CLIENTS + ROOT_CLIENTS ?
		       "the daemon serves as many connections as it may" : NULL;
	if (h->nr_clients >= MAX_CLIENTS)
		return "the daemon serves as many connections as it may";
	if (clients_of(h, p->uid, false) >= MAX_CLIENTS_PER_UID)
		return "this user has as many connections open as one user may";
	if (h->nr_clients >= MAX_CLIENTS - RESERVED_CLIENTS &&
	    !owns_bond(h, p->uid))
		return "the daemon is busy; the connections left are kept for root and for owners of bonds";
	return NULL;
}

static void refuse(int fd, const char *why)
{
	/* the client's first request reads this as its reply */
	proto_send(fd, proto_reply_error(EBUSY, "%s", why), -1);
	close(fd);
}

/*
 * Out of descriptors: the listening socket stays readable, so take the
 * connection with the spare descriptor and close it (the client sees the
 * end of the stream at once, not a hang), or else stop listening for a
 * moment; never spin.
 */
static void accept_starved(struct holder *h, int err)
{
	long long now = now_ms();
	int fd = -1;

	if (h->spare_fd >= 0) {
		close(h->spare_fd);
		fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd >= 0)
			close(fd);
		h->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0 && !h->accept_paused) {
		unwatch_fd(h, h->listen_fd);
		h->accept_paused = now + ACCEPT_PAUSE_MS;
	}
	if (now - h->fd_warned >= 10000) {
		h->fd_warned = now;
		hlog(h, "accept: %s: refusing connections until descriptors are free",
		     strerror(err));
	}
}

void accept_client(struct holder *h)
{
	struct hclient c = { 0 };
	const char *why;
	int fd;

	fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (fd < 0) {
		if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS ||
		    errno == ENOMEM)
			accept_starved(h, errno);
		return;
	}
	if (peer_read(fd, &c.peer)) {
		close(fd);
		return;
	}
	why = over_limit(h, &c.peer);
	if (why) {
		refuse(fd, why);
		return;
	}
	c.id = ++h->next_id;
	c.fd = fd;
	c.holder = h;
	c.deadline = now_ms() + CLIENT_IDLE_MS;
	if (watch_fd(h, fd, TAG_CLIENT, c.id)) {
		close(fd);
		return;
	}
	h->clients = xreallocarray(h->clients, h->nr_clients + 1,
				   sizeof(*h->clients));
	h->clients[h->nr_clients++] = c;
}
