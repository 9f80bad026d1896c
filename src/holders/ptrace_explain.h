/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PTRACE_EXPLAIN_H
#define VFIO_SVA_PTRACE_EXPLAIN_H

/*
 * Why the kernel's ptrace check refused a bind (or found no process), in
 * the user's terms.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "target.h"

/* The caller's side of a ptrace check. */
struct ptrace_caller {
	uid_t ruid;
	gid_t rgid;
	bool cap_sys_ptrace;	/* in the effective set */
	int yama_scope;		/* -1 without Yama */
};

void ptrace_caller_read(struct ptrace_caller *c);

/*
 * Why the kernel refused PTRACE_MODE_ATTACH_REALCREDS on @t, in the user's
 * terms, written to @buf. The kernel's verdict is final; this explains it.
 */
void ptrace_explain(const struct ptrace_caller *c,
		    const struct target_info *t, char *buf, size_t size);

/* Why the kernel answered ESRCH for a process that @t describes. */
void esrch_explain(const struct target_info *t, int read_err, pid_t pid,
		   char *buf, size_t size);

#endif
