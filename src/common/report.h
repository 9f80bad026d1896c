/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_REPORT_H
#define VFIO_SVA_REPORT_H

/*
 * What the user sees of a failure or a warning, and the output options:
 * one-line messages on stderr, --json documents on stdout, debug levels
 * and colour.
 */

#include <stdbool.h>
#include <json-c/json.h>

#include "exit_codes.h"

/* The JSON contract's version, in every document's "schema" member. */
#define VS_JSON_SCHEMA 1

/* How the user asked for output; set once by main from the global options. */
struct vs_output {
	bool json;
	bool pretty;
	int verbose;
	bool color;
	int write_errno;	/* the first failed write to stdout */
};

extern struct vs_output vs_out;

/* --color=auto|always|never */
enum vs_color_mode {
	VS_COLOR_AUTO,
	VS_COLOR_ALWAYS,
	VS_COLOR_NEVER,
};

/*
 * auto colours text on a terminal unless NO_COLOR is set (not empty) or
 * TERM is dumb; JSON is never coloured.
 */
void vs_output_init(bool json, bool pretty, int verbose,
		    enum vs_color_mode color);

/*
 * Report a failure: one line "vfio-sva: MESSAGE" on stderr, a "hint:" line
 * when @hint is set, and with --json an {"schema":1,"error":{...}} document
 * on stdout. Returns @code so callers can `return vs_fail(...)`.
 */
int vs_fail(enum vs_exit code, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A warning on stderr that does not change the exit status. */
void vs_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Diagnostics shown with -v (level 1) or -vv (level 2). */
void vs_debug(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print a JSON document on stdout as the global options say; frees @doc. */
int vs_json_emit(struct json_object *doc);

/*
 * stdout could not be written (errno @err): say so once, "vfio-sva: cannot
 * write to standard output: why". Returns VS_EXIT_FAILURE.
 */
int vs_stdout_error(int err);

/*
 * At the end of every command: flush stdout; if anything written to it was
 * lost, report it and turn a success (or a partial answer) into
 * VS_EXIT_FAILURE. Returns the exit status.
 */
int vs_finish(int ret);

/* A new JSON document carrying the schema version. */
struct json_object *vs_json_doc(void);

/* Colour escape for a verdict word, or "" without colour. */
const char *vs_color(const char *what);

#endif
