/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_FD_PASS_H
#define VFIO_SVA_FD_PASS_H

/*
 * File descriptors passed over unix sockets (SCM_RIGHTS): one message and
 * its descriptors, sent and received whole. libc only: the test shim,
 * preloaded into other programs, builds it into itself too.
 */
#include <stddef.h>
#include <sys/types.h>

/* Descriptors one message may carry, in either direction. */
#define FD_PASS_MAX_FDS		128

/*
 * Send the @len bytes at @msg with the @nfds descriptors at @fds (none:
 * 0, @fds may be NULL) in one message; @flags are sendmsg()'s. EINTR is
 * retried. Returns the bytes sent, -EINVAL for more than FD_PASS_MAX_FDS
 * descriptors, or another negative errno.
 */
ssize_t fd_pass_send(int sock, const void *msg, size_t len, int flags,
		     const int *fds, size_t nfds);

/*
 * Receive one message of at most @size bytes into @buf and up to @max
 * descriptors (FD_PASS_MAX_FDS at most) into @fds, their number in
 * *@nfds; @flags are recvmsg()'s, MSG_CMSG_CLOEXEC is always added.
 * EINTR is retried. Returns the message's length, 0 at end of stream,
 * -EMSGSIZE when the message or its descriptors were cut off or more
 * than @max came (every descriptor closed, *@nfds 0), or another
 * negative errno (*@nfds 0).
 */
ssize_t fd_pass_recv(int sock, void *buf, size_t size, int flags, int *fds,
		     size_t max, size_t *nfds);

#endif
