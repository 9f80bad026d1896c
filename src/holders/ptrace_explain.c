// SPDX-License-Identifier: GPL-2.0
/*
 * Why the kernel refused the ptrace check on a target, or found no such
 * process, in the user's terms; the kernel's verdict is final, this only
 * explains it.
 */
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ptrace_explain.h"
#include "text_escape.h"
#include "sysfs.h"

static bool has_cap(int cap)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	return data[cap / 32].effective & (1u << (cap % 32));
}

void ptrace_caller_read(struct ptrace_caller *c)
{
	char buf[16];

	c->ruid = getuid();
	c->rgid = getgid();
	c->cap_sys_ptrace = has_cap(CAP_SYS_PTRACE);
	c->yama_scope = -1;
	if (sysfs_read("/proc/sys/kernel/yama", "ptrace_scope", buf,
		       sizeof(buf)) > 0 && buf[0] >= '0' && buf[0] <= '3')
		c->yama_scope = buf[0] - '0';
}

void ptrace_explain(const struct ptrace_caller *c,
		    const struct target_info *t, char *buf, size_t size)
{
	const char *who = esc(t->stat.comm);	/* any user names a process */
	bool foreign_uid = t->have_status &&
			   (t->ruid != c->ruid || t->euid != c->ruid ||
			    t->suid != c->ruid);
	bool foreign_gid = t->have_status &&
			   (t->rgid != c->rgid || t->egid != c->rgid ||
			    t->sgid != c->rgid);

	if (c->yama_scope == 3) {
		snprintf(buf, size,
			 "Yama's ptrace_scope is 3: no process may attach to another");
	} else if (c->yama_scope == 2 && !c->cap_sys_ptrace) {
		snprintf(buf, size,
			 "Yama's ptrace_scope is 2: only CAP_SYS_PTRACE may attach, and you lack it");
	} else if (!foreign_uid && foreign_gid && !c->cap_sys_ptrace) {
		snprintf(buf, size,
			 "process %d (%s) runs with gids %u/%u/%u (real/effective/saved), not all your gid %u, and you lack CAP_SYS_PTRACE",
			 (int)t->stat.pid, who, (unsigned int)t->rgid,
			 (unsigned int)t->egid, (unsigned int)t->sgid,
			 (unsigned int)c->rgid);
	} else if (foreign_uid && !c->cap_sys_ptrace) {
		if (t->ruid == t->euid && t->euid == t->suid)
			snprintf(buf, size,
				 "process %d (%s) belongs to uid %u and you are uid %u without CAP_SYS_PTRACE",
				 (int)t->stat.pid, who, (unsigned int)t->ruid,
				 (unsigned int)c->ruid);
		else
			snprintf(buf, size,
				 "process %d (%s) runs with uids %u/%u/%u (real/effective/saved), not all yours (uid %u), and you lack CAP_SYS_PTRACE",
				 (int)t->stat.pid, who, (unsigned int)t->ruid,
				 (unsigned int)t->euid, (unsigned int)t->suid,
				 (unsigned int)c->ruid);
	} else if (t->proc_owner == 0 && t->have_status && t->euid != 0 &&
		   !c->cap_sys_ptrace) {
		snprintf(buf, size,
			 "process %d (%s) is not dumpable (setuid, or prctl(PR_SET_DUMPABLE, 0)): only CAP_SYS_PTRACE may attach",
			 (int)t->stat.pid, who);
	} else if (c->yama_scope == 1 && !c->cap_sys_ptrace) {
		snprintf(buf, size,
			 "Yama's ptrace_scope is 1: only an ancestor of process %d (%s), or a tracer it declared with PR_SET_PTRACER, may attach",
			 (int)t->stat.pid, who);
	} else {
		snprintf(buf, size,
			 "the kernel's ptrace check (PTRACE_MODE_ATTACH_REALCREDS) on process %d (%s) failed; a security module (SELinux, AppArmor) or a user namespace boundary may be the cause",
			 (int)t->stat.pid, who);
	}
}

void esrch_explain(const struct target_info *t, int read_err, pid_t pid,
		   char *buf, size_t size)
{
	if (read_err)
		snprintf(buf, size, "no process %d", (int)pid);
	else if (t->kthread)
		snprintf(buf, size,
			 "process %d (%s) is a kernel thread: it has no user address space",
			 (int)pid, esc(t->stat.comm));
	else if (t->zombie)
		snprintf(buf, size,
			 "process %d (%s) has exited (zombie): its address space is gone",
			 (int)pid, esc(t->stat.comm));
	else
		snprintf(buf, size,
			 "process %d (%s) has no address space the kernel could bind",
			 (int)pid, esc(t->stat.comm));
}
