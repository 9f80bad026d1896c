// SPDX-License-Identifier: GPL-2.0
/*
 * The options every command has (--json, --verbose, --help, --version...)
 * and cmd_parse(), which parses a command's arguments with them and reports
 * usage errors as every other error is reported.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "report.h"
#include "text_escape.h"
#include "xalloc.h"

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
	{ "json", OPT_JSON, NULL, 0,
	  "Print JSON (schema 1) instead of text", -2 },
	{ "pretty", OPT_PRETTY, NULL, 0, "Indent the JSON output", -2 },
	{ "verbose", OPT_VERBOSE, NULL, 0,
	  "Say more: reason codes, every reason in check, diagnostics on "
	  "stderr", -2 },
	{ "color", OPT_COLOR, "WHEN", OPTION_ARG_OPTIONAL,
	  "Colour the verdicts: auto (a terminal, without NO_COLOR or "
	  "TERM=dumb; the default), always (--color alone) or never", -2 },
	{ NULL, 0, NULL, 0, "Information:", -1 },
	{ "help", OPT_HELP, NULL, 0, "Give this help list", -1 },
	{ NULL, OPT_HELP_ALIAS, NULL, OPTION_ALIAS, NULL, -1 },
	{ "usage", OPT_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", OPT_VERSION, NULL, 0, "Print the program version", -1 },
	{ 0 }
};

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	(void)arg;
	switch (key) {
	case OPT_JSON:
		common.json = true;
		break;
	case OPT_PRETTY:
		common.pretty = true;
		break;
	case OPT_VERBOSE:
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
	case OPT_HELP:
	case OPT_HELP_ALIAS:
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		common.done = true;
		break;
	case OPT_USAGE:
		argp_state_help(state, stdout,
				ARGP_HELP_USAGE | ARGP_HELP_EXIT_OK);
		common.done = true;
		break;
	case OPT_VERSION:
		common.version = true;
		common.done = true;
		break;
	case ARGP_KEY_ARG:
		/* the parsers before this one took what they take */
		return cmd_usage_error(state, "unexpected argument '%s'", arg);
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

int cmd_take_text(const struct argp_state *state, const char *arg,
		  const char **to, const char *empty)
{
	if (!*arg)
		return cmd_usage_error(state, "%s", empty);
	*to = arg;
	return 0;
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
