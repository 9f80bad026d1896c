// SPDX-License-Identifier: GPL-2.0
/*
 * Lists of IOMMU group numbers (group_list.h): membership and the text
 * the log and the messages show ("6,7,12").
 */
#include <stdio.h>
#include <string.h>

#include "group_list.h"

bool groups_contain(const unsigned int *groups, size_t n, unsigned int id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (groups[i] == id)
			return true;
	return false;
}

void groups_text(const unsigned int *groups, size_t n, char *buf,
		 size_t size)
{
	size_t i, used = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		char one[16];
		size_t len = (size_t)snprintf(one, sizeof(one), "%s%u",
					      i ? "," : "", groups[i]);

		if (used + len >= size)
			break;
		memcpy(buf + used, one, len + 1);
		used += len;
	}
}
