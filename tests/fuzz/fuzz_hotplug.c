// SPDX-License-Identifier: GPL-2.0
/* uevent fields as a monitor receives them: action, subsystem, name, driver. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hotplug.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hotplug_event ev;
	char *f[4] = { NULL };
	char *text, *p, *save;
	int i = 0;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (p = strtok_r(text, "\n", &save); p && i < 4;
	     p = strtok_r(NULL, "\n", &save))
		f[i++] = p;
	hotplug_decode(f[0], f[1], f[2], f[3], -1, &ev);
	if (strlen(ev.device) >= sizeof(ev.device) ||
	    strlen(ev.driver) >= sizeof(ev.driver))
		abort();
	free(text);
	return 0;
}
