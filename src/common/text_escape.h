/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_TEXT_ESCAPE_H
#define VFIO_SVA_TEXT_ESCAPE_H

/*
 * Strings that come from a process (comm, which any user sets), from a
 * holder or from sysfs are untrusted: before they reach a terminal or a
 * log, control characters (C0, DEL, C1), backslashes and bytes that are
 * not valid UTF-8 become \xNN (a backslash \\), as systemctl writes them;
 * before they reach JSON, invalid UTF-8 becomes U+FFFD.
 */
#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* The length of the valid UTF-8 sequence at @s (at most @len), or 0. */
size_t utf8_seq_len(const unsigned char *s, size_t len);

bool utf8_valid(const char *s, size_t len);

/*
 * Escape @s into @buf (always NUL-terminated). At most @max_bytes of @s
 * are taken (0: all); a string cut short, or one that does not fit, ends
 * in "...". Returns @buf.
 */
char *text_escape_buf(const char *s, size_t max_bytes, char *buf,
		      size_t size);

/*
 * The same into one of a few rotating static buffers, for use in a
 * printf argument list: esc() for names and values (up to 255 bytes of
 * the string), esc_arg() for a user's argument quoted in a message (up to
 * 64 bytes). "(null)" for NULL.
 */
const char *esc(const char *s);
const char *esc_arg(const char *s);

/* @s with invalid UTF-8 replaced by U+FFFD; the caller frees it. */
char *utf8_sanitize(const char *s, size_t len);

/*
 * Make every string in @o valid UTF-8, recursively: string values are
 * replaced, members whose key is not valid UTF-8 are dropped.
 */
void json_sanitize_utf8(struct json_object *o);

#endif
