// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "holder_client.h"
#include "runtime_dir.h"

int holder_connect(const char *path, struct holder_conn *hc)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = HOLDER_REPLY_TIMEOUT_S };
	size_t len = strlen(path);
	int ret;

	memset(hc, 0, sizeof(*hc));
	hc->fd = -1;

	/* sun_path is the shorter of the two */
	if (len >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, path, len + 1);
	memcpy(hc->path, path, len + 1);
	hc->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (hc->fd < 0)
		return -errno;
	if (connect(hc->fd, (struct sockaddr *)&sa, sizeof(sa))) {
		ret = -errno;
		holder_disconnect(hc);
		return ret;
	}
	setsockopt(hc->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(hc->fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	ret = peer_read(hc->fd, &hc->server);
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

int holder_call(struct holder_conn *hc, struct json_object *req, int send_fd,
		struct json_object **reply, int *recv_fd,
		const char **message)
{
	char buf[PROTO_MAX_MSG + 1];
	ssize_t n;
	int ret, err, fd;

	*reply = NULL;
	*recv_fd = -1;
	*message = NULL;
	ret = proto_send(hc->fd, req, send_fd);
	if (ret)
		return ret;
	n = proto_recv(hc->fd, buf, sizeof(buf), &fd);
	if (n < 0)
		return n == -EAGAIN ? -ETIMEDOUT : (int)n;
	if (n == 0)
		return -ECONNRESET;
	*reply = proto_parse_reply(buf, (size_t)n, &err, message);
	if (!*reply) {
		if (fd >= 0)
			close(fd);
		return -EPROTO;
	}
	if (err) {
		if (fd >= 0)
			close(fd);
		return -err;
	}
	*recv_fd = fd;
	return 0;
}

int holder_is_daemon(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strcmp(base ? base + 1 : path, DAEMON_SOCKET);
}
