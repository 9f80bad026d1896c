// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: the processes behind address spaces. A target is
 * found in /proc as the kernel finds a task; an address space dies when its
 * process exits (its pidfd turns readable) or execs (the process events
 * connector says so), and then its bonds are reaped everywhere: the fix of
 * the bug the seed's review found (a bond stuck after its process died).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"
#include "proc_events.h"
#include "sysfs.h"
#include "target.h"

/* The process a pid names: itself, or the process of the thread it is. */
static pid_t tgid_of(pid_t pid)
{
	char dir[32], buf[2048];
	const char *t;
	char *end;
	long tgid;

	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	if (sysfs_read(dir, "status", buf, sizeof(buf)) < 0)
		return -1;
	t = strstr(buf, "\nTgid:");
	if (!t)
		return -1;
	tgid = strtol(t + 6, &end, 10);
	return end == t + 6 || tgid <= 0 || tgid > INT_MAX ? -1 : (pid_t)tgid;
}

static struct km_track *track_find(struct km_model *m, pid_t pid)
{
	unsigned int i;

	for (i = 0; i < m->ntrack; i++)
		if (m->track[i].pid == pid)
			return &m->track[i];
	return NULL;
}

static void track_drop(struct km_model *m, struct km_track *t)
{
	size_t i = (size_t)(t - m->track);

	memmove(t, t + 1, (m->ntrack - i - 1) * sizeof(*t));
	m->ntrack--;
}

void km_track(struct km_model *m, const struct km_target *t)
{
	struct km_track *e = track_find(m, t->pid);

	if (e && e->starttime == t->starttime)
		return;
	if (e)
		track_drop(m, e);
	if (m->ntrack == KM_MAX_TRACKED)
		track_drop(m, &m->track[0]);
	e = &m->track[m->ntrack++];
	e->pid = t->pid;
	e->starttime = t->starttime;
	e->gen = t->gen;
}

int km_target_lookup(struct km_model *m, pid_t pid, int pidfd,
		     struct km_target *t)
{
	struct target_info info;
	struct km_track *e;
	pid_t tgid;

	if (pid <= 0)
		return -ESRCH;
	tgid = tgid_of(pid);
	if (tgid <= 0 || target_read(tgid, &info))
		return -ESRCH;
	/* mm_access(): exited (no mm any more) or a kernel thread (none). */
	if (info.zombie || info.kthread)
		return -ESRCH;
	if (pidfd >= 0 && pidfd_exited(pidfd) != 0)
		return -ESRCH;
	t->pid = tgid;
	t->starttime = info.stat.starttime;
	e = track_find(m, tgid);
	t->gen = e && e->starttime == t->starttime ? e->gen : 0;
	return 0;
}

static void reap_pid(struct km_model *m, pid_t pid, const char *why)
{
	struct km_space *as;

	while ((as = km_space_of_pid(m, pid)))
		km_space_reap(m, as, why);
}

static void on_event(const struct proc_ev *ev, void *data)
{
	struct km_model *m = data;
	struct km_track *e;

	if (ev->pid != ev->tgid)
		return;
	e = track_find(m, ev->tgid);
	if (ev->kind == PROC_EV_EXEC) {
		if (e)
			e->gen++;
		reap_pid(m, ev->tgid, "exec'd");
	} else if (ev->kind == PROC_EV_EXIT) {
		if (e)
			track_drop(m, e);
		reap_pid(m, ev->tgid, "exited");
	}
}

/* Events were lost: what is gone can still be seen, an exec cannot. */
static void recheck(struct km_model *m)
{
	struct km_space *as;
	struct km_target t;

restart:
	for (as = m->spaces; as; as = as->next) {
		if (!km_target_lookup(m, as->pid, as->pidfd, &t) &&
		    t.starttime == as->starttime)
			continue;
		km_space_reap(m, as, "is gone");
		goto restart;
	}
}

void km_procs_open(struct km_model *m)
{
	int ret = proc_events_open(&m->pe);

	if (ret) {
		m->pe = NULL;
		m->pe_why = ret == -EPERM ?
			"the process events connector needs CAP_NET_ADMIN" :
			"the process events connector is not available";
		km_log(m, "exec tracking off: %s (%s)", m->pe_why,
		       strerror(-ret));
	}
}

void km_procs_close(struct km_model *m)
{
	proc_events_close(m->pe);
	m->pe = NULL;
}

int km_procs_fd(const struct km_model *m)
{
	return m->pe ? proc_events_fd(m->pe) : -1;
}

void km_procs_sync(struct km_model *m)
{
	struct km_space *as;

	if (m->pe && proc_events_read(m->pe, on_event, m) == -ENOBUFS)
		recheck(m);
restart:
	for (as = m->spaces; as; as = as->next)
		if (as->pidfd >= 0 && pidfd_exited(as->pidfd) > 0) {
			reap_pid(m, as->pid, "exited");
			goto restart;
		}
}
