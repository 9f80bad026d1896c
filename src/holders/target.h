/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_TARGET_H
#define VFIO_SVA_TARGET_H

/*
 * What /proc says of a process to bind: its stat fields, its credentials,
 * and whether it is still the process it was.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define PF_KTHREAD	0x00200000

/* The fields of /proc/PID/stat that a bind needs. */
struct proc_stat {
	pid_t pid;
	char comm[64];
	char state;
	unsigned long flags;
	unsigned long long starttime;	/* clock ticks after boot */
};

/* What is known about a process to bind. */
struct target_info {
	struct proc_stat stat;
	uid_t ruid, euid, suid;		/* from /proc/PID/status */
	gid_t rgid, egid, sgid;
	uid_t proc_owner;		/* owner of /proc/PID: root if not dumpable */
	bool have_status;
	bool kthread;
	bool zombie;
};

/*
 * Parse the text of /proc/PID/stat. The command name may hold spaces and
 * parentheses: it ends at the last ')'. Returns 0 or -EINVAL.
 */
int proc_stat_parse(const char *buf, size_t len, struct proc_stat *st);

/* Read /proc/PID/{stat,status}; -ESRCH when there is no such process. */
int target_read(pid_t pid, struct target_info *t);

/*
 * Parse a pid argument: decimal, 1 to the kernel's pid_max. Returns 0,
 * -EINVAL for text that is not a positive number, -ERANGE above pid_max.
 */
int pid_parse(const char *s, pid_t *pid, long *pid_max);

/*
 * Is the process @pid started at @starttime still there and alive (not a
 * zombie)? What is left to tell a process by where pidfds are missing.
 */
bool target_same(pid_t pid, unsigned long long starttime);

/* pidfd_open(2), without a libc wrapper on glibc 2.36. */
int pidfd_open_pid(pid_t pid);

/* Has the process behind @pidfd exited? 1 yes, 0 no, negative errno. */
int pidfd_exited(int pidfd);

#endif
