// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_sva: which address space a bind names, and whether the caller may
 * have it. The module never decides the ptrace question itself: it opens
 * /proc/PID/mem for writing in the caller's context, so that the kernel's
 * own mm_access(PTRACE_MODE_ATTACH | PTRACE_MODE_FSCREDS), with every LSM
 * (Yama included), judges the caller, and takes the mm the open pinned.
 *
 * The seed checked PTRACE_MODE_ATTACH_REALCREDS; FSCREDS differs only for
 * a caller whose filesystem ids differ from its real ids (setuid programs,
 * setfsuid()). mm_access(), ptrace_may_access() and friends are not
 * exported, and copying their logic would miss the LSMs: this is the
 * kernel's answer, not an imitation of it.
 */
#include <linux/err.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>

#include "vfio_sva.h"

/* f_op of every /proc/PID/mem, learnt from /proc/self/mem */
static const struct file_operations *proc_mem_fops;
static DEFINE_MUTEX(proc_mem_fops_lock);

static int learn_proc_mem_fops(void)
{
	struct file *f;
	int ret = 0;

	mutex_lock(&proc_mem_fops_lock);
	if (!proc_mem_fops) {
		f = filp_open("/proc/self/mem", O_RDONLY, 0);
		if (IS_ERR(f)) {
			ret = PTR_ERR(f);
		} else {
			if (file_inode(f)->i_sb->s_magic == PROC_SUPER_MAGIC)
				proc_mem_fops = f->f_op;
			else
				ret = -ENOENT;
			fput(f);
		}
	}
	mutex_unlock(&proc_mem_fops_lock);
	return ret;
}

/* At load; when /proc is not mounted yet, the first MEM_FD bind tries again. */
int vfio_sva_target_init(void)
{
	int ret = learn_proc_mem_fops();

	if (ret)
		pr_info("vfio_sva: /proc/self/mem not readable at load (%d); will retry at the first BIND_MEM_FD\n",
			ret);
	return 0;
}

static bool is_proc_mem(struct file *f)
{
	if (!proc_mem_fops && learn_proc_mem_fops())
		return false;
	return f->f_op == proc_mem_fops &&
	       file_inode(f)->i_sb->s_magic == PROC_SUPER_MAGIC;
}

/* A user count on @mm if it still has one: ESRCH when its space is gone. */
static struct mm_struct *mm_get_live(struct mm_struct *mm)
{
	if (!mm || !mmget_not_zero(mm))
		return ERR_PTR(-ESRCH);
	return mm;
}

struct mm_struct *vfio_sva_mm_self(void)
{
	struct mm_struct *mm = get_task_mm(current);

	return mm ? mm : ERR_PTR(-ESRCH);
}

/* The mm of process @pid in the caller's pid namespace (a process id, not a thread id). */
static struct mm_struct *mm_of_tgid(pid_t pid)
{
	struct task_struct *task = NULL;
	struct mm_struct *mm;
	struct pid *p;

	if (pid <= 0)
		return ERR_PTR(-ESRCH);
	p = find_get_pid(pid);
	if (p) {
		task = get_pid_task(p, PIDTYPE_TGID);
		put_pid(p);
	}
	if (!task)
		return ERR_PTR(-ESRCH);
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm ? mm : ERR_PTR(-ESRCH);
}

/*
 * BIND_PID: the kernel's ptrace verdict on the caller through
 * /proc/PID/mem, then proof that the mm the open pinned is the mm of the
 * process @pid names in the caller's namespace (a /proc of another pid
 * namespace, or a pid reused between the two steps, matches nothing).
 */
struct mm_struct *vfio_sva_mm_of_pid(pid_t pid)
{
	char path[32];
	struct mm_struct *mm;
	struct file *f;
	long err;

	mm = mm_of_tgid(pid);
	if (IS_ERR(mm))
		return mm;
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	f = filp_open(path, O_RDWR, 0);
	if (IS_ERR(f)) {
		err = PTR_ERR(f);
		mmput(mm);
		if (err == -EACCES || err == -EPERM)
			return ERR_PTR(-EACCES);
		if (err == -ENOENT)
			return ERR_PTR(-ESRCH);
		return ERR_PTR(err);
	}
	if (!is_proc_mem(f) || f->private_data != mm) {
		fput(f);
		mmput(mm);
		return ERR_PTR(-ESRCH);
	}
	fput(f);
	return mm;
}

/*
 * BIND_MEM_FD: the caller opened /proc/PID/mem for writing itself (the
 * ptrace check ran then, with its credentials), and the file pins the mm:
 * no pid is looked up, so no pid can be reused in between.
 */
struct mm_struct *vfio_sva_mm_of_fd(int fd)
{
	struct mm_struct *mm;
	struct fd f;

	f = fdget(fd);
	if (!f.file)
		return ERR_PTR(-EBADF);
	if (!is_proc_mem(f.file) || !(f.file->f_mode & FMODE_WRITE)) {
		fdput(f);
		return ERR_PTR(-EINVAL);
	}
	mm = mm_get_live(f.file->private_data);
	fdput(f);
	return mm;
}
