// SPDX-License-Identifier: GPL-2.0-only
/*
 * A scriptable VFIO client for tests/kmodel/test-kmodel: reads one command
 * a line from stdin, issues the real open()/ioctl() calls (which the shim
 * forwards to the kernel model) and prints one line per command:
 * "ok [VALUE]" or "err ERRNO-NAME". Handles are named fds.
 *
 *   open H PATH          close H            dup NEW H
 *   api H                ext H N            setiommu H N
 *   status H [ARGSZ]     status-bad H
 *   attach G C           attach-fd G N      attach-bad G      detach G
 *   bind H [PID]         unbind H [PID]     bind-ro H [PID]   bind-bad H
 *   bind-raw H ARGSZ FLAGS PFLAGS PID       unbind-raw ...
 *   openf H PATH r|w|rw  bindmem H M|FD     unbindmem H M|FD  (BIND_MEM_FD)
 *   ioctl H NR           fork-bind H PID
 *   sendfd PATH H        recvfd H PATH
 *   zombie               reap PID           pid               echo WORD
 *   stress H N           (8 threads, then 4 processes, N calls each)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vfio_sva_uapi.h"

#define MAX_HANDLES	64
#define MAX_WORDS	8

struct handle {
	char name[32];
	int fd;
};

static struct handle handles[MAX_HANDLES];
static void *bad_page;	/* mapped PROT_NONE: every access faults */

struct bind_req {
	struct vfio_iommu_type1_bind hdr;
	struct vfio_iommu_type1_bind_process proc;
};

static void err(int e)
{
	const char *n = strerrorname_np(e);

	if (n)
		printf("err %s\n", n);
	else
		printf("err %d\n", e);
}

static void result(long ret)
{
	if (ret < 0)
		err(errno);
	else
		printf("ok %ld\n", ret);
}

static struct handle *find(const char *name)
{
	int i;

	for (i = 0; i < MAX_HANDLES; i++)
		if (handles[i].fd >= 0 && !strcmp(handles[i].name, name))
			return &handles[i];
	return NULL;
}

static int fd_of(const char *name)
{
	struct handle *h = find(name);

	return h ? h->fd : -1;
}

static void set_handle(const char *name, int fd)
{
	struct handle *h = find(name);
	int i;

	if (h) {
		close(h->fd);
		h->fd = fd;
		return;
	}
	for (i = 0; i < MAX_HANDLES; i++)
		if (handles[i].fd < 0) {
			snprintf(handles[i].name, sizeof(handles[i].name), "%s",
				 name);
			handles[i].fd = fd;
			return;
		}
	close(fd);
}

static long num(const char *s)
{
	return s ? strtol(s, NULL, 0) : 0;
}

static void bind_cmd(unsigned long req, int fd, const char *pid)
{
	struct bind_req r;

	memset(&r, 0, sizeof(r));
	r.hdr.argsz = sizeof(r);
	r.hdr.flags = VFIO_IOMMU_BIND_PROCESS;
	if (pid) {
		r.proc.flags = VFIO_IOMMU_BIND_PID;
		r.proc.pid = (int)num(pid);
	}
	if (ioctl(fd, req, &r) < 0)
		err(errno);
	else
		printf("ok %u\n", r.proc.pasid);
}

/* VFIO_IOMMU_BIND_MEM_FD with handle @m's fd, or @m as a number */
static void bind_mem(unsigned long req, int fd, const char *m)
{
	struct bind_req r;

	memset(&r, 0, sizeof(r));
	r.hdr.argsz = sizeof(r);
	r.hdr.flags = VFIO_IOMMU_BIND_PROCESS;
	r.proc.flags = VFIO_IOMMU_BIND_MEM_FD;
	r.proc.mem_fd = find(m) ? fd_of(m) : (int)num(m);
	if (ioctl(fd, req, &r) < 0)
		err(errno);
	else
		printf("ok %u\n", r.proc.pasid);
}

static void bind_raw(unsigned long req, int fd, char **w)
{
	struct bind_req r;

	memset(&r, 0, sizeof(r));
	r.hdr.argsz = (uint32_t)num(w[2]);
	r.hdr.flags = (uint32_t)num(w[3]);
	r.proc.flags = (uint32_t)num(w[4]);
	r.proc.pid = (int)num(w[5]);
	if (ioctl(fd, req, &r) < 0)
		err(errno);
	else
		printf("ok %u\n", r.proc.pasid);
}

/* The request in a read-only page: readable, but the PASID cannot go back. */
static void bind_ro(int fd, const char *pid)
{
	long ps = sysconf(_SC_PAGESIZE);
	struct bind_req *r;

	r = mmap(NULL, (size_t)ps, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED) {
		err(errno);
		return;
	}
	r->hdr.argsz = sizeof(*r);
	r->hdr.flags = VFIO_IOMMU_BIND_PROCESS;
	if (pid) {
		r->proc.flags = VFIO_IOMMU_BIND_PID;
		r->proc.pid = (int)num(pid);
	}
	mprotect(r, (size_t)ps, PROT_READ);
	result(ioctl(fd, VFIO_IOMMU_BIND, r));
	munmap(r, (size_t)ps);
}

static void fork_bind(int fd, const char *pid)
{
	int p[2];
	char line[64] = "";
	pid_t child;
	ssize_t n;

	if (pipe(p)) {
		err(errno);
		return;
	}
	child = fork();
	if (child < 0) {
		err(errno);
		return;
	}
	if (!child) {
		struct bind_req r;

		close(p[0]);
		memset(&r, 0, sizeof(r));
		r.hdr.argsz = sizeof(r);
		r.hdr.flags = VFIO_IOMMU_BIND_PROCESS;
		r.proc.flags = VFIO_IOMMU_BIND_PID;
		r.proc.pid = (int)num(pid);
		if (ioctl(fd, VFIO_IOMMU_BIND, &r) < 0)
			n = snprintf(line, sizeof(line), "err %s\n",
				     strerrorname_np(errno));
		else
			n = snprintf(line, sizeof(line), "ok %u\n",
				     r.proc.pasid);
		_exit(write(p[1], line, (size_t)n) == n ? 0 : 1);
	}
	close(p[1]);
	n = read(p[0], line, sizeof(line) - 1);
	close(p[0]);
	waitpid(child, NULL, 0);
	if (n <= 0) {
		printf("err EIO\n");
		return;
	}
	line[n] = '\0';
	fputs(line, stdout);
}

static void send_fd(const char *path, int fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	int l, c;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0666) || listen(l, 1)) {
		err(errno);
		return;
	}
	c = accept(l, NULL, NULL);
	close(l);
	unlink(path);
	if (c < 0) {
		err(errno);
		return;
	}
	memset(&u, 0, sizeof(u));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	result(sendmsg(c, &mh, 0) == 1 ? 0 : -1);
	close(c);
}

static void recv_fd(const char *name, const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cm;
	int s, fd = -1, tries;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	for (tries = 0; tries < 200; tries++) {
		if (!connect(s, (struct sockaddr *)&sa, sizeof(sa)))
			break;
		usleep(10000);
	}
	if (tries == 200 || recvmsg(s, &mh, MSG_CMSG_CLOEXEC) != 1) {
		err(errno);
		close(s);
		return;
	}
	close(s);
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	if (fd < 0) {
		err(EBADMSG);
		return;
	}
	set_handle(name, fd);
	printf("ok %d\n", fd);
}

struct stress {
	int fd;
	long n;
	long bad;
};

/* Answers that went astray would show as a wrong value for the request. */
static void *stress_one(void *arg)
{
	struct stress *st = arg;
	long i;

	for (i = 0; i < st->n; i++) {
		int want = i & 1 ? 0 : 1;

		if (ioctl(st->fd, VFIO_CHECK_EXTENSION,
			  i & 1 ? 2UL : (unsigned long)VFIO_TYPE1v2_IOMMU) != want ||
		    ioctl(st->fd, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
			st->bad++;
	}
	return NULL;
}

static void stress(int fd, long n)
{
	struct stress st[8];
	pthread_t t[8];
	pid_t kids[4];
	long bad = 0;
	int i, status;

	for (i = 0; i < 8; i++) {
		st[i] = (struct stress){ .fd = fd, .n = n };
		pthread_create(&t[i], NULL, stress_one, &st[i]);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		bad += st[i].bad;
	}
	for (i = 0; i < 4; i++) {
		kids[i] = fork();
		if (!kids[i]) {
			stress_one(&st[0]);
			_exit(st[0].bad ? 1 : 0);
		}
	}
	for (i = 0; i < 4; i++)
		if (kids[i] < 0 || waitpid(kids[i], &status, 0) < 0 ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			bad++;
	if (bad)
		printf("err %ld wrong answers\n", bad);
	else
		printf("ok 0\n");
}

/* A child that exited and is not reaped: it stays a zombie. */
static void zombie(void)
{
	char path[64], buf[256];
	pid_t child = fork();
	int i, fd;

	if (child < 0) {
		err(errno);
		return;
	}
	if (!child)
		_exit(0);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)child);
	for (i = 0; i < 500; i++) {
		ssize_t n = -1;
		char *p;

		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
		}
		if (n > 0) {
			buf[n] = '\0';
			p = strrchr(buf, ')');
			if (p && p[1] == ' ' && p[2] == 'Z')
				break;
		}
		usleep(2000);
	}
	printf("ok %d\n", (int)child);
}

static void run(char **w, int n)
{
	const char *cmd = w[0];
	int fd = n > 1 ? fd_of(w[1]) : -1;
	int status;

	if (!strcmp(cmd, "open") && n == 3) {
		fd = open(w[2], O_RDWR | O_CLOEXEC);
		if (fd < 0) {
			err(errno);
			return;
		}
		set_handle(w[1], fd);
		printf("ok %d\n", fd);
	} else if (!strcmp(cmd, "openf") && n == 4) {
		int mode = !strcmp(w[3], "rw") ? O_RDWR :
			   !strcmp(w[3], "w") ? O_WRONLY : O_RDONLY;

		fd = open(w[2], mode | O_CLOEXEC);
		if (fd < 0) {
			err(errno);
			return;
		}
		set_handle(w[1], fd);
		printf("ok %d\n", fd);
	} else if (!strcmp(cmd, "bindmem") && n == 3) {
		bind_mem(VFIO_IOMMU_BIND, fd, w[2]);
	} else if (!strcmp(cmd, "unbindmem") && n == 3) {
		bind_mem(VFIO_IOMMU_UNBIND, fd, w[2]);
	} else if (!strcmp(cmd, "close") && n == 2) {
		struct handle *h = find(w[1]);

		result(h ? close(h->fd) : (errno = EBADF, -1));
		if (h)
			h->fd = -1;
	} else if (!strcmp(cmd, "dup") && n == 3) {
		int nfd = fcntl(fd_of(w[2]), F_DUPFD_CLOEXEC, 0);

		if (nfd >= 0)
			set_handle(w[1], nfd);
		result(nfd);
	} else if (!strcmp(cmd, "api") && n == 2) {
		result(ioctl(fd, VFIO_GET_API_VERSION));
	} else if (!strcmp(cmd, "ext") && n == 3) {
		result(ioctl(fd, VFIO_CHECK_EXTENSION, num(w[2])));
	} else if (!strcmp(cmd, "setiommu") && n == 3) {
		result(ioctl(fd, VFIO_SET_IOMMU, num(w[2])));
	} else if (!strcmp(cmd, "status") && (n == 2 || n == 3)) {
		struct vfio_group_status st = { .argsz = sizeof(st) };

		if (n == 3)
			st.argsz = (uint32_t)num(w[2]);
		if (ioctl(fd, VFIO_GROUP_GET_STATUS, &st) < 0)
			err(errno);
		else
			printf("ok %u\n", st.flags);
	} else if (!strcmp(cmd, "status-bad") && n == 2) {
		result(ioctl(fd, VFIO_GROUP_GET_STATUS, bad_page));
	} else if (!strcmp(cmd, "attach") && n == 3) {
		int cfd = fd_of(w[2]);

		result(ioctl(fd, VFIO_GROUP_SET_CONTAINER, &cfd));
	} else if (!strcmp(cmd, "attach-fd") && n == 3) {
		int cfd = (int)num(w[2]);

		result(ioctl(fd, VFIO_GROUP_SET_CONTAINER, &cfd));
	} else if (!strcmp(cmd, "attach-bad") && n == 2) {
		result(ioctl(fd, VFIO_GROUP_SET_CONTAINER, bad_page));
	} else if (!strcmp(cmd, "detach") && n == 2) {
		result(ioctl(fd, VFIO_GROUP_UNSET_CONTAINER));
	} else if (!strcmp(cmd, "bind") && (n == 2 || n == 3)) {
		bind_cmd(VFIO_IOMMU_BIND, fd, n == 3 ? w[2] : NULL);
	} else if (!strcmp(cmd, "unbind") && (n == 2 || n == 3)) {
		bind_cmd(VFIO_IOMMU_UNBIND, fd, n == 3 ? w[2] : NULL);
	} else if (!strcmp(cmd, "bind-raw") && n == 6) {
		bind_raw(VFIO_IOMMU_BIND, fd, w);
	} else if (!strcmp(cmd, "unbind-raw") && n == 6) {
		bind_raw(VFIO_IOMMU_UNBIND, fd, w);
	} else if (!strcmp(cmd, "bind-bad") && n == 2) {
		result(ioctl(fd, VFIO_IOMMU_BIND, bad_page));
	} else if (!strcmp(cmd, "bind-ro") && (n == 2 || n == 3)) {
		bind_ro(fd, n == 3 ? w[2] : NULL);
	} else if (!strcmp(cmd, "ioctl") && n == 3) {
		result(ioctl(fd, _IO(VFIO_TYPE, num(w[2])), 0));
	} else if (!strcmp(cmd, "fork-bind") && n == 3) {
		fork_bind(fd, w[2]);
	} else if (!strcmp(cmd, "sendfd") && n == 3) {
		send_fd(w[1], fd_of(w[2]));
	} else if (!strcmp(cmd, "recvfd") && n == 3) {
		recv_fd(w[1], w[2]);
	} else if (!strcmp(cmd, "stress") && n == 3) {
		stress(fd, num(w[2]));
	} else if (!strcmp(cmd, "zombie") && n == 1) {
		zombie();
	} else if (!strcmp(cmd, "reap") && n == 2) {
		result(waitpid((pid_t)num(w[1]), &status, 0));
	} else if (!strcmp(cmd, "pid") && n == 1) {
		printf("ok %d\n", (int)getpid());
	} else if (!strcmp(cmd, "echo") && n == 2) {
		printf("ok %s\n", w[1]);
	} else {
		printf("err usage\n");
	}
}

int main(void)
{
	char line[512];
	int i;

	for (i = 0; i < MAX_HANDLES; i++)
		handles[i].fd = -1;
	bad_page = mmap(NULL, (size_t)sysconf(_SC_PAGESIZE), PROT_NONE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		char *w[MAX_WORDS], *save = NULL, *t;
		int n = 0;

		for (t = strtok_r(line, " \t\n", &save); t && n < MAX_WORDS;
		     t = strtok_r(NULL, " \t\n", &save))
			w[n++] = t;
		if (!n)
			continue;
		if (!strcmp(w[0], "quit"))
			break;
		run(w, n);
	}
	return 0;
}
