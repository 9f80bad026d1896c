// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: interposed path-taking libc entry points.
 *
 * glibc calls its own internals (fopen -> __open, opendir -> openat,
 * realpath -> readlink...), never these symbols, so every entry point that
 * takes a path is wrapped at its own level. Each wrapper maps its path(s)
 * with shim_map_at() and calls the real function; when nothing is mapped
 * the caller's arguments go through untouched. The plain ones are made by
 * the WRAP_* templates below (as kmod's testsuite/path.c does); those that
 * emulate something (opens, fopen, glob, statfs, readlink, realpath,
 * getcwd) are written out or have a template of their own.
 */
#include "shim.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <linux/magic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

/*
 * The templates. WRAP_PATH(ret, fail, name, (params), (args)) defines
 * name(params), whose path argument is called "path": it maps the path and
 * returns the real name(args), where sp.path (and sp.dirfd) stand for the
 * mapped path; @fail when the mapping fails, errno set. WRAP_AT does the
 * same for a (dirfd, path) pair, WRAP_2PATHS for (fromfd, from) into a and
 * (tofd, to) into b, with AT_FDCWD as the fds of the calls that have none.
 */
#define WRAP_MAPPED(dirfd, ret, fail, name, params, args)		\
	ret name params							\
	{								\
		struct shim_path sp;					\
									\
		if (shim_map_at(dirfd, path, &sp) < 0)			\
			return fail;					\
		return REAL(name) args;					\
	}

#define WRAP_PATH(ret, fail, name, params, args)			\
	WRAP_MAPPED(AT_FDCWD, ret, fail, name, params, args)
#define WRAP_AT(ret, fail, name, params, args)				\
	WRAP_MAPPED(dirfd, ret, fail, name, params, args)

#define WRAP_2PATHS(fromfd, tofd, name, params, args)			\
	int name params							\
	{								\
		struct shim_path a, b;					\
									\
		if (shim_map_at(fromfd, from, &a) < 0 ||		\
		    shim_map_at(tofd, to, &b) < 0)			\
			return -1;					\
		return REAL(name) args;					\
	}

static inline bool mapped(const struct shim_path *sp, const char *path)
{
	return sp->path != path;
}

static mode_t open_mode(int flags, va_list ap)
{
	return __OPEN_NEEDS_MODE(flags) ? (mode_t)va_arg(ap, int) : 0;
}

/* Opens of fixture files that emulate something go through here. */
static int open_mapped(const struct shim_path *sp, int flags, mode_t mode)
{
	if (sp->redirected) {
		if (shim_dev_is_node(sp->logical))
			return shim_dev_open(sp->logical, sp->path, flags,
					     mode);
		if (shim_pci_is_config(sp->logical, flags))
			return shim_pci_config_open(sp->logical, sp->path,
						    flags, mode);
	}
	return REAL(openat64)(sp->dirfd, sp->path, flags, mode);
}

#define OPEN_BODY(dirfd, path, flags, mode, passthrough)		\
	do {								\
		struct shim_path sp;					\
									\
		if (shim_map_at(dirfd, path, &sp) < 0)			\
			return -1;					\
		if (!mapped(&sp, path))					\
			return passthrough;				\
		return open_mapped(&sp, flags, mode);			\
	} while (0)

/* open(2) and its aliases read the mode only when the flags need one. */
#define WRAP_OPEN_VA(dirfd, name, params, args)				\
	int name params							\
	{								\
		va_list ap;						\
		mode_t mode;						\
									\
		va_start(ap, flags);					\
		mode = open_mode(flags, ap);				\
		va_end(ap);						\
		OPEN_BODY(dirfd, path, flags, mode, REAL(name) args);	\
	}
#define WRAP_OPEN(name)							\
	WRAP_OPEN_VA(AT_FDCWD, name,					\
		     (const char *path, int flags, ...),		\
		     (path, flags, mode))
#define WRAP_OPENAT(name)						\
	WRAP_OPEN_VA(dirfd, name,					\
		     (int dirfd, const char *path, int flags, ...),	\
		     (dirfd, path, flags, mode))

WRAP_OPEN(open)
WRAP_OPEN(open64)
WRAP_OPEN(__open)
WRAP_OPEN(__open64)
WRAP_OPENAT(openat)
WRAP_OPENAT(openat64)

/* The fortified variants abort on O_CREAT without a mode: let them. */
#define WRAP_OPEN_2(dirfd, name, params, args)				\
	int name params							\
	{								\
		if (__OPEN_NEEDS_MODE(flags))				\
			return REAL(name) args;				\
		OPEN_BODY(dirfd, path, flags, 0, REAL(name) args);	\
	}

WRAP_OPEN_2(AT_FDCWD, __open_2, (const char *path, int flags), (path, flags))
WRAP_OPEN_2(AT_FDCWD, __open64_2, (const char *path, int flags),
	    (path, flags))
WRAP_OPEN_2(dirfd, __openat_2, (int dirfd, const char *path, int flags),
	    (dirfd, path, flags))
WRAP_OPEN_2(dirfd, __openat64_2, (int dirfd, const char *path, int flags),
	    (dirfd, path, flags))

#define WRAP_CREAT(name)						\
	int name(const char *path, mode_t mode)				\
	{								\
		OPEN_BODY(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC,	\
			  mode, REAL(name)(path, mode));		\
	}

WRAP_CREAT(creat)
WRAP_CREAT(creat64)

/* fopen(3) mode string to open(2) flags, as glibc reads it. */
static int fopen_flags(const char *mode)
{
	int flags;

	switch (*mode) {
	case 'r':
		flags = O_RDONLY;
		break;
	case 'w':
		flags = O_WRONLY | O_CREAT | O_TRUNC;
		break;
	case 'a':
		flags = O_WRONLY | O_CREAT | O_APPEND;
		break;
	default:
		return -1;
	}
	while (*++mode && *mode != ',') {
		if (*mode == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*mode == 'e')
			flags |= O_CLOEXEC;
		else if (*mode == 'x')
			flags |= O_EXCL;
	}
	return flags;
}

/*
 * Emulated files (device nodes, config space) are opened as fds and
 * wrapped with fdopen(); everything else uses the real fopen.
 */
static FILE *fopen_mapped(const struct shim_path *sp, const char *mode,
			  __typeof__(&fopen) real)
{
	int flags = fopen_flags(mode);
	FILE *f;
	int fd, e;

	if (!sp->redirected || flags < 0 ||
	    (!shim_dev_is_node(sp->logical) &&
	     !shim_pci_is_config(sp->logical, flags)))
		return real(sp->path, mode);
	fd = open_mapped(sp, flags, 0666);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f) {
		e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

#define WRAP_FOPEN(name)						\
	FILE *name(const char *path, const char *mode)			\
	{								\
		struct shim_path sp;					\
									\
		if (shim_map(path, &sp) < 0)				\
			return NULL;					\
		if (!mapped(&sp, path))					\
			return REAL(name)(path, mode);			\
		return fopen_mapped(&sp, mode, REAL(name));		\
	}

WRAP_FOPEN(fopen)
WRAP_FOPEN(fopen64)
WRAP_PATH(FILE *, NULL, freopen,
	  (const char *path, const char *mode, FILE *stream),
	  (sp.path, mode, stream))
WRAP_PATH(FILE *, NULL, freopen64,
	  (const char *path, const char *mode, FILE *stream),
	  (sp.path, mode, stream))

WRAP_PATH(DIR *, NULL, opendir, (const char *path), (sp.path))
WRAP_PATH(int, -1, scandir,
	  (const char *path, struct dirent ***namelist,
	   int (*filter)(const struct dirent *),
	   int (*compar)(const struct dirent **, const struct dirent **)),
	  (sp.path, namelist, filter, compar))
WRAP_PATH(int, -1, scandir64,
	  (const char *path, struct dirent64 ***namelist,
	   int (*filter)(const struct dirent64 *),
	   int (*compar)(const struct dirent64 **, const struct dirent64 **)),
	  (sp.path, namelist, filter, compar))
WRAP_AT(int, -1, scandirat,
	(int dirfd, const char *path, struct dirent ***namelist,
	 int (*filter)(const struct dirent *),
	 int (*compar)(const struct dirent **, const struct dirent **)),
	(sp.dirfd, sp.path, namelist, filter, compar))
WRAP_AT(int, -1, scandirat64,
	(int dirfd, const char *path, struct dirent64 ***namelist,
	 int (*filter)(const struct dirent64 *),
	 int (*compar)(const struct dirent64 **, const struct dirent64 **)),
	(sp.dirfd, sp.path, namelist, filter, compar))

/*
 * glob() reads directories through libc internals; GLOB_ALTDIRFUNC makes
 * it use our opendir/lstat/stat instead, so results stay logical paths.
 */
static void glob_closedir(void *dir)
{
	closedir(dir);
}

static struct dirent *glob_readdir(void *dir)
{
	return readdir(dir);
}

static struct dirent64 *glob_readdir64(void *dir)
{
	return readdir64(dir);
}

static void *glob_opendir(const char *path)
{
	return opendir(path);
}

#define WRAP_GLOB(name, glob_type, readdir_fn, lstat_fn, stat_fn)	\
	int name(const char *pattern, int flags,			\
		 int (*errfunc)(const char *, int), glob_type *pglob)	\
	{								\
		if (!shim_active() || (flags & GLOB_ALTDIRFUNC))	\
			return REAL(name)(pattern, flags, errfunc, pglob); \
		pglob->gl_closedir = glob_closedir;			\
		pglob->gl_readdir = readdir_fn;				\
		pglob->gl_opendir = glob_opendir;			\
		pglob->gl_lstat = lstat_fn;				\
		pglob->gl_stat = stat_fn;				\
		return REAL(name)(pattern, flags | GLOB_ALTDIRFUNC,	\
				  errfunc, pglob);			\
	}

WRAP_GLOB(glob, glob_t, glob_readdir, lstat, stat)
WRAP_GLOB(glob64, glob64_t, glob_readdir64, lstat64, stat64)

WRAP_PATH(int, -1, stat, (const char *path, struct stat *st), (sp.path, st))
WRAP_PATH(int, -1, stat64, (const char *path, struct stat64 *st),
	  (sp.path, st))
WRAP_PATH(int, -1, lstat, (const char *path, struct stat *st), (sp.path, st))
WRAP_PATH(int, -1, lstat64, (const char *path, struct stat64 *st),
	  (sp.path, st))
WRAP_AT(int, -1, fstatat,
	(int dirfd, const char *path, struct stat *st, int flags),
	(sp.dirfd, sp.path, st, flags))
WRAP_AT(int, -1, fstatat64,
	(int dirfd, const char *path, struct stat64 *st, int flags),
	(sp.dirfd, sp.path, st, flags))
WRAP_PATH(int, -1, __xstat, (int ver, const char *path, struct stat *st),
	  (ver, sp.path, st))
WRAP_PATH(int, -1, __xstat64, (int ver, const char *path, struct stat64 *st),
	  (ver, sp.path, st))
WRAP_PATH(int, -1, __lxstat, (int ver, const char *path, struct stat *st),
	  (ver, sp.path, st))
WRAP_PATH(int, -1, __lxstat64,
	  (int ver, const char *path, struct stat64 *st), (ver, sp.path, st))
WRAP_AT(int, -1, __fxstatat,
	(int ver, int dirfd, const char *path, struct stat *st, int flags),
	(ver, sp.dirfd, sp.path, st, flags))
WRAP_AT(int, -1, __fxstatat64,
	(int ver, int dirfd, const char *path, struct stat64 *st, int flags),
	(ver, sp.dirfd, sp.path, st, flags))
WRAP_AT(int, -1, statx,
	(int dirfd, const char *path, int flags, unsigned int mask,
	 struct statx *stx),
	(sp.dirfd, sp.path, flags, mask, stx))

WRAP_PATH(int, -1, access, (const char *path, int mode), (sp.path, mode))
WRAP_AT(int, -1, faccessat, (int dirfd, const char *path, int mode, int flags),
	(sp.dirfd, sp.path, mode, flags))
WRAP_PATH(int, -1, euidaccess, (const char *path, int mode), (sp.path, mode))
WRAP_PATH(int, -1, eaccess, (const char *path, int mode), (sp.path, mode))

/*
 * Links that name an open file (/proc/self/fd/N, /proc/self/cwd) would
 * show the fixture's real path; report the logical one instead, as the
 * kernel would for a file opened at that logical path.
 */
static bool names_open_file(const char *logical)
{
	size_t n;

	if (!logical)
		return false;
	if (strncmp(logical, "/dev/fd/", 8) == 0)
		return true;
	if (strncmp(logical, "/proc/", 6) != 0)
		return false;
	n = strlen(logical);
	return strstr(logical, "/fd/") ||
	       (n >= 4 && strcmp(logical + n - 4, "/cwd") == 0);
}

static ssize_t do_readlinkat(int dirfd, const char *path, char *buf,
			     size_t size)
{
	struct shim_path sp;
	char tmp[PATH_MAX];
	const char *l;
	ssize_t n;
	size_t len;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	if (!names_open_file(sp.logical))
		return REAL(readlinkat)(sp.dirfd, sp.path, buf, size);
	n = REAL(readlinkat)(sp.dirfd, sp.path, tmp, sizeof(tmp) - 1);
	if (n < 0 || (size_t)n == sizeof(tmp) - 1)
		return REAL(readlinkat)(sp.dirfd, sp.path, buf, size);
	tmp[n] = '\0';
	l = shim_unmap(tmp);
	if (!l)
		l = tmp;
	len = strlen(l);
	if (len > size)
		len = size;
	memcpy(buf, l, len);
	return len;
}

ssize_t readlink(const char *path, char *buf, size_t size)
{
	if (!shim_active())
		return REAL(readlink)(path, buf, size);
	return do_readlinkat(AT_FDCWD, path, buf, size);
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return do_readlinkat(dirfd, path, buf, size);
}

ssize_t __readlink_chk(const char *path, char *buf, size_t len,
		       size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return readlink(path, buf, len);
}

ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len,
			 size_t buflen)
{
	if (len > buflen)
		__chk_fail();
	return do_readlinkat(dirfd, path, buf, len);
}

char *realpath(const char *path, char *resolved)
{
	struct shim_path sp;
	char tmp[PATH_MAX];
	const char *l;

	if (shim_map(path, &sp) < 0)
		return NULL;
	if (!mapped(&sp, path) && !names_open_file(sp.logical))
		return REAL(realpath)(path, resolved);
	if (!REAL(realpath)(sp.path, tmp))
		return NULL;
	l = shim_unmap(tmp);
	if (!l)
		l = tmp;
	if (!resolved)
		return strdup(l);
	return strcpy(resolved, l);
}

char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen)
{
	if (resolvedlen < PATH_MAX)
		__chk_fail();
	return realpath(path, resolved);
}

char *canonicalize_file_name(const char *path)
{
	return realpath(path, NULL);
}

char *getcwd(char *buf, size_t size)
{
	char tmp[PATH_MAX];
	const char *l;
	int saved = errno;
	size_t len;

	if (!shim_active())
		return REAL(getcwd)(buf, size);
	if (!REAL(getcwd)(tmp, sizeof(tmp)) || !(l = shim_unmap(tmp))) {
		errno = saved;
		return REAL(getcwd)(buf, size);
	}
	len = strlen(l) + 1;
	if (buf && size == 0) {
		errno = EINVAL;
		return NULL;
	}
	if (size && size < len) {
		errno = ERANGE;
		return NULL;
	}
	if (!buf) {
		buf = malloc(size ? size : len);
		if (!buf)
			return NULL;
	}
	return memcpy(buf, l, len);
}

char *__getcwd_chk(char *buf, size_t size, size_t buflen)
{
	if (size > buflen)
		__chk_fail();
	return getcwd(buf, size);
}

char *get_current_dir_name(void)
{
	char *dir = REAL(get_current_dir_name)();
	const char *l;

	if (dir && shim_active() && (l = shim_unmap(dir)))
		memmove(dir, l, strlen(l) + 1);
	return dir;
}

/* sd-device only trusts syspaths that live on sysfs. */
static void fix_fs_type(const char *logical, __fsword_t *type)
{
	if (shim_under(logical, "/sys"))
		*type = SYSFS_MAGIC;
	else if (shim_under(logical, "/proc"))
		*type = PROC_SUPER_MAGIC;
}

static void fix_fd_fs_type(int fd, __fsword_t *type)
{
	char path[PATH_MAX];
	const char *l;
	int saved = errno;

	if (shim_fd_path(fd, path, sizeof(path)) == 0) {
		l = shim_unmap(path);
		if (l)
			fix_fs_type(l, type);
		else if (path[0] == '/' && shim_is_redirected(path))
			shim_audit("LEAK", path);
	}
	errno = saved;
}

#define WRAP_STATFS(name, statfs_type)					\
	int name(const char *path, struct statfs_type *buf)		\
	{								\
		struct shim_path sp;					\
		int r;							\
									\
		if (shim_map(path, &sp) < 0)				\
			return -1;					\
		r = REAL(name)(sp.path, buf);				\
		if (r == 0 && sp.redirected)				\
			fix_fs_type(sp.logical, &buf->f_type);		\
		return r;						\
	}

#define WRAP_FSTATFS(name, statfs_type)					\
	int name(int fd, struct statfs_type *buf)			\
	{								\
		int r = REAL(name)(fd, buf);				\
									\
		if (r == 0 && shim_active())				\
			fix_fd_fs_type(fd, &buf->f_type);		\
		return r;						\
	}

WRAP_STATFS(statfs, statfs)
WRAP_STATFS(statfs64, statfs64)
WRAP_FSTATFS(fstatfs, statfs)
WRAP_FSTATFS(fstatfs64, statfs64)
WRAP_PATH(int, -1, statvfs, (const char *path, struct statvfs *buf),
	  (sp.path, buf))
WRAP_PATH(int, -1, statvfs64, (const char *path, struct statvfs64 *buf),
	  (sp.path, buf))

WRAP_PATH(int, -1, chdir, (const char *path), (sp.path))
WRAP_PATH(int, -1, mkdir, (const char *path, mode_t mode), (sp.path, mode))
WRAP_AT(int, -1, mkdirat, (int dirfd, const char *path, mode_t mode),
	(sp.dirfd, sp.path, mode))
WRAP_PATH(int, -1, unlink, (const char *path), (sp.path))
WRAP_AT(int, -1, unlinkat, (int dirfd, const char *path, int flags),
	(sp.dirfd, sp.path, flags))
WRAP_PATH(int, -1, rmdir, (const char *path), (sp.path))
WRAP_PATH(int, -1, truncate, (const char *path, off_t length),
	  (sp.path, length))
WRAP_PATH(int, -1, truncate64, (const char *path, off64_t length),
	  (sp.path, length))

WRAP_2PATHS(AT_FDCWD, AT_FDCWD, rename, (const char *from, const char *to),
	    (a.path, b.path))
WRAP_2PATHS(fromfd, tofd, renameat,
	    (int fromfd, const char *from, int tofd, const char *to),
	    (a.dirfd, a.path, b.dirfd, b.path))
WRAP_2PATHS(fromfd, tofd, renameat2,
	    (int fromfd, const char *from, int tofd, const char *to,
	     unsigned int flags),
	    (a.dirfd, a.path, b.dirfd, b.path, flags))
WRAP_2PATHS(AT_FDCWD, AT_FDCWD, link, (const char *from, const char *to),
	    (a.path, b.path))
WRAP_2PATHS(fromfd, tofd, linkat,
	    (int fromfd, const char *from, int tofd, const char *to,
	     int flags),
	    (a.dirfd, a.path, b.dirfd, b.path, flags))

/* A symlink's target is data, stored as given; only its own path maps. */
WRAP_PATH(int, -1, symlink, (const char *target, const char *path),
	  (target, sp.path))
WRAP_AT(int, -1, symlinkat, (const char *target, int dirfd, const char *path),
	(target, sp.dirfd, sp.path))

WRAP_PATH(int, -1, chmod, (const char *path, mode_t mode), (sp.path, mode))
WRAP_AT(int, -1, fchmodat,
	(int dirfd, const char *path, mode_t mode, int flags),
	(sp.dirfd, sp.path, mode, flags))
WRAP_PATH(int, -1, chown, (const char *path, uid_t uid, gid_t gid),
	  (sp.path, uid, gid))
WRAP_PATH(int, -1, lchown, (const char *path, uid_t uid, gid_t gid),
	  (sp.path, uid, gid))
WRAP_AT(int, -1, fchownat,
	(int dirfd, const char *path, uid_t uid, gid_t gid, int flags),
	(sp.dirfd, sp.path, uid, gid, flags))

WRAP_AT(int, -1, name_to_handle_at,
	(int dirfd, const char *path, struct file_handle *handle,
	 int *mount_id, int flags),
	(sp.dirfd, sp.path, handle, mount_id, flags))
WRAP_PATH(int, -1, inotify_add_watch, (int fd, const char *path, uint32_t mask),
	  (fd, sp.path, mask))
