// SPDX-License-Identifier: GPL-2.0
/*
 * bind through the daemon, as its client: this command opens the target's
 * /proc/PID/mem (the kernel's ptrace check, against this user) and the
 * groups it can open and hands them to the daemon, which binds with
 * VFIO_IOMMU_BIND_MEM_FD; where the kernel side lacks that flag, the daemon
 * lends the container and this command issues BIND_PID itself.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind_client.h"
#include "held_bond.h"
#include "holder_client.h"
#include "holder_print.h"
#include "kernel_facts.h"
#include "mem_fd.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "vfio.h"

int bind_failed(int err, const struct bind_target *t,
		const struct bind_groups *a)
{
	char msg[768], hint[256];
	enum vs_exit code;

	code = bind_error_explain(err, t, a->groups, a->nr_groups, msg,
				  sizeof(msg), hint, sizeof(hint));
	return vs_fail(code, hint[0] ? hint : NULL, "bind: %s", msg);
}

static void close_fds(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

/* The first daemon this user may use, or a negative errno. */
static int connect_daemon(struct holder_conn *hc, char *looked, size_t size)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	char own[PATH_MAX];
	size_t n, i;
	int ret = -ENOENT;

	if (runtime_dir_own(own, sizeof(own)))
		own[0] = '\0';
	n = holder_sockets(paths, MAX_HOLDERS);
	for (i = 0; i < n; i++) {
		const char *slash = strrchr(paths[i], '/');
		size_t dir_len = slash ? (size_t)(slash - paths[i]) : 0;

		/*
		 * root's own, or this user's: another user's daemon is never
		 * used, so it is not even asked (it could keep us waiting)
		 */
		if (!holder_is_daemon(paths[i]) ||
		    !((dir_len == strlen(own) && !strncmp(paths[i], own, dir_len)) ||
		      (dir_len == strlen(RUNTIME_DIR_ROOT) &&
		       !strncmp(paths[i], RUNTIME_DIR_ROOT, dir_len))))
			continue;
		ret = holder_connect(paths[i], hc);
		if (ret)
			continue;
		/* root's own, or this user's: never another user's daemon */
		if (!hc->server.uid || hc->server.uid == geteuid())
			return 0;
		holder_disconnect(hc);
		ret = -ENOENT;
	}
	if (runtime_dir_own(looked, size))
		snprintf(looked, size, "?");
	if (geteuid() && !getenv("VFIO_SVA_RUNTIME_DIR")) {
		static const char more[] = " and " RUNTIME_DIR_ROOT;
		size_t len = strlen(looked);

		if (size - len >= sizeof(more))
			memcpy(looked + len, more, sizeof(more));
	}
	return ret;
}

/*
 * Open the groups this user can open: the kernel decides who may use a
 * group, here, as this user. A group another process has open (EBUSY)
 * goes without a descriptor: the daemon may hold it, and then checks this
 * user's access itself. Returns 0 or an exit status (the message printed).
 */
static int open_groups(const struct bind_groups *a, struct proto_request *req,
		       int *gfds)
{
	size_t i;

	req->nr_group_fds = 0;
	for (i = 0; i < a->nr_groups; i++) {
		int fd = vfio_group_open(a->groups[i]);

		if (fd == -EBUSY)
			continue;
		if (fd < 0) {
			close_fds(gfds, req->nr_group_fds);
			req->nr_group_fds = 0;
			if (fd == -ENOENT)
				return vs_fail(VS_EXIT_NOT_FOUND, NULL,
					       "bind: no /dev/vfio/%u: group %u does not exist or none of its devices is bound to vfio-pci",
					       a->groups[i], a->groups[i]);
			if (fd == -EACCES || fd == -EPERM)
				return vs_fail(VS_EXIT_PERMISSION,
					       "the node's owner, mode and ACL decide ('getfacl /dev/vfio/N')",
					       "bind: /dev/vfio/%u is not readable and writable by uid %u: the kernel refused the open (%s)",
					       a->groups[i], (unsigned int)geteuid(),
					       strerror(-fd));
			return vs_fail(vs_exit_from_errno(-fd), NULL,
				       "bind: cannot open /dev/vfio/%u: %s",
				       a->groups[i], strerror(-fd));
		}
		req->group_fds[req->nr_group_fds] = a->groups[i];
		gfds[req->nr_group_fds++] = fd;
	}
	return 0;
}

/* The daemon's refusal: the kernel's answer to a bind, or its own. */
static int daemon_refused(int err, struct json_object *reply,
			  const char *message, const struct bind_target *t,
			  const struct bind_groups *a)
{
	if (holder_reply_from_kernel(reply))
		return bind_failed(err, t, a);
	/* the daemon's reason in the words --hold would use */
	return vs_fail(vs_exit_from_errno(err), NULL, "bind: %s",
		       message ? esc(message) : strerror(err));
}

/* What the daemon's reply to a bind says, checked. */
struct bind_reply {
	pid_t holder;			/* its pid, as it says: 0 if not */
	bool lent;			/* a container for this command */
	uint64_t container;
	bool has_pasid;			/* in [0, UINT32_MAX] */
	uint32_t pasid;
	bool made_known;
	enum held_made made;
};

static int64_t member_int(struct json_object *o, const char *key, bool *ok)
{
	struct json_object *v;

	*ok = json_object_object_get_ex(o, key, &v) &&
	      json_object_is_type(v, json_type_int);
	return *ok ? json_object_get_int64(v) : 0;
}

static void parse_reply(struct json_object *reply, struct bind_reply *r)
{
	struct json_object *v;
	int64_t n;
	bool ok;

	memset(r, 0, sizeof(*r));
	if (json_object_object_get_ex(reply, "holder", &v)) {
		n = member_int(v, "pid", &ok);
		r->holder = n > 0 && n <= INT_MAX ? (pid_t)n : 0;
	}
	r->lent = json_object_object_get_ex(reply, "lent", &v) &&
		  json_object_get_boolean(v);
	r->container = (uint64_t)member_int(reply, "container", &ok);
	n = member_int(reply, "pasid", &ok);
	r->has_pasid = ok && n >= 0 && n <= UINT32_MAX;
	r->pasid = r->has_pasid ? (uint32_t)n : 0;
	r->made = HELD_MADE_MEM_FD;	/* a daemon before "made" */
	r->made_known = true;
	if (json_object_object_get_ex(reply, "made", &v)) {
		int made = json_object_is_type(v, json_type_string) ?
			   held_made_from_name(json_object_get_string(v)) :
			   -EPROTO;

		r->made_known = made >= 0;
		if (r->made_known)
			r->made = (enum held_made)made;
	}
}

static void report_bound(const struct bind_target *t,
			 const struct bind_groups *a, uint32_t pasid,
			 pid_t holder, enum held_made made)
{
	struct bound b = {
		.pid = t->pid, .comm = t->info.stat.comm, .pasid = pasid,
		.groups = a->groups, .nr_groups = a->nr_groups,
		.holder = holder, .kind = HELD_KIND_DAEMON, .made = made,
	};

	print_bound(&b);
}

/*
 * Where the kernel side has no VFIO_IOMMU_BIND_MEM_FD the daemon lends the
 * container (@cfd, taken over): this command issues BIND_PID (the kernel
 * checks this user) and reports back, with the target's /proc/PID/mem as
 * proof that it may.
 */
static int bind_lent(struct holder_conn *hc, const struct bind_groups *a,
		     struct bind_target *t, int cfd, uint64_t container,
		     int mem_fd, uint32_t *pasid)
{
	struct proto_request req;
	struct json_object *reply = NULL;
	const char *message;
	int ret, err, fd = -1;

	err = bind_target_bind(cfd, t, pasid);
	close(cfd);
	req = (struct proto_request){ .op = err ? PROTO_FAILED : PROTO_BOUND,
				      .pid = t->pid, .container = container,
				      .pasid = *pasid, .err = -err };
	ret = holder_call(hc, proto_request_json(&req), err ? -1 : mem_fd,
			  &reply, &fd, &message);
	if (fd >= 0)
		close(fd);
	if (err)
		ret = bind_failed(-err, t, a);
	else if (ret)
		/* the daemon did not take the bond: it dies with its container */
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "bind: the daemon did not record the bond of pid %d: %s",
			      (int)t->pid, message ? message : strerror(-ret));
	json_object_put(reply);
	return ret;
}

/*
 * This user opens the target's /proc/PID/mem (the kernel's ptrace check,
 * against this user, with every LSM) and the groups it can open, and
 * hands them to the daemon, which issues the bind itself.
 */
int bind_via_daemon(const struct bind_groups *a, struct bind_target *t)
{
	struct proto_request req = { .op = PROTO_BIND, .pid = t->pid };
	struct json_object *reply = NULL;
	struct bind_reply r;
	int fds[PROTO_MAX_FDS];
	struct holder_conn hc;
	const char *message;
	char looked[PATH_MAX + 64];
	uint32_t pasid = 0;
	int cfd = -1, mem_fd, ret;

	ret = connect_daemon(&hc, looked, sizeof(looked));
	if (ret) {
		char why[512];
		int cfd0 = vfio_container_open();

		/* a root cause the daemon would have met: the same words */
		if (cfd0 == -ENOENT)
			return vs_fail(VS_EXIT_NOT_SUPPORTED, NULL,
				       "bind: VFIO is not available: %s does not exist (load vfio-pci)",
				       VFIO_CONTAINER_NODE);
		if (cfd0 >= 0)
			close(cfd0);
		if (bind_group_blocker(a->groups, a->nr_groups, why,
				       sizeof(why)))
			return vs_fail(VS_EXIT_NOT_SUPPORTED,
				       "'vfio-sva list' says why", "bind: %s",
				       why);
		return vs_fail(VS_EXIT_FAILURE,
			       "start one with 'vfio-sva daemon', or keep the bond in this command with 'vfio-sva bind --hold'",
			       "bind: no vfio-sva daemon is running (looked in %s)",
			       looked);
	}
	mem_fd = mem_fd_open(t->pid);
	if (mem_fd < 0) {
		ret = bind_failed(-mem_fd, t, a);
		goto out;
	}
	fds[0] = mem_fd;
	memcpy(req.groups, a->groups, a->nr_groups * sizeof(*a->groups));
	req.nr_groups = a->nr_groups;
	ret = open_groups(a, &req, fds + 1);
	if (ret)
		goto out;
	ret = holder_call_fds(&hc, proto_request_json(&req), fds,
			      1 + req.nr_group_fds, &reply, &cfd, &message);
	close_fds(fds + 1, req.nr_group_fds);
	if (ret) {
		ret = daemon_refused(-ret, reply, message, t, a);
		goto out;
	}
	parse_reply(reply, &r);
	if (r.lent) {
		if (cfd < 0) {
			ret = vs_fail(VS_EXIT_FAILURE, NULL,
				      "bind: the daemon lent no container for pid %d",
				      (int)t->pid);
			goto out;
		}
		/* what we issue the bind ioctl on must be a container */
		if (!holder_fd_is_container(cfd)) {
			ret = vs_fail(VS_EXIT_FAILURE, NULL,
				      "bind: the daemon lent a descriptor that is not a VFIO container: not used");
			goto out;
		}
		ret = bind_lent(&hc, a, t, cfd, r.container, mem_fd, &pasid);
		cfd = -1;
		if (!ret)
			report_bound(t, a, pasid, r.holder, HELD_MADE_CLIENT);
		goto out;
	}
	/* a reply that names no PASID made no bond: never print "PASID 0" */
	if (!r.has_pasid) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "bind: the daemon's reply names no PASID: no bond was made");
		goto out;
	}
	if (!r.made_known) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "bind: the daemon's reply says the bond of PASID %u was made in a way the protocol does not name",
			      r.pasid);
		goto out;
	}
	report_bound(t, a, r.pasid, r.holder, r.made);
	ret = VS_EXIT_OK;
out:
	if (cfd >= 0)
		close(cfd);
	if (mem_fd >= 0)
		close(mem_fd);
	json_object_put(reply);
	holder_disconnect(&hc);
	return ret;
}
