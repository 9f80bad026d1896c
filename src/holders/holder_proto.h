/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_PROTO_H
#define VFIO_SVA_HOLDER_PROTO_H

/*
 * The holder protocol: JSON objects in SOCK_SEQPACKET messages of at most
 * PROTO_MAX_MSG bytes on a holder's unix socket, file descriptors passed
 * with SCM_RIGHTS. Requests name an "op"; replies carry "ok" and, on
 * failure, "errno", "code" and "message".
 *
 *   bind    {pid, groups[], group_fds[]} + the target's /proc/PID/mem
 *           (opened read-write by the client), then one fd per id in
 *           group_fds (the groups the client opened itself)
 *                                    -> {pasid, container, made, holder}:
 *           the holder issues VFIO_IOMMU_BIND with VFIO_IOMMU_BIND_MEM_FD.
 *           Where the kernel side has no BIND_MEM_FD (the seed's type1
 *           form) the reply is that of a hold, with "lent": true.
 *   hold    {pid, groups[], group_fds[]} + group fds
 *                                    -> {container, holder} + container fd
 *           only where the kernel side has no BIND_MEM_FD: the client
 *           issues BIND_PID itself and reports:
 *   bound   {container, pid, pasid} + the target's /proc/PID/mem, which
 *           proves the client passed the kernel's ptrace check -> {}; the
 *           holder binds the pid itself to take the kernel's PASID
 *   failed  {container, pid, errno}  -> {}: the holder undoes any bond of
 *           pid in that container it does not know of
 *   status  {}                       -> {bonds[], holder, more?}: a page of
 *                                       bonds; with "more": true the next
 *                                       status on the connection continues
 *   unbind  {pid, group?}            -> {bond}: the holder issues
 *           VFIO_IOMMU_UNBIND itself, for the bond's owner or root only
 *   watch   {}                       -> {holder}, then one message per
 *                                       bond event: {event, time, bond};
 *                                       "watch" again on the connection
 *                                       (within 30 s) -> {} keeps it
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "group_list.h"

#define PROTO_MAX_MSG		8192
#define PROTO_MAX_GROUPS	GROUP_LIST_MAX

/* Descriptors one message may carry: a mem fd and a fd per group. */
#define PROTO_MAX_FDS		(1 + PROTO_MAX_GROUPS)

enum proto_op {
	PROTO_HOLD,
	PROTO_BOUND,
	PROTO_FAILED,
	PROTO_STATUS,
	PROTO_UNBIND,
	PROTO_WATCH,
	PROTO_BIND,
};

struct proto_request {
	enum proto_op op;
	pid_t pid;			/* 0 when absent */
	unsigned int groups[PROTO_MAX_GROUPS];
	size_t nr_groups;
	unsigned int group_fds[PROTO_MAX_GROUPS];	/* bind, hold */
	size_t nr_group_fds;
	long group;			/* unbind: -1 for any */
	uint64_t container;
	uint32_t pasid;
	uint64_t starttime;		/* bound: the target's, 0 if not given */
	int err;			/* failed: errno of the ioctl */
};

/*
 * Parse and validate one request. Returns 0, or -EINVAL with a phrase in
 * @why for the error reply.
 */
int proto_parse_request(const char *buf, size_t len,
			struct proto_request *req, const char **why);

const char *proto_op_name(enum proto_op op);

/* groups_text() (group_list.h) of a bond's JSON "groups" array (NULL: empty). */
void groups_json_text(struct json_object *groups, char *buf, size_t size);

/* Build a request (the caller adds no further members). */
struct json_object *proto_request_json(const struct proto_request *req);

/*
 * Send @msg (consumed) with up to one file descriptor (-1 for none).
 * Returns 0 or a negative errno.
 */
int proto_send(int sock, struct json_object *msg, int fd);

/*
 * Receive one message into @buf (NUL-terminated) and, if one came, a file
 * descriptor into @fd (else -1). Returns the length, 0 at end of stream,
 * -EMSGSIZE for an oversized message or too many descriptors (all closed),
 * or another negative errno.
 */
ssize_t proto_recv(int sock, char *buf, size_t size, int *fd);

/*
 * The same with up to @max descriptors (PROTO_MAX_FDS at most) into @fds,
 * their number in *@nfds; more than @max is -EMSGSIZE with all closed.
 */
ssize_t proto_recv_fds(int sock, char *buf, size_t size, int *fds,
		       size_t max, size_t *nfds);

/* Send @msg (consumed) with @n descriptors (at most PROTO_MAX_FDS). */
int proto_send_fds(int sock, struct json_object *msg, const int *fds,
		   size_t n);

/* A reply: ok true, or ok false with errno, code and message. */
struct json_object *proto_reply_ok(void);
struct json_object *proto_reply_error(int err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse a reply. Returns the parsed object (caller puts it) or NULL for a
 * malformed one; @err is 0 for ok:true, else the errno it carries and
 * @message its text.
 */
struct json_object *proto_parse_reply(const char *buf, size_t len, int *err,
				      const char **message);

#endif
