/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_CLIENT_H
#define VFIO_SVA_HOLDER_CLIENT_H

#include <limits.h>

#include <json-c/json.h>

#include "group_access.h"
#include "holder_proto.h"

#define HOLDER_REPLY_TIMEOUT_S	10

struct holder_conn {
	int fd;
	struct peer server;		/* who runs the holder */
	char path[PATH_MAX];
};

/* Connect to a holder socket; 0 or a negative errno. */
int holder_connect(const char *path, struct holder_conn *hc);
void holder_disconnect(struct holder_conn *hc);

/*
 * Send @req (consumed) with @send_fd (-1 for none) and wait for the reply.
 * Returns 0 with *@reply set (caller puts it) and *@recv_fd (-1 if none),
 * or a negative errno: the reply's own for ok:false (then @message is the
 * holder's text, valid until *@reply is put), -ETIMEDOUT, -EPROTO, ...
 */
int holder_call(struct holder_conn *hc, struct json_object *req, int send_fd,
		struct json_object **reply, int *recv_fd,
		const char **message);

/* The same with @nfds descriptors (PROTO_MAX_FDS at most). */
int holder_call_fds(struct holder_conn *hc, struct json_object *req,
		    const int *send_fds, size_t nfds,
		    struct json_object **reply, int *recv_fd,
		    const char **message);

/*
 * Every bond the holder at @path shows this user, appended to @bonds, page
 * after page; what a holder run by a user claims about other users' bonds
 * is not taken. The holder's description goes to *@holder when not NULL
 * (caller puts it). Returns 0 or a negative errno.
 */
int holder_status(const char *path, struct json_object *bonds,
		  struct json_object **holder);

/* Is @path a daemon's socket (not a --hold holder's)? */
int holder_is_daemon(const char *path);

#endif
