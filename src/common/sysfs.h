/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_SYSFS_H
#define VFIO_SVA_SYSFS_H

/*
 * Reading sysfs, /proc and /dev attributes, and noting reads that ran out
 * of descriptors or memory.
 */

#include <stddef.h>
#include <sys/types.h>

/*
 * Read attribute @name under directory @dir (a path) into @buf, at most
 * @size - 1 bytes, NUL-terminated. Returns the length or a negative errno.
 */
ssize_t sysfs_read(const char *dir, const char *name, char *buf, size_t size);

/* Read up to @size raw bytes (binary attributes such as config). */
ssize_t sysfs_read_bin(const char *dir, const char *name, void *buf,
		       size_t size);

/*
 * The whole of the file at @path (a /proc or /boot file, not sysfs's
 * one-page attributes), up to about @limit bytes: a new buffer, its
 * length in *@len (NULL: not wanted) and a NUL after it. NULL with errno
 * set when it cannot be opened; the caller decides whether to note that
 * (sysfs_note).
 */
char *sysfs_read_whole(const char *path, size_t limit, size_t *len);

/*
 * The last component of the symlink @dir/@name (e.g. the driver's name for
 * "driver"), copied into @buf. Returns 0 or a negative errno.
 */
int sysfs_link_name(const char *dir, const char *name, char *buf, size_t size);

/* Does @dir/@name exist? */
int sysfs_exists(const char *dir, const char *name);

/*
 * The first errno that means "out of resources" (EMFILE, ENFILE, ENOMEM)
 * any read of sysfs, /proc or /dev met, 0 if none: an answer built on such
 * a read is not "unknown" but incomplete. sysfs_note() records one.
 */
extern int sysfs_starved;
void sysfs_note(int err);

/* Join @dir and @name into @buf; returns -ENAMETOOLONG when it does not fit. */
int path_join(char *buf, size_t size, const char *dir, const char *name);

#endif
