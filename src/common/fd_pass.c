// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor passing over unix sockets (fd_pass.h): SCM_RIGHTS control
 * messages built and taken apart, extra or cut-off descriptors closed.
 * libc only (the LD_PRELOAD shim compiles this file into itself).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fd_pass.h"

/*
 * A receiver has room for a few more than it accepts, so that too many
 * descriptors are seen and closed here rather than cut off by the kernel
 * (MSG_CTRUNC); either way the message is refused.
 */
#define FD_PASS_SLACK		4

union fd_pass_control {
	char buf[CMSG_SPACE(sizeof(int) * (FD_PASS_MAX_FDS + FD_PASS_SLACK))];
	struct cmsghdr align;
};

ssize_t fd_pass_send(int sock, const void *msg, size_t len, int flags,
		     const int *fds, size_t nfds)
{
	union fd_pass_control control;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (nfds > FD_PASS_MAX_FDS)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *cm;

		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * nfds);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int) * nfds);
		memcpy(CMSG_DATA(cm), fds, sizeof(int) * nfds);
	}
	do {
		n = sendmsg(sock, &mh, flags);
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static void close_all(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

ssize_t fd_pass_recv(int sock, void *buf, size_t size, int flags, int *fds,
		     size_t max, size_t *nfds)
{
	union fd_pass_control control;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cm;
	bool bad = false;
	ssize_t n;

	*nfds = 0;
	if (max > FD_PASS_MAX_FDS)
		max = FD_PASS_MAX_FDS;
	mh.msg_control = control.buf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * (max + FD_PASS_SLACK));
	do {
		n = recvmsg(sock, &mh, flags | MSG_CMSG_CLOEXEC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;

	for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t got, i;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		got = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < got; i++) {
			int one;

			memcpy(&one, CMSG_DATA(cm) + i * sizeof(int),
			       sizeof(int));
			if (!bad && *nfds < max) {
				fds[(*nfds)++] = one;
				continue;
			}
			bad = true;
			close(one);
		}
	}
	if (bad || (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
		close_all(fds, *nfds);
		*nfds = 0;
		return -EMSGSIZE;
	}
	return n;
}
