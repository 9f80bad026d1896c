// SPDX-License-Identifier: GPL-2.0
/* /proc/PID/stat text, proc connector messages, and /proc/version with a
 * release string as kernel_identify() and the rules table read them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_rules.h"
#include "proc_events.h"
#include "target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proc_stat st;
	struct proc_ev ev;
	uint8_t *copy;
	int ack;

	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (!proc_stat_parse((const char *)copy, size, &st) &&
	    (st.pid <= 0 || strlen(st.comm) >= sizeof(st.comm)))
		abort();
	proc_event_decode(copy, size, &ev, &ack);
	free(copy);

	/* the first line is a release, the rest /proc/version */
	{
		char *text = malloc(size + 1), *nl;
		const struct kernel_rule *r;
		struct kernel_id id;

		if (!text)
			return 0;
		memcpy(text, data, size);
		text[size] = '\0';
		nl = strchr(text, '\n');
		if (nl)
			*nl = '\0';
		kernel_identify(text, nl ? nl + 1 : NULL, &id);
		if (strlen(id.upstream) >= sizeof(id.upstream) ||
		    strlen(id.package) >= sizeof(id.package))
			abort();
		r = kernel_rule_match(RULE_X86_SVA_DISABLE, &id, true);
		if (r && r->rule != RULE_X86_SVA_DISABLE)
			abort();
		if (nl && kernel_version_cmp(text, nl + 1) !=
			  -kernel_version_cmp(nl + 1, text))
			abort();
		free(text);
	}
	return 0;
}
