// SPDX-License-Identifier: GPL-2.0
/*
 * Who may use a VFIO group through a holder is the kernel's decision,
 * never a reading of mode bits: the first client opens /dev/vfio/N itself
 * and hands the descriptor over (group_fd_is_node() makes sure it is that
 * node); for a group the holder already has open, a child process takes
 * the client's uid, gid and supplementary groups and asks the kernel with
 * faccessat(AT_EACCESS), which honours ACLs (group_access_check()).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "group_access.h"

int peer_read(int sock, struct peer *p)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	memset(p, 0, sizeof(*p));
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return -errno;
	p->pid = cred.pid;
	p->uid = cred.uid;
	p->gid = cred.gid;
	len = sizeof(p->groups);
	if (!getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, p->groups, &len))
		p->nr_groups = (int)(len / sizeof(gid_t));
	else
		p->nr_groups = -1;	/* unknown: never assumed empty */
	return 0;
}

static void group_node(unsigned int group, char *node, size_t size)
{
	snprintf(node, size, "/dev/vfio/%u", group);
}

/* Are our own credentials exactly @p's (a user's holder serving itself)? */
static bool creds_are_ours(const struct peer *p)
{
	gid_t ours[PEER_MAX_GROUPS];
	int n, i, j;

	if (p->nr_groups < 0 || getuid() != p->uid || geteuid() != p->uid ||
	    getgid() != p->gid || getegid() != p->gid)
		return false;
	n = getgroups(PEER_MAX_GROUPS, ours);
	if (n != p->nr_groups)
		return false;
	for (i = 0; i < n; i++) {
		for (j = 0; j < n && p->groups[j] != ours[i]; j++)
			;
		if (j == n)
			return false;
	}
	return true;
}

/*
 * In a child: become @p (groups first, then gid, then uid) and ask the
 * kernel. Exit 0 allowed, else the errno; 255 when @p cannot be assumed.
 */
static int ask_as(const struct peer *p, const char *node)
{
	pid_t pid;
	int status, err;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		if (!creds_are_ours(p) &&
		    (p->nr_groups < 0 ||
		     setgroups((size_t)p->nr_groups, p->groups) ||
		     setresgid(p->gid, p->gid, p->gid) ||
		     setresuid(p->uid, p->uid, p->uid)))
			_exit(255);
		if (faccessat(AT_FDCWD, node, R_OK | W_OK, AT_EACCESS))
			_exit(errno > 0 && errno < 255 ? errno : EACCES);
		_exit(0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (!WIFEXITED(status))
		return -EIO;
	err = WEXITSTATUS(status);
	return err == 255 ? -EPERM : -err;
}

int group_access_check(const struct peer *p, unsigned int group, char *why,
		       size_t size)
{
	char node[64];
	struct stat st;
	int ret;

	group_node(group, node, sizeof(node));
	if (stat(node, &st)) {
		snprintf(why, size,
			 "no %s: group %u does not exist or none of its devices is bound to vfio-pci",
			 node, group);
		return -ENOENT;
	}
	if (!p->uid)
		return 0;
	ret = ask_as(p, node);
	if (!ret)
		return 0;
	if (ret == -EPERM && p->uid != geteuid()) {
		snprintf(why, size,
			 "this holder cannot take uid %u's credentials to ask the kernel about %s",
			 (unsigned int)p->uid, node);
		return -EACCES;
	}
	if (ret == -EPERM) {
		snprintf(why, size,
			 "this holder cannot take the client's groups to ask the kernel about %s; open it from a process with the holder's own credentials",
			 node);
		return -EACCES;
	}
	snprintf(why, size,
		 "%s is not readable and writable by uid %u (the kernel's verdict under its credentials, ACLs included: %s)",
		 node, (unsigned int)p->uid, strerror(-ret));
	return -EACCES;
}

int group_fd_is_node(int fd, unsigned int group)
{
	char node[64];
	struct stat a, b;
	int mode;

	group_node(group, node, sizeof(node));
	mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_ACCMODE) != O_RDWR || fstat(fd, &a) ||
	    stat(node, &b))
		return -EINVAL;
	if (S_ISCHR(a.st_mode) && S_ISCHR(b.st_mode) && a.st_rdev == b.st_rdev)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino ? 0 : -EINVAL;
}
