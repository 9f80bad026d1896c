// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva bind --pid PID --group N [--group M...] [--hold]
 *
 * The kernel checks ptrace rights against the process that opens the
 * target's /proc/PID/mem, so this command opens it and hands it (with the
 * groups it could open) to the daemon, which binds with
 * VFIO_IOMMU_BIND_MEM_FD; --hold binds with it itself. Where the kernel
 * side lacks that flag, this command issues BIND_PID itself on a container
 * the daemon lends, so the kernel still checks the real requester.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind_target.h"
#include "cmd.h"
#include "text_escape.h"
#include "holder.h"
#include "holder_client.h"
#include "kernel_facts.h"
#include "mem_fd.h"
#include "report.h"
#include "runtime_dir.h"
#include "vfio.h"

enum {
	OPT_HOLD = 0x300,
};

struct bind_args {
	const char *pid_text;
	unsigned int groups[PROTO_MAX_GROUPS];
	size_t nr_groups;
	bool hold;
};

static const struct argp_option bind_options[] = {
	{ "pid", 'p', "PID", 0, "The process whose address space to bind", 0 },
	{ "group", 'g', "N", 0,
	  "An IOMMU group of the container (repeat for more)", 0 },
	{ "hold", OPT_HOLD, NULL, 0,
	  "Keep the bond in this command, without a daemon, until the process exits or execs or a signal arrives",
	  0 },
	{ 0 }
};

static error_t bind_parse(int key, char *arg, struct argp_state *state)
{
	struct bind_args *a = state->input;

	switch (key) {
	case 'p':
		return cmd_set_pid(state, arg, &a->pid_text);
	case 'g':
		return cmd_add_group(state, arg, a->groups, &a->nr_groups);
	case OPT_HOLD:
		a->hold = true;
		break;
	case ARGP_KEY_ARG:
		return cmd_usage_error(state, "unexpected argument '%s'", arg);
	case ARGP_KEY_END:
		if (cmd_info_shown())
			break;
		if (!a->pid_text)
			return cmd_usage_error(state, "--pid is required");
		if (!a->nr_groups)
			return cmd_usage_error(state,
					       "at least one --group is required");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp bind_argp = {
	.options = bind_options,
	.parser = bind_parse,
	.args_doc = "--pid PID --group N [--group N...]",
	.doc = "Bind a process's address space to the devices of one VFIO "
	       "container made of the given IOMMU groups, and print its PASID.\v"
	       "The bond lives as long as its container: a running 'vfio-sva "
	       "daemon' keeps it, or this command does with --hold. This command "
	       "opens the target's /proc/PID/mem, so the kernel checks "
	       "PTRACE_MODE_ATTACH_FSCREDS of the caller on the target, and the "
	       "holder binds with that descriptor (where the kernel side lacks "
	       "VFIO_IOMMU_BIND_MEM_FD, this command binds with the pid itself). "
	       "With --hold the exit status says why the bond ended: 0 a signal "
	       "or an unbind, 10 the process exited, 11 it executed a new program.",
	.children = common_children,
};

static void print_bound(const struct bind_target *t, uint32_t pasid,
			const unsigned int *groups, size_t n, pid_t holder,
			const char *kind, const char *made)
{
	char gbuf[GROUPS_TEXT_MAX];
	size_t i;

	if (vs_out.json) {
		struct json_object *doc = vs_json_doc();
		struct json_object *g = json_object_new_array();
		struct json_object *h = json_object_new_object();
		char *comm = utf8_sanitize(t->info.stat.comm,
					   strlen(t->info.stat.comm));

		json_object_object_add(doc, "pid", json_object_new_int(t->pid));
		json_object_object_add(doc, "comm",
				       json_object_new_string(comm));
		free(comm);
		json_object_object_add(doc, "pasid", json_object_new_int64(pasid));
		for (i = 0; i < n; i++)
			json_object_array_add(g, json_object_new_int64(groups[i]));
		json_object_object_add(doc, "groups", g);
		json_object_object_add(h, "pid", json_object_new_int(holder));
		json_object_object_add(h, "kind", json_object_new_string(kind));
		json_object_object_add(doc, "holder", h);
		json_object_object_add(doc, "made", json_object_new_string(made));
		vs_json_emit(doc);
		return;
	}
	groups_text(groups, n, gbuf, sizeof(gbuf));
	printf("pid %d (%s) bound to group%s %s: PASID %u\n", (int)t->pid,
	       esc(t->info.stat.comm), n > 1 ? "s" : "", gbuf, pasid);
	if (!strcmp(kind, "daemon"))
		printf("held by the vfio-sva daemon (pid %d)\n", (int)holder);
	else
		printf("held by this command (pid %d) until the process exits or execs, or a signal arrives\n",
		       (int)holder);
	fflush(stdout);
}

static int bind_failed(int err, const struct bind_target *t,
		       const struct bind_args *a)
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
static int open_groups(const struct bind_args *a, struct proto_request *req,
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
			  const struct bind_args *a)
{
	struct json_object *v;

	if (json_object_object_get_ex(reply, "ioctl", &v) &&
	    json_object_get_boolean(v))
		return bind_failed(err, t, a);
	/* the daemon's reason in the words --hold would use */
	return vs_fail(vs_exit_from_errno(err), NULL, "bind: %s",
		       message ? esc(message) : strerror(err));
}

/*
 * Where the kernel side has no VFIO_IOMMU_BIND_MEM_FD the daemon lends the
 * container (@cfd, taken over): this command issues BIND_PID (the kernel
 * checks this user) and reports back, with the target's /proc/PID/mem as
 * proof that it may.
 */
static int bind_lent(struct holder_conn *hc, struct bind_args *a,
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
static int bind_via_daemon(struct bind_args *a, struct bind_target *t)
{
	struct proto_request req = { .op = PROTO_BIND, .pid = t->pid };
	struct json_object *reply = NULL, *v;
	int fds[PROTO_MAX_FDS];
	struct holder_conn hc;
	const char *message;
	char looked[PATH_MAX + 64];
	const char *made;
	pid_t holder = 0;
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
	if (json_object_object_get_ex(reply, "holder", &v) &&
	    json_object_object_get_ex(v, "pid", &v))
		holder = json_object_get_int(v);
	if (json_object_object_get_ex(reply, "lent", &v) &&
	    json_object_get_boolean(v)) {
		uint64_t container = 0;

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
		if (json_object_object_get_ex(reply, "container", &v))
			container = (uint64_t)json_object_get_int64(v);
		ret = bind_lent(&hc, a, t, cfd, container, mem_fd, &pasid);
		cfd = -1;
		if (!ret)
			print_bound(t, pasid, a->groups, a->nr_groups, holder,
				    "daemon", "client-reported");
		goto out;
	}
	/* a reply that names no PASID made no bond: never print "PASID 0" */
	if (!json_object_object_get_ex(reply, "pasid", &v) ||
	    !json_object_is_type(v, json_type_int) ||
	    json_object_get_int64(v) < 0 ||
	    json_object_get_int64(v) > UINT32_MAX) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "bind: the daemon's reply names no PASID: no bond was made");
		goto out;
	}
	pasid = (uint32_t)json_object_get_int64(v);
	made = json_object_object_get_ex(reply, "made", &v) ?
	       esc(json_object_get_string(v)) : "holder-mem-fd";
	print_bound(t, pasid, a->groups, a->nr_groups, holder, "daemon",
		    made);
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

static int hold_exit_status(enum holder_end end, pid_t pid)
{
	switch (end) {
	case HOLDER_END_TARGET_EXITED:
		if (!vs_out.json)
			fprintf(stderr, "vfio-sva: bind: pid %d exited; bond released\n",
				(int)pid);
		return VS_EXIT_TARGET_EXITED;
	case HOLDER_END_TARGET_EXECED:
		if (!vs_out.json)
			fprintf(stderr, "vfio-sva: bind: pid %d executed a new program; bond released\n",
				(int)pid);
		return VS_EXIT_TARGET_EXECED;
	case HOLDER_END_ERROR:
		return VS_EXIT_FAILURE;
	case HOLDER_END_SIGNAL:
	case HOLDER_END_UNBOUND:
		break;
	}
	return VS_EXIT_OK;
}

/*
 * --hold issues the bind itself: with the target's /proc/PID/mem where the
 * kernel side takes it (the ptrace check ran at its open, as this user,
 * and the file pins the address space), else with BIND_PID. The mem fd,
 * kept for the unbind, goes to @mem_fd (-1 for BIND_PID).
 */
static int bind_held(int cfd, struct bind_target *t, uint32_t *pasid,
		     int *mem_fd)
{
	int ret = vfio_probe_mem_fd(cfd), fd;

	*mem_fd = -1;
	if (ret < 0)
		return ret;
	if (!ret)
		return bind_target_bind(cfd, t, pasid);
	fd = mem_fd_open(t->pid);
	if (fd < 0)
		return fd;
	/* the file is of the process pinned by the pidfd, or nothing */
	if (mem_fd_check(fd, t->pid) ||
	    (t->pidfd >= 0 && pidfd_exited(t->pidfd) != 0)) {
		close(fd);
		return -ESRCH;
	}
	ret = vfio_bind_mem_fd(cfd, fd, pasid);
	if (!ret && !mem_fd_alive(fd)) {
		vfio_unbind_mem_fd(cfd, fd);
		ret = -ESRCH;
	}
	if (ret) {
		close(fd);
		return ret;
	}
	*mem_fd = fd;
	return 0;
}

/*
 * The group comes first: whether this user may open it is the question
 * that matters; where the holder registers comes second.
 */
static int bind_and_hold(struct bind_args *a, struct bind_target *t)
{
	int group_fds[PROTO_MAX_GROUPS];
	char dir[PATH_MAX], why[512];
	const char *dir_why = NULL;
	enum holder_end end;
	struct holder *h;
	uint32_t pasid;
	int cfd = -1, mem_fd = -1, ret;

	ret = vfio_container_setup(a->groups, a->nr_groups, &cfd, group_fds,
				   why, sizeof(why));
	if (ret == -EBUSY) {
		char held[512];
		size_t i;

		/* held by one of our own holders: say so, not "a VM perhaps" */
		for (i = 0; i < a->nr_groups; i++)
			if (holder_holding_group(a->groups[i], held,
						 sizeof(held)))
				return vs_fail(VS_EXIT_BUSY,
					       "unbind that bond first, or bind through the daemon (without --hold)",
					       "bind: group %u is busy: %s",
					       a->groups[i], held);
	}
	if (ret)
		return vs_fail(vs_exit_from_errno(-ret), NULL, "bind: %s", why);
	if (runtime_dir_own(dir, sizeof(dir))) {
		vfio_container_close(cfd, group_fds, a->nr_groups);
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "bind: the runtime directory's path is too long");
	}
	ret = holder_init(&h, HOLDER_HOLD, dir, vs_out.verbose > 0, &dir_why);
	if (ret) {
		vfio_container_close(cfd, group_fds, a->nr_groups);
		return vs_fail(VS_EXIT_FAILURE,
			       "set XDG_RUNTIME_DIR or VFIO_SVA_RUNTIME_DIR to a directory of yours",
			       "bind: cannot register in %s: %s (%s)", dir,
			       dir_why ? dir_why : "", strerror(-ret));
	}
	ret = bind_held(cfd, t, &pasid, &mem_fd);
	if (ret) {
		vfio_container_close(cfd, group_fds, a->nr_groups);
		holder_shutdown(h);
		return bind_failed(-ret, t, a);
	}
	holder_adopt(h, cfd, group_fds, a->groups, a->nr_groups, t->pid,
		     pasid, t->pidfd, mem_fd);
	t->pidfd = -1;		/* the holder watches it now */
	print_bound(t, pasid, a->groups, a->nr_groups, getpid(), "hold",
		    mem_fd >= 0 ? "holder-mem-fd" : "holder-pid");
	if (ferror(stdout) || fflush(stdout) == EOF) {
		/* nobody learnt the PASID: do not keep a bond for no one */
		holder_shutdown(h);
		return vs_stdout_error(vs_out.write_errno ? vs_out.write_errno :
				       errno ? errno : EIO);
	}

	holder_run(h);
	end = holder_end_reason(h);
	holder_shutdown(h);
	return hold_exit_status(end, t->pid);
}

static int bind_run(int argc, char **argv)
{
	struct bind_args args = { 0 };
	struct bind_target t;
	pid_t pid;
	int ret;

	ret = cmd_parse(&bind_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	ret = cmd_pid("bind", args.pid_text, &pid);
	if (ret >= 0)
		return ret;
	if (pid == getpid())
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "bind: pid %d is this very command, whose address space ends when it exits",
			       (int)pid);

	ret = bind_target_open(pid, &t);
	if (ret == -ESRCH)
		return vs_fail(VS_EXIT_NOT_FOUND, NULL, "bind: no process %d",
			       (int)pid);
	if (ret)
		return vs_fail(vs_exit_from_errno(-ret), NULL,
			       "bind: cannot look at process %d: %s", (int)pid,
			       strerror(-ret));
	if (args.hold)
		ret = bind_and_hold(&args, &t);
	else
		ret = bind_via_daemon(&args, &t);
	bind_target_close(&t);
	return ret;
}

const struct command cmd_bind = {
	.name = "bind",
	.summary = "bind a process to a container of groups and print its PASID",
	.run = bind_run,
};
