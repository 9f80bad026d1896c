/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_CMD_H
#define VFIO_SVA_CMD_H

/*
 * What the commands of cmd/ share: their entries, the common options,
 * argument parsing and usage errors, and the survey.
 */

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Each command's entry: argv[0] is the command's name, argv[1] on its
 * arguments; returns the exit status. main.c's table names them.
 */
int list_run(int argc, char **argv);
int check_run(int argc, char **argv);
int bind_run(int argc, char **argv);
int unbind_run(int argc, char **argv);
int status_run(int argc, char **argv);
int daemon_run(int argc, char **argv);
int monitor_run(int argc, char **argv);
int metrics_run(int argc, char **argv);

/*
 * --json, --pretty, -v, --help, --usage, --version: every command has them.
 * Being the last child, it also refuses the arguments no parser before it
 * took ("unexpected argument").
 */
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

/* What list and check are asked: the subjects named, and --no-probe. */
struct survey_args {
	char **names;			/* GROUP|DEVICE|SLOT, as given */
	size_t nr_names;
	bool names_required;		/* at least one: set before parsing */
	bool no_probe;
};

/* The parser of struct survey_args (its input) and its --no-probe. */
extern const struct argp survey_argp;

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
 * Keep @arg, an option's argument that may not be empty, in *@to from
 * inside an argp parser; an empty one is the usage error @empty.
 */
int cmd_take_text(const struct argp_state *state, const char *arg,
		  const char **to, const char *empty);

#endif
