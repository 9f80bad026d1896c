/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_TRISTATE_H
#define VFIO_SVA_TRISTATE_H

/*
 * Facts that may be unknown: yes, no or unknown.
 */

#include <stdbool.h>

/* A fact that may not have been readable: JSON null, text "unknown". */
enum tri {
	TRI_UNKNOWN = -1,
	TRI_NO = 0,
	TRI_YES = 1,
};

/* bool, not int: register bits above 31 must survive the conversion */
static inline enum tri tri_of(bool v)
{
	return v ? TRI_YES : TRI_NO;
}

static inline const char *tri_word(enum tri t)
{
	return t == TRI_YES ? "yes" : t == TRI_NO ? "no" : "unknown";
}

#endif
