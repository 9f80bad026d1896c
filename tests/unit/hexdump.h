/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parse configuration space dumps in the format of `lspci -x`, `-xxx` and
 * `-xxxx`: an optional device line ("6a:01.0 System peripheral: ...", with
 * or without a domain), then lines of a hex offset, a colon and 16 bytes
 * ("00: 86 80 25 0b ..."), contiguous from offset 0, ending at a blank line
 * or at the end of the text. A dump holds 64, 256 or 4096 bytes.
 */
#ifndef VFIO_SVA_TEST_HEXDUMP_H
#define VFIO_SVA_TEST_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parse @len bytes of @text into @buf (room for @size bytes). Returns the
 * number of bytes (64, 256 or 4096), -EINVAL for a malformed line (its
 * 1-based number stored in *@bad_line if not NULL; 0 when the dump as a
 * whole has a bad size) or -ENOSPC if @buf is too small.
 */
int hexdump_parse(const char *text, size_t len, uint8_t *buf, size_t size,
		  unsigned int *bad_line);

/* Read and parse a file; -errno if it cannot be read. */
int hexdump_load(const char *path, uint8_t *buf, size_t size,
		 unsigned int *bad_line);

#endif
