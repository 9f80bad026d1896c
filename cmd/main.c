// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva [GLOBAL OPTION...] COMMAND [ARG...]
 * Global options are parsed up to the command word; the command parses the
 * rest with its own argp, which carries the same shared options.
 */
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "cmd.h"
#include "macros.h"
#include "text_escape.h"
#include "report.h"

/* A command: its name, its line in 'vfio-sva --help', and its entry. */
struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

static int help_run(int argc, char **argv);

static const struct command commands[] = {
	{ "list", "IOMMU units, groups, devices and their SVA verdicts",
	  list_run },
	{ "check", "one line per group or device: can it do SVA, and why not",
	  check_run },
	{ "bind", "bind a process to a container of groups and print its PASID",
	  bind_run },
	{ "unbind", "remove the bonds of a process", unbind_run },
	{ "status", "show the bonds the holders keep", status_run },
	{ "daemon", "hold containers so that bonds outlive the command",
	  daemon_run },
	{ "monitor", "print group, driver and bond events as they happen",
	  monitor_run },
	{ "metrics", "SVA verdicts, IOMMU features and bonds for Prometheus",
	  metrics_run },
	{ "help", "help [COMMAND]: this help, or a command's (as COMMAND --help)",
	  help_run },
};

struct main_args {
	int command;		/* index of the command word in argv */
};

static error_t main_parse(int key, char *arg, struct argp_state *state)
{
	struct main_args *a = state->input;

	(void)arg;
	switch (key) {
	case ARGP_KEY_INIT:
		state->child_inputs[0] = NULL;
		break;
	case ARGP_KEY_ARG:
		a->command = state->next - 1;
		state->next = state->argc;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static char *main_help_filter(int key, const char *text, void *input)
{
	char *out;
	size_t len;
	FILE *f;
	size_t i;

	(void)input;
	if (key != ARGP_KEY_HELP_POST_DOC)
		return (char *)text;
	f = open_memstream(&out, &len);
	if (!f)
		return (char *)text;
	fputs("Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n'vfio-sva help COMMAND' or 'vfio-sva COMMAND --help' describes a command. Exit status: 0 success, 1 failure, 2 not found, 3 not supported, 4 permission denied, 5 busy, 6 partial (a holder did not answer), 10 and 11 (bind --hold: the process exited, executed), 12 (check: SVA unknown), 64 usage; see vfio-sva(8).",
	      f);
	fclose(f);
	return out;
}

static const struct argp main_argp = {
	.doc = "Shared Virtual Addressing for VFIO: which devices can bind a "
	       "process address space, and the bonds themselves.\v",
	.args_doc = "COMMAND [ARG...]",
	.parser = main_parse,
	.children = common_children,
	.help_filter = main_help_filter,
};

/* vfio-sva help [COMMAND], as git and ip have it */
static int help_run(int argc, char **argv)
{
	char *sub_argv[] = { NULL, (char *)"--help", NULL };
	size_t i;

	if (argc > 2)
		return vs_fail(VS_EXIT_USAGE, "try 'vfio-sva help'",
			       "help: one command at most");
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "-?")) {
		argp_help(&main_argp, stdout, ARGP_HELP_STD_HELP,
			  (char *)"vfio-sva");
		return fflush(stdout) ? VS_EXIT_FAILURE : VS_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (commands[i].run != help_run &&
		    !strcmp(argv[1], commands[i].name)) {
			sub_argv[0] = argv[1];
			return commands[i].run(2, sub_argv);
		}
	return vs_fail(VS_EXIT_USAGE, "'vfio-sva help' lists the commands",
		       "help: no command '%s'", argv[1]);
}

int main(int argc, char **argv)
{
	struct main_args args = { 0 };
	const char *name;
	size_t i;
	int ret;

	/* leave at once: no exit handlers run in a privileged start */
	if (getauxval(AT_SECURE)) {
		fputs("vfio-sva: refusing to run setuid or setgid: privilege comes from the kernel's own checks\n",
		      stderr);
		_exit(VS_EXIT_PERMISSION);
	}

	/* messages name the program, not the path it was started by */
	if (argc)
		argv[0] = (char *)"vfio-sva";
	ret = cmd_parse(&main_argp, argc, argv, &args);
	if (ret >= 0)
		return vs_finish(ret);
	if (!args.command) {
		vs_fail(VS_EXIT_USAGE, "try 'vfio-sva --help'",
			"no command given");
		return VS_EXIT_USAGE;
	}
	name = argv[args.command];
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(name, commands[i].name))
			return vs_finish(commands[i].run(argc - args.command,
						argv + args.command));
	return vs_fail(VS_EXIT_USAGE, "try 'vfio-sva --help'",
		       "unknown command '%s'", esc_arg(name));
}
