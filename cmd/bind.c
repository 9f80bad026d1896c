// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva bind --pid PID --group N [--group M...] [--hold]
 *
 * The kernel checks ptrace rights against the process that opens the
 * target's /proc/PID/mem, so this command opens it and hands it (with the
 * groups it could open) to the daemon, which binds with
 * VFIO_IOMMU_BIND_MEM_FD (src/holders/bind_client.c); --hold binds with it itself
 * and keeps the bond in this command, as a holder of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind_client.h"
#include "bind_target.h"
#include "cmd.h"
#include "held_bond.h"
#include "holder.h"
#include "holder_print.h"
#include "holder_status.h"
#include "mem_fd.h"
#include "options.h"
#include "report.h"
#include "runtime_dir.h"
#include "target_args.h"
#include "vfio.h"

struct bind_args {
	struct target_args target;	/* the process, the groups */
	bool hold;
};

static const struct target_spec bind_target_spec = {
	.pid_doc = "The process whose address space to bind",
	.group_doc = "An IOMMU group of the container (repeat for more)",
	.pid_required = true,
	.many_groups = true,
};

static const struct argp_option bind_options[] = {
	{ "hold", OPT_HOLD, NULL, 0,
	  "Keep the bond in this command, without a daemon, until the process exits or execs or a signal arrives",
	  0 },
	{ 0 }
};

static error_t bind_parse(int key, char *arg, struct argp_state *state)
{
	struct bind_args *a = state->input;

	(void)arg;
	if (key == ARGP_KEY_INIT)
		state->child_inputs[0] = &a->target;
	else if (key == OPT_HOLD)
		a->hold = true;
	else
		return ARGP_ERR_UNKNOWN;
	return 0;
}

static const struct argp bind_argp = {
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
	.args_doc = "--pid PID --group N [--group N...]",
	.options = bind_options,
	.parser = bind_parse,
	.children = target_children,
};

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
static int bind_and_hold(const struct target_args *a, struct bind_target *t)
{
	const struct bind_groups groups = { a->groups, a->nr_groups };
	struct bound bound = {
		.pid = t->pid, .comm = t->info.stat.comm,
		.groups = a->groups, .nr_groups = a->nr_groups,
		.holder = getpid(), .kind = HELD_KIND_HOLD,
	};
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
		return bind_failed(-ret, t, &groups);
	}
	holder_adopt(h, cfd, group_fds, a->groups, a->nr_groups, t->pid,
		     pasid, t->pidfd, mem_fd);
	t->pidfd = -1;		/* the holder watches it now */
	bound.pasid = pasid;
	bound.made = mem_fd >= 0 ? HELD_MADE_MEM_FD : HELD_MADE_PID;
	print_bound(&bound);
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

int bind_run(int argc, char **argv)
{
	struct bind_args args = { .target.spec = &bind_target_spec };
	struct bind_target t;
	pid_t pid;
	int ret;

	ret = cmd_parse(&bind_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	ret = cmd_pid("bind", args.target.pid_text, &pid);
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
		ret = bind_and_hold(&args.target, &t);
	else
		ret = bind_via_daemon(&(const struct bind_groups){
			args.target.groups, args.target.nr_groups }, &t);
	bind_target_close(&t);
	return ret;
}
