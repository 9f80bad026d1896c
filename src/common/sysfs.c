// SPDX-License-Identifier: GPL-2.0
/*
 * Reading sysfs: attributes as text or bytes, link targets' names and
 * paths joined without overflow; and whole files of /proc and /boot.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sysfs.h"
#include "xalloc.h"

int sysfs_starved;

void sysfs_note(int err)
{
	if (!sysfs_starved && (err == EMFILE || err == ENFILE || err == ENOMEM))
		sysfs_starved = err;
}

int path_join(char *buf, size_t size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

ssize_t sysfs_read_bin(const char *dir, const char *name, void *buf,
		       size_t size)
{
	char path[PATH_MAX];
	size_t got = 0;
	int fd, ret;

	ret = path_join(path, sizeof(path), dir, name);
	if (ret)
		return ret;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sysfs_note(errno);
		return -errno;
	}
	while (got < size) {
		ssize_t n = pread(fd, (char *)buf + got, size - got,
				  (off_t)got);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			close(fd);
			return ret;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	close(fd);
	return (ssize_t)got;
}

ssize_t sysfs_read(const char *dir, const char *name, char *buf, size_t size)
{
	ssize_t n;

	if (!size)
		return -EINVAL;
	n = sysfs_read_bin(dir, name, buf, size - 1);
	if (n < 0)
		return n;
	buf[n] = '\0';
	if (memchr(buf, '\0', (size_t)n))
		return -EINVAL;
	return n;
}

char *sysfs_read_whole(const char *path, size_t limit, size_t *len)
{
	size_t size = 8192, got = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = xmalloc(size + 1);
	for (;;) {
		ssize_t n;

		if (got == size) {
			if (size >= limit)
				break;
			size *= 2;
			buf = xreallocarray(buf, size + 1, 1);
		}
		n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	if (len)
		*len = got;
	return buf;
}

int sysfs_link_name(const char *dir, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;
	int ret;

	ret = path_join(path, sizeof(path), dir, name);
	if (ret)
		return ret;
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0) {
		sysfs_note(errno);
		return -errno;
	}
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	n = (ssize_t)strlen(base);
	if (!n || (size_t)n >= size)
		return -ENAMETOOLONG;
	memcpy(buf, base, (size_t)n + 1);
	return 0;
}

int sysfs_exists(const char *dir, const char *name)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof(path), dir, name))
		return 0;
	return access(path, F_OK) == 0;
}
