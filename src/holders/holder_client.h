/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_CLIENT_H
#define VFIO_SVA_HOLDER_CLIENT_H

/*
 * The client's end of a holder's socket: connecting without trusting the
 * directory, one request and its reply within the command's time budget.
 */

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "group_access.h"

/* One call's window when the command set no budget of its own. */
#define HOLDER_REPLY_TIMEOUT_S	10
/* A command's budget for every holder together ($VFIO_SVA_TIMEOUT, s). */
#define HOLDER_BUDGET_MS	5000

struct holder_conn {
	int fd;
	struct peer server;		/* who runs the holder */
	uid_t owner;			/* who owns its directory (== server) */
	long long deadline;		/* monotonic ms, for the current call */
	char path[PATH_MAX];
};

/* Monotonic milliseconds. */
long long holder_now_ms(void);

/* The budget in ms: $VFIO_SVA_TIMEOUT seconds, else HOLDER_BUDGET_MS. */
long holder_budget_ms(void);

/*
 * Start the command's budget: from now on no connect or call ends later
 * than holder_budget_ms() from this moment.
 */
void holder_budget_start(void);

/*
 * Connect to a holder socket: reached through its directory without
 * following a symlink, the socket and its server owned by the directory's
 * owner (else -EPERM), a full backlog retried until the deadline
 * (-ETIMEDOUT). A socket nobody listens on (-ECONNREFUSED) is removed when
 * the directory is ours. 0 or a negative errno.
 */
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
 * Is @fd a VFIO container (the character device of /dev/vfio/vfio that
 * answers VFIO_GET_API_VERSION)? A descriptor a holder hands over is used
 * only if it is.
 */
bool holder_fd_is_container(int fd);

/*
 * Is the refusal in @reply the kernel's answer to an ioctl the holder
 * issued ("ioctl": true), rather than the holder's own?
 */
bool holder_reply_from_kernel(struct json_object *reply);

/* Is @path a daemon's socket (not a --hold holder's)? */
int holder_is_daemon(const char *path);

#endif
