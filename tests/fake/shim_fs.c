// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: interposed path-taking libc entry points.
 *
 * glibc calls its own internals (fopen -> __open, opendir -> openat,
 * realpath -> readlink...), never these symbols, so every entry point that
 * takes a path is wrapped at its own level. Each wrapper maps its path(s)
 * with shim_map_at() and calls the real function; when nothing is mapped
 * the caller's arguments go through untouched.
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

DEFINE_REAL(open);
DEFINE_REAL(open64);
DEFINE_REAL(__open);
DEFINE_REAL(__open64);
DEFINE_REAL(__open_2);
DEFINE_REAL(__open64_2);
DEFINE_REAL(openat);
DEFINE_REAL(openat64);
DEFINE_REAL(__openat_2);
DEFINE_REAL(__openat64_2);
DEFINE_REAL(creat);
DEFINE_REAL(creat64);
DEFINE_REAL(fopen);
DEFINE_REAL(fopen64);
DEFINE_REAL(freopen);
DEFINE_REAL(freopen64);
DEFINE_REAL(opendir);
DEFINE_REAL(scandir);
DEFINE_REAL(scandir64);
DEFINE_REAL(scandirat);
DEFINE_REAL(scandirat64);
DEFINE_REAL(glob);
DEFINE_REAL(glob64);
DEFINE_REAL(stat);
DEFINE_REAL(stat64);
DEFINE_REAL(lstat);
DEFINE_REAL(lstat64);
DEFINE_REAL(fstatat);
DEFINE_REAL(fstatat64);
DEFINE_REAL(__xstat);
DEFINE_REAL(__xstat64);
DEFINE_REAL(__lxstat);
DEFINE_REAL(__lxstat64);
DEFINE_REAL(__fxstatat);
DEFINE_REAL(__fxstatat64);
DEFINE_REAL(statx);
DEFINE_REAL(access);
DEFINE_REAL(faccessat);
DEFINE_REAL(euidaccess);
DEFINE_REAL(eaccess);
DEFINE_REAL(readlink);
DEFINE_REAL(readlinkat);
DEFINE_REAL(realpath);
DEFINE_REAL(getcwd);
DEFINE_REAL(get_current_dir_name);
DEFINE_REAL(statfs);
DEFINE_REAL(statfs64);
DEFINE_REAL(fstatfs);
DEFINE_REAL(fstatfs64);
DEFINE_REAL(statvfs);
DEFINE_REAL(statvfs64);
DEFINE_REAL(chdir);
DEFINE_REAL(mkdir);
DEFINE_REAL(mkdirat);
DEFINE_REAL(unlink);
DEFINE_REAL(unlinkat);
DEFINE_REAL(rmdir);
DEFINE_REAL(truncate);
DEFINE_REAL(truncate64);
DEFINE_REAL(rename);
DEFINE_REAL(renameat);
DEFINE_REAL(renameat2);
DEFINE_REAL(link);
DEFINE_REAL(linkat);
DEFINE_REAL(symlink);
DEFINE_REAL(symlinkat);
DEFINE_REAL(chmod);
DEFINE_REAL(fchmodat);
DEFINE_REAL(chown);
DEFINE_REAL(lchown);
DEFINE_REAL(fchownat);
DEFINE_REAL(name_to_handle_at);
DEFINE_REAL(inotify_add_watch);

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

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(AT_FDCWD, path, flags, mode, REAL(open)(path, flags, mode));
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(AT_FDCWD, path, flags, mode,
		  REAL(open64)(path, flags, mode));
}

int __open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(AT_FDCWD, path, flags, mode,
		  REAL(__open)(path, flags, mode));
}

int __open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(AT_FDCWD, path, flags, mode,
		  REAL(__open64)(path, flags, mode));
}

/* The fortified variants abort on O_CREAT without a mode: let them. */
int __open_2(const char *path, int flags)
{
	if (__OPEN_NEEDS_MODE(flags))
		return REAL(__open_2)(path, flags);
	OPEN_BODY(AT_FDCWD, path, flags, 0, REAL(__open_2)(path, flags));
}

int __open64_2(const char *path, int flags)
{
	if (__OPEN_NEEDS_MODE(flags))
		return REAL(__open64_2)(path, flags);
	OPEN_BODY(AT_FDCWD, path, flags, 0, REAL(__open64_2)(path, flags));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(dirfd, path, flags, mode,
		  REAL(openat)(dirfd, path, flags, mode));
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = open_mode(flags, ap);
	va_end(ap);
	OPEN_BODY(dirfd, path, flags, mode,
		  REAL(openat64)(dirfd, path, flags, mode));
}

int __openat_2(int dirfd, const char *path, int flags)
{
	if (__OPEN_NEEDS_MODE(flags))
		return REAL(__openat_2)(dirfd, path, flags);
	OPEN_BODY(dirfd, path, flags, 0,
		  REAL(__openat_2)(dirfd, path, flags));
}

int __openat64_2(int dirfd, const char *path, int flags)
{
	if (__OPEN_NEEDS_MODE(flags))
		return REAL(__openat64_2)(dirfd, path, flags);
	OPEN_BODY(dirfd, path, flags, 0,
		  REAL(__openat64_2)(dirfd, path, flags));
}

int creat(const char *path, mode_t mode)
{
	OPEN_BODY(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode,
		  REAL(creat)(path, mode));
}

int creat64(const char *path, mode_t mode)
{
	OPEN_BODY(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode,
		  REAL(creat64)(path, mode));
}

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

FILE *fopen(const char *path, const char *mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return NULL;
	if (!mapped(&sp, path))
		return REAL(fopen)(path, mode);
	return fopen_mapped(&sp, mode, REAL(fopen));
}

FILE *fopen64(const char *path, const char *mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return NULL;
	if (!mapped(&sp, path))
		return REAL(fopen64)(path, mode);
	return fopen_mapped(&sp, mode, REAL(fopen64));
}

FILE *freopen(const char *path, const char *mode, FILE *stream)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return NULL;
	return REAL(freopen)(sp.path, mode, stream);
}

FILE *freopen64(const char *path, const char *mode, FILE *stream)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return NULL;
	return REAL(freopen64)(sp.path, mode, stream);
}

DIR *opendir(const char *path)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return NULL;
	return REAL(opendir)(sp.path);
}

int scandir(const char *dir, struct dirent ***namelist,
	    int (*filter)(const struct dirent *),
	    int (*compar)(const struct dirent **, const struct dirent **))
{
	struct shim_path sp;

	if (shim_map(dir, &sp) < 0)
		return -1;
	return REAL(scandir)(sp.path, namelist, filter, compar);
}

int scandir64(const char *dir, struct dirent64 ***namelist,
	      int (*filter)(const struct dirent64 *),
	      int (*compar)(const struct dirent64 **,
			    const struct dirent64 **))
{
	struct shim_path sp;

	if (shim_map(dir, &sp) < 0)
		return -1;
	return REAL(scandir64)(sp.path, namelist, filter, compar);
}

int scandirat(int dirfd, const char *dir, struct dirent ***namelist,
	      int (*filter)(const struct dirent *),
	      int (*compar)(const struct dirent **, const struct dirent **))
{
	struct shim_path sp;

	if (shim_map_at(dirfd, dir, &sp) < 0)
		return -1;
	return REAL(scandirat)(sp.dirfd, sp.path, namelist, filter, compar);
}

int scandirat64(int dirfd, const char *dir, struct dirent64 ***namelist,
		int (*filter)(const struct dirent64 *),
		int (*compar)(const struct dirent64 **,
			      const struct dirent64 **))
{
	struct shim_path sp;

	if (shim_map_at(dirfd, dir, &sp) < 0)
		return -1;
	return REAL(scandirat64)(sp.dirfd, sp.path, namelist, filter, compar);
}

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

int glob(const char *pattern, int flags,
	 int (*errfunc)(const char *, int), glob_t *pglob)
{
	if (!shim_active() || (flags & GLOB_ALTDIRFUNC))
		return REAL(glob)(pattern, flags, errfunc, pglob);
	pglob->gl_closedir = glob_closedir;
	pglob->gl_readdir = glob_readdir;
	pglob->gl_opendir = glob_opendir;
	pglob->gl_lstat = lstat;
	pglob->gl_stat = stat;
	return REAL(glob)(pattern, flags | GLOB_ALTDIRFUNC, errfunc, pglob);
}

int glob64(const char *pattern, int flags,
	   int (*errfunc)(const char *, int), glob64_t *pglob)
{
	if (!shim_active() || (flags & GLOB_ALTDIRFUNC))
		return REAL(glob64)(pattern, flags, errfunc, pglob);
	pglob->gl_closedir = glob_closedir;
	pglob->gl_readdir = glob_readdir64;
	pglob->gl_opendir = glob_opendir;
	pglob->gl_lstat = lstat64;
	pglob->gl_stat = stat64;
	return REAL(glob64)(pattern, flags | GLOB_ALTDIRFUNC, errfunc, pglob);
}

int stat(const char *path, struct stat *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(stat)(sp.path, st);
}

int stat64(const char *path, struct stat64 *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(stat64)(sp.path, st);
}

int lstat(const char *path, struct stat *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(lstat)(sp.path, st);
}

int lstat64(const char *path, struct stat64 *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(lstat64)(sp.path, st);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(fstatat)(sp.dirfd, sp.path, st, flags);
}

int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(fstatat64)(sp.dirfd, sp.path, st, flags);
}

int __xstat(int ver, const char *path, struct stat *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(__xstat)(ver, sp.path, st);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(__xstat64)(ver, sp.path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(__lxstat)(ver, sp.path, st);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(__lxstat64)(ver, sp.path, st);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st,
	       int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(__fxstatat)(ver, sp.dirfd, sp.path, st, flags);
}

int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st,
		 int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(__fxstatat64)(ver, sp.dirfd, sp.path, st, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned int mask,
	  struct statx *stx)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(statx)(sp.dirfd, sp.path, flags, mask, stx);
}

int access(const char *path, int mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(access)(sp.path, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(faccessat)(sp.dirfd, sp.path, mode, flags);
}

int euidaccess(const char *path, int mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(euidaccess)(sp.path, mode);
}

int eaccess(const char *path, int mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(eaccess)(sp.path, mode);
}

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

int statfs(const char *path, struct statfs *buf)
{
	struct shim_path sp;
	int r;

	if (shim_map(path, &sp) < 0)
		return -1;
	r = REAL(statfs)(sp.path, buf);
	if (r == 0 && sp.redirected)
		fix_fs_type(sp.logical, &buf->f_type);
	return r;
}

int statfs64(const char *path, struct statfs64 *buf)
{
	struct shim_path sp;
	int r;

	if (shim_map(path, &sp) < 0)
		return -1;
	r = REAL(statfs64)(sp.path, buf);
	if (r == 0 && sp.redirected)
		fix_fs_type(sp.logical, &buf->f_type);
	return r;
}

int fstatfs(int fd, struct statfs *buf)
{
	int r = REAL(fstatfs)(fd, buf);

	if (r == 0 && shim_active())
		fix_fd_fs_type(fd, &buf->f_type);
	return r;
}

int fstatfs64(int fd, struct statfs64 *buf)
{
	int r = REAL(fstatfs64)(fd, buf);

	if (r == 0 && shim_active())
		fix_fd_fs_type(fd, &buf->f_type);
	return r;
}

int statvfs(const char *path, struct statvfs *buf)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(statvfs)(sp.path, buf);
}

int statvfs64(const char *path, struct statvfs64 *buf)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(statvfs64)(sp.path, buf);
}

int chdir(const char *path)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(chdir)(sp.path);
}

int mkdir(const char *path, mode_t mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(mkdir)(sp.path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(mkdirat)(sp.dirfd, sp.path, mode);
}

int unlink(const char *path)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(unlink)(sp.path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(unlinkat)(sp.dirfd, sp.path, flags);
}

int rmdir(const char *path)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(rmdir)(sp.path);
}

int truncate(const char *path, off_t length)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(truncate)(sp.path, length);
}

int truncate64(const char *path, off64_t length)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(truncate64)(sp.path, length);
}

int rename(const char *from, const char *to)
{
	struct shim_path a, b;

	if (shim_map(from, &a) < 0 || shim_map(to, &b) < 0)
		return -1;
	return REAL(rename)(a.path, b.path);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
	struct shim_path a, b;

	if (shim_map_at(fromfd, from, &a) < 0 ||
	    shim_map_at(tofd, to, &b) < 0)
		return -1;
	return REAL(renameat)(a.dirfd, a.path, b.dirfd, b.path);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to,
	      unsigned int flags)
{
	struct shim_path a, b;

	if (shim_map_at(fromfd, from, &a) < 0 ||
	    shim_map_at(tofd, to, &b) < 0)
		return -1;
	return REAL(renameat2)(a.dirfd, a.path, b.dirfd, b.path, flags);
}

int link(const char *from, const char *to)
{
	struct shim_path a, b;

	if (shim_map(from, &a) < 0 || shim_map(to, &b) < 0)
		return -1;
	return REAL(link)(a.path, b.path);
}

int linkat(int fromfd, const char *from, int tofd, const char *to,
	   int flags)
{
	struct shim_path a, b;

	if (shim_map_at(fromfd, from, &a) < 0 ||
	    shim_map_at(tofd, to, &b) < 0)
		return -1;
	return REAL(linkat)(a.dirfd, a.path, b.dirfd, b.path, flags);
}

/* A symlink's target is data, stored as given; only its own path maps. */
int symlink(const char *target, const char *path)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(symlink)(target, sp.path);
}

int symlinkat(const char *target, int dirfd, const char *path)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(symlinkat)(target, sp.dirfd, sp.path);
}

int chmod(const char *path, mode_t mode)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(chmod)(sp.path, mode);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(fchmodat)(sp.dirfd, sp.path, mode, flags);
}

int chown(const char *path, uid_t uid, gid_t gid)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(chown)(sp.path, uid, gid);
}

int lchown(const char *path, uid_t uid, gid_t gid)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(lchown)(sp.path, uid, gid);
}

int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(fchownat)(sp.dirfd, sp.path, uid, gid, flags);
}

int name_to_handle_at(int dirfd, const char *path, struct file_handle *handle,
		      int *mount_id, int flags)
{
	struct shim_path sp;

	if (shim_map_at(dirfd, path, &sp) < 0)
		return -1;
	return REAL(name_to_handle_at)(sp.dirfd, sp.path, handle, mount_id,
				       flags);
}

int inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	struct shim_path sp;

	if (shim_map(path, &sp) < 0)
		return -1;
	return REAL(inotify_add_watch)(fd, sp.path, mask);
}
