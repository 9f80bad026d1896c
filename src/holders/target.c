// SPDX-License-Identifier: GPL-2.0
/*
 * The process a bond is for: /proc/PID/stat and status, pid arguments,
 * and pidfds that tell whether the same process is still there.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sysfs.h"
#include "sysfs_parse.h"
#include "target.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

int proc_stat_parse(const char *buf, size_t len, struct proc_stat *st)
{
	const char *open_paren, *close_paren, *p, *end = buf + len;
	unsigned long long v;
	size_t clen;
	int field;

	memset(st, 0, sizeof(*st));
	open_paren = memchr(buf, '(', len);
	close_paren = NULL;
	for (p = end; p > buf; p--)
		if (p[-1] == ')') {
			close_paren = p - 1;
			break;
		}
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -EINVAL;

	v = 0;
	for (p = buf; p < open_paren - 1; p++) {
		if (*p < '0' || *p > '9' || v > INT_MAX / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (p == buf || *p != ' ' || !v)
		return -EINVAL;
	st->pid = (pid_t)v;

	clen = (size_t)(close_paren - open_paren - 1);
	if (clen >= sizeof(st->comm))
		clen = sizeof(st->comm) - 1;
	memcpy(st->comm, open_paren + 1, clen);
	st->comm[clen] = '\0';

	/* fields after the comm: 3 state, 9 flags, 22 starttime */
	p = close_paren + 1;
	for (field = 3; field <= 22; field++) {
		const char *w;

		if (p >= end || *p != ' ')
			return -EINVAL;
		w = ++p;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
		if (p == w)
			return -EINVAL;
		if (field == 3) {
			if (p - w != 1)
				return -EINVAL;
			st->state = *w;
			continue;
		}
		if (field != 9 && field != 22)
			continue;
		v = 0;
		for (; w < p; w++) {
			if (*w < '0' || *w > '9' || v > ULLONG_MAX / 10)
				return -EINVAL;
			v = v * 10 + (unsigned long long)(*w - '0');
		}
		if (field == 9)
			st->flags = (unsigned long)v;
		else
			st->starttime = v;
	}
	return 0;
}

/* The first three numbers after "\nKEY:" in /proc/PID/status text. */
static int status_ids(const char *buf, const char *key, unsigned int ids[3])
{
	const char *p = strstr(buf, key);
	int i;

	if (!p)
		return -EINVAL;
	p += strlen(key);
	for (i = 0; i < 3; i++) {
		unsigned long v;
		char *end;

		while (*p == '\t' || *p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno || v > UINT_MAX)
			return -EINVAL;
		ids[i] = (unsigned int)v;
		p = end;
	}
	return 0;
}

static int read_status_uids(const char *dir, struct target_info *t)
{
	unsigned int uid[3], gid[3];
	char buf[4096];
	ssize_t n;

	n = sysfs_read(dir, "status", buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (status_ids(buf, "\nUid:", uid) || status_ids(buf, "\nGid:", gid))
		return -EINVAL;
	t->ruid = uid[0];
	t->euid = uid[1];
	t->suid = uid[2];
	t->rgid = gid[0];
	t->egid = gid[1];
	t->sgid = gid[2];
	return 0;
}

int target_read(pid_t pid, struct target_info *t)
{
	char dir[64], buf[1024];
	struct stat st;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	n = sysfs_read(dir, "stat", buf, sizeof(buf));
	if (n < 0)
		return n == -ENOENT ? -ESRCH : (int)n;
	if (proc_stat_parse(buf, (size_t)n, &t->stat))
		return -EINVAL;
	t->kthread = t->stat.flags & PF_KTHREAD;
	t->zombie = t->stat.state == 'Z' || t->stat.state == 'X';
	t->have_status = !read_status_uids(dir, t);
	t->proc_owner = stat(dir, &st) ? (uid_t)-1 : st.st_uid;
	return 0;
}

int pid_parse(const char *s, pid_t *pid, long *pid_max)
{
	unsigned int max = 4194304;
	unsigned long long v = 0;
	size_t len = strlen(s), i;
	char buf[32];

	if (sysfs_read("/proc/sys/kernel", "pid_max", buf, sizeof(buf)) > 0)
		parse_dec_uint(buf, strlen(buf), &max);
	*pid_max = max;
	if (!len || strspn(s, "0123456789") != len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		v = v * 10 + (unsigned long long)(s[i] - '0');
		if (v > max)
			return -ERANGE;
	}
	if (!v)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

bool target_same(pid_t pid, unsigned long long starttime)
{
	struct target_info t;

	return !target_read(pid, &t) && !t.zombie &&
	       t.stat.starttime == starttime;
}

int pidfd_open_pid(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	return fd < 0 ? -errno : fd;
}

int pidfd_exited(int pidfd)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int ret = poll(&p, 1, 0);

	if (ret < 0)
		return -errno;
	return ret > 0;
}
