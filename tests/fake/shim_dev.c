// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: device nodes /dev/vfio/ and /dev/iommu.
 *
 * Every open of one of these nodes goes through shim_dev_open(). It opens
 * the fixture's node file with the caller's flags, so that the file's owner
 * and mode decide who may open it. For /dev/vfio/vfio and /dev/vfio/N it
 * then connects to the kernel model (tests/kmodel/) when one listens on
 * ROOT/kmodel.sock or $VFIO_SVA_KMODEL_SOCKET, and returns the connection
 * instead: that socket is the open file, released when its last fd goes.
 * ioctl() forwards VFIO requests (type ';') on any socket whose peer is the
 * model, in whatever process holds it. Without a model the fixture's file
 * is returned and its ioctls answer ENOTTY, as any regular file's.
 * The protocol: tests/kmodel/kmodel_proto.h.
 */
#include "shim.h"
#include "../kmodel/kmodel_proto.h"
#include "../../src/common/fd_pass.h"
#include "../../src/common/vfio_sva_uapi.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

#define SHIM_SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

/* The model's socket, "" when there is no root or the path is too long. */
static char shim_dev_sock[SHIM_SUN_PATH_MAX];

__attribute__((constructor)) static void shim_dev_ctor(void)
{
	static const char name[] = "/" KMODEL_SOCKET_NAME;
	const char *env;

	if (!shim_active())
		return;
	env = getenv(KMODEL_SOCKET_ENV);
	if (env && *env) {
		size_t n = strlen(env);

		if (env[0] == '/' && n < sizeof(shim_dev_sock))
			memcpy(shim_dev_sock, env, n + 1);
	} else if (shim.rootlen + sizeof(name) <= sizeof(shim_dev_sock)) {
		memcpy(shim_dev_sock, shim.root, shim.rootlen);
		memcpy(shim_dev_sock + shim.rootlen, name, sizeof(name));
	}
}

bool shim_dev_is_node(const char *logical)
{
	return (strncmp(logical, "/dev/vfio/", 10) == 0 && logical[10]) ||
	       strcmp(logical, "/dev/iommu") == 0;
}

/* "vfio" or the group number of a node the model serves, else NULL. */
static const char *shim_dev_model_node(const char *logical)
{
	const char *n = logical + 10;
	size_t len;

	if (strncmp(logical, "/dev/vfio/", 10) != 0)
		return NULL;
	if (strcmp(n, "vfio") == 0)
		return n;
	len = strlen(n);
	if (len && len < sizeof(((struct kmodel_open *)0)->node) &&
	    strspn(n, "0123456789") == len)
		return n;
	return NULL;
}

static bool shim_dev_is_model(int fd)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	size_t n = strlen(shim_dev_sock);
	size_t off = offsetof(struct sockaddr_un, sun_path);
	int saved = errno, r;

	if (!n)
		return false;
	memset(&sa, 0, sizeof(sa));
	r = REAL(getpeername)(fd, (struct sockaddr *)&sa, &len);
	errno = saved;
	if (r < 0 || sa.sun_family != AF_UNIX || len < off + n ||
	    len > sizeof(sa))
		return false;
	if (memcmp(sa.sun_path, shim_dev_sock, n) != 0)
		return false;
	return len == off + n || sa.sun_path[n] == '\0';
}

static int shim_dev_wait(int fd, short events)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do {
		r = poll(&p, 1, KMODEL_REPLY_TIMEOUT_S * 1000);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return r ? 0 : -ETIMEDOUT;
}

static int shim_dev_send(int s, const void *msg, size_t len, const int *fds,
			 int nfds)
{
	ssize_t n;
	int r;

	for (;;) {
		n = fd_pass_send(s, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT, fds,
				 nfds > 0 ? (size_t)nfds : 0);
		if (n == (ssize_t)len)
			return 0;
		if (n >= 0)
			return -EIO;
		if (n != -EAGAIN)
			return (int)n;
		r = shim_dev_wait(s, POLLOUT);
		if (r)
			return r;
	}
}

/* One reply: its length, -EIO when the model went away, or -errno. */
static ssize_t shim_dev_recv(int s, struct kmodel_reply *rp)
{
	ssize_t n;
	int r;

	for (;;) {
		n = recv(s, rp, sizeof(*rp), MSG_DONTWAIT);
		if (n > 0)
			return n;
		if (n == 0)
			return -EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		r = shim_dev_wait(s, POLLIN);
		if (r)
			return r;
	}
}

/* The answer's errno, or -EIO for anything that is not an answer. */
static int shim_dev_reply_ok(const struct kmodel_reply *rp, ssize_t n)
{
	if (n < 0)
		return (int)n;
	if (!kmodel_hdr_ok(rp, n, KMODEL_REPLY, sizeof(*rp)) ||
	    rp->size > KMODEL_ARG_MAX ||
	    rp->offset > KMODEL_ARG_MAX - rp->size)
		return -EIO;
	return 0;
}

/*
 * Connect to the model and open @node there. Returns the socket, -errno,
 * or sets *none when no model listens.
 */
static int shim_dev_connect(const char *node, int flags, bool *none)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct kmodel_open o;
	struct kmodel_reply rp;
	struct stat st;
	int s, r;

	*none = false;
	s = socket(AF_UNIX, SOCK_SEQPACKET |
		   ((flags & O_CLOEXEC) ? SOCK_CLOEXEC : 0), 0);
	if (s < 0)
		return -errno;
	memcpy(sa.sun_path, shim_dev_sock, strlen(shim_dev_sock) + 1);
	if (REAL(connect)(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = errno;
		shim_real_close(s);
		*none = r == ENOENT || r == ECONNREFUSED;
		return -r;
	}
	memset(&o, 0, sizeof(o));
	kmodel_hdr_init(&o.hdr, KMODEL_OPEN, sizeof(o));
	o.tgid = getpid();
	o.flags = flags;
	if (REAL(fstat)(s, &st) == 0) {
		o.ino = st.st_ino;
		o.dev = st.st_dev;
	}
	memcpy(o.node, node, strlen(node) + 1);
	r = shim_dev_send(s, &o, sizeof(o), NULL, 0);
	if (!r)
		r = shim_dev_reply_ok(&rp, shim_dev_recv(s, &rp));
	if (!r)
		r = rp.ret < 0 ? rp.ret : 0;
	if (r) {
		shim_real_close(s);
		return r;
	}
	return s;
}

int shim_dev_open(const char *logical, const char *real, int flags,
		  mode_t mode)
{
	const char *node = shim_dev_model_node(logical);
	int fd, s, e;
	bool none;

	/* A device node ignores O_TRUNC; the fixture's file must not. */
	fd = shim_real_open(real, flags & ~O_TRUNC, mode);
	if (fd < 0 || (flags & O_PATH) || !node || !shim_dev_sock[0])
		return fd;
	e = errno;
	s = shim_dev_connect(node, flags, &none);
	if (none) {
		errno = e;
		return fd;
	}
	if (s < 0) {
		shim_real_close(fd);
		errno = -s;
		return -1;
	}
	/* Keep the fd number the real open gave: lowest free, as always. */
	if (dup3(s, fd, (flags & O_CLOEXEC) ? O_CLOEXEC : 0) == fd) {
		shim_real_close(s);
		s = fd;
	} else {
		shim_real_close(fd);
	}
	errno = e;
	return s;
}

/*
 * The caller's memory, as copy_from_user() and copy_to_user() see it: a
 * bad pointer fails with EFAULT, it never crashes. A pipe does the same
 * where process_vm_readv() is not allowed (seccomp).
 */
static int shim_mem_pipe(void *local, void *remote, size_t len,
			 bool to_remote)
{
	int p[2], ok;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	if (to_remote)
		ok = write(p[1], local, len) == (ssize_t)len &&
		     read(p[0], remote, len) == (ssize_t)len;
	else
		ok = write(p[1], remote, len) == (ssize_t)len &&
		     read(p[0], local, len) == (ssize_t)len;
	shim_real_close(p[0]);
	shim_real_close(p[1]);
	return ok ? 0 : -1;
}

static int shim_mem(void *local, void *remote, size_t len, bool to_remote)
{
	struct iovec l = { .iov_base = local, .iov_len = len };
	struct iovec r = { .iov_base = remote, .iov_len = len };
	ssize_t n;

	n = to_remote ? process_vm_writev(getpid(), &l, 1, &r, 1, 0) :
			process_vm_readv(getpid(), &l, 1, &r, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	if (n < 0 && (errno == ENOSYS || errno == EPERM))
		return shim_mem_pipe(local, remote, len, to_remote);
	return -1;
}

static pid_t shim_dev_tgid(pid_t pid)
{
	char path[64], buf[2048];
	const char *t;
	char *end;
	ssize_t n;
	long tgid;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	fd = shim_real_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	shim_real_close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	t = strstr(buf, "\nTgid:");
	if (!t)
		return -1;
	tgid = strtol(t + 6, &end, 10);
	return end == t + 6 || tgid <= 0 || tgid > INT_MAX ? -1 : (pid_t)tgid;
}

/*
 * Where pidfd_getfd() is missing (valgrind 3.19 does not know it),
 * process_vm_readv() makes the same mm_access() check before it reads:
 * one byte from address 0 fails EFAULT when allowed, EPERM when refused.
 * Returns -1 with errno set as pidfd_getfd() would (EBADF: allowed).
 */
static int shim_dev_vm_check(pid_t pid)
{
	char byte;
	struct iovec local = { &byte, 1 }, remote = { NULL, 1 };

	if (syscall(SYS_process_vm_readv, pid, &local, 1UL, &remote, 1UL,
		    0UL) >= 0 || errno == EFAULT)
		errno = EBADF;	/* allowed, as pidfd_getfd's EBADF */
	return -1;
}

/*
 * mm_access(task, PTRACE_MODE_ATTACH_REALCREDS) as the caller: the kernel
 * checks current, so this runs here, with the caller's credentials.
 * pidfd_getfd() makes the same check: EPERM means refused.
 */
static void shim_dev_verdict(pid_t pid, struct kmodel_ioctl *rq, int *pidfd)
{
	pid_t tgid = pid;
	int pfd, f;

	rq->target = pid;
	rq->verdict = KMODEL_TARGET_MISSING;
	if (pid <= 0)
		return;
	pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0 && errno == EINVAL) {
		/* a thread: its process is what gets bound */
		tgid = shim_dev_tgid(pid);
		if (tgid > 0)
			pfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	}
	if (pfd < 0) {
		if (errno != ESRCH && errno != EINVAL)
			rq->verdict = KMODEL_TARGET_ALLOWED;
		return;
	}
	rq->target = tgid;
	rq->mem |= KMODEL_MEM_PIDFD;
	*pidfd = pfd;
	rq->verdict = KMODEL_TARGET_ALLOWED;
	if (tgid == getpid())
		return;
	f = (int)syscall(SYS_pidfd_getfd, pfd, 0, 0);
	if (f < 0 && errno == ENOSYS)
		f = shim_dev_vm_check(tgid);
	if (f >= 0)
		shim_real_close(f);
	else if (errno == EPERM)
		rq->verdict = KMODEL_TARGET_REFUSED;
	else if (errno == ESRCH)
		rq->verdict = KMODEL_TARGET_MISSING;
}

/* Read what VFIO_IOMMU_BIND would copy in, and check it can copy out. */
static void shim_dev_bind_args(struct kmodel_ioctl *rq, char *a, int *pidfd)
{
	struct vfio_iommu_type1_bind hdr;
	struct vfio_iommu_type1_bind_process p;
	size_t hs = sizeof(hdr), ps = sizeof(p);
	pid_t target = getpid();

	if (shim_mem(&hdr, a, hs, false))
		return;
	memcpy(rq->data, &hdr, hs);
	rq->mem |= KMODEL_MEM_HEAD;
	rq->size = hs;
	if (hdr.argsz < hs + ps || hdr.flags != VFIO_IOMMU_BIND_PROCESS ||
	    shim_mem(&p, a + hs, ps, false))
		return;
	memcpy(rq->data + hs, &p, ps);
	rq->mem |= KMODEL_MEM_BODY;
	rq->size = hs + ps;
	/* Rewriting what was read: no bond may outlive a failed copy-out. */
	if (!shim_mem(&p, a + hs, ps, true))
		rq->mem |= KMODEL_MEM_BODY_RW;
	if ((p.flags & VFIO_IOMMU_BIND_MEM_FD) &&
	    !(p.flags & VFIO_IOMMU_BIND_PID)) {
		/* fdget() in the caller's table: the model gets the file */
		if (p.mem_fd >= 0 && fcntl(p.mem_fd, F_GETFD) >= 0) {
			*pidfd = fcntl(p.mem_fd, F_DUPFD_CLOEXEC, 0);
			if (*pidfd >= 0)
				rq->mem |= KMODEL_MEM_MEMFD;
		}
		return;
	}
	if (p.flags & VFIO_IOMMU_BIND_PID)
		target = p.pid;
	if (target != getpid())
		shim_dev_verdict(target, rq, pidfd);
}

static int shim_dev_forward(int fd, unsigned long req, void *arg)
{
	char *a = arg;
	struct kmodel_ioctl rq;
	struct kmodel_reply rp;
	int fds[KMODEL_MAX_FDS], nfds = 1, xfd = -1, own = -1, sp[2], r, cfd;
	int saved = errno;

	memset(&rq, 0, sizeof(rq));
	memset(&rp, 0, sizeof(rp));
	kmodel_hdr_init(&rq.hdr, KMODEL_IOCTL, sizeof(rq));
	rq.nr = _IOC_NR(req);
	rq.arg = (uintptr_t)arg;
	rq.tgid = getpid();
	switch (rq.nr) {
	case KMODEL_NR_GROUP_GET_STATUS:
		if (!shim_mem(rq.data, a, sizeof(struct vfio_group_status),
			      false)) {
			rq.mem |= KMODEL_MEM_HEAD;
			rq.size = sizeof(struct vfio_group_status);
		}
		break;
	case KMODEL_NR_GROUP_SET_CONTAINER:
		if (shim_mem(&cfd, a, sizeof(cfd), false))
			break;
		memcpy(rq.data, &cfd, sizeof(cfd));
		rq.mem |= KMODEL_MEM_HEAD;
		rq.size = sizeof(cfd);
		if (cfd >= 0 && fcntl(cfd, F_GETFD) >= 0) {
			xfd = cfd;
			rq.mem |= KMODEL_MEM_FD;
		}
		break;
	case KMODEL_NR_IOMMU_BIND:
	case KMODEL_NR_IOMMU_UNBIND:
		shim_dev_bind_args(&rq, a, &own);
		xfd = own;
		break;
	}

	/* A private answer channel: fds shared across processes stay apart. */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp)) {
		r = -errno;
		goto out;
	}
	fds[0] = sp[1];
	if (xfd >= 0)
		fds[nfds++] = xfd;
	r = shim_dev_send(fd, &rq, sizeof(rq), fds, nfds);
	shim_real_close(sp[1]);
	if (!r)
		r = shim_dev_reply_ok(&rp, shim_dev_recv(sp[0], &rp));
	shim_real_close(sp[0]);
	if (!r && rp.ret >= 0 && rp.size &&
	    shim_mem(rp.data, a + rp.offset, rp.size, true))
		r = -EFAULT;
out:
	if (own >= 0)
		shim_real_close(own);
	if (r == -EPIPE || r == -ECONNRESET || r == -ENOTCONN)
		r = -EIO;
	if (!r && rp.ret < 0)
		r = rp.ret;
	if (r) {
		errno = -r;
		return -1;
	}
	errno = saved;
	return rp.ret;
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	/*
	 * VFIO ioctls take either a pointer or a plain integer (SET_IOMMU,
	 * CHECK_EXTENSION): both travel in the same register as void *.
	 */
	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (_IOC_TYPE(req) == VFIO_TYPE && shim_dev_is_model(fd))
		return shim_dev_forward(fd, req, arg);
	return REAL(ioctl)(fd, req, arg);
}

/*
 * fstat() of an open VFIO node is the node's, as the kernel reports the
 * inode a file was opened on: the model says which node this connection
 * is, and the fixture's file for it answers (so a holder can tell that a
 * descriptor it was given is /dev/vfio/N).
 */
static int shim_dev_node_path(int fd, char *path, size_t size)
{
	struct kmodel_ioctl rq;
	struct kmodel_reply rp;
	int fds[1], sp[2], r;

	memset(&rq, 0, sizeof(rq));
	memset(&rp, 0, sizeof(rp));
	kmodel_hdr_init(&rq.hdr, KMODEL_IOCTL, sizeof(rq));
	rq.nr = KMODEL_NR_SHIM_NODE;
	rq.tgid = getpid();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp))
		return -1;
	fds[0] = sp[1];
	r = shim_dev_send(fd, &rq, sizeof(rq), fds, 1);
	shim_real_close(sp[1]);
	if (!r)
		r = shim_dev_reply_ok(&rp, shim_dev_recv(sp[0], &rp));
	shim_real_close(sp[0]);
	if (r || rp.ret < 0 || !memchr(rp.text, '\0', sizeof(rp.text)))
		return -1;
	if ((size_t)snprintf(path, size, "%s/dev/vfio/%s", shim.root,
			     rp.text) >= size)
		return -1;
	return 0;
}

#define WRAP_FSTAT(name, stat_type, stat_fn)				\
	int name(int fd, struct stat_type *st)				\
	{								\
		char path[PATH_MAX];					\
		int saved = errno;					\
									\
		if (shim_active() && shim_dev_is_model(fd) &&		\
		    !shim_dev_node_path(fd, path, sizeof(path))) {	\
			errno = saved;					\
			return stat_fn(path, st);			\
		}							\
		errno = saved;						\
		return REAL(name)(fd, st);				\
	}

WRAP_FSTAT(fstat, stat, stat)
WRAP_FSTAT(fstat64, stat64, stat64)
