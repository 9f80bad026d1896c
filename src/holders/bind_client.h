/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_BIND_CLIENT_H
#define VFIO_SVA_BIND_CLIENT_H

/* bind through the daemon, as its client (cmd/bind.c without --hold). */
#include <stddef.h>

#include "bind_target.h"

/* The groups of the container to bind to. */
struct bind_groups {
	const unsigned int *groups;
	size_t nr_groups;
};

/*
 * Hand the target's /proc/PID/mem and the groups this user can open to
 * the daemon this user may use, which binds; print the bond. Returns the
 * exit status (the failure reported).
 */
int bind_via_daemon(const struct bind_groups *a, struct bind_target *t);

/* Report the kernel's refusal @err (positive) of a bind; its exit status. */
int bind_failed(int err, const struct bind_target *t,
		const struct bind_groups *a);

#endif
