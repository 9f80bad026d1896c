// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: the socket, the connections (each one an open
 * file of a VFIO node) and the event loop. Everything runs in one thread;
 * every request is answered before the next is read.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "fd_pass.h"
#include "kmodel.h"

#define KM_POLL_MAX	(3 + KM_MAX_CONNS + KM_MAX_SPACES)

union km_msg {
	struct kmodel_hdr hdr;
	struct kmodel_open open;
	struct kmodel_ioctl ioctl;
	struct kmodel_ctl ctl;
	/* cppcheck-suppress unusedStructMember ; it sizes the buffer */
	char raw[KMODEL_MAX_MSG];
};

struct km_server {
	int listen_fd;
	int sig_fd;
	dev_t sock_dev;
	ino_t sock_ino;
};

static void close_fds(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static void send_reply(int fd, struct kmodel_reply *rp, int passfd)
{
	ssize_t n;

	kmodel_hdr_init(&rp->hdr, KMODEL_REPLY, sizeof(*rp));
	/* A peer that does not read its answer loses it, never stalls us. */
	n = fd_pass_send(fd, rp, sizeof(*rp), MSG_DONTWAIT | MSG_NOSIGNAL,
			 &passfd, passfd >= 0 ? 1 : 0);
	if (n < 0 && n != -EPIPE && n != -ECONNRESET)
		rp->ret = (int32_t)n;
}

/* One message and up to KMODEL_MAX_FDS fds; anything cut off is dropped. */
static ssize_t recv_msg(int fd, union km_msg *msg, int *fds, int *nfds)
{
	size_t got;
	ssize_t n = fd_pass_recv(fd, msg, sizeof(*msg), MSG_DONTWAIT, fds,
				 KMODEL_MAX_FDS, &got);

	*nfds = (int)got;
	return n;
}

struct km_container *km_container_of_fd(struct km_model *m, int fd)
{
	struct stat st;
	size_t i;

	if (fstat(fd, &st) || !S_ISSOCK(st.st_mode))
		return NULL;
	for (i = 0; i < KM_MAX_CONNS; i++) {
		struct km_conn *k = &m->conns[i];

		if (k->kind == KM_CONN_CONTAINER &&
		    k->peer_ino == (uint64_t)st.st_ino &&
		    k->peer_dev == (uint64_t)st.st_dev)
			return k->c;
	}
	return NULL;
}

static void conn_release(struct km_model *m, struct km_conn *k)
{
	if (k->kind == KM_CONN_CONTAINER)
		km_container_close(m, k->c);
	else if (k->kind == KM_CONN_GROUP)
		km_group_close(m, k->g);
	close(k->fd);
	memset(k, 0, sizeof(*k));
	k->kind = KM_CONN_FREE;
	k->fd = -1;
}

static int parse_group(const char *node, unsigned int *id)
{
	size_t len = strnlen(node, sizeof(((struct kmodel_open *)0)->node));
	unsigned int v = 0;
	size_t i;

	if (!len || len > 9 || strspn(node, "0123456789") != len)
		return -1;
	for (i = 0; i < len; i++)
		v = v * 10 + (unsigned int)(node[i] - '0');
	*id = v;
	return 0;
}

static void conn_event(struct km_model *m, struct km_conn *k);

/*
 * A file closed in every process is released before close() returns (its
 * last fput): take in the hang-ups already queued, so that an open right
 * after another process's close never sees the group still open.
 */
static void release_closed(struct km_model *m, const struct km_conn *self)
{
	size_t i;

	for (i = 0; i < KM_MAX_CONNS; i++) {
		struct km_conn *k = &m->conns[i];
		struct pollfd p;
		int rounds = 0;

		if (k == self || (k->kind != KM_CONN_GROUP &&
				  k->kind != KM_CONN_CONTAINER))
			continue;
		p = (struct pollfd){ .fd = k->fd, .events = POLLIN };
		while (k->kind != KM_CONN_FREE && rounds++ < 8 &&
		       poll(&p, 1, 0) == 1 && (p.revents & POLLHUP))
			conn_event(m, k);
	}
}

static void handle_open(struct km_model *m, struct km_conn *k,
			const union km_msg *msg, ssize_t n)
{
	const struct kmodel_open *o = &msg->open;
	struct kmodel_reply rp;
	unsigned int id;
	int ret;

	if (!kmodel_hdr_ok(msg, n, KMODEL_OPEN, sizeof(*o)) ||
	    !memchr(o->node, '\0', sizeof(o->node))) {
		conn_release(m, k);
		return;
	}
	memset(&rp, 0, sizeof(rp));
	if (!strcmp(o->node, "vfio")) {
		ret = km_fault_hit(m, KM_OP_OPEN_CONTAINER);
		if (!ret) {
			k->c = km_container_open(m);
			ret = k->c ? 0 : -ENOMEM;
		}
	} else if (!parse_group(o->node, &id)) {
		release_closed(m, k);
		ret = km_fault_hit(m, KM_OP_OPEN_GROUP);
		if (!ret)
			ret = km_group_open(m, id, &k->g);
	} else {
		ret = -ENODEV;
	}
	rp.ret = ret;
	send_reply(k->fd, &rp, -1);
	if (ret) {
		km_log(m, "open of %s by %d: %s", o->node, (int)o->tgid,
		       km_errno_name(-ret));
		k->c = NULL;
		k->g = NULL;
		conn_release(m, k);
		return;
	}
	k->kind = k->c ? KM_CONN_CONTAINER : KM_CONN_GROUP;
	k->peer_ino = o->ino;
	k->peer_dev = o->dev;
	k->opener = o->tgid;
}

static void handle_ctl(struct km_model *m, struct km_conn *k,
		       const union km_msg *msg, ssize_t n)
{
	struct kmodel_reply rp;
	int outfd = -1;

	memset(&rp, 0, sizeof(rp));
	if (kmodel_hdr_ok(msg, n, KMODEL_CTL, sizeof(msg->ctl))) {
		km_procs_sync(m);
		rp.ret = km_ctl_handle(m, &msg->ctl, &rp, &outfd);
		send_reply(k->fd, &rp, outfd);
	}
	if (outfd >= 0)
		close(outfd);
	conn_release(m, k);
}

static void handle_ioctl(struct km_model *m, struct km_conn *k,
			 const union km_msg *msg, ssize_t n, int *fds, int nfds)
{
	const struct kmodel_ioctl *rq = &msg->ioctl;
	struct kmodel_reply rp;
	int xfd = -1;

	if (nfds < 1)
		return;
	memset(&rp, 0, sizeof(rp));
	if (!kmodel_hdr_ok(msg, n, KMODEL_IOCTL, sizeof(*rq)) ||
	    rq->size > KMODEL_ARG_MAX) {
		rp.ret = -EPROTO;
		send_reply(fds[0], &rp, -1);
		return;
	}
	if (nfds > 1 && (rq->mem & (KMODEL_MEM_FD | KMODEL_MEM_PIDFD |
			       KMODEL_MEM_MEMFD)))
		xfd = fds[1];
	km_procs_sync(m);
	if (rq->nr == KMODEL_NR_SHIM_NODE) {
		if (k->kind == KM_CONN_CONTAINER)
			snprintf(rp.text, sizeof(rp.text), "vfio");
		else
			snprintf(rp.text, sizeof(rp.text), "%u", k->g->id);
		rp.ret = 0;
	} else if (k->kind == KM_CONN_CONTAINER)
		rp.ret = km_container_ioctl(m, k->c, rq, xfd, &rp);
	else
		rp.ret = km_group_ioctl(m, k->g, rq, xfd, &rp);
	if (rp.ret < 0)
		rp.size = 0;
	send_reply(fds[0], &rp, -1);
}

static void conn_event(struct km_model *m, struct km_conn *k)
{
	union km_msg msg;
	int fds[KMODEL_MAX_FDS];
	int nfds;
	ssize_t n;

	n = recv_msg(k->fd, &msg, fds, &nfds);
	if (n == -EAGAIN || n == -EINTR)
		return;
	if (n == 0 || (n < 0 && n != -EMSGSIZE)) {
		conn_release(m, k);
		return;
	}
	if (n < (ssize_t)sizeof(struct kmodel_hdr)) {
		/* Malformed: drop a new connection; a file keeps going. */
		close_fds(fds, nfds);
		if (k->kind == KM_CONN_NEW)
			conn_release(m, k);
		return;
	}
	if (k->kind == KM_CONN_NEW && msg.hdr.type == KMODEL_OPEN)
		handle_open(m, k, &msg, n);
	else if (k->kind == KM_CONN_NEW && msg.hdr.type == KMODEL_CTL)
		handle_ctl(m, k, &msg, n);
	else if (k->kind == KM_CONN_NEW)
		conn_release(m, k);
	else if (msg.hdr.type == KMODEL_IOCTL)
		handle_ioctl(m, k, &msg, n, fds, nfds);
	close_fds(fds, nfds);
}

static void accept_all(struct km_model *m, struct km_server *s)
{
	for (;;) {
		struct kmodel_reply rp;
		int fd = accept4(s->listen_fd, NULL, NULL,
				 SOCK_CLOEXEC | SOCK_NONBLOCK);
		size_t i;

		if (fd < 0)
			return;
		for (i = 0; i < KM_MAX_CONNS; i++)
			if (m->conns[i].kind == KM_CONN_FREE)
				break;
		if (i == KM_MAX_CONNS) {
			memset(&rp, 0, sizeof(rp));
			rp.ret = -ENFILE;
			snprintf(rp.text, sizeof(rp.text), "too many open files");
			send_reply(fd, &rp, -1);
			close(fd);
			continue;
		}
		m->conns[i] = (struct km_conn){
			.kind = KM_CONN_NEW, .fd = fd, .since = time(NULL),
		};
	}
}

static void expire_new(struct km_model *m)
{
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < KM_MAX_CONNS; i++)
		if (m->conns[i].kind == KM_CONN_NEW &&
		    now - m->conns[i].since > KM_HELLO_TIMEOUT_S)
			conn_release(m, &m->conns[i]);
}

/* Refuse a live model on the path; remove a dead one's socket. */
static int claim_path(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, ret;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "vfio-sva-kmodel: %s exists and is not a socket\n",
			path);
		return -EEXIST;
	}
	memcpy(sa.sun_path, path, strnlen(path, sizeof(sa.sun_path) - 1) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	if (!ret) {
		fprintf(stderr, "vfio-sva-kmodel: a model already serves %s\n",
			path);
		return -EADDRINUSE;
	}
	if (errno != ECONNREFUSED)
		return -errno;
	return unlink(path) && errno != ENOENT ? -errno : 0;
}

static int listen_on(struct km_model *m, struct km_server *s)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int ret;

	ret = claim_path(m->sock_path);
	if (ret)
		return ret;
	memcpy(sa.sun_path, m->sock_path, sizeof(m->sock_path));
	s->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
			      SOCK_NONBLOCK, 0);
	if (s->listen_fd < 0)
		return -errno;
	/* Who may open a node is the fixture node's mode, not the socket's. */
	if (bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(m->sock_path, 0666) || listen(s->listen_fd, 128) ||
	    stat(m->sock_path, &st)) {
		ret = -errno;
		fprintf(stderr, "vfio-sva-kmodel: cannot listen on %s: %s\n",
			m->sock_path, strerror(-ret));
		return ret;
	}
	s->sock_dev = st.st_dev;
	s->sock_ino = st.st_ino;
	return 0;
}

static int signals(struct km_server *s)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return -errno;
	s->sig_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return s->sig_fd < 0 ? -errno : 0;
}

static void shutdown_all(struct km_model *m, struct km_server *s)
{
	struct stat st;
	size_t i;

	for (i = 0; i < KM_MAX_CONNS; i++)
		if (m->conns[i].kind != KM_CONN_FREE)
			conn_release(m, &m->conns[i]);
	km_procs_close(m);
	/* Only our own socket: a successor may have claimed the path. */
	if (!stat(m->sock_path, &st) && st.st_dev == s->sock_dev &&
	    st.st_ino == s->sock_ino)
		unlink(m->sock_path);
	close(s->listen_fd);
	close(s->sig_fd);
}

int km_serve(struct km_model *m)
{
	static struct pollfd pfd[KM_POLL_MAX];
	static struct km_conn *who[KM_POLL_MAX];
	struct km_server s = { .listen_fd = -1, .sig_fd = -1 };
	struct rlimit rl;
	size_t i;
	int ret;

	for (i = 0; i < KM_MAX_CONNS; i++)
		m->conns[i] = (struct km_conn){ .kind = KM_CONN_FREE,
						.fd = -1 };
	/* Connections and watched processes each hold an fd. */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	ret = signals(&s);
	if (!ret)
		ret = listen_on(m, &s);
	if (ret) {
		if (s.listen_fd >= 0)
			close(s.listen_fd);
		return ret;
	}
	km_procs_open(m);
	km_log(m, "serving %s on %s", m->root, m->sock_path);

	while (!m->quit) {
		struct km_space *as;
		size_t n = 0, first_conn, first_space;
		bool procs;

		pfd[n++] = (struct pollfd){ .fd = s.sig_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = s.listen_fd,
					    .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = km_procs_fd(m),
					    .events = POLLIN };
		first_conn = n;
		for (i = 0; i < KM_MAX_CONNS; i++)
			if (m->conns[i].kind != KM_CONN_FREE) {
				who[n] = &m->conns[i];
				pfd[n++] = (struct pollfd){
					.fd = m->conns[i].fd,
					.events = POLLIN };
			}
		first_space = n;
		for (as = m->spaces; as && n < KM_POLL_MAX; as = as->next)
			pfd[n++] = (struct pollfd){ .fd = as->pidfd,
						    .events = POLLIN };

		if (poll(pfd, n, 1000) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (pfd[0].revents)
			break;
		procs = pfd[2].revents;
		for (i = first_space; i < n; i++)
			procs |= pfd[i].revents != 0;
		if (procs)
			km_procs_sync(m);
		for (i = first_conn; i < first_space; i++)
			if (pfd[i].revents && who[i]->fd == pfd[i].fd)
				conn_event(m, who[i]);
		if (pfd[1].revents)
			accept_all(m, &s);
		expire_new(m);
	}
	km_log(m, "stopping");
	shutdown_all(m, &s);
	return ret;
}
