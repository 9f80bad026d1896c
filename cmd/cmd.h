/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_CMD_H
#define VFIO_SVA_CMD_H

#include <argp.h>
#include <stdbool.h>

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

#include <sys/types.h>

#include "holder_proto.h"

extern const struct command cmd_list;
extern const struct command cmd_check;
extern const struct command cmd_bind;
extern const struct command cmd_unbind;
extern const struct command cmd_status;
extern const struct command cmd_daemon;
extern const struct command cmd_monitor;
extern const struct command cmd_metrics;

/* --json, --pretty, -v, --help, --usage, --version: every command has them. */
extern const struct argp common_argp;

/* The children of every command's argp: the common options. */
extern const struct argp_child common_children[];

/*
 * Parse a command's arguments (argv[0] is the command name) with @argp,
 * which has common_argp as a child. Returns -1 to go on, or the exit status
 * to end with: 0 after --help, --usage or --version, 64 after a usage error
 * (reported on stderr and, with --json, as a JSON document on stdout).
 */
int cmd_parse(const struct argp *argp, int argc, char **argv, void *input);

struct machine;

/*
 * Enumerate, learn about the bind ioctl (unless @no_probe), assess: -1 to
 * go on with @m filled, or the exit status after reporting (@m is then
 * freed). Refuses when sysfs reads failed for want of files or memory.
 */
int cmd_survey(const char *cmd, struct machine *m, bool no_probe);

/* Was --help, --usage or --version handled (so required options are not)? */
bool cmd_info_shown(void);

/* Report a usage error from inside an argp parser; returns EINVAL. */
int cmd_usage_error(const struct argp_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Check a --pid argument after parsing: returns -1 with *@pid set, or the
 * exit status after reporting (64 for text that is no pid, 2 beyond
 * pid_max, where no process can be).
 */
int cmd_pid(const char *cmd, const char *text, pid_t *pid);

/* --pid PID, once: keeps the text for cmd_pid(); 0 or EINVAL (usage). */
int cmd_set_pid(const struct argp_state *state, const char *arg,
		const char **pid_text);

/*
 * Take a single --group argument into @group (-1 until given) from inside
 * an argp parser; a second one is a usage error.
 */
int cmd_set_group(const struct argp_state *state, const char *arg,
		  long *group);

/* Add a --group argument to @groups from inside an argp parser. */
int cmd_add_group(const struct argp_state *state, const char *arg,
		  unsigned int *groups, size_t *nr_groups);

#endif
