/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_NAME_TABLE_H
#define VFIO_SVA_NAME_TABLE_H

/*
 * Tables of an enum's names (designated initializers indexed by the enum,
 * NULL where a value has no name): a value's name, and the reverse, the
 * value of a name.
 */
#include <stddef.h>
#include <string.h>

#include "macros.h"

/* The name of @i in @table, or @fallback for a value @table does not name. */
#define NAME_IN(table, i, fallback)					\
	((size_t)(i) < ARRAY_SIZE(table) && (table)[i] ? (table)[i] :	\
							 (fallback))

/* The index of @name in @names[@n], or -1 if it is none of them. */
static inline int name_index(const char *const *names, size_t n,
			     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(name, names[i]))
			return (int)i;
	return -1;
}

#endif
