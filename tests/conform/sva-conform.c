// SPDX-License-Identifier: GPL-2.0
/*
 * One conformance table for VFIO_IOMMU_BIND / VFIO_IOMMU_UNBIND on a
 * VFIO_SVA_IOMMU container, run against the kernel model (through the
 * vfio-sva-fake shim) and against kernel/vfio_sva.ko in the QEMU guest:
 * the same rows, the same errnos (src/common/vfio_sva_uapi.h). Rows marked
 * KERNEL need the real kernel (Yama, type1 DMA mapping, rmmod, dmesg).
 *
 * usage: sva-conform --group N [--group2 M] [--sva ERRNO|0] [--kernel]
 *                    [--type1-group M] [--module PATH.ko]
 *   --group2  a second group that joins the container (bonds replayed)
 *   --sva     what the SVA layer answers for this group's device: 0 (it
 *             binds) or an errno name (ENODEV: no PRI; EOPNOTSUPP: the x86
 *             guard). Rows that reach the SVA layer expect it.
 *   --kernel  run the KERNEL rows too (the module, as root, in a guest:
 *             Yama's ptrace_scope is set to 3 and cannot be set back)
 * Prints "PASS: conform: ROW" or "FAIL: conform: ROW: got X, want Y" per
 * row and "conform: N rows, P passed"; exits 1 if a row failed, 2 on a
 * usage or set-up error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "macros.h"
#include "vfio_sva_uapi.h"

#define NOBODY 65534

struct ctx {
	int group_id, type1_group_id, group2_id;
	int sva;		/* 0 or the errno the SVA layer answers */
	bool kernel;
	const char *module;
	int container, group;	/* the VFIO_SVA_IOMMU container and its group */
	pid_t child;		/* a root-owned target, alive */
};

struct bindarg {
	struct vfio_iommu_type1_bind hdr;
	struct vfio_iommu_type1_bind_process p;
};

static const struct { int e; const char *name; } errnos[] = {
	{ 0, "0" }, { EINVAL, "EINVAL" }, { EFAULT, "EFAULT" },
	{ ESRCH, "ESRCH" }, { EACCES, "EACCES" }, { EPERM, "EPERM" },
	{ ENODEV, "ENODEV" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ ENOTTY, "ENOTTY" }, { EBADF, "EBADF" }, { ENOSPC, "ENOSPC" },
	{ EBUSY, "EBUSY" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
	{ ENOMEM, "ENOMEM" },
};

static const char *ename(int e)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].e == e)
			return errnos[i].name;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static int enumber(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (!strcmp(errnos[i].name, name))
			return errnos[i].e;
	return -1;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? errno : 0;
}

static int do_bind(struct ctx *c, unsigned long req, __u32 pflags, int who,
		   __u32 *pasid)
{
	struct bindarg a = {
		.hdr = { .argsz = sizeof(a), .flags = VFIO_IOMMU_BIND_PROCESS },
		.p = { .flags = pflags, .pid = who },
	};
	int ret = xioctl(c->container, req, &a);

	if (!ret && pasid)
		*pasid = a.p.pasid;
	return ret;
}

/* A child that sleeps until killed; with @uid, as that user. */
static pid_t spawn(uid_t uid)
{
	pid_t pid = fork();

	if (pid == 0) {
		if (uid && (setresgid(uid, uid, uid) || setresuid(uid, uid, uid)))
			_exit(1);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		for (;;)
			pause();
	}
	return pid;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static pid_t exited_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static int open_mem(pid_t pid, int mode)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	return open(path, mode | O_CLOEXEC);
}

/* Run @fn in a child as uid 65534 (the fds stay); its result, or EIO. */
static int as_nobody(struct ctx *c, int (*fn)(struct ctx *))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(100);
		/* as after an exec: a uid change alone leaves us non-dumpable */
		prctl(PR_SET_DUMPABLE, 1);
		_exit(fn(c));
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return EIO;
	return WEXITSTATUS(st) == 100 ? EIO : WEXITSTATUS(st);
}

static int open_group(int id)
{
	char path[32];

	snprintf(path, sizeof(path), "/dev/vfio/%d", id);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* A container with @id in it, of IOMMU @type; -errno on failure. */
static int container_of_type(int id, unsigned long type, int *groupfd)
{
	int cfd, gfd, ret;

	cfd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (cfd < 0)
		return -errno;
	gfd = open_group(id);
	if (gfd < 0) {
		ret = -errno;
		close(cfd);
		return ret;
	}
	ret = xioctl(gfd, VFIO_GROUP_SET_CONTAINER, &cfd);
	if (!ret)
		ret = ioctl(cfd, VFIO_SET_IOMMU, type) < 0 ? errno : 0;
	if (ret) {
		close(gfd);
		close(cfd);
		return -ret;
	}
	*groupfd = gfd;
	return cfd;
}

/* ---- the rows ----------------------------------------------------------- */

static int r_check_sva(struct ctx *c)
{
	int fd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC), r;

	(void)c;
	if (fd < 0)
		return errno;
	r = ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_SVA_IOMMU);
	close(fd);
	return r == 1 ? 0 : r < 0 ? errno : EINVAL;
}

static int r_check_type1(struct ctx *c)
{
	int fd = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC), r;

	(void)c;
	if (fd < 0)
		return errno;
	r = ioctl(fd, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU);
	close(fd);
	return r == 1 ? 0 : r < 0 ? errno : EINVAL;
}

static int r_bind_before_set_iommu(struct ctx *c)
{
	struct ctx d = *c;
	int r;

	d.container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d.container < 0)
		return errno;
	r = do_bind(&d, VFIO_IOMMU_BIND, 0, 0, NULL);
	close(d.container);
	return r;
}

static int r_set_iommu(struct ctx *c)
{
	int fd = container_of_type(c->group_id, VFIO_SVA_IOMMU, &c->group);

	if (fd < 0)
		return -fd;
	c->container = fd;
	return 0;
}

static int r_map_dma(struct ctx *c)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = VFIO_DMA_MAP_FLAG_READ,
		.vaddr = (uintptr_t)c, .iova = 0, .size = 4096,
	};

	return xioctl(c->container, VFIO_IOMMU_MAP_DMA, &m);
}

static int r_argsz_short(struct ctx *c)
{
	struct bindarg a = {
		.hdr = { .argsz = sizeof(a.hdr) + 4,
			 .flags = VFIO_IOMMU_BIND_PROCESS },
	};

	return xioctl(c->container, VFIO_IOMMU_BIND, &a);
}

static int hdr_flags(struct ctx *c, __u32 flags)
{
	struct bindarg a = { .hdr = { .argsz = sizeof(a), .flags = flags } };

	return xioctl(c->container, VFIO_IOMMU_BIND, &a);
}

static int r_flags_zero(struct ctx *c) { return hdr_flags(c, 0); }
static int r_flags_unknown(struct ctx *c) { return hdr_flags(c, 3); }

static int r_pflags_unknown(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, 1u << 7, 0, NULL);
}

static int r_pid_and_memfd(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND,
		       VFIO_IOMMU_BIND_PID | VFIO_IOMMU_BIND_MEM_FD, c->child,
		       NULL);
}

static int r_null_pointer(struct ctx *c)
{
	return xioctl(c->container, VFIO_IOMMU_BIND, NULL);
}

/* The header readable, the process behind it on a page that is not. */
static int r_body_unmapped(struct ctx *c)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct vfio_iommu_type1_bind *h;
	int r;

	if (m == MAP_FAILED)
		return errno;
	mprotect(m + pg, pg, PROT_NONE);
	h = (void *)(m + pg - sizeof(*h));
	h->argsz = sizeof(struct bindarg);
	h->flags = VFIO_IOMMU_BIND_PROCESS;
	r = xioctl(c->container, VFIO_IOMMU_BIND, h);
	munmap(m, 2 * pg);
	return r;
}

static int r_bind_self(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, 0, 0, NULL);
}

/* Twice: the same PASID (0 when so, EPROTO when not). */
static int r_bind_self_twice(struct ctx *c)
{
	__u32 a = 0, b = 0;
	int r = do_bind(c, VFIO_IOMMU_BIND, 0, 0, &a);

	if (!r)
		r = do_bind(c, VFIO_IOMMU_BIND, 0, 0, &b);
	return r ? r : a == b && a ? 0 : EPROTO;
}

static int r_unbind_self(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_UNBIND, 0, 0, NULL);
}

static int r_bind_child(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, c->child, NULL);
}

static int r_unbind_child(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID, c->child,
		       NULL);
}

static int r_bind_memfd_child(struct ctx *c)
{
	int fd = open_mem(c->child, O_RDWR), r;

	if (fd < 0)
		return errno;
	r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_MEM_FD, fd, NULL);
	if (!r)
		r = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_MEM_FD, fd,
			    NULL);
	close(fd);
	return r;
}

static int r_unbind_never(struct ctx *c)
{
	pid_t t = spawn(0);
	int r = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID, t, NULL);

	reap(t);
	return r;
}

static int r_pid_exited(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, exited_pid(),
		       NULL);
}

static int r_pid_zero(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, 0, NULL);
}

static int r_memfd_exited(struct ctx *c)
{
	pid_t t = spawn(0);
	int fd = open_mem(t, O_RDWR), r;

	reap(t);
	if (fd < 0)
		return errno;
	r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_MEM_FD, fd, NULL);
	close(fd);
	return r;
}

static int r_memfd_badfd(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_MEM_FD, 987654,
		       NULL);
}

static int r_memfd_devnull(struct ctx *c)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC), r;

	r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_MEM_FD, fd, NULL);
	close(fd);
	return r;
}

static int r_memfd_readonly(struct ctx *c)
{
	int fd = open_mem(c->child, O_RDONLY), r;

	if (fd < 0)
		return errno;
	r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_MEM_FD, fd, NULL);
	close(fd);
	return r;
}

/*
 * The module's count of live bonds (/sys/module/vfio_sva/parameters/bonds),
 * -1 where there is none to read (the kernel model: its state says it).
 */
static int bonds_now(void)
{
	FILE *f = fopen("/sys/module/vfio_sva/parameters/bonds", "re");
	int n = -1;

	if (f) {
		if (fscanf(f, "%d", &n) != 1)
			n = -1;
		fclose(f);
	}
	return n;
}

/* 0 once the module counts @want bonds again (within a second), EEXIST if not. */
static int bonds_back_to(int want)
{
	int i;

	for (i = 0; want >= 0 && i < 50; i++) {
		if (bonds_now() == want)
			return 0;
		usleep(20000);
	}
	return want < 0 ? 0 : EEXIST;
}

/* Bound, then the process exits: nothing is left to unbind (ESRCH). */
static int r_exit_drops_bond(struct ctx *c)
{
	int before = bonds_now();
	pid_t t = spawn(0);
	int r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, t, NULL), i;

	if (r) {
		reap(t);
		return r;
	}
	if (before >= 0 && bonds_now() != before + 1) {
		reap(t);
		return EPROTO;
	}
	reap(t);
	/* the bond itself goes, not only the pid */
	if (bonds_back_to(before))
		return EEXIST;
	/* the module tears the bond down from the mm's release, soon after */
	for (i = 0; i < 50; i++) {
		r = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID, t, NULL);
		if (r == ESRCH)
			break;
		usleep(20000);
	}
	return r ? r : EEXIST;
}

/* Bound, then the process execs: its new address space is not bound. */
static int r_exec_drops_bond(struct ctx *c)
{
	int p[2], r, i, before = bonds_now();
	pid_t t;
	char b;

	if (pipe2(p, O_CLOEXEC))
		return errno;
	t = fork();
	if (t == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(p[1]);
		if (read(p[0], &b, 1) == 1)
			execlp("sleep", "sleep", "100", (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, t, NULL);
	if (write(p[1], "x", 1) != 1 && !r)
		r = EIO;
	close(p[1]);
	for (i = 0; !r && i < 50; i++) {
		usleep(20000);
		r = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID, t, NULL);
		if (!r)
			/* not exec'd yet: bind again and look once more */
			r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, t,
				    NULL);
		else if (r == ESRCH)
			break;
	}
	if (r == ESRCH && bonds_back_to(before))
		r = EEXIST;
	reap(t);
	return r ? r : EEXIST;
}

/* A group joining a container with a bond gets it (replay), and leaves. */
static int r_replay_second_group(struct ctx *c)
{
	int g2, r;

	if (c->group2_id < 0)
		return ENOENT;
	r = do_bind(c, VFIO_IOMMU_BIND, 0, 0, NULL);
	if (r)
		return r;
	g2 = open_group(c->group2_id);
	if (g2 < 0)
		r = errno;
	else
		r = xioctl(g2, VFIO_GROUP_SET_CONTAINER, &c->container);
	if (!r)
		r = xioctl(g2, VFIO_GROUP_UNSET_CONTAINER, NULL);
	if (g2 >= 0)
		close(g2);
	if (!r)
		r = do_bind(c, VFIO_IOMMU_UNBIND, 0, 0, NULL);
	else
		do_bind(c, VFIO_IOMMU_UNBIND, 0, 0, NULL);
	return r;
}

/* The container closes with a bond in it; a new one starts clean. */
static int r_close_with_bond(struct ctx *c)
{
	int before = bonds_now();
	int r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, c->child,
			NULL), r2;

	close(c->group);
	close(c->container);
	c->group = c->container = -1;
	if (!r && bonds_back_to(before))
		return EEXIST;
	r2 = r_set_iommu(c);
	if (!r2 && !r)
		r2 = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID,
			     c->child, NULL) == ESRCH ? 0 : EEXIST;
	return r ? r : r2;
}

struct race {
	int container;
	int stop;
};

static void *race_binder(void *arg)
{
	struct race *rc = arg;

	while (!__atomic_load_n(&rc->stop, __ATOMIC_RELAXED)) {
		struct bindarg a = {
			.hdr = { .argsz = sizeof(a),
				 .flags = VFIO_IOMMU_BIND_PROCESS },
		};

		ioctl(rc->container, VFIO_IOMMU_BIND, &a);
	}
	return NULL;
}

/*
 * BIND on the container while its only group leaves and comes back, over
 * and over. Linux 6.1's VFIO core passes BIND to the backend without the
 * container's lock while GROUP_UNSET_CONTAINER releases the backend under
 * it: no bond may outlive the backend it was made in (nor may the kernel
 * warn: dmesg is checked in the guest).
 */
static int r_bind_races_release(struct ctx *c)
{
	struct race rc = { .container = c->container };
	int before = bonds_now(), i, r = 0, r2;
	pthread_t t;

	if (pthread_create(&t, NULL, race_binder, &rc))
		return EAGAIN;
	for (i = 0; i < 300 && !r; i++) {
		r = xioctl(c->group, VFIO_GROUP_UNSET_CONTAINER, NULL);
		if (!r)
			r = xioctl(c->group, VFIO_GROUP_SET_CONTAINER,
				   &c->container);
		if (!r && ioctl(c->container, VFIO_SET_IOMMU,
				VFIO_SVA_IOMMU) < 0)
			r = errno;
	}
	__atomic_store_n(&rc.stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	/* the bond of the last round goes with the last backend */
	close(c->group);
	close(c->container);
	c->group = c->container = -1;
	if (!r && bonds_back_to(before))
		r = EEXIST;
	r2 = r_set_iommu(c);
	return r ? r : r2;
}

static int nobody_binds_child(struct ctx *c)
{
	return do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, c->child, NULL);
}

static int r_nobody_vs_root(struct ctx *c)
{
	return as_nobody(c, nobody_binds_child);
}

static int nobody_binds_own(struct ctx *c)
{
	pid_t t = spawn(0);	/* already uid 65534 */
	int r = do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID, t, NULL);

	if (!r)
		r = do_bind(c, VFIO_IOMMU_UNBIND, VFIO_IOMMU_BIND_PID, t, NULL);
	reap(t);
	return r;
}

static int r_nobody_own(struct ctx *c)
{
	return as_nobody(c, nobody_binds_own);
}

static int r_type1_maps(struct ctx *c)
{
	struct vfio_iommu_type1_dma_map m = { .argsz = sizeof(m) };
	struct vfio_iommu_type1_dma_unmap u = { .argsz = sizeof(u) };
	int gfd, fd, r;
	void *buf;

	if (c->type1_group_id < 0)
		return ENOENT;
	fd = container_of_type(c->type1_group_id, VFIO_TYPE1v2_IOMMU, &gfd);
	if (fd < 0)
		return -fd;
	buf = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	m.vaddr = (uintptr_t)buf;
	m.iova = 1 << 20;
	m.size = 1 << 20;
	r = buf == MAP_FAILED ? errno : xioctl(fd, VFIO_IOMMU_MAP_DMA, &m);
	if (!r) {
		u.iova = m.iova;
		u.size = m.size;
		r = xioctl(fd, VFIO_IOMMU_UNMAP_DMA, &u);
		if (!r && u.size != m.size)
			r = EPROTO;
	}
	close(gfd);
	close(fd);
	return r;
}

static int sh(const char *cmd)
{
	int st = system(cmd);

	return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
}

/* rmmod while our container holds the module: refused (EBUSY). */
static int r_rmmod_in_use(struct ctx *c)
{
	(void)c;
	return sh("rmmod vfio_sva 2>/dev/null") ? EBUSY : 0;
}

/* The container closed: rmmod works, and the module loads again. */
static int r_rmmod_after(struct ctx *c)
{
	char cmd[512];

	close(c->group);
	close(c->container);
	c->group = c->container = -1;
	if (sh("rmmod vfio_sva"))
		return EBUSY;
	snprintf(cmd, sizeof(cmd), "insmod %s", c->module);
	return sh(cmd) ? EIO : 0;
}

/* Yama ptrace_scope 3 (no attach at all; it cannot be set back). */
static int r_yama3(struct ctx *c)
{
	int fd = open("/proc/sys/kernel/yama/ptrace_scope", O_WRONLY), r;

	if (fd < 0)
		return ENOENT;
	r = write(fd, "3", 1) == 1 ? 0 : errno;
	close(fd);
	if (r)
		return r;
	if (c->container < 0)
		r = r_set_iommu(c);
	return r ? r : do_bind(c, VFIO_IOMMU_BIND, VFIO_IOMMU_BIND_PID,
			       c->child, NULL);
}

/* ---- the table ---------------------------------------------------------- */

/*
 * want: "A|B": A where the SVA layer binds (--sva 0), B where it does not;
 * "A" alone: either way. Each is an errno name, "0", or "SVA" (the SVA
 * layer's answer, --sva).
 */
#define KERNEL	1	/* real kernel only */
#define MODULE	2	/* the module loaded (any --sva), never the model */
static const struct row {
	const char *name;
	int (*run)(struct ctx *c);
	const char *want;
	unsigned int where;
} table[] = {
	{ "check-extension-sva-iommu", r_check_sva, "0", 0 },
	{ "check-extension-type1v2-still", r_check_type1, "0", 0 },
	{ "bind-before-set-iommu", r_bind_before_set_iommu, "EINVAL", 0 },
	{ "set-iommu-sva", r_set_iommu, "0", 0 },
	{ "map-dma-enotty", r_map_dma, "ENOTTY", 0 },
	{ "bind-argsz-short", r_argsz_short, "EINVAL", 0 },
	{ "bind-flags-zero", r_flags_zero, "EINVAL", 0 },
	{ "bind-flags-unknown", r_flags_unknown, "EINVAL", 0 },
	{ "bind-process-flags-unknown", r_pflags_unknown, "EINVAL", 0 },
	{ "bind-pid-and-mem-fd", r_pid_and_memfd, "EINVAL", 0 },
	{ "bind-null-pointer", r_null_pointer, "EFAULT", 0 },
	{ "bind-body-unmapped", r_body_unmapped, "EFAULT", 0 },
	{ "bind-self", r_bind_self, "0|SVA", 0 },
	{ "bind-self-twice-same-pasid", r_bind_self_twice, "0|SVA", 0 },
	{ "unbind-self", r_unbind_self, "0|ESRCH", 0 },
	{ "unbind-self-again", r_unbind_self, "ESRCH", 0 },
	{ "bind-pid-root-child", r_bind_child, "0|SVA", 0 },
	{ "unbind-pid-root-child", r_unbind_child, "0|ESRCH", 0 },
	{ "bind-mem-fd-root-child", r_bind_memfd_child, "0|SVA", 0 },
	{ "unbind-never-bound", r_unbind_never, "ESRCH", 0 },
	{ "bind-pid-exited", r_pid_exited, "ESRCH", 0 },
	{ "bind-pid-zero", r_pid_zero, "ESRCH", 0 },
	{ "bind-mem-fd-exited", r_memfd_exited, "ESRCH", 0 },
	{ "bind-mem-fd-bad-fd", r_memfd_badfd, "EBADF", 0 },
	{ "bind-mem-fd-not-mem", r_memfd_devnull, "EINVAL", 0 },
	{ "bind-mem-fd-read-only", r_memfd_readonly, "EINVAL", 0 },
	{ "exit-drops-bond", r_exit_drops_bond, "ESRCH|SVA", 0 },
	{ "exec-drops-bond", r_exec_drops_bond, "ESRCH|SVA", 0 },
	{ "replay-to-second-group", r_replay_second_group, "0|SVA", 0 },
	{ "close-container-with-bond", r_close_with_bond, "0|SVA", 0 },
	{ "bind-races-group-unset", r_bind_races_release, "0", MODULE },
	{ "bind-pid-unprivileged-vs-root", r_nobody_vs_root, "EACCES", 0 },
	{ "bind-pid-unprivileged-own", r_nobody_own, "0|SVA", 0 },
	{ "type1-maps-dma-on-other-group", r_type1_maps, "0", KERNEL },
	{ "rmmod-while-in-use", r_rmmod_in_use, "EBUSY", KERNEL },
	{ "rmmod-after-close", r_rmmod_after, "0", KERNEL },
	{ "bind-pid-yama-scope-3", r_yama3, "EACCES", KERNEL },
};

#define SET_IOMMU_ROW 3	/* the rows after it need its container */

static int want_of(const struct ctx *c, const char *want)
{
	const char *bar = strchr(want, '|');
	char w[32];

	if (bar) {
		if (c->sva)
			want = bar + 1;
		else
			snprintf(w, sizeof(w), "%.*s", (int)(bar - want), want),
			want = w;
	}
	return strcmp(want, "SVA") ? enumber(want) : c->sva;
}

static void usage(void)
{
	fprintf(stderr, "usage: sva-conform --group N [--group2 M] [--sva ERRNO|0] [--kernel] [--type1-group M] [--module PATH.ko]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "group", required_argument, NULL, 'g' },
		{ "type1-group", required_argument, NULL, 't' },
		{ "group2", required_argument, NULL, '2' },
		{ "sva", required_argument, NULL, 's' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "module", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx c = { .group_id = -1, .type1_group_id = -1, .group2_id = -1,
			 .container = -1, .group = -1 };
	int o, n = 0, passed = 0, got, want;
	size_t i;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'g': c.group_id = atoi(optarg); break;
		case 't': c.type1_group_id = atoi(optarg); break;
		case '2': c.group2_id = atoi(optarg); break;
		case 's':
			c.sva = enumber(optarg);
			if (c.sva < 0)
				usage();
			break;
		case 'k': c.kernel = true; break;
		case 'm': c.module = optarg; break;
		default: usage();
		}
	}
	if (c.group_id < 0 || optind != argc || (c.kernel && !c.module))
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	c.child = spawn(0);
	if (c.child < 0) {
		perror("sva-conform: fork");
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(table); i++) {
		const struct row *r = &table[i];

		if ((r->where & KERNEL) && !c.kernel)
			continue;
		if ((r->where & MODULE) && bonds_now() < 0)
			continue;
		n++;
		if (i > SET_IOMMU_ROW && c.container < 0 &&
		    !(r->where & KERNEL)) {
			printf("FAIL: conform: %s: no container (set-iommu-sva failed)\n",
			       r->name);
			continue;
		}
		if ((r->run == r_nobody_vs_root || r->run == r_nobody_own) &&
		    geteuid()) {
			n--;
			printf("SKIP: conform: %s: needs root (setresuid)\n",
			       r->name);
			continue;
		}
		got = r->run(&c);
		want = want_of(&c, r->want);
		if (got == want) {
			passed++;
			printf("PASS: conform: %s\n", r->name);
		} else {
			printf("FAIL: conform: %s: got %s, want ", r->name,
			       ename(got));
			printf("%s\n", ename(want));
		}
	}
	reap(c.child);
	printf("conform: %d rows, %d passed\n", n, passed);
	return passed == n ? 0 : 1;
}
