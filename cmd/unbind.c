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
#include "holder_client.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "vfio.h"

#define MAX_BONDS_PER_HOLDER	64

struct unbind_args {
	const char *pid_text;
	long group;
};

static const struct argp_option unbind_options[] = {
	{ "pid", 'p', "PID", 0, "The process whose bonds to remove", 0 },
	{ "group", 'g', "N", 0,
	  "Only the bond whose container holds group N", 0 },
	{ 0 }
};

static error_t unbind_parse(int key, char *arg, struct argp_state *state)
{
	struct unbind_args *a = state->input;

	switch (key) {
	case 'p':
		return cmd_set_pid(state, arg, &a->pid_text);
	case 'g':
		return cmd_set_group(state, arg, &a->group);
	case ARGP_KEY_ARG:
		return cmd_usage_error(state, "unexpected argument '%s'", arg);
	case ARGP_KEY_END:
		if (!a->pid_text && !cmd_info_shown())
			return cmd_usage_error(state, "--pid is required");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp unbind_argp = {
	.options = unbind_options,
	.parser = unbind_parse,
	.args_doc = "--pid PID",
	.doc = "Remove the bonds of a process that vfio-sva holders keep.\v"
	       "A bond belongs to one container, so --group selects the bond "
	       "whose container holds that group and removes it from every "
	       "group of the container. A bond whose process has already "
	       "exited or executed is only forgotten (exit status 2).",
	.children = common_children,
};

struct unbind_result {
	struct json_object *done;	/* bonds unbound now */
	struct json_object *ended;	/* bonds whose process was gone */
	int failure;			/* exit status of the first failure */
	int unreached;			/* holders asked that did not answer */
};

/* The reply's bond, if this holder may speak for it (caller puts it). */
static struct json_object *take_bond(const struct holder_conn *hc,
				     struct json_object *reply)
{
	struct json_object *wrap, *list, *bond, *b = NULL;

	if (!json_object_object_get_ex(reply, "bond", &bond))
		return NULL;
	wrap = json_object_new_object();
	list = json_object_new_array();
	json_object_array_add(list, json_object_get(bond));
	json_object_object_add(wrap, "bonds", list);
	list = json_object_new_array();
	holder_take_bonds(hc, wrap, list);
	if (json_object_array_length(list))
		b = json_object_get(json_object_array_get_idx(list, 0));
	json_object_put(list);
	json_object_put(wrap);
	return b;
}

/* Does any bond in @bonds belong to @pid (and @group, if not -1)? */
static bool shows(struct json_object *bonds, pid_t pid, long group)
{
	size_t i, j;

	for (i = 0; i < json_object_array_length(bonds); i++) {
		struct json_object *b = json_object_array_get_idx(bonds, i);
		struct json_object *v, *groups;

		if (!json_object_object_get_ex(b, "pid", &v) ||
		    json_object_get_int64(v) != pid)
			continue;
		if (group < 0)
			return true;
		if (!json_object_object_get_ex(b, "groups", &groups))
			continue;
		for (j = 0; j < json_object_array_length(groups); j++)
			if (json_object_get_int64(json_object_array_get_idx(
				groups, j)) == group)
				return true;
	}
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
		struct json_object *reply, *bond = NULL, *v;
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
		if (ret && json_object_object_get_ex(reply, "ioctl", &v) &&
		    json_object_get_boolean(v)) {
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
		bond = take_bond(&hc, reply);
		if (bond) {
			struct json_object *state = NULL;

			json_object_object_get_ex(bond, "state", &state);
			if (state && !strcmp(json_object_get_string(state),
					     "defunct"))
				json_object_array_add(res->ended, bond);
			else
				json_object_array_add(res->done, bond);
		}
		json_object_put(reply);
	}
	holder_disconnect(&hc);
}

static void print_done(pid_t pid, struct json_object *done)
{
	size_t i, j, n = json_object_array_length(done);

	if (vs_out.json) {
		struct json_object *doc = vs_json_doc();
		struct json_object *first = json_object_array_get_idx(done, 0);
		struct json_object *v;
		static const char *const keys[] = { "pasid", "groups", "holder" };

		json_object_object_add(doc, "pid", json_object_new_int(pid));
		for (j = 0; j < 3; j++)
			if (json_object_object_get_ex(first, keys[j], &v))
				json_object_object_add(doc, keys[j],
						       json_object_get(v));
		json_object_object_add(doc, "bonds", json_object_get(done));
		vs_json_emit(doc);
		return;
	}
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(done, i);
		struct json_object *comm, *pasid, *groups = NULL;
		char gbuf[GROUPS_TEXT_MAX];

		json_object_object_get_ex(b, "comm", &comm);
		json_object_object_get_ex(b, "pasid", &pasid);
		json_object_object_get_ex(b, "groups", &groups);
		groups_json_text(groups, gbuf, sizeof(gbuf));
		printf("pid %d (%s) unbound from group%s %s (PASID %d)\n",
		       (int)pid, esc(json_object_get_string(comm)),
		       strchr(gbuf, ',') ? "s" : "", gbuf,
		       json_object_get_int(pasid));
	}
}

static int unbind_run(int argc, char **argv)
{
	struct unbind_args args = { .group = -1 };
	static char paths[MAX_HOLDERS][PATH_MAX];
	static struct json_object *each[MAX_HOLDERS];
	struct json_object *unreachable, *holders;
	struct unbind_result res;
	bool partial;
	size_t n, i;
	pid_t pid;
	int ret;

	ret = cmd_parse(&unbind_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	ret = cmd_pid("unbind", args.pid_text, &pid);
	if (ret >= 0)
		return ret;

	res.done = json_object_new_array();
	res.ended = json_object_new_array();
	res.failure = 0;
	res.unreached = 0;
	holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	/*
	 * Ask every holder at once which bonds it keeps, then unbind only at
	 * those that show one of @pid: a silent holder costs one budget, not
	 * one per holder.
	 */
	unreachable = json_object_new_array();
	holders = json_object_new_array();
	for (i = 0; i < n; i++)
		each[i] = json_object_new_array();
	holder_status_each(paths, n, each, holders, unreachable);
	for (i = 0; i < n; i++) {
		if (shows(each[i], pid, args.group))
			unbind_at(paths[i], pid, args.group, &res);
		json_object_put(each[i]);
	}
	json_object_put(holders);
	partial = json_object_array_length(unreachable) || res.unreached;
	holder_warn_unreachable("unbind", unreachable);
	json_object_put(unreachable);

	if (res.failure) {
		ret = res.failure;
	} else if (json_object_array_length(res.done)) {
		print_done(pid, res.done);
		ret = partial ? VS_EXIT_PARTIAL : VS_EXIT_OK;
	} else if (partial) {
		ret = vs_fail(VS_EXIT_PARTIAL, NULL,
			      "unbind: pid %d has no bond at the holders that answered; some did not",
			      (int)pid);
	} else if (json_object_array_length(res.ended)) {
		struct json_object *b = json_object_array_get_idx(res.ended, 0);
		struct json_object *how, *when;

		json_object_object_get_ex(b, "ended", &how);
		json_object_object_get_ex(b, "ended_at", &when);
		ret = vs_fail(VS_EXIT_NOT_FOUND, NULL,
			      "unbind: the bond of pid %d had already ended: the process %s at %s",
			      (int)pid, esc(json_object_get_string(how)),
			      esc(json_object_get_string(when)));
	} else if (args.group >= 0) {
		ret = vs_fail(VS_EXIT_NOT_FOUND,
			      "'vfio-sva status' lists the bonds you may see",
			      "unbind: pid %d has no bond on group %ld held by vfio-sva",
			      (int)pid, args.group);
	} else {
		ret = vs_fail(VS_EXIT_NOT_FOUND,
			      "'vfio-sva status' lists the bonds you may see",
			      "unbind: pid %d has no bond held by vfio-sva",
			      (int)pid);
	}
	json_object_put(res.done);
	json_object_put(res.ended);
	return ret;
}

const struct command cmd_unbind = {
	.name = "unbind",
	.summary = "remove the bonds of a process",
	.run = unbind_run,
};
