// SPDX-License-Identifier: GPL-2.0
/*
 * What the user sees of a failure or a warning: one-line messages on
 * stderr, --json error documents on stdout, debug output by -v level, and
 * colour.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "macros.h"
#include "report.h"
#include "service.h"

struct vs_output vs_out;

void vs_output_init(bool json, bool pretty, int verbose,
		    enum vs_color_mode color)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	vs_out.json = json;
	vs_out.pretty = pretty;
	vs_out.verbose = verbose;
	if (color == VS_COLOR_AUTO)
		vs_out.color = !json && isatty(STDOUT_FILENO) &&
			       !(no_color && *no_color) &&
			       !(term && !strcmp(term, "dumb"));
	else
		vs_out.color = !json && color == VS_COLOR_ALWAYS;
}

struct json_object *vs_json_doc(void)
{
	struct json_object *doc = json_object_new_object();

	json_object_object_add(doc, "schema",
			       json_object_new_int(VS_JSON_SCHEMA));
	return doc;
}

int vs_json_emit(struct json_object *doc)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;
	const char *text;
	int ret = 0;

	flags |= vs_out.pretty ? JSON_C_TO_STRING_PRETTY |
				 JSON_C_TO_STRING_SPACED :
				 JSON_C_TO_STRING_PLAIN;
	text = json_object_to_json_string_ext(doc, flags);
	if (!text || printf("%s\n", text) < 0 || fflush(stdout) == EOF) {
		if (!vs_out.write_errno)
			vs_out.write_errno = text ? errno : ENOMEM;
		ret = -1;
	}
	json_object_put(doc);
	return ret;
}

int vs_stdout_error(int err)
{
	static bool reported;

	if (!reported)
		fprintf(stderr, "vfio-sva: cannot write to standard output: %s\n",
			strerror(err));
	reported = true;
	return VS_EXIT_FAILURE;
}

int vs_finish(int ret)
{
	int err = 0;

	if (fflush(stdout) == EOF)
		err = errno ? errno : EIO;
	else if (ferror(stdout))
		err = vs_out.write_errno ? vs_out.write_errno : EIO;
	if (!err)
		return ret;
	vs_stdout_error(err);
	return ret == VS_EXIT_OK || ret == VS_EXIT_PARTIAL ? VS_EXIT_FAILURE :
							     ret;
}

int vs_fail(enum vs_exit code, const char *hint, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);

	/* to the journal, the error's priority (a service's start-up failure) */
	fprintf(stderr, "%svfio-sva: %s\n", service_log_prefix(SD_ERR), msg);
	if (hint)
		fprintf(stderr, "%svfio-sva: hint: %s\n",
			service_log_prefix(SD_ERR), hint);

	if (vs_out.json) {
		struct json_object *doc = vs_json_doc();
		struct json_object *err = json_object_new_object();

		json_object_object_add(err, "code",
				json_object_new_string(vs_exit_name(code)));
		json_object_object_add(err, "exit", json_object_new_int(code));
		json_object_object_add(err, "message",
				       json_object_new_string(msg));
		if (hint)
			json_object_object_add(err, "hint",
					       json_object_new_string(hint));
		json_object_object_add(doc, "error", err);
		vs_json_emit(doc);
	}
	return code;
}

void vs_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%svfio-sva: warning: ", service_log_prefix(SD_WARNING));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void vs_debug(int level, const char *fmt, ...)
{
	va_list ap;

	if (vs_out.verbose < level)
		return;
	fputs("vfio-sva: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* The SGR sequence of each word vs_color() knows. */
static const struct {
	const char *what, *sgr;
} colors[] = {
	{ "yes", "\033[32m" },
	{ "no", "\033[31m" },
	{ "unknown", "\033[33m" },
	{ "bold", "\033[1m" },
	{ "dim", "\033[2m" },
	{ "reset", "\033[0m" },
};

const char *vs_color(const char *what)
{
	size_t i;

	if (!vs_out.color)
		return "";
	for (i = 0; i < ARRAY_SIZE(colors); i++)
		if (!strcmp(what, colors[i].what))
			return colors[i].sgr;
	return "";
}
