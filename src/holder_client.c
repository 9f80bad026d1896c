// SPDX-License-Identifier: GPL-2.0
/*
 * Talking to holders, as a client that trusts none of them: every socket is
 * reached without following a symlink and must belong to its directory's
 * owner, who must also be the process serving it; every connect and reply
 * has a deadline (one budget for the whole command), and status asks every
 * holder at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "held_bond.h"
#include "holder_client.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "xalloc.h"
#include "vfio_sva_uapi.h"

#define CONNECT_RETRY_MS	10	/* a full backlog: try again this soon */

static long long budget_deadline;	/* 0: each call gets the default */

long long holder_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long holder_budget_ms(void)
{
	const char *env = getenv("VFIO_SVA_TIMEOUT");
	char *end;
	double s;

	if (!env || !*env)
		return HOLDER_BUDGET_MS;
	s = strtod(env, &end);
	if (*end || !(s > 0) || s > 3600)
		return HOLDER_BUDGET_MS;
	return (long)(s * 1000);
}

void holder_budget_start(void)
{
	budget_deadline = holder_now_ms() + holder_budget_ms();
}

static long long call_deadline(void)
{
	long long d = holder_now_ms() + HOLDER_REPLY_TIMEOUT_S * 1000LL;

	return budget_deadline && budget_deadline < d ? budget_deadline : d;
}

/* Wait for @events on @fd until @deadline: 0, -ETIMEDOUT or an errno. */
static int wait_until(int fd, short events, long long deadline)
{
	struct pollfd p = { .fd = fd, .events = events };

	for (;;) {
		long long left = deadline - holder_now_ms();
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return -errno;
	}
}

/*
 * Remove a socket nobody listens on, only from a directory of our own and
 * only through the descriptor of that directory: never by a path another
 * user could swap for a symlink between the check and the unlink.
 */
static void remove_stale(int dfd, const struct stat *dst, const char *name)
{
	struct stat st;

	if (dst->st_uid != geteuid())
		return;
	if (!fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
	    S_ISSOCK(st.st_mode) && st.st_uid == geteuid())
		unlinkat(dfd, name, 0);
}

/*
 * One non-blocking connect attempt: 0 connected (peer read and checked),
 * -EAGAIN to try again later (full backlog), or a negative errno: -ENOENT
 * and -ECONNREFUSED mean nobody holds anything there, -EPERM that the
 * socket or its server is not the directory's owner's.
 */
static int connect_once(struct holder_conn *hc)
{
	const char *slash = strrchr(hc->path, '/');
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[PATH_MAX];
	struct stat dst, st;
	int dfd, sfd = -1, ret;

	if (!slash || slash == hc->path)
		return -EINVAL;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - hc->path), hc->path);
	dfd = runtime_dir_open(dir, &dst);
	if (dfd < 0)
		return dfd;
	sfd = openat(dfd, slash + 1, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (sfd < 0) {
		ret = -errno;
		goto out;
	}
	if (fstat(sfd, &st)) {
		ret = -errno;
		goto out;
	}
	if (!S_ISSOCK(st.st_mode) || st.st_uid != dst.st_uid) {
		ret = -EPERM;
		goto out;
	}
	hc->owner = dst.st_uid;
	/* connect to the very inode we checked, not to a name */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "/proc/self/fd/%d", sfd);
	if (hc->fd < 0)
		hc->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
				SOCK_NONBLOCK, 0);
	if (hc->fd < 0) {
		ret = -errno;
		goto out;
	}
	if (connect(hc->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		ret = -errno;
		if (ret == -ECONNREFUSED)
			remove_stale(dfd, &dst, slash + 1);
		goto out;
	}
	ret = peer_read(hc->fd, &hc->server);
	if (!ret && hc->server.uid != hc->owner)
		ret = -EPERM;	/* someone else's listener behind this name */
out:
	if (sfd >= 0)
		close(sfd);
	close(dfd);
	return ret;
}

static void conn_init(struct holder_conn *hc, const char *path)
{
	memset(hc, 0, sizeof(*hc));
	hc->fd = -1;
	snprintf(hc->path, sizeof(hc->path), "%s", path);
	hc->deadline = call_deadline();
}

int holder_connect(const char *path, struct holder_conn *hc)
{
	int ret;

	conn_init(hc, path);
	if (strlen(path) >= sizeof(hc->path))
		return -ENAMETOOLONG;
	for (;;) {
		ret = connect_once(hc);
		if (ret != -EAGAIN)
			break;
		if (holder_now_ms() + CONNECT_RETRY_MS >= hc->deadline) {
			ret = -ETIMEDOUT;
			break;
		}
		poll(NULL, 0, CONNECT_RETRY_MS);
	}
	if (ret)
		holder_disconnect(hc);
	return ret;
}

void holder_disconnect(struct holder_conn *hc)
{
	if (hc->fd >= 0)
		close(hc->fd);
	hc->fd = -1;
}

static int send_req(struct holder_conn *hc, struct json_object *req,
		    const int *fds, size_t nfds)
{
	int ret;

	for (;;) {
		ret = proto_send_fds(hc->fd, json_object_get(req), fds, nfds);
		if (ret != -EAGAIN)
			break;
		ret = wait_until(hc->fd, POLLOUT, hc->deadline);
		if (ret)
			break;
	}
	json_object_put(req);
	return ret;
}

/* Parse one reply message: as holder_call() says. */
static int take_reply(char *buf, ssize_t n, int fd, struct json_object **reply,
		      int *recv_fd, const char **message)
{
	int err;

	if (n == 0)
		return -ECONNRESET;
	*reply = proto_parse_reply(buf, (size_t)n, &err, message);
	if (!*reply || err) {
		if (fd >= 0)
			close(fd);
		return *reply ? -err : -EPROTO;
	}
	*recv_fd = fd;
	return 0;
}

int holder_call(struct holder_conn *hc, struct json_object *req, int send_fd,
		struct json_object **reply, int *recv_fd,
		const char **message)
{
	return holder_call_fds(hc, req, &send_fd, send_fd >= 0 ? 1 : 0, reply,
			       recv_fd, message);
}

int holder_call_fds(struct holder_conn *hc, struct json_object *req,
		    const int *send_fds, size_t nfds,
		    struct json_object **reply, int *recv_fd,
		    const char **message)
{
	char buf[PROTO_MAX_MSG + 1];
	ssize_t n;
	int ret, fd;

	*reply = NULL;
	*recv_fd = -1;
	*message = NULL;
	/* a call of its own gets a fresh window, within the command's budget */
	hc->deadline = call_deadline();
	ret = send_req(hc, req, send_fds, nfds);
	if (ret)
		return ret;
	for (;;) {
		n = proto_recv(hc->fd, buf, sizeof(buf), &fd);
		if (n != -EAGAIN)
			break;
		ret = wait_until(hc->fd, POLLIN, hc->deadline);
		if (ret)
			return ret;
	}
	if (n < 0)
		return (int)n;
	return take_reply(buf, n, fd, reply, recv_fd, message);
}

bool holder_fd_is_container(int fd)
{
	struct stat st, node;

	if (fd < 0 || fstat(fd, &st))
		return false;
	/*
	 * The kernel's container is the misc device /dev/vfio/vfio; where
	 * that node is no character device (the fake tier's fixture file,
	 * whose opens the kernel model serves) only the ioctl below tells.
	 */
	if (!stat("/dev/vfio/vfio", &node) && S_ISCHR(node.st_mode) &&
	    (!S_ISCHR(st.st_mode) || st.st_rdev != node.st_rdev))
		return false;
	/* a group or device fd answers ENOTTY: only a container says 0 */
	return ioctl(fd, VFIO_GET_API_VERSION) == VFIO_API_VERSION;
}

/* ---- status, from every holder at once ---- */

/* A holder sends its bonds a page per message, asked for one by one. */
#define MAX_STATUS_PAGES	4096

/*
 * What a holder says about its own process, as the kernel says it: the
 * pid it claims is replaced by its socket's peer pid.
 */
static void holder_is_peer(const struct holder_conn *hc, struct json_object *h)
{
	if (json_object_is_type(h, json_type_object)) {
		json_object_object_add(h, "pid",
				       json_object_new_int(hc->server.pid));
		json_object_object_add(h, "uid",
				       json_object_new_int64(hc->server.uid));
	}
}

void holder_take_bonds(const struct holder_conn *hc, struct json_object *reply,
		       struct json_object *bonds)
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
		if (ret) {
			vs_debug(1, "%s: bond %zu not taken: %s", esc(hc->path),
				 i, ret == -EPERM ? "another user's" :
				 "not the protocol's");
			continue;
		}
		json_object_array_add(bonds, held_bond_json(&b));
	}
}

struct asking {
	struct holder_conn hc;
	struct json_object *bonds;	/* this holder's, in its order */
	int pages;
	bool connected, done;
	int err;
};

static void ask_page(struct asking *a)
{
	struct proto_request req = { .op = PROTO_STATUS };

	a->err = send_req(&a->hc, proto_request_json(&req), NULL, 0);
	if (a->err)
		a->done = true;
}

static void on_page(struct asking *a, struct json_object *holders)
{
	char buf[PROTO_MAX_MSG + 1];
	struct json_object *reply = NULL, *v;
	const char *message;
	int fd = -1, rfd = -1;
	ssize_t n;

	n = proto_recv(a->hc.fd, buf, sizeof(buf), &fd);
	if (n == -EAGAIN)
		return;
	a->err = n < 0 ? (int)n : take_reply(buf, n, fd, &reply, &rfd,
					      &message);
	if (rfd >= 0)
		close(rfd);
	if (a->err) {
		json_object_put(reply);
		a->done = true;
		return;
	}
	if (!a->pages && json_object_object_get_ex(reply, "holder", &v) &&
	    json_object_is_type(v, json_type_object)) {
		v = json_object_get(v);
		holder_is_peer(&a->hc, v);
		json_sanitize_utf8(v);
		json_object_array_add(holders, v);
	}
	holder_take_bonds(&a->hc, reply, a->bonds);
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
	int ret = connect_once(&a->hc);

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

void holder_warn_unreachable(const char *cmd, struct json_object *unreachable)
{
	size_t i;

	for (i = 0; i < json_object_array_length(unreachable); i++) {
		struct json_object *u = json_object_array_get_idx(unreachable, i);
		struct json_object *sock, *uid, *reason;

		json_object_object_get_ex(u, "socket", &sock);
		json_object_object_get_ex(u, "uid", &uid);
		json_object_object_get_ex(u, "reason", &reason);
		vs_warn("%s: holder %s (uid %s) %s: its bonds are not in this answer",
			cmd, esc(json_object_get_string(sock)),
			uid ? json_object_get_string(uid) : "?",
			esc(json_object_get_string(reason)));
	}
}

static void add_unreachable(struct json_object *unreachable,
			    const struct asking *a)
{
	struct json_object *o = json_object_new_object();
	char why[128];

	json_object_object_add(o, "socket", json_object_new_string(a->hc.path));
	json_object_object_add(o, "uid", a->hc.owner || a->connected ?
			       json_object_new_int64(a->hc.owner) : NULL);
	json_object_object_add(o, "errno", json_object_new_int(-a->err));
	json_object_object_add(o, "reason", json_object_new_string(
		holder_error_text(a->err, why, sizeof(why))));
	json_sanitize_utf8(o);
	json_object_array_add(unreachable, o);
}

void holder_status_each(char (*paths)[PATH_MAX], size_t n,
			struct json_object **each, struct json_object *holders,
			struct json_object *unreachable)
{
	struct asking *as = calloc(n ? n : 1, sizeof(*as));
	struct pollfd *pfd = calloc(n ? n : 1, sizeof(*pfd));
	long long deadline = budget_deadline ? budget_deadline : call_deadline();
	size_t i, left = n;

	if (!as || !pfd) {
		free(as);
		free(pfd);
		return;
	}
	for (i = 0; i < n; i++) {
		conn_init(&as[i].hc, paths[i]);
		as[i].bonds = each[i];
		as[i].hc.deadline = deadline;
		try_connect(&as[i]);
	}
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
				on_page(&as[i], holders);
		}
	}
	for (i = 0; i < n; i++) {
		/* gone (nobody listens, no such socket): it holds nothing */
		if (as[i].err && as[i].err != -ECONNREFUSED &&
		    as[i].err != -ENOENT)
			add_unreachable(unreachable, &as[i]);
		else if (as[i].err)
			vs_debug(1, "%s: %s", as[i].hc.path,
				 strerror(-as[i].err));
		holder_disconnect(&as[i].hc);
	}
	free(as);
	free(pfd);
}

void holder_status_all(char (*paths)[PATH_MAX], size_t n,
		       struct json_object *bonds, struct json_object *holders,
		       struct json_object *unreachable)
{
	struct json_object **each = xcalloc(n ? n : 1, sizeof(*each));
	size_t i, j;

	for (i = 0; i < n; i++)
		each[i] = json_object_new_array();
	holder_status_each(paths, n, each, holders, unreachable);
	for (i = 0; i < n; i++) {
		for (j = 0; j < json_object_array_length(each[i]); j++)
			json_object_array_add(bonds, json_object_get(
				json_object_array_get_idx(each[i], j)));
		json_object_put(each[i]);
	}
	free(each);
}

int holder_status(const char *path, struct json_object *bonds,
		  struct json_object **holder)
{
	struct json_object *holders = json_object_new_array();
	struct json_object *unreachable = json_object_new_array();
	char one[1][PATH_MAX];
	int ret = 0;

	if (holder)
		*holder = NULL;
	snprintf(one[0], sizeof(one[0]), "%s", path);
	holder_status_all(one, 1, bonds, holders, unreachable);
	if (json_object_array_length(unreachable)) {
		struct json_object *u = json_object_array_get_idx(unreachable, 0);
		struct json_object *e;

		json_object_object_get_ex(u, "errno", &e);
		ret = -json_object_get_int(e);
	}
	if (holder && json_object_array_length(holders))
		*holder = json_object_get(json_object_array_get_idx(holders, 0));
	json_object_put(holders);
	json_object_put(unreachable);
	return ret;
}

bool holder_holding_group(unsigned int group, char *buf, size_t size)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	struct json_object *bonds = json_object_new_array();
	struct json_object *holders = json_object_new_array();
	struct json_object *unreachable = json_object_new_array();
	bool found = false;
	size_t n, i, j;

	if (!budget_deadline)
		holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	holder_status_all(paths, n, bonds, holders, unreachable);
	for (i = 0; i < json_object_array_length(bonds) && !found; i++) {
		struct json_object *b = json_object_array_get_idx(bonds, i);
		struct json_object *groups, *h, *kind, *hpid, *pid, *comm;

		if (!json_object_object_get_ex(b, "groups", &groups) ||
		    !json_object_object_get_ex(b, "holder", &h) ||
		    !json_object_object_get_ex(h, "kind", &kind) ||
		    !json_object_object_get_ex(h, "pid", &hpid) ||
		    !json_object_object_get_ex(b, "pid", &pid) ||
		    !json_object_object_get_ex(b, "comm", &comm))
			continue;
		for (j = 0; j < json_object_array_length(groups); j++) {
			if (json_object_get_int64(json_object_array_get_idx(
				groups, j)) != group)
				continue;
			snprintf(buf, size,
				 "%s holds it (pid %d) for the bond of pid %d (%s)",
				 !strcmp(json_object_get_string(kind), "daemon") ?
				 "the vfio-sva daemon" : "a 'vfio-sva bind --hold'",
				 json_object_get_int(hpid), json_object_get_int(pid),
				 esc(json_object_get_string(comm)));
			found = true;
			break;
		}
	}
	json_object_put(bonds);
	json_object_put(holders);
	json_object_put(unreachable);
	return found;
}

int holder_is_daemon(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strcmp(base ? base + 1 : path, DAEMON_SOCKET);
}
