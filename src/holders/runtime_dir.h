/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_RUNTIME_DIR_H
#define VFIO_SVA_RUNTIME_DIR_H

/*
 * Runtime directories and the holder sockets in them: where holders
 * serve, and where commands look for them.
 */

#include <limits.h>
#include <stddef.h>

#define RUNTIME_DIR_ROOT	"/run/vfio-sva"
#define DAEMON_SOCKET		"daemon.sock"
#define DAEMON_LOCK		"daemon.lock"
#define HOLD_SOCKET_FMT		"hold-%d.sock"
#define MAX_RUNTIME_DIRS	64
#define MAX_HOLDERS		256

/*
 * This user's runtime directory: $VFIO_SVA_RUNTIME_DIR, else /run/vfio-sva
 * for root, else $XDG_RUNTIME_DIR/vfio-sva (/run/user/UID/vfio-sva).
 */
int runtime_dir_own(char *buf, size_t size);

/*
 * Create @dir if needed (0755 for root, so that users reach root's daemon;
 * 0700 otherwise) and check that it is a real directory owned by us and
 * writable by nobody else. Returns 0 or a negative errno with @why set.
 */
int runtime_dir_prepare(const char *dir, const char **why);

/*
 * Open the directory @dir itself (O_PATH, never through a symlink) and
 * fill @st: a descriptor, or a negative errno (-EPERM for one that is not
 * a directory or that group or others may write to).
 */
struct stat;
int runtime_dir_open(const char *dir, struct stat *st);

/*
 * The holder sockets a client should ask, in order: this user's daemon and
 * --hold holders, then root's daemon (for users), or every user's
 * directory (for root). Only sockets owned by their directory's owner
 * count; nothing is connected to, followed or removed here (a stale socket
 * is removed by holder_connect(), and only from our own directory).
 * Returns the number of paths written to @paths.
 */
size_t holder_sockets(char (*paths)[PATH_MAX], size_t max);

#endif
