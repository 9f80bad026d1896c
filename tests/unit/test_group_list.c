// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: lists of IOMMU group numbers (src/holders/group_list.c): their text,
 * cut where the buffer ends, and membership.
 */
#include <stdio.h>
#include <string.h>

#include "group_list.h"
#include "macros.h"
#include "unit.h"

static void test_text(void)
{
	static const unsigned int three[] = { 6, 7, 12 };
	static const unsigned int big[] = { 0, 4294967295u };
	static const struct {
		const unsigned int *groups;
		size_t n, size;
		const char *want;
	} cases[] = {
		{ three, 0, 32, "" },
		{ three, 1, 32, "6" },
		{ three, 3, 32, "6,7,12" },
		{ big, 2, 32, "0,4294967295" },
		/* as many whole numbers as fit */
		{ three, 3, 7, "6,7,12" },
		{ three, 3, 6, "6,7" },
		{ three, 3, 4, "6,7" },
		{ three, 3, 3, "6" },
		{ three, 3, 2, "6" },
		{ three, 3, 1, "" },
		{ big, 2, 11, "0" },
	};
	unsigned int most[GROUP_LIST_MAX];
	char buf[GROUPS_TEXT_MAX + 8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char name[64];

		memset(buf, 'X', sizeof(buf));
		groups_text(cases[i].groups, cases[i].n, buf, cases[i].size);
		snprintf(name, sizeof(name), "text case %zu (room %zu)", i,
			 cases[i].size);
		CHECK_EQ_STR(name, buf, cases[i].want);
	}
	memset(buf, 'X', sizeof(buf));
	groups_text(three, 3, buf, 0);
	CHECK("no room: nothing written", buf[0] == 'X', "%.8s", buf);

	for (i = 0; i < ARRAY_SIZE(most); i++)
		most[i] = 4294967295u;
	groups_text(most, ARRAY_SIZE(most), buf, GROUPS_TEXT_MAX);
	CHECK_EQ_INT("GROUPS_TEXT_MAX holds the longest list whole",
		     strlen(buf), ARRAY_SIZE(most) * 11 - 1);
}

static void test_contain(void)
{
	static const unsigned int three[] = { 6, 7, 12 };

	CHECK("6 is in 6,7,12", groups_contain(three, 3, 6), "%s", "no");
	CHECK("12 is in 6,7,12", groups_contain(three, 3, 12), "%s", "no");
	CHECK("8 is not", !groups_contain(three, 3, 8), "%s", "it is");
	CHECK("12 is not in the first two", !groups_contain(three, 2, 12),
	      "%s", "it is");
	CHECK("nothing is in an empty list", !groups_contain(three, 0, 6),
	      "%s", "it is");
}

int main(void)
{
	unit_suite("group_list");
	test_text();
	test_contain();
	return unit_finish();
}
