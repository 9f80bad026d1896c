// SPDX-License-Identifier: GPL-2.0
/*
 * The holder protocol's messages (holder_proto.h): requests parsed and
 * built, replies made and parsed, each sent and received as one JSON
 * object with its descriptors (fd_pass.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "exit_codes.h"
#include "fd_pass.h"
#include "holder_proto.h"
#include "macros.h"
#include "xalloc.h"

_Static_assert(PROTO_MAX_FDS <= FD_PASS_MAX_FDS,
	       "a request's descriptors fit in one fd_pass message");

static const char *const op_names[] = {
	[PROTO_HOLD] = "hold",
	[PROTO_BOUND] = "bound",
	[PROTO_FAILED] = "failed",
	[PROTO_STATUS] = "status",
	[PROTO_UNBIND] = "unbind",
	[PROTO_WATCH] = "watch",
	[PROTO_BIND] = "bind",
};

const char *proto_op_name(enum proto_op op)
{
	return (size_t)op < ARRAY_SIZE(op_names) ?
	       op_names[op] : "unknown";
}

static int get_int(struct json_object *o, const char *key, int64_t min,
		   int64_t max, bool required, int64_t *out)
{
	struct json_object *v;
	int64_t n;

	if (!json_object_object_get_ex(o, key, &v))
		return required ? -EINVAL : 1;
	if (!json_object_is_type(v, json_type_int))
		return -EINVAL;
	errno = 0;
	n = json_object_get_int64(v);
	if (errno || n < min || n > max)
		return -EINVAL;
	*out = n;
	return 0;
}

/*
 * A JSON array of at most @max distinct group ids (0 to INT32_MAX) into
 * @ids and *@nr; each one of @allowed's @nr_allowed ids when @allowed is
 * set. -EINVAL for anything else.
 */
static int get_group_ids(struct json_object *arr, size_t max,
			 unsigned int *ids, size_t *nr,
			 const unsigned int *allowed, size_t nr_allowed)
{
	size_t i, n;

	if (!json_object_is_type(arr, json_type_array))
		return -EINVAL;
	n = json_object_array_length(arr);
	if (n > max)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);
		int64_t id;

		if (!json_object_is_type(v, json_type_int))
			return -EINVAL;
		errno = 0;
		id = json_object_get_int64(v);
		if (errno || id < 0 || id > INT32_MAX ||
		    (allowed && !groups_contain(allowed, nr_allowed,
						(unsigned int)id)) ||
		    groups_contain(ids, i, (unsigned int)id))
			return -EINVAL;
		ids[i] = (unsigned int)id;
	}
	*nr = n;
	return 0;
}

/* groups: one to PROTO_MAX_GROUPS distinct ids */
static int get_groups(struct json_object *o, struct proto_request *req)
{
	struct json_object *arr;

	if (!json_object_object_get_ex(o, "groups", &arr) ||
	    !json_object_is_type(arr, json_type_array) ||
	    !json_object_array_length(arr))
		return -EINVAL;
	return get_group_ids(arr, PROTO_MAX_GROUPS, req->groups,
			     &req->nr_groups, NULL, 0);
}

/* group_fds: distinct ids, each one of the request's groups; may be absent */
static int get_group_fds(struct json_object *o, struct proto_request *req)
{
	struct json_object *arr;

	if (!json_object_object_get_ex(o, "group_fds", &arr))
		return 0;
	return get_group_ids(arr, req->nr_groups, req->group_fds,
			     &req->nr_group_fds, req->groups, req->nr_groups);
}

static int parse_fields(struct json_object *o, struct proto_request *req,
			const char **why)
{
	int64_t v;
	int ret;

	switch (req->op) {
	case PROTO_STATUS:
	case PROTO_WATCH:
		return 0;
	case PROTO_HOLD:
	case PROTO_BIND:
		if (get_int(o, "pid", 1, INT32_MAX, true, &v)) {
			*why = "a pid is needed";
			return -EINVAL;
		}
		req->pid = (pid_t)v;
		if (get_groups(o, req)) {
			*why = "1 to 64 distinct group ids are needed";
			return -EINVAL;
		}
		if (get_group_fds(o, req)) {
			*why = "group_fds must name distinct groups of the request";
			return -EINVAL;
		}
		return 0;
	case PROTO_BOUND:
	case PROTO_FAILED:
		if (get_int(o, "container", 1, INT64_MAX, true, &v)) {
			*why = "a container id is needed";
			return -EINVAL;
		}
		req->container = (uint64_t)v;
		if (get_int(o, "pid", 1, INT32_MAX, true, &v)) {
			*why = "a pid is needed";
			return -EINVAL;
		}
		req->pid = (pid_t)v;
		if (req->op == PROTO_BOUND) {
			if (get_int(o, "pasid", 0, UINT32_MAX, true, &v)) {
				*why = "bound needs a pasid";
				return -EINVAL;
			}
			req->pasid = (uint32_t)v;
			ret = get_int(o, "starttime", 1, INT64_MAX, false, &v);
			if (ret < 0) {
				*why = "starttime must be a clock tick count";
				return -EINVAL;
			}
			req->starttime = ret ? 0 : (uint64_t)v;
			return 0;
		}
		if (get_int(o, "errno", 0, 4095, true, &v)) {
			*why = "an errno is needed";
			return -EINVAL;
		}
		req->err = (int)v;
		return 0;
	case PROTO_UNBIND:
		if (get_int(o, "pid", 1, INT32_MAX, true, &v)) {
			*why = "unbind needs a pid";
			return -EINVAL;
		}
		req->pid = (pid_t)v;
		ret = get_int(o, "group", 0, INT32_MAX, false, &v);
		if (ret < 0) {
			*why = "group must be a group id";
			return -EINVAL;
		}
		req->group = ret ? -1 : (long)v;
		return 0;
	}
	*why = "unknown op";
	return -EINVAL;
}

/*
 * Exactly one JSON object in @len bytes (no NUL needed, none allowed), at
 * most 16 levels deep; NULL for anything else.
 */
static struct json_object *parse_object(const char *buf, size_t len)
{
	struct json_tokener *tok;
	struct json_object *o;

	if (!len || len > PROTO_MAX_MSG || memchr(buf, '\0', len))
		return NULL;
	tok = json_tokener_new_ex(16);
	if (!tok)
		return NULL;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (o && (json_tokener_get_error(tok) != json_tokener_success ||
		  json_tokener_get_parse_end(tok) != len ||
		  !json_object_is_type(o, json_type_object))) {
		json_object_put(o);
		o = NULL;
	}
	json_tokener_free(tok);
	return o;
}

int proto_parse_request(const char *buf, size_t len,
			struct proto_request *req, const char **why)
{
	struct json_object *o, *op;
	size_t i;
	int ret = -EINVAL;

	memset(req, 0, sizeof(*req));
	req->group = -1;
	*why = "not one JSON object";
	o = parse_object(buf, len);
	if (!o)
		return -EINVAL;
	if (!json_object_object_get_ex(o, "op", &op) ||
	    !json_object_is_type(op, json_type_string)) {
		*why = "a request is an object with an op";
		goto out;
	}
	for (i = 0; i < ARRAY_SIZE(op_names); i++)
		if (!strcmp(json_object_get_string(op), op_names[i]))
			break;
	if (i == ARRAY_SIZE(op_names)) {
		*why = "unknown op";
		goto out;
	}
	req->op = (enum proto_op)i;
	ret = parse_fields(o, req, why);
out:
	json_object_put(o);
	return ret;
}

void groups_json_text(struct json_object *groups, char *buf, size_t size)
{
	unsigned int ids[PROTO_MAX_GROUPS];
	size_t i, n = 0;

	if (groups && json_object_is_type(groups, json_type_array))
		for (i = 0; i < json_object_array_length(groups) &&
		     n < PROTO_MAX_GROUPS; i++)
			ids[n++] = (unsigned int)json_object_get_int64(
				json_object_array_get_idx(groups, i));
	groups_text(ids, n, buf, size);
}

struct json_object *proto_request_json(const struct proto_request *req)
{
	struct json_object *o = json_object_new_object();
	struct json_object *arr;
	size_t i;

	json_object_object_add(o, "op",
			       json_object_new_string(proto_op_name(req->op)));
	if (req->pid)
		json_object_object_add(o, "pid", json_object_new_int(req->pid));
	if (req->op == PROTO_HOLD || req->op == PROTO_BIND) {
		arr = json_object_new_array();
		for (i = 0; i < req->nr_groups; i++)
			json_object_array_add(arr,
				json_object_new_int64(req->groups[i]));
		json_object_object_add(o, "groups", arr);
		arr = json_object_new_array();
		for (i = 0; i < req->nr_group_fds; i++)
			json_object_array_add(arr,
				json_object_new_int64(req->group_fds[i]));
		json_object_object_add(o, "group_fds", arr);
	}
	if (req->op == PROTO_UNBIND && req->group >= 0)
		json_object_object_add(o, "group",
				       json_object_new_int64(req->group));
	if (req->container)
		json_object_object_add(o, "container",
			json_object_new_int64((int64_t)req->container));
	if (req->op == PROTO_BOUND)
		json_object_object_add(o, "pasid",
				       json_object_new_int64(req->pasid));
	if (req->op == PROTO_FAILED)
		json_object_object_add(o, "errno", json_object_new_int(req->err));
	return o;
}

int proto_send_fds(int sock, struct json_object *msg, const int *fds,
		   size_t nfds)
{
	const char *text = json_object_to_json_string_ext(msg,
			JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t len = text ? strlen(text) : 0;
	ssize_t n;

	if (!text || nfds > PROTO_MAX_FDS)
		n = text ? -EINVAL : -ENOMEM;
	else if (len > PROTO_MAX_MSG)
		n = -EMSGSIZE;
	else
		n = fd_pass_send(sock, text, len, MSG_NOSIGNAL, fds, nfds);
	json_object_put(msg);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

int proto_send(int sock, struct json_object *msg, int fd)
{
	return proto_send_fds(sock, msg, &fd, fd >= 0 ? 1 : 0);
}

ssize_t proto_recv_fds(int sock, char *buf, size_t size, int *fds,
		       size_t max, size_t *nfds)
{
	ssize_t n = fd_pass_recv(sock, buf, size - 1, 0, fds, max, nfds);

	if (n >= 0)
		buf[n] = '\0';
	return n;
}

ssize_t proto_recv(int sock, char *buf, size_t size, int *fd)
{
	size_t nfds;
	ssize_t n = proto_recv_fds(sock, buf, size, fd, 1, &nfds);

	if (n < 0 || !nfds)
		*fd = -1;
	return n;
}

struct json_object *proto_reply_ok(void)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "ok", json_object_new_boolean(true));
	return o;
}

struct json_object *proto_reply_error(int err, const char *fmt, ...)
{
	struct json_object *o = json_object_new_object();
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	json_object_object_add(o, "ok", json_object_new_boolean(false));
	json_object_object_add(o, "errno", json_object_new_int(err));
	json_object_object_add(o, "code",
		json_object_new_string(vs_exit_name(vs_exit_from_errno(err))));
	json_object_object_add(o, "message", json_object_new_string(msg));
	free(msg);
	return o;
}

struct json_object *proto_parse_reply(const char *buf, size_t len, int *err,
				      const char **message)
{
	struct json_object *o, *ok, *v;

	*err = EPROTO;
	*message = "malformed reply";
	o = parse_object(buf, len);
	if (!o || !json_object_object_get_ex(o, "ok", &ok) ||
	    !json_object_is_type(ok, json_type_boolean)) {
		json_object_put(o);
		return NULL;
	}
	if (json_object_get_boolean(ok)) {
		*err = 0;
		*message = NULL;
		return o;
	}
	if (json_object_object_get_ex(o, "errno", &v) &&
	    json_object_is_type(v, json_type_int))
		*err = json_object_get_int(v);
	if (*err <= 0 || *err > 4095)
		*err = EPROTO;
	if (json_object_object_get_ex(o, "message", &v) &&
	    json_object_is_type(v, json_type_string))
		*message = json_object_get_string(v);
	else
		*message = strerror(*err);
	return o;
}
