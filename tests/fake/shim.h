/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-sva fake kernel: LD_PRELOAD shim shared declarations.
 *
 * The shim maps a handful of logical paths (/sys, /dev/vfio, ...) onto a
 * fixture root given by VFIO_SVA_FAKE_ROOT. See README.md beside this file.
 */
#ifndef VFIO_SVA_FAKE_SHIM_H
#define VFIO_SVA_FAKE_SHIM_H

/* The wrappers must be the plain functions, never fortify inlines. */
#undef _FORTIFY_SOURCE

#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#pragma GCC visibility push(hidden)

/*
 * REAL(name): the real libc entry point, looked up with dlsym(RTLD_NEXT)
 * the first time this call site runs (each site keeps its own pointer, as
 * kmod's testsuite wrappers do). Racing threads store the same value, so
 * relaxed atomics are enough.
 */
void *shim_dlsym(const char *name);

#define REAL(name) ({							\
	static __typeof__(&name) real_;					\
	__typeof__(&name) f_ = __atomic_load_n(&real_, __ATOMIC_RELAXED); \
	if (!f_) {							\
		f_ = (__typeof__(&name))shim_dlsym(#name);		\
		__atomic_store_n(&real_, f_, __ATOMIC_RELAXED);		\
	}								\
	f_;								\
})

/* State read once from the environment. */
struct shim_state {
	bool active;
	size_t rootlen;			/* 0 when the root is "/" */
	char root[PATH_MAX];		/* canonical, no trailing slash */
	char audit[PATH_MAX];		/* VFIO_SVA_FAKE_AUDIT or "" */
};

extern struct shim_state shim;

/* False when VFIO_SVA_FAKE_ROOT is unset or empty: pass everything through. */
bool shim_active(void);

/*
 * The result of mapping a (dirfd, path) pair. When redirected, dirfd is
 * AT_FDCWD and path is buf, ROOT followed by the logical path. Otherwise
 * path and dirfd are what the caller should use (its own arguments, or the
 * logical path when a dirfd inside the fixture was left with "..").
 */
struct shim_path {
	int dirfd;
	const char *path;
	const char *logical;		/* NULL when not known */
	bool redirected;
	char buf[PATH_MAX];
};

/*
 * Returns 0, or -1 with errno set to what the real call would have failed
 * with (ENAMETOOLONG, or a lookup error met while resolving "..").
 * errno is left untouched on success.
 */
int shim_map_at(int dirfd, const char *path, struct shim_path *sp);
static inline int shim_map(const char *path, struct shim_path *sp)
{
	return shim_map_at(AT_FDCWD, path, sp);
}

/* True when the absolute logical path lies under a redirected prefix. */
bool shim_is_redirected(const char *logical);
bool shim_under(const char *path, const char *prefix);

/*
 * If real (a kernel-given absolute path) lies in the fixture under a
 * redirected prefix, return the logical path (a pointer into real);
 * otherwise NULL.
 */
const char *shim_unmap(const char *real);

/* Path of an open fd as the kernel reports it, into buf; -1 on failure. */
int shim_fd_path(int fd, char *buf, size_t size);

/* VFIO_SVA_FAKE_AUDIT: one line per event, e.g. ("redirect", "/sys/bus"). */
void shim_audit(const char *what, const char *path);

/* Device nodes (shim_dev.c). */
bool shim_dev_is_node(const char *logical);
int shim_dev_open(const char *logical, const char *real, int flags,
		  mode_t mode);

/* PCI config space (shim_pci.c). */
bool shim_pci_is_config(const char *logical, int flags);
int shim_pci_config_open(const char *logical, const char *real, int flags,
			 mode_t mode);

/* Plain open of a real path, for the helpers above. */
int shim_real_open(const char *real, int flags, mode_t mode);
int shim_real_close(int fd);

#pragma GCC visibility pop

/* glibc entry points that its headers no longer declare. */
int __xstat(int ver, const char *path, struct stat *buf);
int __xstat64(int ver, const char *path, struct stat64 *buf);
int __lxstat(int ver, const char *path, struct stat *buf);
int __lxstat64(int ver, const char *path, struct stat64 *buf);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *buf,
	       int flags);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *buf,
		 int flags);
int __open(const char *path, int flags, ...);
int __open64(const char *path, int flags, ...);
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len,
		       size_t buflen);
ssize_t __readlinkat_chk(int dirfd, const char *path, char *buf, size_t len,
			 size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
char *__getcwd_chk(char *buf, size_t size, size_t buflen);
void __chk_fail(void) __attribute__((noreturn));

#endif
