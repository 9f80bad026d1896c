// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: mapping logical paths onto the fixture root.
 *
 * Everything here runs inside arbitrary programs (shells, python, libudev
 * users), possibly between fork and exec: no malloc, static or stack
 * buffers only, errno preserved unless a call is meant to fail.
 */
#include "shim.h"
#include "../../src/common/macros.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct shim_state shim;

static const char *const shim_prefixes[] = {
	"/sys",
	"/dev/vfio",
	"/dev/iommu",
	"/proc/cmdline",
	"/proc/cpuinfo",
	"/proc/sys/kernel/osrelease",
	"/proc/sys/kernel/arch",
	"/proc/version",
	"/proc/kallsyms",
	"/proc/config.gz",
	"/lib/modules",
	"/boot",
	"/run/udev",
	"/run/vfio-sva",
	"/run/user",
};

/* A root we cannot resolve must still never expose the real /sys. */
#define SHIM_DEAD_ROOT "/nonexistent/vfio-sva-fake-root"

static pthread_once_t shim_once = PTHREAD_ONCE_INIT;
static __thread int shim_in_init __attribute__((tls_model("initial-exec")));

void *shim_dlsym(const char *name)
{
	static const char msg[] = "vfio-sva-fake: cannot find libc symbol ";
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		if (write(2, msg, sizeof(msg) - 1) < 0 ||
		    write(2, name, strlen(name)) < 0 || write(2, "\n", 1) < 0)
			abort();
		abort();
	}
	return f;
}

/*
 * A sanitizer runtime may call us (mkdir of ASAN_OPTIONS=log_path's
 * directory) from its own start-up, before libc answers getenv() and
 * before the functions we forward to are there. Is the variable in the
 * kernel's copy of the environment all the same?
 */
static bool shim_env_not_ready(const char *name)
{
	static char env[65536];
	static ssize_t len = -1;
	size_t n = strlen(name);
	ssize_t i;

	if (getenv(name))
		return false;
	if (len < 0) {
		int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/environ",
				      O_RDONLY | O_CLOEXEC);

		len = 0;
		if (fd < 0)
			return NULL;
		while (len < (ssize_t)sizeof(env) - 1) {
			ssize_t r = syscall(SYS_read, fd, env + len,
					    sizeof(env) - 1 - (size_t)len);

			if (r <= 0)
				break;
			len += r;
		}
		syscall(SYS_close, fd);
		env[len] = '\0';
	}
	for (i = 0; i < len; i += (ssize_t)strlen(env + i) + 1)
		if (!strncmp(env + i, name, n) && env[i + (ssize_t)n] == '=')
			return true;
	return false;
}

static void shim_init(void)
{
	const char *root = getenv("VFIO_SVA_FAKE_ROOT");
	const char *audit = getenv("VFIO_SVA_FAKE_AUDIT");
	size_t len;

	/* Calls made by libc or dlsym while we initialise pass through. */
	shim_in_init = 1;
	if (!root || !*root)
		goto out;

	if (!REAL(realpath)(root, shim.root)) {
		len = strlen(root);
		if (root[0] != '/' || len >= sizeof(shim.root))
			root = SHIM_DEAD_ROOT;
		strcpy(shim.root, root);
	}
	len = strlen(shim.root);
	while (len > 0 && shim.root[len - 1] == '/')
		shim.root[--len] = '\0';
	shim.rootlen = len;

	if (audit && *audit && strlen(audit) < sizeof(shim.audit))
		strcpy(shim.audit, audit);
	shim.active = true;
out:
	shim_in_init = 0;
}

__attribute__((constructor)) static void shim_ctor(void)
{
	shim_active();
}

bool shim_active(void)
{
	if (shim_in_init)
		return false;
	/* too early to decide: pass this call through, decide on a later one */
	if (!shim.active && shim_env_not_ready("VFIO_SVA_FAKE_ROOT"))
		return false;
	pthread_once(&shim_once, shim_init);
	return shim.active;
}

bool shim_under(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(path, prefix, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/');
}

bool shim_is_redirected(const char *logical)
{
	size_t i;

	if (logical[0] != '/')
		return false;
	switch (logical[1]) {
	case 's': case 'd': case 'p': case 'b': case 'r': case 'l':
		break;
	default:
		return false;
	}
	for (i = 0; i < ARRAY_SIZE(shim_prefixes); i++)
		if (shim_under(logical, shim_prefixes[i]))
			return true;
	return false;
}

static bool shim_in_root(const char *path)
{
	/* With "/" as the root every path is its own fixture path. */
	if (shim.rootlen == 0)
		return true;
	return strncmp(path, shim.root, shim.rootlen) == 0 &&
	       (path[shim.rootlen] == '/' || path[shim.rootlen] == '\0');
}

const char *shim_unmap(const char *real)
{
	const char *rest;

	if (!shim.active || real[0] != '/')
		return NULL;
	if (shim.rootlen == 0)
		return shim_is_redirected(real) ? real : NULL;
	if (strncmp(real, shim.root, shim.rootlen) != 0 ||
	    real[shim.rootlen] != '/')
		return NULL;
	rest = real + shim.rootlen;
	return shim_is_redirected(rest) ? rest : NULL;
}

int shim_fd_path(int fd, char *buf, size_t size)
{
	char proc[32];
	ssize_t n;

	if (fd < 0)
		return -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = REAL(readlink)(proc, buf, size);
	if (n < 0 || (size_t)n >= size)
		return -1;
	buf[n] = '\0';
	return 0;
}

int shim_real_open(const char *real, int flags, mode_t mode)
{
	return REAL(open)(real, flags, mode);
}

int shim_real_close(int fd)
{
	return REAL(close)(fd);
}

void shim_audit(const char *what, const char *path)
{
	char line[PATH_MAX + 32];
	int saved = errno;
	int fd, n;

	if (!shim.audit[0])
		return;
	n = snprintf(line, sizeof(line), "%s %s\n", what, path);
	if (n < 0)
		goto out;
	if ((size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* Opened per line: programs that close all their fds can't break it. */
	fd = REAL(open)(shim.audit,
			O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
			0644);
	if (fd >= 0) {
		if (write(fd, line, n) < 0) {
			/* Nothing sensible to do: auditing is best effort. */
		}
		REAL(close)(fd);
	}
out:
	errno = saved;
}

/*
 * Append the components of src to the normalised absolute path in
 * dst[0..*len) (where "" stands for "/"), dropping empty and "."
 * components and keeping "..". Returns -1 when it does not fit.
 */
static int shim_append(char *dst, size_t *len, const char *src, bool *dotdot)
{
	const char *p = src, *e;
	size_t n;

	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchrnul(p, '/');
		n = e - p;
		if (n == 1 && p[0] == '.') {
			p = e;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.')
			*dotdot = true;
		if (*len + 1 + n >= PATH_MAX)
			return -1;
		dst[(*len)++] = '/';
		memcpy(dst + *len, p, n);
		*len += n;
		p = e;
	}
	dst[*len] = '\0';
	return 0;
}

/* Whether the rest of a path (starting at '/' or end) has a ".." component. */
static bool shim_has_dotdot(const char *p)
{
	const char *q;

	for (q = p; (q = strstr(q, "/..")); q += 3)
		if (q[3] == '/' || q[3] == '\0')
			return true;
	return false;
}

static size_t shim_count_components(const char *p)
{
	size_t n = 0;

	for (; *p; p++)
		if (*p == '/')
			n++;
	return n;
}

/*
 * Where the kernel would look for the logical path p (absolute, normalised).
 */
static const char *shim_real_of(const char *p, char *buf)
{
	if (shim_in_root(p) || !shim_is_redirected(p))
		return p;
	if (shim.rootlen + strlen(p) >= PATH_MAX)
		return NULL;
	memcpy(buf, shim.root, shim.rootlen);
	strcpy(buf + shim.rootlen, p);
	return buf;
}

/*
 * Resolve ".." in the normalised absolute path (as the kernel would: a
 * ".." after a symlink goes up from the link's target, not lexically).
 * The first ntrusted components are known to be symlink-free (they come
 * from the kernel). Only components later popped by ".." need a lookup;
 * the last component is left to the real call. Returns 0 or -errno.
 */
static int shim_resolve(char *path, size_t *plen, size_t ntrusted)
{
	char todo[PATH_MAX], link[PATH_MAX], tmp[PATH_MAX];
	const char *p, *e, *real;
	size_t len = 0, ncomp = 0, n;
	unsigned int links = 0;
	struct stat st;
	ssize_t ln;

	strcpy(todo, path);
	p = todo;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchrnul(p, '/');
		n = e - p;
		if (n == 1 && p[0] == '.') {
			p = e;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (ncomp > 0) {
				while (len > 0 && path[len - 1] != '/')
					len--;
				len--;
				ncomp--;
				if (ntrusted > ncomp)
					ntrusted = ncomp;
			}
			path[len] = '\0';
			p = e;
			continue;
		}
		if (len + 1 + n >= PATH_MAX)
			return -ENAMETOOLONG;
		path[len++] = '/';
		memcpy(path + len, p, n);
		len += n;
		path[len] = '\0';
		ncomp++;
		p = e;
		if (ncomp <= ntrusted || !shim_has_dotdot(p))
			continue;

		real = shim_real_of(path, tmp);
		if (!real)
			return -ENAMETOOLONG;
		if (REAL(lstat)(real, &st) < 0)
			return -errno;
		if (S_ISDIR(st.st_mode))
			continue;
		if (!S_ISLNK(st.st_mode))
			return -ENOTDIR;
		if (++links > 40)
			return -ELOOP;
		ln = REAL(readlink)(real, link, sizeof(link) - 1);
		if (ln < 0)
			return -errno;
		link[ln] = '\0';
		if (ln + 1 + strlen(p) >= sizeof(tmp))
			return -ENAMETOOLONG;
		n = snprintf(tmp, sizeof(tmp), "%s/%s", link, p);
		memcpy(todo, tmp, n + 1);
		p = todo;
		if (link[0] == '/') {
			len = 0;
			ncomp = 0;
			ntrusted = 0;
		} else {
			while (len > 0 && path[len - 1] != '/')
				len--;
			len--;
			ncomp--;
		}
		path[len] = '\0';
	}
	if (len == 0)
		path[len++] = '/';
	path[len] = '\0';
	*plen = len;
	return 0;
}

static bool shim_trailing(const char *path)
{
	size_t n = strlen(path);

	if (path[n - 1] == '/')
		return true;
	if (path[n - 1] != '.')
		return false;
	if (n == 1 || path[n - 2] == '/')
		return true;
	return path[n - 2] == '.' && (n == 2 || path[n - 3] == '/');
}

int shim_map_at(int dirfd, const char *path, struct shim_path *sp)
{
	bool dotdot = false, from_fixture = false, trailing;
	char *buf = sp->buf;
	size_t len = 0, ntrusted = 0;
	const char *l;
	int saved = errno, r;

	sp->dirfd = dirfd;
	sp->path = path;
	sp->logical = NULL;
	sp->redirected = false;
	if (!path || !*path || !shim_active())
		return 0;

	if (path[0] != '/') {
		if (dirfd == AT_FDCWD)
			r = REAL(getcwd)(buf, PATH_MAX) ? 0 : -1;
		else
			r = shim_fd_path(dirfd, buf, PATH_MAX);
		if (r < 0 || buf[0] != '/')
			goto pass;
		l = shim_unmap(buf);
		if (l) {
			from_fixture = true;
			memmove(buf, l, strlen(l) + 1);
		} else if (!shim_in_root(buf) && shim_is_redirected(buf)) {
			/* A real /sys directory got opened behind our back. */
			shim_audit("LEAK", buf);
		}
		len = strlen(buf);
		if (len == 1)
			len = 0;
		buf[len] = '\0';
		ntrusted = shim_count_components(buf);
	}

	if (shim_append(buf, &len, path, &dotdot) < 0) {
		if (from_fixture)
			goto toolong;
		goto pass;
	}
	if (len == 0) {
		buf[len++] = '/';
		buf[len] = '\0';
	}
	if (dotdot) {
		r = shim_resolve(buf, &len, ntrusted);
		if (r < 0) {
			errno = -r;
			return -1;
		}
	}

	trailing = shim_trailing(path) && len > 1;
	sp->logical = buf;
	if (shim_in_root(buf))
		goto pass;
	if (shim_is_redirected(buf)) {
		if (shim.rootlen + len + trailing >= PATH_MAX)
			goto toolong;
		shim_audit("redirect", buf);
		memmove(buf + shim.rootlen, buf, len + 1);
		memcpy(buf, shim.root, shim.rootlen);
		len += shim.rootlen;
		sp->logical = buf + shim.rootlen;
		sp->redirected = true;
	} else if (!from_fixture) {
		goto pass;
	} else if (len + trailing >= PATH_MAX) {
		goto toolong;
	}
	if (trailing) {
		buf[len++] = '/';
		buf[len] = '\0';
	}
	sp->dirfd = AT_FDCWD;
	sp->path = buf;
pass:
	errno = saved;
	return 0;
toolong:
	errno = ENAMETOOLONG;
	return -1;
}
