/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_SYSFS_PARSE_H
#define VFIO_SVA_SYSFS_PARSE_H

/*
 * Parsers for the text of sysfs attributes. They take a buffer and its
 * length (not necessarily NUL-terminated), accept one trailing newline and
 * reject everything else, returning 0 or a negative errno.
 */

#include <stddef.h>
#include <stdint.h>

/* "0x1f" or "1f" (hex, as in ecap, cap, vendor and class). */
int parse_hex_u64(const char *buf, size_t len, uint64_t *out);

/* A decimal id such as an IOMMU group directory name. */
int parse_dec_uint(const char *buf, size_t len, unsigned int *out);

/*
 * AMD "features": one hex number, or two separated by ':' (without 0x).
 * Which of the two is the EFR depends on the kernel: see amd_efr_pick().
 */
int parse_amd_features(const char *buf, size_t len, uint64_t *first,
		       uint64_t *second, int *have_second);

/* IOMMU group default domain types, from .../iommu_groups/N/type. */
enum group_type {
	GROUP_TYPE_UNKNOWN,
	GROUP_TYPE_DMA,
	GROUP_TYPE_DMA_FQ,
	GROUP_TYPE_IDENTITY,
	GROUP_TYPE_BLOCKED,
	GROUP_TYPE_UNMANAGED,
};

int parse_group_type(const char *buf, size_t len, enum group_type *out);
const char *group_type_name(enum group_type type);

/* One line of reserved_regions: "0x00000000fee00000 0x00000000feefffff msi" */
struct reserved_region {
	uint64_t start;
	uint64_t end;
	char type[24];
};

/*
 * Parse a whole reserved_regions file into @regions (at most @max).
 * Returns the number of lines parsed (which may exceed @max: only the first
 * @max are stored) or a negative errno for a malformed line.
 */
int parse_reserved_regions(const char *buf, size_t len,
			   struct reserved_region *regions, size_t max);

/*
 * Find KEY in a uevent file's text ("KEY=VALUE" lines). Copies the value
 * into @val (NUL-terminated, truncated to @size) and returns its length, or
 * -ENOENT.
 */
int uevent_lookup(const char *buf, size_t len, const char *key, char *val,
		  size_t size);

#endif
