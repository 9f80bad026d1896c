/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PRINT_H
#define VFIO_SVA_PRINT_H

/*
 * One call per field, for text and for JSON, as iproute2's print_*():
 * print_uint(PRINT_ANY, "pasid", "PASID %u", v) adds the member "pasid"
 * to the document with --json, else writes the text. PRINT_FP writes only
 * the text, PRINT_JSON only the member. A field's type may be masked by
 * the caller's (t & PRINT_FP): 0 prints nothing.
 *
 * Strings are untrusted: the text shows them escaped (esc()), the JSON
 * holds them as valid UTF-8.
 */
#include <json-c/json.h>

enum print_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* Start a command's output: with --json, a document {"schema": 1}. */
void print_doc_begin(void);

/* End it: the document written as the global options say. 0 or -1. */
int print_doc_end(void);

/*
 * End one of a stream of documents (JSON lines, as monitor's events): the
 * JSON on one compact line whatever --pretty says, or the text's line
 * ended; flushed either way. 0 or -1.
 */
int print_doc_end_line(void);

/*
 * Print into @root (JSON, whatever --json says) until print_capture_end():
 * a renderer's JSON as a value of its own.
 */
struct print_capture {
	int depth;
	struct json_object *stack[8];
};
void print_capture_begin(struct json_object *root, struct print_capture *saved);
void print_capture_end(const struct print_capture *saved);

/*
 * Is the JSON side on (--json, or a capture)? Only for what text and JSON
 * do differently, such as warnings on stderr.
 */
int print_json_on(void);

/* A member (an element, inside an array) that holds what follows. */
void print_open_object(enum print_type t, const char *key);
void print_close_object(enum print_type t);
void print_open_array(enum print_type t, const char *key);
void print_close_array(enum print_type t);

void print_int(enum print_type t, const char *key, const char *fmt, int v);
void print_uint(enum print_type t, const char *key, const char *fmt,
		unsigned int v);
/* NULL is null in JSON and "-" in the text */
void print_string(enum print_type t, const char *key, const char *fmt,
		  const char *s);
void print_null(enum print_type t, const char *key);

/* JSON only: @v (taken over), a value another renderer built (a capture). */
void print_value(enum print_type t, const char *key, struct json_object *v);

/* Text alone, as printf() writes it: for what is not a field. */
void print_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
