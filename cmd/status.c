// SPDX-License-Identifier: GPL-2.0
/* vfio-sva status: every bond the holders keep that this user may see. */
#include <errno.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "holder_client.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"

static error_t status_parse(int key, char *arg, struct argp_state *state)
{
	if (key == ARGP_KEY_ARG)
		return cmd_usage_error(state, "unexpected argument '%s'", arg);
	return ARGP_ERR_UNKNOWN;
}

static const struct argp status_argp = {
	.parser = status_parse,
	.args_doc = "",
	.doc = "Show the bonds that vfio-sva holders (the daemon, and 'bind "
	       "--hold' commands) keep: process, PASID, groups, state, how "
	       "the bond was made and holder. A user sees their own bonds; "
	       "root sees all.\v"
	       "MADE is holder-mem-fd (the holder bound with the /proc/PID/mem "
	       "descriptor its client opened: the kernel checked the client), "
	       "holder-pid ('bind --hold' bound with the pid: the kernel checked "
	       "the holder, which is the requester) or client-reported (the "
	       "kernel side has no VFIO_IOMMU_BIND_MEM_FD: the client bound and "
	       "said so, with its /proc/PID/mem as proof).",
	.children = common_children,
};

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return "-";
	/* any user names a process, a holder says what it likes: escaped */
	return esc(json_object_get_string(v));
}

/* "exited", "exec'd": how a defunct bond ended, in the STATE column */
static const char *state_word(struct json_object *b)
{
	const char *state = str(b, "state"), *ended = str(b, "ended");

	if (strcmp(state, "defunct") != 0)
		return state;
	if (!strcmp(ended, "exited"))
		return "exited";
	if (!strcmp(ended, "execed"))
		return "exec'd";
	return state;
}

static void user_name(struct json_object *b, char *buf, size_t size)
{
	struct json_object *uid;
	struct passwd *pw;
	int64_t id;

	if (!json_object_object_get_ex(b, "uid", &uid) || !uid) {
		snprintf(buf, size, "-");
		return;
	}
	id = json_object_get_int64(uid);
	pw = id >= 0 && id <= UINT32_MAX ? getpwuid((uid_t)id) : NULL;
	if (pw && strlen(pw->pw_name) < 16)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%lld", (long long)id);
}

/* Root sees several users' bonds: then the table says whose each is. */
static bool several_users(struct json_object *bonds)
{
	size_t i, n = json_object_array_length(bonds);
	char first[32] = "";

	if (geteuid() != 0)
		return false;
	for (i = 0; i < n; i++) {
		/* str() lends a buffer that a later call reuses: keep a copy */
		const char *uid = str(json_object_array_get_idx(bonds, i), "uid");

		if (!i)
			snprintf(first, sizeof(first), "%s", uid);
		else if (strcmp(first, uid) != 0)
			return true;
	}
	return false;
}

static void print_table(struct json_object *bonds, bool partial)
{
	size_t i, n = json_object_array_length(bonds);
	bool users = several_users(bonds);

	if (!n) {
		/* never "no bonds" while a holder did not say */
		puts(partial ? "No bonds from the holders that answered." :
			       "No bonds.");
		return;
	}
	if (users)
		printf("%-12s ", "USER");
	printf("%-8s %-16s %-6s %-12s %-8s %-21s %-15s %s\n", "PID", "COMMAND",
	       "PASID", "GROUPS", "STATE", "SINCE", "MADE", "HOLDER");
	for (i = 0; i < n; i++) {
		struct json_object *b = json_object_array_get_idx(bonds, i);
		struct json_object *groups = NULL, *holder;
		char gbuf[64], ended[64], user[24];

		json_object_object_get_ex(b, "groups", &groups);
		groups_json_text(groups, gbuf, sizeof(gbuf));
		if (!strcmp(str(b, "state"), "defunct"))
			snprintf(ended, sizeof(ended), ", ended at %s",
				 str(b, "ended_at"));
		else
			ended[0] = '\0';
		json_object_object_get_ex(b, "holder", &holder);
		if (users) {
			user_name(b, user, sizeof(user));
			printf("%-12s ", user);
		}
		printf("%-8s %-16s %-6s %-12s %-8s %-21s %-15s %s %s (%s)%s\n",
		       str(b, "pid"), str(b, "comm"), str(b, "pasid"), gbuf,
		       state_word(b), str(b, "since"), str(b, "made"),
		       str(holder, "kind"),
		       str(holder, "pid"), str(holder, "tracking"), ended);
	}
}

static int status_run(int argc, char **argv)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	struct json_object *bonds, *holders, *unreachable;
	bool partial;
	size_t n;
	int ret;

	ret = cmd_parse(&status_argp, argc, argv, NULL);
	if (ret >= 0)
		return ret;
	holder_budget_start();
	bonds = json_object_new_array();
	holders = json_object_new_array();
	unreachable = json_object_new_array();
	n = holder_sockets(paths, MAX_HOLDERS);
	holder_status_all(paths, n, bonds, holders, unreachable);
	partial = json_object_array_length(unreachable) > 0;
	if (vs_out.json) {
		struct json_object *doc = vs_json_doc();

		json_object_object_add(doc, "bonds", bonds);
		json_object_object_add(doc, "holders", holders);
		json_object_object_add(doc, "unreachable", unreachable);
		if (vs_json_emit(doc))
			return VS_EXIT_FAILURE;
		return partial ? VS_EXIT_PARTIAL : VS_EXIT_OK;
	}
	print_table(bonds, partial);
	if (!json_object_array_length(holders) && !partial)
		puts("No vfio-sva holder is running.");
	holder_warn_unreachable("status", unreachable);
	json_object_put(bonds);
	json_object_put(holders);
	json_object_put(unreachable);
	return partial ? VS_EXIT_PARTIAL : VS_EXIT_OK;
}

const struct command cmd_status = {
	.name = "status",
	.summary = "show the bonds the holders keep",
	.run = status_run,
};
