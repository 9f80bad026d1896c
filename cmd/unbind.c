// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva unbind --pid PID [--group N]: ask every holder this user may use
 * to remove PID's bonds. A holder removes only the bonds of the user who
 * made them (any, for root) and issues VFIO_IOMMU_UNBIND itself: with the
 * /proc/PID/mem descriptor the bond was made with, or with BIND_PID.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind_target.h"
#include "cmd.h"
#include "held_bond.h"
#include "holder_client.h"
#include "holder_print.h"
#include "holder_status.h"
#include "report.h"
#include "runtime_dir.h"
#include "target_args.h"
#include "text_escape.h"
#include "vfio.h"

#define MAX_BONDS_PER_HOLDER	64

static const struct target_spec unbind_target_spec = {
	.pid_doc = "The process whose bonds to remove",
	.group_doc = "Only the bond whose container holds group N",
	.pid_required = true,
};

static const struct argp unbind_argp = {
	.doc = "Remove the bonds of a process that vfio-sva holders keep.\v"
	       "A bond belongs to one container, so --group selects the bond "
	       "whose container holds that group and removes it from every "
	       "group of the container. A bond whose process has already "
	       "exited or executed is only forgotten (exit status 2).",
	.args_doc = "--pid PID",
	/* no parser of its own: argp hands the input to the first child */
	.children = target_children,
};

struct unbind_result {
	struct held_bonds done;		/* bonds unbound now */
	struct held_bonds ended;	/* bonds whose process was gone */
	int failure;			/* exit status of the first failure */
	int unreached;			/* holders asked that did not answer */
};

/* Does holder @i of @a show a bond of @pid (and @group, if not -1)? */
static bool shows(const struct holders_answer *a, size_t i, pid_t pid,
		  long group)
{
	const struct held_bond *b;
	size_t n = holders_answer_of(a, i, &b), j;

	for (j = 0; j < n; j++)
		if (b[j].pid == pid &&
		    (group < 0 || held_bond_has_group(&b[j], (unsigned int)group)))
			return true;
	return false;
}

/*
 * One holder: unbind until it has no more bonds of @pid for us. The
 * holder issues VFIO_IOMMU_UNBIND itself, for a bond this user owns (or
 * any, for root): no descriptor changes hands.
 */
static void unbind_at(const char *path, pid_t pid, long group,
		      struct unbind_result *res)
{
	struct holder_conn hc;
	int i;

	if (holder_connect(path, &hc)) {
		res->unreached++;
		return;
	}
	for (i = 0; i < MAX_BONDS_PER_HOLDER; i++) {
		struct proto_request req = { .op = PROTO_UNBIND, .pid = pid,
					     .group = group };
		struct json_object *reply;
		struct held_bond b;
		const char *message;
		int ret, cfd;

		ret = holder_call(&hc, proto_request_json(&req), -1, &reply,
				  &cfd, &message);
		if (cfd >= 0)
			close(cfd);	/* none belongs here */
		/* a --hold holder leaves with its last bond: nothing more there */
		if (ret == -ENOENT || ret == -EPIPE || ret == -ECONNRESET) {
			json_object_put(reply);
			break;
		}
		if (ret && holder_reply_from_kernel(reply)) {
			if (!res->failure) {
				struct bind_target t = { .pid = pid, .pidfd = -1 };
				char msg[768], hint[256];
				enum vs_exit code;

				target_read(pid, &t.info);
				code = bind_error_explain(-ret, &t, NULL, 0, msg,
							  sizeof(msg), hint,
							  sizeof(hint));
				res->failure = vs_fail(code,
						       hint[0] ? hint : NULL,
						       "unbind: %s", msg);
			}
			json_object_put(reply);
			break;
		}
		if (ret) {
			if (!res->failure)
				res->failure = vs_fail(vs_exit_from_errno(-ret),
					NULL, "unbind: %s: %s", esc(path),
					message ? esc(message) : strerror(-ret));
			json_object_put(reply);
			break;
		}
		/* a user's holder speaks for that user's bonds alone */
		if (!holder_take_one(&hc, reply, &b))
			*held_bonds_add(b.state == HELD_DEFUNCT ? &res->ended :
					&res->done) = b;
		json_object_put(reply);
	}
	holder_disconnect(&hc);
}

int unbind_run(int argc, char **argv)
{
	struct target_args args = { .spec = &unbind_target_spec };
	static char paths[MAX_HOLDERS][PATH_MAX];
	struct unbind_result res = { 0 };
	struct holders_answer a;
	bool partial;
	long group;
	size_t i;
	pid_t pid;
	int ret;

	ret = cmd_parse(&unbind_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	ret = cmd_pid("unbind", args.pid_text, &pid);
	if (ret >= 0)
		return ret;
	group = target_group(&args);

	holder_budget_start();
	/*
	 * Ask every holder at once which bonds it keeps, then unbind only at
	 * those that show one of @pid: a silent holder costs one budget, not
	 * one per holder.
	 */
	holders_ask(paths, holder_sockets(paths, MAX_HOLDERS), &a);
	for (i = 0; i < a.nr_asked; i++)
		if (shows(&a, i, pid, group))
			unbind_at(paths[i], pid, group, &res);
	partial = a.nr_unreachable || res.unreached;
	holder_warn_unreachable("unbind", &a);
	holders_answer_free(&a);

	if (res.failure) {
		ret = res.failure;
	} else if (res.done.n) {
		print_unbound(pid, &res.done);
		ret = partial ? VS_EXIT_PARTIAL : VS_EXIT_OK;
	} else if (partial) {
		ret = vs_fail(VS_EXIT_PARTIAL, NULL,
			      "unbind: pid %d has no bond at the holders that answered; some did not",
			      (int)pid);
	} else if (res.ended.n) {
		const struct held_bond *b = &res.ended.v[0];

		ret = vs_fail(VS_EXIT_NOT_FOUND, NULL,
			      "unbind: the bond of pid %d had already ended: the process %s at %s",
			      (int)pid, held_end_name(b->ended),
			      esc(b->ended_at));
	} else if (group >= 0) {
		ret = vs_fail(VS_EXIT_NOT_FOUND,
			      "'vfio-sva status' lists the bonds you may see",
			      "unbind: pid %d has no bond on group %ld held by vfio-sva",
			      (int)pid, group);
	} else {
		ret = vs_fail(VS_EXIT_NOT_FOUND,
			      "'vfio-sva status' lists the bonds you may see",
			      "unbind: pid %d has no bond held by vfio-sva",
			      (int)pid);
	}
	held_bonds_free(&res.done);
	held_bonds_free(&res.ended);
	return ret;
}
