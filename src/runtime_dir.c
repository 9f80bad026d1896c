// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
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

/* Is someone listening on @path? Removes the socket if nobody is. */
static int socket_alive(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(path);
	int fd, ret;

	if (len >= sizeof(sa.sun_path))
		return 0;
	memcpy(sa.sun_path, path, len + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 1;	/* cannot tell: let the caller try */
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (!ret)
		return 1;
	if (errno == ECONNREFUSED) {
		unlink(path);	/* stale: its holder was killed */
		return 0;
	}
	return errno != ENOENT;
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

static size_t scan_dir(const char *dir, char (*paths)[PATH_MAX], size_t n,
		       size_t max)
{
	struct dirent **names;
	int count, i;

	count = scandir(dir, &names, NULL, versionsort);
	if (count < 0)
		return n;
	for (i = 0; i < count; i++) {
		const char *name = names[i]->d_name;

		if (n < max && (!strcmp(name, DAEMON_SOCKET) ||
				is_hold_socket(name)) &&
		    (size_t)snprintf(paths[n], PATH_MAX, "%s/%s", dir, name) <
		    PATH_MAX && socket_alive(paths[n]))
			n++;
		free(names[i]);
	}
	free(names);
	return n;
}

size_t holder_sockets(char (*paths)[PATH_MAX], size_t max)
{
	const char *env = getenv("VFIO_SVA_RUNTIME_DIR");
	char own[PATH_MAX];
	size_t n = 0;

	if (runtime_dir_own(own, sizeof(own)))
		return 0;
	n = scan_dir(own, paths, n, max);
	if (env && *env)
		return n;
	if (geteuid()) {
		char sys[PATH_MAX];

		snprintf(sys, sizeof(sys), "%s/%s", RUNTIME_DIR_ROOT,
			 DAEMON_SOCKET);
		if (n < max && socket_alive(sys))
			snprintf(paths[n++], PATH_MAX, "%s", sys);
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
				n = scan_dir(dir, paths, n, max);
			free(users[i]);
		}
		if (count >= 0)
			free(users);
	}
	return n;
}
