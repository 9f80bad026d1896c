// SPDX-License-Identifier: GPL-2.0
/*
 * The daemon and its service manager (libsystemd): socket activation,
 * readiness notification and the journal's priority prefixes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "service.h"

int service_listen_fd(const char *path, const char **why)
{
	int n = sd_listen_fds(1), fd = SD_LISTEN_FDS_START, ret;

	if (n < 0) {
		*why = "cannot read the sockets systemd passed";
		return n;
	}
	if (n == 0)
		return -ENOENT;
	if (n > 1) {
		*why = "systemd passed more than one socket (vfio-sva.socket names one)";
		return -EINVAL;
	}
	ret = sd_is_socket_unix(fd, SOCK_SEQPACKET, 1, path, 0);
	if (ret <= 0) {
		*why = "the socket systemd passed is not a listening SOCK_SEQPACKET socket on the daemon's path (ListenSequentialPacket= in vfio-sva.socket)";
		return ret < 0 ? ret : -EINVAL;
	}
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) ||
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)) {
		*why = "cannot set up the socket systemd passed";
		return -errno;
	}
	return fd;
}

/* Num RefCount Protocol Flags Type St Inode Path: a listener of @path? */
static bool unix_line_listens(char *line, const char *path)
{
	unsigned long flags = 0, type = 0;
	char *save, *field;
	int i;

	line[strcspn(line, "\n")] = '\0';
	for (i = 0, field = strtok_r(line, " ", &save); field;
	     i++, field = strtok_r(NULL, " ", &save)) {
		if (i == 3)
			flags = strtoul(field, NULL, 16);
		else if (i == 4)
			type = strtoul(field, NULL, 16);
		else if (i == 7)
			return (flags & 0x10000) /* __SO_ACCEPTCON */ &&
			       type == SOCK_SEQPACKET && !strcmp(field, path);
	}
	return false;
}

bool service_socket_unit_listens(const char *path)
{
	char line[4352];
	bool found = false;
	FILE *f;

	f = fopen("/proc/net/unix", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = unix_line_listens(line, path);
	fclose(f);
	return found;
}

void service_notify(const char *state)
{
	sd_notify(0, state);
}

/* JOURNAL_STREAM is "DEVICE:INODE" of the journal's stream, in decimal. */
bool service_journal_stderr(void)
{
	static int cached = -1;
	unsigned long long dev, ino;
	const char *env;
	struct stat st;
	char *end;

	if (cached >= 0)
		return cached;
	cached = 0;
	env = getenv("JOURNAL_STREAM");
	if (!env || !*env || fstat(STDERR_FILENO, &st))
		return cached;
	errno = 0;
	dev = strtoull(env, &end, 10);
	if (errno || *end != ':' || end == env)
		return cached;
	env = end + 1;
	ino = strtoull(env, &end, 10);
	if (errno || *end || end == env)
		return cached;
	cached = (unsigned long long)st.st_dev == dev &&
		 (unsigned long long)st.st_ino == ino;
	return cached;
}

const char *service_log_prefix(const char *level)
{
	return service_journal_stderr() ? level : "";
}
