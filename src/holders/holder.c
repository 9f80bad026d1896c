// SPDX-License-Identifier: GPL-2.0
/*
 * A holder's life cycle and event loop: its runtime directory, lock, socket
 * and signals, the loop that hands each event to its part, and the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "holder_parts.h"
#include "proc_events.h"
#include "runtime_dir.h"
#include "service.h"
#include "xalloc.h"

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t tag_of(enum tag t, uint64_t id)
{
	return (uint64_t)t << 56 | id;
}

int watch_fd(struct holder *h, int fd, enum tag t, uint64_t id)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag_of(t, id) };

	return epoll_ctl(h->epoll_fd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

void unwatch_fd(struct holder *h, int fd)
{
	epoll_ctl(h->epoll_fd, EPOLL_CTL_DEL, fd, NULL);
}

const char *kind_name(const struct holder *h)
{
	return h->kind == HOLDER_DAEMON ? "daemon" : "hold";
}

static void on_signal(struct holder *h)
{
	struct signalfd_siginfo si;

	while (read(h->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP && h->kind == HOLDER_DAEMON)
			continue;
		hlog(h, "signal %u: letting go of every bond", si.ssi_signo);
		h->end = HOLDER_END_SIGNAL;
		h->stop = true;
	}
}

static void on_timeouts(struct holder *h)
{
	long long now = now_ms();
	size_t i = 0;

	poll_targets(h, now);
	if (h->accept_paused && h->accept_paused <= now) {
		h->accept_paused = 0;
		watch_fd(h, h->listen_fd, TAG_LISTEN, 0);
	}

	while (i < h->nr_clients) {
		struct hclient *c = &h->clients[i];

		if (c->deadline && c->deadline <= now) {
			client_drop(h, c);
			continue;
		}
		i++;
	}
}

static int next_timeout(const struct holder *h)
{
	long long now = now_ms(), soonest = -1;
	size_t i;

	for (i = 0; i < h->nr_clients; i++) {
		long long d = h->clients[i].deadline;

		if (!d)
			continue;
		if (soonest < 0 || d < soonest)
			soonest = d;
	}
	if (any_polled(h) && (soonest < 0 || h->next_poll < soonest))
		soonest = h->next_poll;
	if (h->accept_paused && (soonest < 0 || h->accept_paused < soonest))
		soonest = h->accept_paused;
	if (soonest < 0)
		return -1;
	return soonest <= now ? 0 : (int)(soonest - now);
}

/* ---- life cycle ---- */

/*
 * Listen on a temporary name and rename it into place: a client that sees
 * the socket can always connect, and its stale-socket check (connection
 * refused means the holder is gone) never removes one about to listen.
 */
static int bind_socket(struct holder *h, const char **why)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(h->sock_path), dir_len;
	const char *base = strrchr(h->sock_path, '/');
	char tmp[sizeof(sa.sun_path)];
	mode_t mask;
	int ret;

	/* DIR/NAME becomes DIR/.NAME.new */
	base = base ? base + 1 : h->sock_path;
	dir_len = (size_t)(base - h->sock_path);
	if (len + 5 >= sizeof(tmp)) {
		*why = "socket path too long";
		return -ENAMETOOLONG;
	}
	memcpy(tmp, h->sock_path, dir_len);
	tmp[dir_len] = '.';
	memcpy(tmp + dir_len + 1, base, len - dir_len);
	memcpy(tmp + len + 1, ".new", 5);
	memcpy(sa.sun_path, tmp, len + 6);
	h->listen_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC |
			      SOCK_NONBLOCK, 0);
	if (h->listen_fd < 0) {
		*why = "cannot create a socket";
		return -errno;
	}
	unlink(tmp);
	/* everyone may connect; each request is authorised on its own */
	mask = umask(0111);
	ret = bind(h->listen_fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(mask);
	if (ret || listen(h->listen_fd, 64) || rename(tmp, h->sock_path)) {
		ret = -errno;
		unlink(tmp);
		*why = "cannot listen on the socket";
		return ret;
	}
	return 0;
}

/*
 * The daemon's socket: the one systemd listens on for it (vfio-sva.socket),
 * else one of its own, but never its own over systemd's: renamed over that
 * path, it would leave systemd listening where no client connects, and
 * systemd's socket needs no temporary name, for it listens from the start.
 */
static int listen_socket(struct holder *h, const char **why)
{
	int fd;

	if (h->kind != HOLDER_DAEMON)
		return bind_socket(h, why);
	fd = service_listen_fd(h->sock_path, why);
	if (fd >= 0) {
		h->listen_fd = fd;
		h->activated = true;
		return 0;
	}
	if (fd != -ENOENT)
		return fd;
	if (service_socket_unit_listens(h->sock_path)) {
		*why = "systemd listens on it for vfio-sva.service";
		return -EADDRINUSE;
	}
	return bind_socket(h, why);
}

static int take_lock(struct holder *h, const char **why)
{
	char path[4200], pid[32];
	int n;

	snprintf(path, sizeof(path), "%s/%s", h->dir, DAEMON_LOCK);
	h->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
			  0644);
	if (h->lock_fd < 0) {
		*why = "cannot open the lock file";
		return -errno;
	}
	if (flock(h->lock_fd, LOCK_EX | LOCK_NB)) {
		*why = "another daemon already serves this runtime directory";
		return errno == EWOULDBLOCK ? -EBUSY : -errno;
	}
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(h->lock_fd, 0) || pwrite(h->lock_fd, pid, (size_t)n, 0) != n)
		*why = NULL;
	return 0;
}

/*
 * A bond keeps a pidfd open and a container its group fds: a busy daemon
 * needs more files than the soft limit of 1024 that services start with.
 */
static void raise_file_limit(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int holder_setup(struct holder *h, enum holder_kind kind,
			const char *dir, bool log_events, const char **why)
{
	sigset_t mask;
	int ret;

	h->kind = kind;
	h->listen_fd = h->lock_fd = h->sig_fd = h->epoll_fd = -1;
	h->spare_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	h->log_events = log_events;
	snprintf(h->dir, sizeof(h->dir), "%s", dir);
	ret = runtime_dir_prepare(dir, why);
	if (ret)
		return ret;
	if (kind == HOLDER_DAEMON) {
		ret = take_lock(h, why);
		if (ret)
			return ret;
		snprintf(h->sock_path, sizeof(h->sock_path), "%s/%s", dir,
			 DAEMON_SOCKET);
		raise_file_limit();
	} else {
		snprintf(h->sock_path, sizeof(h->sock_path), "%s/" HOLD_SOCKET_FMT,
			 dir, (int)getpid());
	}

	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	h->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	h->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (h->sig_fd < 0 || h->epoll_fd < 0) {
		*why = "cannot set up the event loop";
		return -errno;
	}
	ret = listen_socket(h, why);
	if (ret)
		return ret;
	watch_fd(h, h->listen_fd, TAG_LISTEN, 0);
	watch_fd(h, h->sig_fd, TAG_SIGNAL, 0);

	ret = proc_events_open(&h->pe);
	if (!ret) {
		snprintf(h->tracking, sizeof(h->tracking), "proc-connector");
		watch_fd(h, proc_events_fd(h->pe), TAG_PROC, 0);
	} else {
		h->pe = NULL;
		snprintf(h->tracking, sizeof(h->tracking), "pidfd");
		hlog_at(h, SD_WARNING, "proc connector unavailable (%s): watching targets with pidfds, which see exit but not exec",
			strerror(-ret));
	}
	hlog(h, "serving %s%s", h->sock_path,
	     h->activated ? " (the socket systemd listens on)" : "");
	return 0;
}

int holder_init(struct holder **out, enum holder_kind kind, const char *dir,
		bool log_events, const char **why)
{
	struct holder *h = xcalloc(1, sizeof(*h));
	int ret = holder_setup(h, kind, dir, log_events, why);

	if (ret) {
		holder_shutdown(h);
		h = NULL;
	}
	*out = h;
	return ret;
}

void holder_run(struct holder *h)
{
	struct epoll_event evs[32];

	while (!h->stop) {
		int n, i;

		n = epoll_wait(h->epoll_fd, evs, 32, next_timeout(h));
		if (n < 0 && errno != EINTR) {
			hlog_at(h, SD_ERR, "epoll_wait: %s", strerror(errno));
			h->end = HOLDER_END_ERROR;
			break;
		}
		for (i = 0; i < n && !h->stop; i++) {
			uint64_t tag = evs[i].data.u64;
			uint64_t id = tag & ((1ULL << 56) - 1);
			struct hclient *c;
			struct bond *b;

			switch ((enum tag)(tag >> 56)) {
			case TAG_LISTEN:
				accept_client(h);
				break;
			case TAG_SIGNAL:
				on_signal(h);
				break;
			case TAG_PROC:
				on_proc_events(h);
				break;
			case TAG_CLIENT:
				c = client_find(h, id);
				if (c && (evs[i].events & (EPOLLHUP | EPOLLERR)) &&
				    !(evs[i].events & EPOLLIN))
					client_drop(h, c);
				else if (c)
					client_message(h, c);
				break;
			case TAG_BOND:
				b = bond_find(h, id);
				if (b)
					bond_defunct(h, b, "exited");
				break;
			}
		}
		on_timeouts(h);
	}
}

enum holder_end holder_end_reason(const struct holder *h)
{
	return h->end;
}

const char *holder_sock_path(const struct holder *h)
{
	return h->sock_path;
}

const char *holder_tracking(const struct holder *h)
{
	return h->tracking;
}

void holder_shutdown(struct holder *h)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++) {
		struct bond *b = &h->bonds[i];
		struct hcontainer *c = container_find(h, b->container);

		if (b->state == BOND_ACTIVE && c) {
			int ret = bond_unbind(h, b);

			hlog(h, "unbind pid %d: %s", (int)b->pid,
			     ret ? strerror(-ret) : "done");
			bond_event(h, "bond-released", b);
		}
		if (b->pidfd >= 0)
			close(b->pidfd);
		if (b->mem_fd >= 0)
			close(b->mem_fd);
	}
	while (h->nr_clients)
		client_drop(h, &h->clients[0]);
	for (i = 0; i < h->nr_containers; i++)
		container_close_fds(&h->containers[i]);
	free(h->containers);
	free(h->bonds);
	free(h->clients);
	if (h->listen_fd >= 0) {
		if (!h->activated)	/* systemd's path stays for the next start */
			unlink(h->sock_path);
		close(h->listen_fd);
	}
	proc_events_close(h->pe);
	if (h->sig_fd >= 0)
		close(h->sig_fd);
	if (h->epoll_fd >= 0)
		close(h->epoll_fd);
	if (h->lock_fd >= 0)
		close(h->lock_fd);
	if (h->spare_fd >= 0)
		close(h->spare_fd);
	free(h);
}
