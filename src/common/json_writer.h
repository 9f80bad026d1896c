/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_JSON_WRITER_H
#define VFIO_SVA_JSON_WRITER_H

/*
 * A streaming JSON writer: a document written as it is walked, with no
 * tree in memory, in json-c's own bytes (json_object_to_json_string_ext
 * with NOSLASHESCAPE, either PLAIN or PRETTY | SPACED).
 *
 * Every value takes a @key: the member's name inside an object, NULL
 * inside an array or for the document itself. One writer serves one
 * thread (it writes with stdio's unlocked calls).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tristate.h"

/* Containers one document may nest; deeper is a bug and aborts. */
#define JW_MAX_DEPTH	8

struct jw {
	FILE *out;
	bool pretty;
	int depth;			/* containers open */
	bool array[JW_MAX_DEPTH];
	bool had[JW_MAX_DEPTH];		/* a member was written */
};

/* Write to @out, indented (PRETTY | SPACED) or on one line (PLAIN). */
void jw_init(struct jw *w, FILE *out, bool pretty);

void jw_open_object(struct jw *w, const char *key);
void jw_open_array(struct jw *w, const char *key);
/* Close the innermost open object or array. */
void jw_close(struct jw *w);

/* A string (NULL: null), escaped as json-c does, invalid UTF-8 repaired. */
void jw_str(struct jw *w, const char *key, const char *s);
void jw_int(struct jw *w, const char *key, int64_t v);
void jw_bool(struct jw *w, const char *key, bool b);
void jw_null(struct jw *w, const char *key);

/* true or false; null when unknown. */
void jw_tri_bool(struct jw *w, const char *key, enum tri t);
/* An int; null when negative (the model's "not known"). */
void jw_int_or_null(struct jw *w, const char *key, int64_t v);
/* @v as a string of at least @digits (0 to 16) lower-case hex digits, no 0x. */
void jw_hex(struct jw *w, const char *key, uint64_t v, int digits);
/* The same; null when not @have. */
void jw_hex_or_null(struct jw *w, const char *key, bool have, uint64_t v,
		    int digits);

#endif
