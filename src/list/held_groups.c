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

#include "held_bond.h"
#include "held_groups.h"
#include "holder_client.h"
#include "holder_status.h"
#include "model.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "xalloc.h"

/* Root's runtime directory holds only root's holders. */
static bool root_holder(const char *path)
{
	size_t n = strlen(RUNTIME_DIR_ROOT);

	return !strncmp(path, RUNTIME_DIR_ROOT, n) && path[n] == '/';
}

static bool note_bond(struct machine *m, const char *path,
		      const struct held_bond *b)
{
	bool proof = false;
	size_t i;

	if (b->state != HELD_ACTIVE)
		return false;
	/* what a user's own holder says about itself is not evidence to others */
	if (!root_holder(path) && b->uid != geteuid())
		return false;
	for (i = 0; i < b->nr_groups; i++) {
		struct group *g = machine_find_group(m, b->groups[i]);

		if (!g || g->held_by)
			continue;
		g->held_by = xasprintf("the %s (pid %d)",
				       b->holder.kind == HELD_KIND_DAEMON ?
				       "daemon" : "holder", (int)b->holder.pid);
		if (proof || m->kernel.bind_ioctl == TRI_YES)
			continue;
		proof = true;
		snprintf(m->kernel.bind_ioctl_why,
			 sizeof(m->kernel.bind_ioctl_why),
			 "group %u holds a live bond of pid %d, kept by %s",
			 b->groups[i], (int)b->pid, g->held_by);
	}
	return proof;
}

bool held_groups_read(struct machine *m)
{
	char (*paths)[PATH_MAX] = xcalloc(MAX_HOLDERS, PATH_MAX);
	const struct held_bond *first;
	struct holders_answer a;
	bool answered = false;
	size_t n, i, j, nr;

	/* every holder at once, within one budget: a silent one cannot stall list */
	holder_budget_start();
	n = holder_sockets(paths, MAX_HOLDERS);
	holders_ask(paths, n, &a);
	for (i = 0; i < a.nr_unreachable; i++)
		vs_debug(1, "%s: %s", esc(a.unreachable[i].socket),
			 esc(a.unreachable[i].reason));
	for (i = 0; i < n; i++) {
		nr = holders_answer_of(&a, i, &first);
		for (j = 0; j < nr; j++)
			if (note_bond(m, paths[i], &first[j])) {
				m->kernel.bind_ioctl = TRI_YES;
				answered = true;
			}
	}
	holders_answer_free(&a);
	free(paths);
	return answered;
}
