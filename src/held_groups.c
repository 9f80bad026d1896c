// SPDX-License-Identifier: GPL-2.0
/*
 * What the holders already know, so that `list` need not open a group a
 * holder keeps (it would only see EBUSY) to learn whether the bind ioctl
 * exists. Only the status request is sent: nothing is bound or released.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "held_groups.h"
#include "holder_client.h"
#include "holder_status.h"
#include "model.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "xalloc.h"

static const char *member_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) || !v)
		return NULL;
	return json_object_get_string(v);
}

static long long member_int(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return -1;
	return json_object_get_int64(v);
}

/* Root's runtime directory holds only root's holders. */
static bool root_holder(const char *path)
{
	size_t n = strlen(RUNTIME_DIR_ROOT);

	return !strncmp(path, RUNTIME_DIR_ROOT, n) && path[n] == '/';
}

static bool note_bond(struct machine *m, const char *path,
		      struct json_object *b)
{
	struct json_object *groups, *holder = NULL;
	const char *kind, *state = member_str(b, "state");
	long long pid = member_int(b, "pid"), uid = member_int(b, "uid");
	bool live = state && !strcmp(state, "active");
	bool proof = false;
	size_t i;

	json_object_object_get_ex(b, "holder", &holder);
	kind = member_str(holder, "kind");
	if (!json_object_object_get_ex(b, "groups", &groups) ||
	    !json_object_is_type(groups, json_type_array) || !live)
		return false;
	/* what a user's own holder says about itself is not evidence to others */
	if (!root_holder(path) && uid != (long long)geteuid())
		return false;
	for (i = 0; i < json_object_array_length(groups); i++) {
		struct json_object *gv = json_object_array_get_idx(groups, i);
		long long id = json_object_get_int64(gv);
		struct group *g;

		if (!json_object_is_type(gv, json_type_int) || id < 0 ||
		    id > UINT_MAX)
			continue;
		g = machine_find_group(m, (unsigned int)id);
		if (!g || g->held_by)
			continue;
		g->held_by = xasprintf("the %s (pid %lld)",
				       kind && !strcmp(kind, "daemon") ?
				       "daemon" : "holder",
				       member_int(holder, "pid"));
		if (proof || m->kernel.bind_ioctl == TRI_YES)
			continue;
		proof = true;
		snprintf(m->kernel.bind_ioctl_why,
			 sizeof(m->kernel.bind_ioctl_why),
			 "group %lld holds a live bond of pid %lld, kept by %s",
			 id, pid, g->held_by);
	}
	return proof;
}

bool held_groups_read(struct machine *m)
{
	char (*paths)[PATH_MAX] = xcalloc(MAX_HOLDERS, PATH_MAX);
	struct json_object **each;
	struct json_object *holders = json_object_new_array();
	struct json_object *unreachable = json_object_new_array();
	bool answered = false;
	size_t n, i, j;

	/* every holder at once, within one budget: a silent one cannot stall list */
	holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	each = xcalloc(n ? n : 1, sizeof(*each));
	for (i = 0; i < n; i++)
		each[i] = json_object_new_array();
	holder_status_each(paths, n, each, holders, unreachable);
	for (i = 0; i < json_object_array_length(unreachable); i++) {
		struct json_object *u = json_object_array_get_idx(unreachable, i);

		vs_debug(1, "%s: %s", esc(member_str(u, "socket")),
			 esc(member_str(u, "reason")));
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < json_object_array_length(each[i]); j++)
			if (note_bond(m, paths[i],
				      json_object_array_get_idx(each[i], j))) {
				m->kernel.bind_ioctl = TRI_YES;
				answered = true;
			}
		json_object_put(each[i]);
	}
	json_object_put(holders);
	json_object_put(unreachable);
	free(each);
	free(paths);
	return answered;
}
