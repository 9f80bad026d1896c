// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe for tests/fake/test-shim: exercises one libc entry point per
 * command and prints what it saw. Failures print "errno=NAME" and exit 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

/* glibc entry points that its headers no longer (or never) declare. */
int __xstat(int ver, const char *path, struct stat *buf);
int __lxstat(int ver, const char *path, struct stat *buf);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *buf,
	       int flags);
int __open_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
ssize_t __readlink_chk(const char *path, char *buf, size_t len,
		       size_t buflen);
char *__realpath_chk(const char *path, char *resolved, size_t resolvedlen);
char *__getcwd_chk(char *buf, size_t size, size_t buflen);

static int fail(const char *what)
{
	printf("errno=%s\n", strerrorname_np(errno) ? strerrorname_np(errno) :
						      "?");
	fprintf(stderr, "probe: %s: %m\n", what);
	return 1;
}

static void print_stat(const struct stat *st)
{
	printf("dev=%llu ino=%llu mode=%o size=%lld\n",
	       (unsigned long long)st->st_dev, (unsigned long long)st->st_ino,
	       (unsigned int)st->st_mode, (long long)st->st_size);
}

static int dump_fd(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, n, stdout) != (size_t)n)
			return 1;
	if (n < 0)
		return fail("read");
	return 0;
}

static int open_dir(const char *dir)
{
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *path)
{
	char *names[1024];
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	d = opendir(path);
	if (!d)
		return fail("opendir");
	while ((de = readdir(d)) && n < 1024)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	for (i = 0; i < n; i++)
		printf("%s\n", names[i]);
	return 0;
}

/*
 * What systemd's chase_symlinks() does: open "/", then one component at a
 * time with O_PATH|O_NOFOLLOW, following links by hand.
 */
static int chase(const char *path)
{
	char todo[PATH_MAX], done[PATH_MAX] = "", link[PATH_MAX];
	char tmp[2 * PATH_MAX + 2];
	char *p = todo, *e, c;
	int fd, child, links = 0;
	struct stat st;
	ssize_t n;

	snprintf(todo, sizeof(todo), "%s", path);
	fd = open("/", O_CLOEXEC | O_DIRECTORY | O_PATH);
	if (fd < 0)
		return fail("open /");
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchrnul(p, '/');
		c = *e;
		*e = '\0';
		if (strcmp(p, "..") == 0) {
			char *s = strrchr(done, '/');

			if (s)
				*s = '\0';
		}
		child = openat(fd, p, O_CLOEXEC | O_NOFOLLOW | O_PATH);
		if (child < 0)
			return fail(p);
		if (fstat(child, &st) < 0)
			return fail("fstat");
		if (S_ISLNK(st.st_mode)) {
			if (++links > 32)
				return fail("loop");
			n = readlinkat(fd, p, link, sizeof(link) - 1);
			if (n < 0)
				return fail("readlinkat");
			link[n] = '\0';
			*e = c;
			snprintf(tmp, sizeof(tmp), "%s/%s", link, e);
			if (strlen(tmp) >= sizeof(todo))
				return fail("too long");
			memcpy(todo, tmp, strlen(tmp) + 1);
			p = todo;
			close(child);
			if (link[0] == '/') {
				close(fd);
				fd = open("/", O_CLOEXEC | O_DIRECTORY |
					       O_PATH);
				done[0] = '\0';
			}
			continue;
		}
		if (strcmp(p, "..") != 0) {
			strcat(done, "/");
			strcat(done, p);
		}
		close(fd);
		fd = child;
		*e = c;
		p = e;
	}
	if (fstat(fd, &st) < 0)
		return fail("fstat");
	printf("done=%s ", done[0] ? done : "/");
	print_stat(&st);
	if (fstatfs(fd, &(struct statfs){ 0 }) < 0)
		return fail("fstatfs");
	return 0;
}

struct thread_arg {
	const char *path;
	char expect[256];
	int errors;
};

static void *thread_main(void *p)
{
	struct thread_arg *a = p;
	char buf[256];
	struct stat st;
	ssize_t n;
	int i, fd;

	for (i = 0; i < 2000; i++) {
		fd = open(a->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			a->errors++;
			continue;
		}
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n < 0 || stat(a->path, &st) < 0) {
			a->errors++;
			continue;
		}
		buf[n] = '\0';
		if (strcmp(buf, a->expect))
			a->errors++;
	}
	return NULL;
}

static int threads(const char *path)
{
	struct thread_arg args[8];
	pthread_t t[8];
	int i, fd, errors = 0;
	ssize_t n;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return fail("open");
	n = read(fd, args[0].expect, sizeof(args[0].expect) - 1);
	close(fd);
	if (n < 0)
		return fail("read");
	args[0].expect[n] = '\0';
	for (i = 0; i < 8; i++) {
		args[i].path = path;
		args[i].errors = 0;
		memcpy(args[i].expect, args[0].expect, sizeof(args[i].expect));
		pthread_create(&t[i], NULL, thread_main, &args[i]);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		errors += args[i].errors;
	}
	printf("errors=%d\n", errors);
	return errors != 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	const char *a = argc > 2 ? argv[2] : "";
	const char *b = argc > 3 ? argv[3] : "";
	char buf[PATH_MAX];
	struct statfs sfs;
	struct stat st;
	struct statx stx;
	ssize_t n;
	char *r;
	FILE *f;
	int fd, dfd;

	if (!strcmp(cmd, "stat")) {
		if (stat(a, &st) < 0)
			return fail("stat");
		print_stat(&st);
	} else if (!strcmp(cmd, "lstat")) {
		if (lstat(a, &st) < 0)
			return fail("lstat");
		print_stat(&st);
	} else if (!strcmp(cmd, "stat64")) {
		struct stat64 st64;

		if (stat64(a, &st64) < 0)
			return fail("stat64");
		print_stat((struct stat *)&st64);
	} else if (!strcmp(cmd, "xstat")) {
		if (__xstat(1, a, &st) < 0)
			return fail("__xstat");
		print_stat(&st);
	} else if (!strcmp(cmd, "lxstat")) {
		if (__lxstat(1, a, &st) < 0)
			return fail("__lxstat");
		print_stat(&st);
	} else if (!strcmp(cmd, "fxstatat")) {
		dfd = open_dir(a);
		if (dfd < 0 || __fxstatat(1, dfd, b, &st, 0) < 0)
			return fail("__fxstatat");
		print_stat(&st);
	} else if (!strcmp(cmd, "statx")) {
		if (statx(AT_FDCWD, a, 0, STATX_BASIC_STATS, &stx) < 0)
			return fail("statx");
		st.st_dev = makedev(stx.stx_dev_major, stx.stx_dev_minor);
		st.st_ino = stx.stx_ino;
		st.st_mode = stx.stx_mode;
		st.st_size = stx.stx_size;
		print_stat(&st);
	} else if (!strcmp(cmd, "fstatat")) {
		dfd = open_dir(a);
		if (dfd < 0 || fstatat(dfd, b, &st, AT_SYMLINK_NOFOLLOW) < 0)
			return fail("fstatat");
		print_stat(&st);
	} else if (!strcmp(cmd, "read")) {
		fd = open(a, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return fail("open");
		return dump_fd(fd);
	} else if (!strcmp(cmd, "openat")) {
		dfd = open_dir(a);
		if (dfd < 0)
			return fail("open dir");
		fd = openat(dfd, b, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return fail("openat");
		return dump_fd(fd);
	} else if (!strcmp(cmd, "fopen")) {
		f = fopen(a, "re");
		if (!f)
			return fail("fopen");
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, stdout);
		fclose(f);
	} else if (!strcmp(cmd, "open")) {
		fd = open(a, !strcmp(b, "rw") ? O_RDWR : O_RDONLY);
		if (fd < 0)
			return fail("open");
		printf("ok\n");
	} else if (!strcmp(cmd, "write-ro")) {
		fd = open(a, O_RDONLY);
		if (fd < 0)
			return fail("open");
		if (write(fd, "x", 1) < 0)
			return fail("write");
		printf("written\n");
	} else if (!strcmp(cmd, "ioctl")) {
		fd = open(a, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return fail("open");
		if (ioctl(fd, _IO(';', 100)) < 0)
			return fail("ioctl");
		printf("ok\n");
	} else if (!strcmp(cmd, "readdir")) {
		return list_dir(a);
	} else if (!strcmp(cmd, "scandir")) {
		struct dirent **list;
		int i, cnt = scandir(a, &list, NULL, alphasort);

		if (cnt < 0)
			return fail("scandir");
		for (i = 0; i < cnt; i++)
			if (list[i]->d_name[0] != '.')
				printf("%s\n", list[i]->d_name);
	} else if (!strcmp(cmd, "glob")) {
		glob_t g;
		size_t i;

		if (glob(a, 0, NULL, &g))
			return fail("glob");
		for (i = 0; i < g.gl_pathc; i++)
			printf("%s\n", g.gl_pathv[i]);
		globfree(&g);
	} else if (!strcmp(cmd, "readlink")) {
		n = readlink(a, buf, sizeof(buf) - 1);
		if (n < 0)
			return fail("readlink");
		printf("%.*s\n", (int)n, buf);
	} else if (!strcmp(cmd, "readlinkat")) {
		dfd = open_dir(a);
		if (dfd < 0)
			return fail("open dir");
		n = readlinkat(dfd, b, buf, sizeof(buf) - 1);
		if (n < 0)
			return fail("readlinkat");
		printf("%.*s\n", (int)n, buf);
	} else if (!strcmp(cmd, "realpath")) {
		r = realpath(a, NULL);
		if (!r)
			return fail("realpath");
		printf("%s\n", r);
		if (!realpath(a, buf) || strcmp(buf, r))
			return fail("realpath buf");
	} else if (!strcmp(cmd, "canonicalize")) {
		r = canonicalize_file_name(a);
		if (!r)
			return fail("canonicalize_file_name");
		printf("%s\n", r);
	} else if (!strcmp(cmd, "access")) {
		int mode = !strcmp(b, "w") ? W_OK : !strcmp(b, "r") ? R_OK :
									  F_OK;

		if (access(a, mode) < 0)
			return fail("access");
		if (euidaccess(a, mode) < 0 || eaccess(a, mode) < 0)
			return fail("euidaccess");
		printf("ok\n");
	} else if (!strcmp(cmd, "faccessat")) {
		dfd = open_dir(a);
		if (dfd < 0 || faccessat(dfd, b, F_OK, 0) < 0)
			return fail("faccessat");
		printf("ok\n");
	} else if (!strcmp(cmd, "statfs")) {
		if (statfs(a, &sfs) < 0)
			return fail("statfs");
		printf("0x%llx\n", (unsigned long long)sfs.f_type);
	} else if (!strcmp(cmd, "fstatfs")) {
		fd = open(a, O_PATH | O_CLOEXEC);
		if (fd < 0 || fstatfs(fd, &sfs) < 0)
			return fail("fstatfs");
		printf("0x%llx\n", (unsigned long long)sfs.f_type);
	} else if (!strcmp(cmd, "fdpath")) {
		fd = open(a, O_PATH | O_CLOEXEC);
		if (fd < 0)
			return fail("open");
		char proc[64];

		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		r = realpath(proc, NULL);
		n = readlink(proc, buf, sizeof(buf) - 1);
		if (n < 0 || !r)
			return fail("readlink");
		printf("%.*s %s\n", (int)n, buf, r);
	} else if (!strcmp(cmd, "cwd")) {
		if (chdir(a) < 0)
			return fail("chdir");
		if (!getcwd(buf, sizeof(buf)))
			return fail("getcwd");
		printf("%s ", buf);
		r = get_current_dir_name();
		printf("%s ", r ? r : "?");
		r = realpath(".", NULL);
		printf("%s\n", r ? r : "?");
		if (*b) {
			fd = open(b, O_RDONLY);
			if (fd < 0)
				return fail("open relative");
			return dump_fd(fd);
		}
	} else if (!strcmp(cmd, "fortify")) {
		fd = __open_2(a, O_RDONLY);
		if (fd < 0)
			return fail("__open_2");
		dfd = open("/", O_PATH | O_DIRECTORY);
		fd = __openat_2(dfd, a + 1, O_RDONLY);
		if (fd < 0)
			return fail("__openat_2");
		n = __readlink_chk(b, buf, sizeof(buf), sizeof(buf));
		if (n < 0)
			return fail("__readlink_chk");
		printf("%.*s ", (int)n, buf);
		if (!__realpath_chk(b, buf, sizeof(buf)))
			return fail("__realpath_chk");
		printf("%s\n", buf);
	} else if (!strcmp(cmd, "getcwd-chk")) {
		if (chdir(a) < 0 ||
		    !__getcwd_chk(buf, sizeof(buf), sizeof(buf)))
			return fail("__getcwd_chk");
		printf("%s\n", buf);
	} else if (!strcmp(cmd, "writes")) {
		/* a: a directory to create and remove things in */
		char p1[PATH_MAX], p2[PATH_MAX];

		snprintf(p1, sizeof(p1), "%s/x", a);
		snprintf(p2, sizeof(p2), "%s/y", a);
		if (mkdir(a, 0755) < 0)
			return fail("mkdir");
		fd = creat(p1, 0644);
		if (fd < 0 || write(fd, "hello\n", 6) != 6)
			return fail("creat");
		close(fd);
		if (rename(p1, p2) < 0)
			return fail("rename");
		if (truncate(p2, 2) < 0)
			return fail("truncate");
		if (chmod(p2, 0600) < 0)
			return fail("chmod");
		if (symlink("y", p1) < 0)
			return fail("symlink");
		if (*b)
			return 0;	/* leave them for the caller to see */
		if (unlink(p1) < 0 || unlink(p2) < 0)
			return fail("unlink");
		if (rmdir(a) < 0)
			return fail("rmdir");
		printf("ok\n");
	} else if (!strcmp(cmd, "inotify")) {
		fd = inotify_init1(IN_CLOEXEC);
		if (fd < 0 || inotify_add_watch(fd, a, IN_MODIFY) < 0)
			return fail("inotify_add_watch");
		printf("ok\n");
	} else if (!strcmp(cmd, "handle")) {
		struct {
			struct file_handle fh;
			unsigned char data[MAX_HANDLE_SZ];
		} h = { .fh.handle_bytes = MAX_HANDLE_SZ };
		int mnt;

		if (name_to_handle_at(AT_FDCWD, a, &h.fh, &mnt, 0) < 0)
			return fail("name_to_handle_at");
		printf("ok\n");
	} else if (!strcmp(cmd, "leak")) {
		/* A real directory opened behind the shim's back. */
		dfd = syscall(SYS_openat, AT_FDCWD, a, O_PATH | O_DIRECTORY);
		if (dfd < 0)
			return fail("raw openat");
		fd = openat(dfd, b, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return fail("openat");
		return dump_fd(fd);
	} else if (!strcmp(cmd, "chase")) {
		return chase(a);
	} else if (!strcmp(cmd, "threads")) {
		return threads(a);
	} else if (!strcmp(cmd, "fork")) {
		pid_t pid = fork();
		int status;

		if (pid == 0) {
			int ret = 1;

			fd = open(a, O_RDONLY);
			if (fd >= 0)
				ret = dump_fd(fd);
			fflush(stdout);
			_exit(ret);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			return fail("fork");
		return !WIFEXITED(status) || WEXITSTATUS(status);
	} else {
		fprintf(stderr, "probe: unknown command '%s'\n", cmd);
		return 2;
	}
	return 0;
}
