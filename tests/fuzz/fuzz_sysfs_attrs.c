// SPDX-License-Identifier: GPL-2.0
/*
 * Every sysfs attribute parser on the same input: ecap/cap/EFR hex, group
 * ids, AMD features, group types, reserved_regions, uevent files, the
 * kernel command line and cpuinfo readers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "iommu_caps.h"
#include "kernel_facts.h"
#include "sysfs_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct reserved_region regions[8];
	struct iommu_features f;
	enum group_type type;
	uint64_t a, b, efr, efr2;
	unsigned int id;
	char val[32], why[160];
	char *text;
	int have2, n;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	if (!parse_hex_u64(text, size, &a)) {
		vtd_decode(a, a, &f);
		amd_decode(a, a, &f);
	}
	parse_dec_uint(text, size, &id);
	if (!parse_amd_features(text, size, &a, &b, &have2))
		amd_efr_pick(text, a, b, have2, &efr, &efr2);
	parse_group_type(text, size, &type);
	n = parse_reserved_regions(text, size, regions, 8);
	if (n > 0 && regions[0].end < regions[0].start)
		abort();
	n = uevent_lookup(text, size, "DRIVER", val, sizeof(val));
	if (n >= 0 && strlen(val) >= sizeof(val))
		abort();
	/* the /proc readers take NUL-terminated text */
	intel_scalable_mode(text, text, why, sizeof(why));
	cpuinfo_has_flag(text, "la57");
	free(text);
	return 0;
}
