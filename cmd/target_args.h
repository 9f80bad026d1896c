/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_CMD_TARGET_ARGS_H
#define VFIO_SVA_CMD_TARGET_ARGS_H

/*
 * --pid PID and --group N, declared once for the commands about a process's
 * bonds (bind, unbind, monitor): an argp child that fills a struct
 * target_args, with the help text and the needs of the command it serves.
 */
#include <argp.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "holder_proto.h"

/* What one command says and asks of --pid and --group. */
struct target_spec {
	const char *pid_doc;		/* --pid's help text */
	const char *group_doc;		/* --group's help text */
	bool pid_required;
	/* the groups of a container: one or more; else one at the most */
	bool many_groups;
};

struct target_args {
	const struct target_spec *spec;	/* set before parsing */
	const char *pid_text;		/* as given: cmd_pid() checks it */
	unsigned int groups[PROTO_MAX_GROUPS];	/* in the order given */
	size_t nr_groups;
};

/*
 * The argp children of a command that takes --pid and --group:
 * target_argp (input: its struct target_args), then common_argp.
 */
extern const struct argp target_argp;
extern const struct argp_child target_children[];

/* The one --group of a command that takes one at the most: -1 for none. */
long target_group(const struct target_args *t);

/*
 * Check a --pid argument after parsing: returns -1 with *@pid set, or the
 * exit status after reporting (64 for text that is no pid, 2 beyond
 * pid_max, where no process can be).
 */
int cmd_pid(const char *cmd, const char *text, pid_t *pid);

#endif
