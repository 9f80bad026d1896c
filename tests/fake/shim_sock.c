// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: AF_UNIX socket addresses under redirected paths.
 *
 * The product keeps its holder sockets in /run/vfio-sva and under
 * /run/user: bind(), connect(), sendto() and sendmsg() map a sun_path
 * under a redirected prefix onto the fixture, and getsockname(),
 * getpeername(), accept() and accept4() report such an address back as
 * the logical path, as the kernel would for a socket bound there.
 * Abstract and unnamed addresses, and other families, pass untouched.
 */
#include "shim.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#define SUN_OFF offsetof(struct sockaddr_un, sun_path)

/*
 * 1 with the fixture's address in @out when @addr names a path under a
 * redirected prefix, 0 to pass @addr as it is, -1 with errno set.
 */
static int sock_map(const struct sockaddr *addr, socklen_t len,
		    struct sockaddr_un *out, socklen_t *outlen)
{
	char path[sizeof(out->sun_path) + 1];
	struct shim_path sp;
	size_t n;

	if (!addr || len <= SUN_OFF || len > sizeof(*out) ||
	    addr->sa_family != AF_UNIX || !shim_active())
		return 0;
	n = len - SUN_OFF;
	memcpy(path, (const char *)addr + SUN_OFF, n);
	path[n] = '\0';
	if (!path[0])
		return 0;
	if (shim_map(path, &sp) < 0)
		return -1;
	if (!sp.redirected)
		return 0;
	n = strlen(sp.path);
	if (n >= sizeof(out->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->sun_family = AF_UNIX;
	memcpy(out->sun_path, sp.path, n + 1);
	*outlen = SUN_OFF + n + 1;
	return 1;
}

/*
 * Copy the address the kernel gave (@got, @gotlen) to the caller's buffer
 * of *@len bytes, naming a fixture path by its logical path; *@len becomes
 * the full length, as the kernel reports it.
 */
static void sock_unmap(const struct sockaddr_storage *got, socklen_t gotlen,
		       struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_un un;
	const void *src = got;
	char path[sizeof(un.sun_path) + 1];
	const char *l;
	size_t n;

	if (got->ss_family == AF_UNIX && gotlen > SUN_OFF && shim_active()) {
		n = gotlen - SUN_OFF;
		if (n > sizeof(un.sun_path))
			n = sizeof(un.sun_path);
		memcpy(path, (const char *)got + SUN_OFF, n);
		path[n] = '\0';
		l = path[0] ? shim_unmap(path) : NULL;
		if (l) {
			memset(&un, 0, sizeof(un));
			un.sun_family = AF_UNIX;
			n = strlen(l);
			memcpy(un.sun_path, l, n + 1);
			src = &un;
			gotlen = SUN_OFF + n + 1;
		}
	}
	memcpy(addr, src, gotlen < *len ? gotlen : *len);
	*len = gotlen;
}

/* bind(2) and connect(2): the address is the only path. */
#define WRAP_SOCK_ADDR(name)						\
	int name(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)	\
	{								\
		struct sockaddr_un un;					\
		socklen_t n;						\
									\
		switch (sock_map(addr.__sockaddr__, len, &un, &n)) {	\
		case 1:							\
			return REAL(name)(fd, (struct sockaddr *)&un, n); \
		case 0:							\
			return REAL(name)(fd, addr, len);		\
		}							\
		return -1;						\
	}

WRAP_SOCK_ADDR(bind)
WRAP_SOCK_ADDR(connect)

ssize_t sendto(int fd, const void *buf, size_t size, int flags,
	       __CONST_SOCKADDR_ARG addr, socklen_t len)
{
	struct sockaddr_un un;
	socklen_t n;

	switch (sock_map(addr.__sockaddr__, len, &un, &n)) {
	case 1:
		return REAL(sendto)(fd, buf, size, flags,
				    (struct sockaddr *)&un, n);
	case 0:
		return REAL(sendto)(fd, buf, size, flags, addr, len);
	}
	return -1;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	struct sockaddr_un un;
	struct msghdr copy;
	socklen_t n;

	switch (msg ? sock_map(msg->msg_name, msg->msg_namelen, &un, &n) : 0) {
	case 1:
		copy = *msg;
		copy.msg_name = &un;
		copy.msg_namelen = n;
		return REAL(sendmsg)(fd, &copy, flags);
	case 0:
		return REAL(sendmsg)(fd, msg, flags);
	}
	return -1;
}

/* getsockname(2) and getpeername(2) report a fixture path as logical. */
#define WRAP_SOCK_NAME(name)						\
	int name(int fd, __SOCKADDR_ARG addr, socklen_t *len)		\
	{								\
		struct sockaddr_storage ss = { 0 };			\
		socklen_t n = sizeof(ss);				\
									\
		if (!addr.__sockaddr__ || !len)				\
			return REAL(name)(fd, addr, len);		\
		if (REAL(name)(fd, (struct sockaddr *)&ss, &n) < 0)	\
			return -1;					\
		sock_unmap(&ss, n, addr.__sockaddr__, len);		\
		return 0;						\
	}

WRAP_SOCK_NAME(getsockname)
WRAP_SOCK_NAME(getpeername)

int accept(int fd, __SOCKADDR_ARG addr, socklen_t *len)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t n = sizeof(ss);
	int s;

	if (!addr.__sockaddr__ || !len)
		return REAL(accept)(fd, addr, len);
	s = REAL(accept)(fd, (struct sockaddr *)&ss, &n);
	if (s >= 0)
		sock_unmap(&ss, n, addr.__sockaddr__, len);
	return s;
}

int accept4(int fd, __SOCKADDR_ARG addr, socklen_t *len, int flags)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t n = sizeof(ss);
	int s;

	if (!addr.__sockaddr__ || !len)
		return REAL(accept4)(fd, addr, len, flags);
	s = REAL(accept4)(fd, (struct sockaddr *)&ss, &n, flags);
	if (s >= 0)
		sock_unmap(&ss, n, addr.__sockaddr__, len);
	return s;
}
