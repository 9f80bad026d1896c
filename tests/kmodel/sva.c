// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: VFIO_IOMMU_BIND and VFIO_IOMMU_UNBIND of the seed
 * ("vfio: Add support for Shared Virtual Addressing", with the review's
 * fixes): process address spaces, their PASIDs (one per address space,
 * system-wide) and their bonds with containers and groups.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "kmodel.h"
#include "target.h"
#include "vfio_sva_uapi.h"

static bool bonded(const struct km_container *c, const struct km_space *as)
{
	const struct km_bond *b;

	for (b = c->bonds; b; b = b->next)
		if (b->as == as)
			return true;
	return false;
}

static int group_add(struct km_group *g, struct km_space *as)
{
	struct km_space **v;

	if (g->nbound == g->cap_bound) {
		size_t cap = g->cap_bound ? 2 * g->cap_bound : 4;

		v = reallocarray(g->bound, cap, sizeof(*v));
		if (!v)
			return -ENOMEM;
		g->bound = v;
		g->cap_bound = cap;
	}
	g->bound[g->nbound++] = as;
	return 0;
}

static void group_remove(struct km_group *g, const struct km_space *as)
{
	size_t i;

	for (i = 0; i < g->nbound; i++)
		if (g->bound[i] == as) {
			memmove(&g->bound[i], &g->bound[i + 1],
				(g->nbound - i - 1) * sizeof(*g->bound));
			g->nbound--;
			return;
		}
}

void km_group_unbind_all(struct km_group *g)
{
	g->nbound = 0;
}

static struct km_space *space_find(struct km_model *m,
				   const struct km_target *t)
{
	struct km_space *as;

	for (as = m->spaces; as; as = as->next)
		if (as->pid == t->pid && as->starttime == t->starttime &&
		    as->gen == t->gen)
			return as;
	return NULL;
}

struct km_space *km_space_of_pid(struct km_model *m, pid_t pid)
{
	struct km_space *as;

	for (as = m->spaces; as; as = as->next)
		if (as->pid == pid)
			return as;
	return NULL;
}

static struct km_space *space_new(struct km_model *m,
				  const struct km_target *t, int pidfd)
{
	struct km_space *as;

	if (m->nspaces >= KM_MAX_SPACES)
		return NULL;
	as = calloc(1, sizeof(*as));
	if (!as)
		return NULL;
	as->pid = t->pid;
	as->starttime = t->starttime;
	as->gen = t->gen;
	as->pidfd = pidfd >= 0 ? fcntl(pidfd, F_DUPFD_CLOEXEC, 0) :
				 pidfd_open_pid(t->pid);
	if (as->pidfd < 0)
		as->pidfd = -1;
	as->next = m->spaces;
	m->spaces = as;
	m->nspaces++;
	return as;
}

/* Free an address space nobody is bound to; its PASID goes with it. */
static void space_put(struct km_model *m, struct km_space *as)
{
	struct km_space **pp;

	if (as->users)
		return;
	for (pp = &m->spaces; *pp; pp = &(*pp)->next)
		if (*pp == as) {
			*pp = as->next;
			break;
		}
	if (as->pidfd >= 0)
		close(as->pidfd);
	if (as->pasid)
		km_log(m, "PASID %u of pid %d freed", as->pasid, (int)as->pid);
	m->nspaces--;
	free(as);
}

static void container_unbind(struct km_model *m, struct km_container *c,
			     struct km_space *as)
{
	struct km_bond **pp, *b;
	struct km_group *g;

	for (pp = &c->bonds; *pp; pp = &(*pp)->next)
		if ((*pp)->as == as) {
			b = *pp;
			*pp = b->next;
			free(b);
			break;
		}
	for (g = c->groups; g; g = g->cnext)
		group_remove(g, as);
	km_log(m, "container %u: pid %d unbound", c->id, (int)as->pid);
	as->users--;
	space_put(m, as);
}

void km_container_drop_bonds(struct km_model *m, struct km_container *c)
{
	while (c->bonds)
		container_unbind(m, c, c->bonds->as);
}

void km_space_reap(struct km_model *m, struct km_space *as, const char *why)
{
	struct km_container *c;

	km_log(m, "pid %d %s: reaping its bonds", (int)as->pid, why);
	as->users++;
	for (c = m->containers; c; c = c->next)
		if (bonded(c, as))
			container_unbind(m, c, as);
	as->users--;
	space_put(m, as);
}

static bool pasid_used(const struct km_model *m, uint32_t pasid)
{
	const struct km_space *as;

	for (as = m->spaces; as; as = as->next)
		if (as->pasid == pasid)
			return true;
	return false;
}

/* The lowest free PASID in [1, 2^bits), 0 when there is none. */
static uint32_t pasid_alloc(const struct km_model *m, int bits)
{
	uint64_t end = 1ull << bits, p;

	for (p = 1; p < end; p++)
		if (!pasid_used(m, (uint32_t)p))
			return (uint32_t)p;
	return 0;
}

static int bind_args(const struct km_container *c,
		     const struct kmodel_ioctl *rq,
		     struct vfio_iommu_type1_bind_process *p)
{
	struct vfio_iommu_type1_bind hdr;

	if (!(rq->mem & KMODEL_MEM_HEAD) || rq->size < sizeof(hdr))
		return -EFAULT;
	memcpy(&hdr, rq->data, sizeof(hdr));
	if (hdr.argsz < sizeof(hdr) || hdr.flags != VFIO_IOMMU_BIND_PROCESS)
		return -EINVAL;
	if (hdr.argsz < sizeof(hdr) + sizeof(*p))
		return -EINVAL;
	if (!(rq->mem & KMODEL_MEM_BODY) || rq->size < sizeof(hdr) + sizeof(*p))
		return -EFAULT;
	memcpy(p, rq->data + sizeof(hdr), sizeof(*p));
	/* the seed's type1 knows BIND_PID only; the module adds MEM_FD */
	if (c->iommu != VFIO_SVA_IOMMU && (p->flags & ~VFIO_IOMMU_BIND_PID))
		return -EINVAL;
	if (p->flags & ~(VFIO_IOMMU_BIND_PID | VFIO_IOMMU_BIND_MEM_FD))
		return -EINVAL;
	if ((p->flags & VFIO_IOMMU_BIND_PID) &&
	    (p->flags & VFIO_IOMMU_BIND_MEM_FD))
		return -EINVAL;
	return 0;
}

/*
 * The process behind "/proc/PID/mem" or "/proc/PID/task/TID/mem" as
 * readlink() names an open file (" (deleted)" once the process is gone).
 */
static pid_t mem_path_pid(const char *path)
{
	unsigned long pid, tid;
	int n = 0;

	if (sscanf(path, "/proc/%lu/mem%n", &pid, &n) == 1 &&
	    (!path[n] || !strcmp(path + n, " (deleted)")))
		return pid && pid <= INT_MAX ? (pid_t)pid : -1;
	n = 0;
	if (sscanf(path, "/proc/%lu/task/%lu/mem%n", &pid, &tid, &n) == 2 &&
	    (!path[n] || !strcmp(path + n, " (deleted)")))
		return tid && tid <= INT_MAX ? (pid_t)tid : -1;
	return -1;
}

/*
 * BIND_MEM_FD: fdget(mem_fd) (the shim passed the caller's file, or
 * nothing for a bad number), then the file must be a /proc/PID/mem opened
 * for writing (f_op == proc_mem_operations, FMODE_WRITE), and its mm must
 * still have users (mmget_not_zero). The ptrace check ran at its open.
 */
static int mem_fd_target(struct km_model *m, int memfd, struct km_target *t)
{
	char link[64], path[PATH_MAX];
	struct statfs sfs;
	ssize_t n;
	int mode;
	char byte;
	pid_t pid;

	if (memfd < 0)
		return -EBADF;
	mode = fcntl(memfd, F_GETFL);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", memfd);
	n = readlink(link, path, sizeof(path) - 1);
	if (mode < 0 || n <= 0 || fstatfs(memfd, &sfs) ||
	    sfs.f_type != PROC_SUPER_MAGIC)
		return -EINVAL;
	path[n] = '\0';
	pid = mem_path_pid(path);
	if (pid <= 0 || !((mode & O_ACCMODE) == O_WRONLY ||
			  (mode & O_ACCMODE) == O_RDWR))
		return -EINVAL;
	/*
	 * mem_rw() copies nothing and says 0 once the mm has no users; with
	 * them, address 0 (below mmap_min_addr) is EIO.
	 */
	if ((mode & O_ACCMODE) == O_RDWR && pread(memfd, &byte, 1, 0) == 0)
		return -ESRCH;
	km_log(m, "BIND_MEM_FD: %s", path);
	return km_target_lookup(m, pid, -1, t);
}

/*
 * vfio_iommu_get_mm_by_vpid(): the process, its mm, and mm_access() by the
 * caller, whose verdict the shim brings (it ran the check as the caller).
 */
static int bind_target(struct km_model *m, const struct kmodel_ioctl *rq,
		       const struct vfio_iommu_type1_bind_process *p,
		       int pidfd, struct km_target *t)
{
	bool by_pid = p->flags & VFIO_IOMMU_BIND_PID;
	pid_t pid = by_pid ? p->pid : rq->tgid;
	int ret;

	if (p->flags & VFIO_IOMMU_BIND_MEM_FD)
		return mem_fd_target(m, rq->mem & KMODEL_MEM_MEMFD ? pidfd : -1,
				     t);
	if (by_pid && rq->verdict == KMODEL_TARGET_MISSING)
		return -ESRCH;
	ret = km_target_lookup(m, pid, pidfd, t);
	if (ret || !by_pid || t->pid == rq->tgid)
		return ret;
	/* The shim checked another process than this pid now names. */
	if (rq->target != t->pid)
		return -ESRCH;
	return rq->verdict == KMODEL_TARGET_REFUSED ? -EACCES : 0;
}

static int copy_out(const struct kmodel_ioctl *rq, struct kmodel_reply *rp,
		    const struct vfio_iommu_type1_bind_process *p)
{
	if (!(rq->mem & KMODEL_MEM_BODY_RW))
		return -EFAULT;
	memcpy(rp->data, p, sizeof(*p));
	rp->offset = sizeof(struct vfio_iommu_type1_bind);
	rp->size = sizeof(*p);
	return 0;
}

/* Bind @as on every group of @c, or on none: the review's undo. */
static int bind_groups(struct km_model *m, struct km_container *c,
		       struct km_space *as)
{
	struct km_group *g;
	int bits = 31, gbits = 0, ret = 0;

	for (g = c->groups; g; g = g->cnext) {
		ret = km_facts_sva(&g->facts, &gbits);
		if (!ret)
			ret = group_add(g, as);
		if (ret)
			break;
		if (gbits < bits)
			bits = gbits;
	}
	if (!ret && as->pasid && as->pasid >= 1ull << bits)
		ret = -ENOSPC;
	if (!ret && !as->pasid) {
		as->pasid = pasid_alloc(m, bits);
		if (!as->pasid)
			ret = -ENOSPC;
	}
	if (ret)
		for (g = c->groups; g; g = g->cnext)
			group_remove(g, as);
	return ret;
}

int km_bind(struct km_model *m, struct km_container *c,
	    const struct kmodel_ioctl *rq, int pidfd, struct kmodel_reply *rp)
{
	struct vfio_iommu_type1_bind_process p;
	struct km_space *as;
	struct km_target t;
	struct km_bond *b, **pp;
	int ret;

	ret = bind_args(c, rq, &p);
	if (!ret)
		ret = bind_target(m, rq, &p, pidfd, &t);
	if (ret)
		return ret;
	as = space_find(m, &t);
	if (as && bonded(c, as)) {
		p.pasid = as->pasid;
		return copy_out(rq, rp, &p);
	}
	if (!as) {
		/* the fd that came with BIND_MEM_FD is no pidfd */
		as = space_new(m, &t, p.flags & VFIO_IOMMU_BIND_MEM_FD ?
				      -1 : pidfd);
		if (!as)
			return -ENOMEM;
	}
	b = calloc(1, sizeof(*b));
	as->users++;
	ret = b ? bind_groups(m, c, as) : -ENOMEM;
	if (ret) {
		free(b);
		as->users--;
		space_put(m, as);
		km_log(m, "container %u: bind of pid %d failed: %s", c->id,
		       (int)t.pid, km_errno_name(-ret));
		return ret;
	}
	b->as = as;
	for (pp = &c->bonds; *pp; pp = &(*pp)->next)
		;
	*pp = b;
	km_track(m, &t);
	km_log(m, "container %u: pid %d bound, PASID %u", c->id, (int)t.pid,
	       as->pasid);
	p.pasid = as->pasid;
	ret = copy_out(rq, rp, &p);
	if (ret)
		container_unbind(m, c, as);
	return ret;
}

int km_unbind(struct km_model *m, struct km_container *c,
	      const struct kmodel_ioctl *rq, int pidfd)
{
	struct vfio_iommu_type1_bind_process p;
	struct km_space *as;
	struct km_target t;
	int ret;

	ret = bind_args(c, rq, &p);
	if (!ret)
		ret = bind_target(m, rq, &p, pidfd, &t);
	if (ret)
		return ret;
	as = space_find(m, &t);
	if (!as || !bonded(c, as))
		return -ESRCH;
	container_unbind(m, c, as);
	return 0;
}

/* vfio_iommu_replay_bind(): a group joining a container with bonds. */
int km_replay(struct km_model *m, struct km_container *c, struct km_group *g)
{
	struct km_bond *b;
	int bits = 0, ret;

	if (!c->bonds)
		return 0;
	ret = km_facts_sva(&g->facts, &bits);
	for (b = c->bonds; b && !ret; b = b->next) {
		if (b->as->pasid >= 1ull << bits)
			ret = -ENOSPC;
		else
			ret = group_add(g, b->as);
	}
	if (ret) {
		km_group_unbind_all(g);
		km_log(m, "group %u: replaying the bonds of container %u failed: %s",
		       g->id, c->id, km_errno_name(-ret));
	}
	return ret;
}
