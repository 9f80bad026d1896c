// SPDX-License-Identifier: GPL-2.0
/*
 * Tier 1: descriptor passing (src/common/fd_pass.c) on a SOCK_SEQPACKET
 * socketpair: how many descriptors a receiver takes, what it refuses, and
 * that a refused message leaves no descriptor open.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fd_pass.h"
#include "macros.h"
#include "unit.h"

/* Descriptors this process has open. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;		/* the directory's own */
}

static const struct {
	const char *name;
	size_t send_fds, len;	/* sent */
	size_t size, max;	/* the receiver's room */
	ssize_t want;
	size_t want_fds;
} recv_cases[] = {
	{ "no descriptors", 0, 5, 16, 2, 5, 0 },
	{ "one descriptor", 1, 5, 16, 2, 5, 1 },
	{ "as many as the receiver takes", 2, 5, 16, 2, 5, 2 },
	{ "the holder protocol's most", 65, 5, 16, 65, 5, 65 },
	{ "one more than it takes", 3, 5, 16, 2, -EMSGSIZE, 0 },
	{ "many more (cut off by the kernel)", 40, 5, 16, 1, -EMSGSIZE, 0 },
	{ "a receiver that takes none", 1, 5, 16, 0, -EMSGSIZE, 0 },
	{ "a message longer than the buffer", 0, 32, 16, 2, -EMSGSIZE, 0 },
	{ "the same with a descriptor", 1, 32, 16, 2, -EMSGSIZE, 0 },
	{ "an empty message", 1, 0, 16, 2, 0, 1 },
};

static void test_recv(void)
{
	static const char text[32] = "abcdefghijklmnopqrstuvwxyz01234";
	int sv[2], fds[FD_PASS_MAX_FDS], got[FD_PASS_MAX_FDS];
	char buf[64];
	size_t i, j;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		unit_check("socketpair", 0, "%s", strerror(errno));
		return;
	}
	for (i = 0; i < ARRAY_SIZE(recv_cases); i++) {
		const char *name = recv_cases[i].name;
		size_t n = recv_cases[i].send_fds, nfds = 99;
		struct stat sent, recvd;
		ssize_t ret;
		int before, same = 1, cloexec = 1;

		for (j = 0; j < n; j++)
			fds[j] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		before = open_fds();
		ret = fd_pass_send(sv[0], text, recv_cases[i].len, 0, fds, n);
		unit_checkf(ret == (ssize_t)recv_cases[i].len, "short send",
			    "%s: sent", name);
		ret = fd_pass_recv(sv[1], buf, recv_cases[i].size, 0, got,
				   recv_cases[i].max, &nfds);
		unit_checkf(ret == recv_cases[i].want, strerror((int)-ret),
			    "%s: returns %zd", name, recv_cases[i].want);
		unit_checkf(nfds == recv_cases[i].want_fds, "count",
			    "%s: %zu descriptors", name,
			    recv_cases[i].want_fds);
		if (ret > 0)
			unit_checkf(!memcmp(buf, text, (size_t)ret), "bytes",
				    "%s: the bytes", name);
		fstat(fds[0], &sent);
		for (j = 0; j < nfds && j < ARRAY_SIZE(got); j++) {
			same &= !fstat(got[j], &recvd) &&
				recvd.st_ino == sent.st_ino &&
				recvd.st_dev == sent.st_dev;
			cloexec &= fcntl(got[j], F_GETFD) == FD_CLOEXEC;
		}
		if (nfds) {
			unit_checkf(same, "another file", "%s: the files sent",
				    name);
			unit_checkf(cloexec, "no FD_CLOEXEC",
				    "%s: close-on-exec", name);
		}
		/* what was received is open, nothing else is */
		unit_checkf(open_fds() == before + (int)recv_cases[i].want_fds,
			    "descriptors left open or missing",
			    "%s: no descriptor leaked", name);
		for (j = 0; j < nfds && j < ARRAY_SIZE(got); j++)
			close(got[j]);
		for (j = 0; j < n; j++)
			close(fds[j]);
	}
	close(sv[0]);
	CHECK_EQ_INT("end of stream",
		     fd_pass_recv(sv[1], buf, sizeof(buf), 0, got, 1, &i), 0);
	close(sv[1]);
}

static void test_send(void)
{
	int sv[2], fds[FD_PASS_MAX_FDS + 1] = { 0 };
	static const char big[1024];
	size_t nfds = 99, i;
	ssize_t n = 0;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		unit_check("socketpair", 0, "%s", strerror(errno));
		return;
	}
	CHECK_EQ_INT("more than FD_PASS_MAX_FDS to send",
		     fd_pass_send(sv[0], "x", 1, 0, fds, ARRAY_SIZE(fds)),
		     -EINVAL);
	CHECK_EQ_INT("no descriptors, no array",
		     fd_pass_send(sv[0], "xy", 2, 0, NULL, 0), 2);
	CHECK_EQ_INT("... received", fd_pass_recv(sv[1], fds, 8, 0, fds + 1,
						  1, &nfds), 2);
	CHECK_EQ_INT("... with none", nfds, 0);
	CHECK_EQ_INT("flags are recvmsg's: MSG_DONTWAIT with nothing to read",
		     fd_pass_recv(sv[1], fds, 8, MSG_DONTWAIT, fds + 1, 1,
				  &nfds), -EAGAIN);
	/* a full socket: MSG_DONTWAIT says so instead of waiting */
	for (i = 0; i < 100000; i++) {
		n = fd_pass_send(sv[0], big, sizeof(big), MSG_DONTWAIT, NULL,
				 0);
		if (n != (ssize_t)sizeof(big))
			break;
	}
	CHECK_EQ_INT("flags are sendmsg's: MSG_DONTWAIT on a full socket", n,
		     -EAGAIN);
	close(sv[0]);
	close(sv[1]);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv)) {
		unit_check("socketpair", 0, "%s", strerror(errno));
		return;
	}
	close(sv[1]);
	CHECK_EQ_INT("a closed peer: -errno",
		     fd_pass_send(sv[0], "x", 1, MSG_NOSIGNAL, NULL, 0),
		     -EPIPE);
	close(sv[0]);
	CHECK_EQ_INT("a socket that is not one",
		     fd_pass_send(-1, "x", 1, 0, NULL, 0), -EBADF);
}

int main(void)
{
	unit_suite("fd_pass");
	alarm(30);	/* a receive that blocks is a failure, not a hang */
	test_recv();
	test_send();
	return unit_finish();
}
