/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_CMD_OPTIONS_H
#define VFIO_SVA_CMD_OPTIONS_H

/*
 * The key of every option of every command, in one place. argp hands a key
 * to the first parser that takes it (the command's, then its children's:
 * the selection, --pid and --group, the common options), so two options
 * with one key would quietly share a meaning: every key is named here once.
 * A short option's key is its letter; a long-only option's lies beyond
 * every character, so argp gives it no short form.
 */
enum option_key {
	/* every command (common.c) */
	OPT_HELP = '?',
	OPT_HELP_ALIAS = 'h',
	OPT_JSON = 'j',
	OPT_VERBOSE = 'v',
	OPT_VERSION = 'V',
	/* bind, unbind, monitor (target_args.c) */
	OPT_PID = 'p',
	OPT_GROUP = 'g',
	/* list's selection (select.c) */
	OPT_SLOT = 's',
	OPT_IDS = 'd',
	/* list */
	OPT_NUMERIC = 'n',
	/* metrics */
	OPT_OUTPUT = 'o',

	/* long-only */
	OPT_PRETTY = 0x100,	/* every command */
	OPT_USAGE,		/* every command */
	OPT_COLOR,		/* every command */
	OPT_NO_PROBE,		/* list, check, metrics */
	OPT_BRIEF,		/* list */
	OPT_DRIVER,		/* list's selection */
	OPT_SVA,		/* list's selection */
	OPT_HOLD,		/* bind */
	OPT_RUNTIME_DIR,	/* daemon */
};

#endif
