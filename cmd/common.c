// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "report.h"
#include "sysfs_parse.h"
#include "target.h"
#include "text_escape.h"
#include "xalloc.h"

enum {
	OPT_PRETTY = 0x100,
	OPT_USAGE,
	OPT_COLOR,
};

struct common_state {
	bool json;
	bool pretty;
	int verbose;
	enum vs_color_mode color;
	bool version;		/* printed once the options are all read */
	bool done;		/* help, usage or version was printed */
};

static struct common_state common;

static const struct argp_option common_options[] = {
	{ NULL, 0, NULL, 0, "Output:", -2 },
	{ "json", 'j', NULL, 0, "Print JSON (schema 1) instead of text", -2 },
	{ "pretty", OPT_PRETTY, NULL, 0, "Indent the JSON output", -2 },
	{ "verbose", 'v', NULL, 0,
	  "Say more: reason codes, every reason in check, diagnostics on "
	  "stderr", -2 },
	{ "color", OPT_COLOR, "WHEN", OPTION_ARG_OPTIONAL,
	  "Colour the verdicts: auto (a terminal, without NO_COLOR or "
	  "TERM=dumb; the default), always (--color alone) or never", -2 },
	{ NULL, 0, NULL, 0, "Information:", -1 },
	{ "help", '?', NULL, 0, "Give this help list", -1 },
	{ NULL, 'h', NULL, OPTION_ALIAS, NULL, -1 },
	{ "usage", OPT_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", 'V', NULL, 0, "Print the program version", -1 },
	{ 0 }
};

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	switch (key) {
	case 'j':
		common.json = true;
		break;
	case OPT_PRETTY:
		common.pretty = true;
		break;
	case 'v':
		common.verbose++;
		break;
	case OPT_COLOR:
		if (!arg || !strcmp(arg, "always"))
			common.color = VS_COLOR_ALWAYS;
		else if (!strcmp(arg, "never"))
			common.color = VS_COLOR_NEVER;
		else if (!strcmp(arg, "auto"))
			common.color = VS_COLOR_AUTO;
		else
			return cmd_usage_error(state,
					       "--color takes auto, always or never, not '%s'",
					       arg);
		break;
	case 'h':
	case '?':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		common.done = true;
		break;
	case OPT_USAGE:
		argp_state_help(state, stdout,
				ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		common.done = true;
		break;
	case 'V':
		common.version = true;
		common.done = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* --version; with --json a document: {"schema":1,"name","version"} */
static void print_version(void)
{
	struct json_object *doc;

	if (!vs_out.json) {
		printf("vfio-sva %s\n", VFIO_SVA_VERSION);
		return;
	}
	doc = vs_json_doc();
	json_object_object_add(doc, "name", json_object_new_string("vfio-sva"));
	json_object_object_add(doc, "version",
			       json_object_new_string(VFIO_SVA_VERSION));
	vs_json_emit(doc);
}

const struct argp common_argp = {
	.options = common_options,
	.parser = common_parse,
};

const struct argp_child common_children[] = {
	{ &common_argp, 0, NULL, 0 },
	{ 0 }
};

/* --json before the arguments are parsed, so usage errors can honour it */
static bool wants_json(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json") ||
		    (argv[i][0] == '-' && argv[i][1] != '-' &&
		     strchr(argv[i], 'j') && !strchr(argv[i], '=')))
			return true;
	}
	return false;
}

bool cmd_info_shown(void)
{
	return common.done;
}

int cmd_usage_error(const struct argp_state *state, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	argp_error(state, "%s", msg);
	free(msg);
	return EINVAL;
}

/*
 * getopt and argp say "vfio-sva bind: unrecognized option '--x'" and then
 * "Try `vfio-sva bind --help' ...": report that as every other error is,
 * "vfio-sva: bind: unrecognized option '--x'" with a hint.
 */
static void usage_error_report(const char *text, const char *cmd)
{
	size_t len = strcspn(text, "\n");
	const char *msg = text;
	char prefix[64];
	char hint[96];

	snprintf(prefix, sizeof(prefix), "vfio-sva%s%s: ", cmd ? " " : "",
		 cmd ? cmd : "");
	if (!strncmp(msg, prefix, strlen(prefix))) {
		msg += strlen(prefix);
		len -= strlen(prefix);
	}
	snprintf(hint, sizeof(hint), "try 'vfio-sva%s%s --help'",
		 cmd ? " " : "", cmd ? cmd : "");
	if (!len) {
		msg = "usage error";
		len = strlen(msg);
	}
	{
		/* getopt quotes the user's option as it came: escape it */
		char raw[512], safe[2200];

		if (len >= sizeof(raw))
			len = sizeof(raw) - 1;
		memcpy(raw, msg, len);
		raw[len] = '\0';
		vs_fail(VS_EXIT_USAGE, hint, "%s%s%s", cmd ? cmd : "",
			cmd ? ": " : "", text_escape_buf(raw, 300, safe,
							 sizeof(safe)));
	}
}

int cmd_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	bool sub = argc && strcmp(argv[0], "vfio-sva") != 0;
	char *name = xasprintf("vfio-sva%s%s", sub ? " " : "",
			       sub ? argv[0] : "");
	char *argv0 = argv[0];
	FILE *saved_stderr, *errfile;
	char *errtext = NULL;
	size_t errlen = 0;
	int ret;

	common.json = common.json || wants_json(argc, argv);
	/*
	 * getopt reports bad options on stderr itself, around argp's stream:
	 * catch both, so that --json can carry the message too.
	 */
	saved_stderr = stderr;
	errfile = open_memstream(&errtext, &errlen);
	if (errfile)
		stderr = errfile;
	argv[0] = name;
	ret = argp_parse(argp, argc, argv,
			 ARGP_IN_ORDER | ARGP_NO_EXIT | ARGP_NO_HELP, NULL,
			 input);
	argv[0] = argv0;
	free(name);
	stderr = saved_stderr;
	if (errfile)
		fclose(errfile);
	vs_output_init(common.json, common.pretty, common.verbose, common.color);
	if (!ret && common.version)
		print_version();
	if (ret)
		usage_error_report(errtext ? errtext : "", sub ? argv[0] : NULL);
	else if (errlen)
		fputs(errtext, stderr);
	free(errtext);
	if (ret)
		return VS_EXIT_USAGE;
	return common.done ? VS_EXIT_OK : -1;
}

/* The thread group (process) @tid belongs to, 0 if it cannot be read. */
static pid_t thread_group_of(pid_t tid)
{
	char path[64], line[256];
	pid_t tgid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Tgid:", 5)) {
			tgid = (pid_t)strtol(line + 5, NULL, 10);
			break;
		}
	fclose(f);
	return tgid;
}

int cmd_pid(const char *cmd, const char *text, pid_t *pid)
{
	pid_t tgid;
	long pid_max;
	int ret;

	if (!text)
		return vs_fail(VS_EXIT_USAGE, NULL, "%s: --pid is required", cmd);
	ret = pid_parse(text, pid, &pid_max);
	/* the same numbers as a group's: decimal, no sign, no leading zero */
	if (!ret && text[0] == '0')
		ret = -EINVAL;
	if (ret == -ERANGE)
		return vs_fail(VS_EXIT_NOT_FOUND, NULL,
			       "%s: pid %s is beyond pid_max (%ld): no such process",
			       cmd, esc_arg(text), pid_max);
	if (ret)
		return vs_fail(VS_EXIT_USAGE, NULL,
			       "%s: '%s' is not a process id (a number from 1 to %ld)",
			       cmd, esc_arg(text), pid_max);
	/* an address space belongs to the process, not to one of its threads */
	tgid = thread_group_of(*pid);
	if (tgid > 0 && tgid != *pid)
		return vs_fail(VS_EXIT_NOT_FOUND,
			       "give the process id; threads share its address space",
			       "%s: %d is a thread of process %d, not a process",
			       cmd, (int)*pid, (int)tgid);
	return -1;
}

int cmd_set_pid(const struct argp_state *state, const char *arg,
		const char **pid_text)
{
	/* every command takes one process: a second --pid is a mistake */
	if (*pid_text)
		return cmd_usage_error(state, "--pid given twice ('%s' and '%s')",
				       *pid_text, arg);
	*pid_text = arg;
	return 0;
}

int cmd_set_group(const struct argp_state *state, const char *arg,
		  long *group)
{
	unsigned int id;

	if (*group >= 0)
		return cmd_usage_error(state, "--group given twice: this command takes one group");
	if (parse_dec_uint(arg, strlen(arg), &id))
		return cmd_usage_error(state, "'%s' is not an IOMMU group number",
				       arg);
	*group = id;
	return 0;
}

int cmd_add_group(const struct argp_state *state, const char *arg,
		  unsigned int *groups, size_t *nr_groups)
{
	unsigned int id;
	size_t i;

	if (parse_dec_uint(arg, strlen(arg), &id))
		return cmd_usage_error(state, "'%s' is not an IOMMU group number",
				       arg);
	for (i = 0; i < *nr_groups; i++)
		if (groups[i] == id)
			return cmd_usage_error(state, "group %u given twice", id);
	if (*nr_groups == PROTO_MAX_GROUPS)
		return cmd_usage_error(state, "at most %d groups",
				       PROTO_MAX_GROUPS);
	groups[(*nr_groups)++] = id;
	return 0;
}
