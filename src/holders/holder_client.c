// SPDX-License-Identifier: GPL-2.0
/*
 * Talking to holders, as a client that trusts none of them: every socket is
 * reached without following a symlink and must belong to its directory's
 * owner, who must also be the process serving it; every connect and reply
 * has a deadline (one budget for the whole command).
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

#include "holder_client.h"
#include "holder_proto.h"
#include "holder_client_parts.h"
#include "runtime_dir.h"
#include "vfio_sva_uapi.h"

static long long budget_deadline;	/* 0: each call gets the default */

long long holder_budget_deadline(void)
{
	return budget_deadline;
}

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

long long holder_call_deadline(void)
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

int holder_connect_once(struct holder_conn *hc)
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

void holder_conn_init(struct holder_conn *hc, const char *path)
{
	memset(hc, 0, sizeof(*hc));
	hc->fd = -1;
	snprintf(hc->path, sizeof(hc->path), "%s", path);
	hc->deadline = holder_call_deadline();
}

int holder_connect(const char *path, struct holder_conn *hc)
{
	int ret;

	holder_conn_init(hc, path);
	if (strlen(path) >= sizeof(hc->path))
		return -ENAMETOOLONG;
	for (;;) {
		ret = holder_connect_once(hc);
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

int holder_send(struct holder_conn *hc, struct json_object *req,
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

int holder_take_reply(char *buf, ssize_t n, int fd, struct json_object **reply,
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
	hc->deadline = holder_call_deadline();
	ret = holder_send(hc, req, send_fds, nfds);
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
	return holder_take_reply(buf, n, fd, reply, recv_fd, message);
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

bool holder_reply_from_kernel(struct json_object *reply)
{
	struct json_object *v;

	return json_object_object_get_ex(reply, "ioctl", &v) &&
	       json_object_get_boolean(v);
}

int holder_is_daemon(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strcmp(base ? base + 1 : path, DAEMON_SOCKET);
}
