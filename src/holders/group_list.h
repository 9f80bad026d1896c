/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_GROUP_LIST_H
#define VFIO_SVA_GROUP_LIST_H

/*
 * Lists of IOMMU group numbers, as a request or a container holds them:
 * looked up and written as text ("6,7,12"). No JSON here.
 */
#include <stdbool.h>
#include <stddef.h>

/* Groups one list holds at most (one request's, one container's). */
#define GROUP_LIST_MAX		64

/* Room for any list as groups_text() writes it: "," and 10 digits each. */
#define GROUPS_TEXT_MAX		(GROUP_LIST_MAX * 11 + 1)

/* Is @id one of the @n @groups? */
bool groups_contain(const unsigned int *groups, size_t n, unsigned int id);

/* "6,7,12": as many of @groups as fit in @buf (NUL-terminated). */
void groups_text(const unsigned int *groups, size_t n, char *buf,
		 size_t size);

#endif
