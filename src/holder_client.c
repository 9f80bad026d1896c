// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
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
	int ret, err, fd;

	*reply = NULL;
	*recv_fd = -1;
	*message = NULL;
	ret = proto_send_fds(hc->fd, req, send_fds, nfds);
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

/* A holder sends its bonds a page per message, asked for one by one. */
#define MAX_STATUS_PAGES	4096

static void take_bonds(const struct holder_conn *hc, struct json_object *reply,
		       struct json_object *bonds)
{
	struct json_object *list;
	size_t i;

	if (!json_object_object_get_ex(reply, "bonds", &list) ||
	    !json_object_is_type(list, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(list); i++) {
		struct json_object *b = json_object_array_get_idx(list, i);
		struct json_object *uid;

		if (!json_object_object_get_ex(b, "uid", &uid) ||
		    (hc->server.uid &&
		     (uid_t)json_object_get_int64(uid) != hc->server.uid))
			continue;
		json_object_array_add(bonds, json_object_get(b));
	}
}

int holder_status(const char *path, struct json_object *bonds,
		  struct json_object **holder)
{
	struct proto_request req = { .op = PROTO_STATUS };
	struct json_object *reply, *v;
	struct holder_conn hc;
	const char *message;
	bool again = true;
	int page, cfd, ret;

	if (holder)
		*holder = NULL;
	ret = holder_connect(path, &hc);
	if (ret)
		return ret;
	for (page = 0; again && page < MAX_STATUS_PAGES; page++) {
		ret = holder_call(&hc, proto_request_json(&req), -1, &reply,
				  &cfd, &message);
		if (cfd >= 0)
			close(cfd);
		if (ret) {
			json_object_put(reply);
			break;
		}
		if (!page && holder &&
		    json_object_object_get_ex(reply, "holder", &v))
			*holder = json_object_get(v);
		take_bonds(&hc, reply, bonds);
		again = json_object_object_get_ex(reply, "more", &v) &&
			json_object_get_boolean(v);
		json_object_put(reply);
	}
	holder_disconnect(&hc);
	return ret;
}

int holder_is_daemon(const char *path)
{
	const char *base = strrchr(path, '/');

	return !strcmp(base ? base + 1 : path, DAEMON_SOCKET);
}
