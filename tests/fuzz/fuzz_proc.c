// SPDX-License-Identifier: GPL-2.0
/* /proc/PID/stat text and proc connector messages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	return 0;
}
