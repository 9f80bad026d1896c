// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: `vfio-sva-kmodel ctl`, the client side.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "fd_pass.h"
#include "kmodel.h"

static int copy_out(int fd)
{
	char buf[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return -1;
	if (n < 0)
		return -1;
	putchar('\n');
	return fflush(stdout) ? -1 : 0;
}

static int call(int fd, const struct kmodel_ctl *rq, struct kmodel_reply *rp,
		int *outfd)
{
	size_t nfds;
	ssize_t n;

	*outfd = -1;
	if (send(fd, rq, sizeof(*rq), MSG_NOSIGNAL) != (ssize_t)sizeof(*rq))
		return -errno;
	n = fd_pass_recv(fd, rp, sizeof(*rp), 0, outfd, 1, &nfds);
	if (n < 0)
		return n == -EAGAIN ? -ETIMEDOUT : (int)n;
	if (!nfds)
		*outfd = -1;
	if (!kmodel_hdr_ok(rp, n, KMODEL_REPLY, sizeof(*rp)))
		return -EPROTO;
	rp->text[sizeof(rp->text) - 1] = '\0';
	return 0;
}

int km_ctl_main(const char *sock_path, int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = KMODEL_REPLY_TIMEOUT_S };
	struct kmodel_ctl rq;
	struct kmodel_reply rp = { .ret = -EPROTO };
	size_t at = 0;
	int fd, outfd, ret, i;

	memset(&rq, 0, sizeof(rq));
	kmodel_hdr_init(&rq.hdr, KMODEL_CTL, sizeof(rq));
	for (i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		if (at + len > sizeof(rq.args)) {
			fprintf(stderr, "vfio-sva-kmodel: ctl command too long\n");
			return 64;
		}
		memcpy(rq.args + at, argv[i], len);
		at += len;
	}
	rq.argc = (uint32_t)argc;

	memcpy(sa.sun_path, sock_path,
	       strnlen(sock_path, sizeof(sa.sun_path) - 1) + 1);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "vfio-sva-kmodel: no model is running on %s (%s)\n",
			sock_path, strerror(errno));
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ret = call(fd, &rq, &rp, &outfd);
	close(fd);
	if (ret) {
		fprintf(stderr, "vfio-sva-kmodel: the model on %s did not answer: %s\n",
			sock_path, strerror(-ret));
		return 1;
	}
	if (rp.ret) {
		fprintf(stderr, "vfio-sva-kmodel: %s: %s\n", argv[0],
			rp.text[0] ? rp.text : strerror(-rp.ret));
		if (outfd >= 0)
			close(outfd);
		return 1;
	}
	if (outfd >= 0) {
		ret = copy_out(outfd);
		close(outfd);
		if (ret) {
			fprintf(stderr, "vfio-sva-kmodel: cannot write the output\n");
			return 1;
		}
	}
	return 0;
}
