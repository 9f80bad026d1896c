// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the running kernel's build configuration (kernel_config.h):
 * /boot/config-RELEASE, else /proc/config.gz inflated with zlib.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <zlib.h>

#include "kernel_config.h"
#include "sysfs.h"
#include "xalloc.h"

#define CONFIG_LIMIT	(1 << 22)

/* A gzip stream (/proc/config.gz) inflated; NULL if it is not one. */
static char *gunzip(const char *in, size_t inlen, size_t limit)
{
	z_stream z = { 0 };
	size_t size = 1 << 16;
	char *out;
	int ret;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return NULL;
	out = xmalloc(size + 1);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)inlen;
	for (;;) {
		z.next_out = (Bytef *)out + z.total_out;
		z.avail_out = (uInt)(size - z.total_out);
		ret = inflate(&z, Z_NO_FLUSH);
		if (ret == Z_STREAM_END)
			break;
		if ((ret != Z_OK && ret != Z_BUF_ERROR) ||
		    (ret == Z_BUF_ERROR && z.avail_out)) {
			free(out);
			out = NULL;
			goto out;
		}
		if (!z.avail_out) {
			if (size >= limit) {
				free(out);
				out = NULL;
				goto out;
			}
			size *= 2;
			out = xreallocarray(out, size + 1, 1);
		}
	}
	out[z.total_out] = '\0';
out:
	inflateEnd(&z);
	return out;
}

char *kernel_config_read(const char *release, char *where, size_t size)
{
	char path[160];
	char *text, *plain;
	size_t len;

	snprintf(path, sizeof(path), "/boot/config-%s", release);
	text = sysfs_read_whole(path, CONFIG_LIMIT, NULL);
	if (text) {
		snprintf(where, size, "%s", path);
		return text;
	}
	sysfs_note(errno);
	/* compressed bytes: a NUL does not end them */
	text = sysfs_read_whole(PROC_CONFIG_GZ, CONFIG_LIMIT, &len);
	if (!text)
		return NULL;
	plain = len ? gunzip(text, len, CONFIG_LIMIT) : NULL;
	free(text);
	if (plain)
		snprintf(where, size, "%s", PROC_CONFIG_GZ);
	return plain;
}
