// SPDX-License-Identifier: GPL-2.0
/*
 * Runtime directories: the user's own (root's /run/vfio-sva, a user's
 * $XDG_RUNTIME_DIR/vfio-sva), made safe to serve from, and the holder
 * sockets found in every directory this user may ask.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "runtime_dir.h"

int runtime_dir_own(char *buf, size_t size)
{
	const char *env = getenv("VFIO_SVA_RUNTIME_DIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (!geteuid())
		n = snprintf(buf, size, "%s", RUNTIME_DIR_ROOT);
	else if (xdg && *xdg == '/')
		n = snprintf(buf, size, "%s/vfio-sva", xdg);
	else
		n = snprintf(buf, size, "/run/user/%u/vfio-sva",
			     (unsigned int)geteuid());
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

int runtime_dir_prepare(const char *dir, const char **why)
{
	mode_t mode = geteuid() ? 0700 : 0755;
	struct stat st;

	if (mkdir(dir, mode) && errno != EEXIST) {
		*why = "cannot create it";
		return -errno;
	}
	if (lstat(dir, &st)) {
		*why = "cannot stat it";
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		*why = "it is not a directory";
		return -ENOTDIR;
	}
	if (st.st_uid != geteuid()) {
		*why = "it belongs to another user";
		return -EPERM;
	}
	if (st.st_mode & 022) {
		*why = "it is writable by group or others";
		return -EPERM;
	}
	return 0;
}

/* "hold-PID.sock" */
static bool is_hold_socket(const char *name)
{
	size_t len = strlen(name), digits;

	if (len < 11 || strncmp(name, "hold-", 5) != 0 ||
	    strcmp(name + len - 5, ".sock") != 0)
		return false;
	digits = len - 10;
	return strspn(name + 5, "0123456789") == digits;
}

/*
 * The sockets in @dir, a directory opened without following a symlink and
 * owned by the uid it is meant for. Only sockets owned by that same uid
 * count: a name that is a symlink, a file of another user (a 1777
 * directory) or anything else is not a holder. Nothing is connected to or
 * removed here; see holder_connect().
 */
static size_t scan_dir(const char *dir, bool daemon_only,
		       char (*paths)[PATH_MAX], size_t n, size_t max)
{
	struct dirent **names;
	struct stat st = { 0 };
	int dfd, count, i;

	dfd = runtime_dir_open(dir, &st);
	if (dfd < 0)
		return n;
	count = scandirat(dfd, ".", &names, NULL, versionsort);
	for (i = 0; i < count; i++) {
		const char *name = names[i]->d_name;
		struct stat sst;

		if (n < max && (!strcmp(name, DAEMON_SOCKET) ||
				(!daemon_only && is_hold_socket(name))) &&
		    !fstatat(dfd, name, &sst, AT_SYMLINK_NOFOLLOW) &&
		    S_ISSOCK(sst.st_mode) && sst.st_uid == st.st_uid &&
		    (size_t)snprintf(paths[n], PATH_MAX, "%s/%s", dir, name) <
		    PATH_MAX)
			n++;
		free(names[i]);
	}
	if (count >= 0)
		free(names);
	close(dfd);
	return n;
}

int runtime_dir_open(const char *dir, struct stat *st)
{
	int fd = open(dir, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, st)) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	/* a directory others may write to is nobody's in particular */
	if (!S_ISDIR(st->st_mode) || (st->st_mode & 022)) {
		close(fd);
		return -EPERM;
	}
	return fd;
}

size_t holder_sockets(char (*paths)[PATH_MAX], size_t max)
{
	const char *env = getenv("VFIO_SVA_RUNTIME_DIR");
	char own[PATH_MAX];
	size_t n = 0;

	if (runtime_dir_own(own, sizeof(own)))
		return 0;
	n = scan_dir(own, false, paths, n, max);
	if (env && *env)
		return n;
	if (geteuid()) {
		n = scan_dir(RUNTIME_DIR_ROOT, true, paths, n, max);
	} else {
		struct dirent **users;
		int count, i;

		count = scandir("/run/user", &users, NULL, versionsort);
		for (i = 0; i < count; i++) {
			char dir[PATH_MAX];

			if (users[i]->d_name[0] != '.' &&
			    (size_t)snprintf(dir, sizeof(dir),
					     "/run/user/%s/vfio-sva",
					     users[i]->d_name) < sizeof(dir))
				n = scan_dir(dir, false, paths, n, max);
			free(users[i]);
		}
		if (count >= 0)
			free(users);
	}
	return n;
}
