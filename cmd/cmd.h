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

extern const struct command cmd_list;

/* --json, --pretty, -v, --help, --usage, --version: every command has them. */
extern const struct argp common_argp;

/*
 * Parse a command's arguments (argv[0] is the command name) with @argp,
 * which has common_argp as a child. Returns -1 to go on, or the exit status
 * to end with: 0 after --help, --usage or --version, 64 after a usage error
 * (reported on stderr and, with --json, as a JSON document on stdout).
 */
int cmd_parse(const struct argp *argp, int argc, char **argv, void *input);

/* Report a usage error from inside an argp parser; returns EINVAL. */
int cmd_usage_error(const struct argp_state *state, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
