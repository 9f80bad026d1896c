/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_CLIENT_PARTS_H
#define VFIO_SVA_HOLDER_CLIENT_PARTS_H

/*
 * The steps of holder_connect() and holder_call(), for src/holders/holder_status.c,
 * which drives many connections at once.
 */
#include <stddef.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "holder_client.h"

#define CONNECT_RETRY_MS	10	/* a full backlog: try again this soon */

/* The command's deadline (monotonic ms), 0 before holder_budget_start(). */
long long holder_budget_deadline(void);

/* The deadline of one call from now, within the command's budget. */
long long holder_call_deadline(void);

/* @hc for @path, not connected, its deadline one call's from now. */
void holder_conn_init(struct holder_conn *hc, const char *path);

/*
 * One non-blocking connect attempt: 0 connected (peer read and checked),
 * -EAGAIN to try again later (full backlog), or a negative errno: -ENOENT
 * and -ECONNREFUSED mean nobody holds anything there, -EPERM that the
 * socket or its server is not the directory's owner's.
 */
int holder_connect_once(struct holder_conn *hc);

/* Send @req (consumed) with @nfds descriptors, until hc's deadline. */
int holder_send(struct holder_conn *hc, struct json_object *req,
		const int *fds, size_t nfds);

/* Parse one reply message of @n bytes: as holder_call() says. */
int holder_take_reply(char *buf, ssize_t n, int fd, struct json_object **reply,
		      int *recv_fd, const char **message);

#endif
