// SPDX-License-Identifier: GPL-2.0
/* The config-space walk on any bytes of any length. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pcie_caps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pcie_caps caps;
	uint8_t *copy;

	/* an exact-size heap copy lets ASan see any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	pcie_caps_decode(copy, size, &caps);
	if (caps.ats.present == TRI_YES &&
	    (caps.ats.offset < 0x100 || caps.ats.offset + 4u > size))
		abort();
	if (caps.pasid.present == TRI_YES && caps.pasid.width > 31)
		abort();
	if ((caps.walk == ECAP_WALK_COMPLETE ||
	     caps.walk == ECAP_WALK_NO_EXT_SPACE) &&
	    (caps.ats.present == TRI_UNKNOWN || caps.pri.present == TRI_UNKNOWN ||
	     caps.pasid.present == TRI_UNKNOWN))
		abort();
	free(copy);
	return 0;
}
