// SPDX-License-Identifier: GPL-2.0
/*
 * How a holder watches its targets: a pidfd sees a target exit, the proc
 * connector sees it exec, and a target without a pidfd is polled by its
 * start time. A target gone or changed leaves its bond defunct.
 */
#include <errno.h>
#include <stdbool.h>

#include "holder_parts.h"
#include "proc_events.h"
#include "target.h"

/* Is the bond's process still the one that was bound? */
bool bond_alive(const struct bond *b)
{
	if (b->pidfd >= 0)
		return pidfd_exited(b->pidfd) == 0;
	return target_same(b->pid, b->starttime);
}

static void on_proc_event(const struct proc_ev *ev, void *data)
{
	struct holder *h = data;
	size_t i;

	if (ev->kind != PROC_EV_EXEC || ev->pid != ev->tgid)
		return;
	for (i = 0; i < h->nr_bonds; i++) {
		struct bond *b = &h->bonds[i];

		/* a bond whose process is gone belongs to a former owner */
		if (b->pid == ev->tgid && b->state == BOND_ACTIVE &&
		    bond_alive(b)) {
			bond_defunct(h, b, "execed");
			return;
		}
	}
}

void on_proc_events(struct holder *h)
{
	int ret = proc_events_read(h->pe, on_proc_event, h);
	size_t i;

	if (ret != -ENOBUFS)
		return;
	/* events were lost: an exec may have been missed, exits were not */
	hlog(h, "the proc connector dropped events");
	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].state == BOND_ACTIVE && !bond_alive(&h->bonds[i]))
			bond_defunct(h, &h->bonds[i], "exited");
}

bool any_polled(const struct holder *h)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].state == BOND_ACTIVE && h->bonds[i].pidfd < 0)
			return true;
	return false;
}

void poll_targets(struct holder *h, long long now)
{
	size_t i;

	if (now < h->next_poll)
		return;
	h->next_poll = now + POLL_MS;
	for (i = 0; i < h->nr_bonds && !h->stop; i++) {
		struct bond *b = &h->bonds[i];

		if (b->state == BOND_ACTIVE && b->pidfd < 0 && !bond_alive(b))
			bond_defunct(h, b, "exited");
	}
}
