// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/PID/mem descriptors for VFIO_IOMMU_BIND_MEM_FD: opened by whoever
 * asks for a bond, checked to be the address space of the pid named, and
 * tested for an address space that is gone.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "mem_fd.h"

int mem_fd_open(pid_t pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0)
		return fd;
	return errno == ENOENT ? -ESRCH : -errno;
}

/*
 * mem_rw() copies nothing and returns 0 once the mm has no users left;
 * while it has some, address 0 (below mmap_min_addr) is EIO, or a byte
 * where page 0 is mapped.
 */
int mem_fd_alive(int fd)
{
	char byte;

	return pread(fd, &byte, 1, 0) != 0;
}

int mem_fd_check(int fd, pid_t pid)
{
	char link[64], want[64], got[128];
	struct stat a, b;
	struct statfs sfs;
	ssize_t n;
	int mode;

	mode = fcntl(fd, F_GETFL);
	if (mode < 0 || (mode & O_ACCMODE) != O_RDWR)
		return -EINVAL;
	if (fstatfs(fd, &sfs) || sfs.f_type != PROC_SUPER_MAGIC ||
	    fstat(fd, &a))
		return -EINVAL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	snprintf(want, sizeof(want), "/proc/%d/mem", (int)pid);
	n = readlink(link, got, sizeof(got) - 1);
	if (n <= 0)
		return -EINVAL;
	got[n] = '\0';
	if (strcmp(got, want) != 0)
		return strncmp(got, want, strlen(want)) == 0 ? -ESRCH : -EINVAL;
	/*
	 * The same dentry, looked up through our /proc now: the file was
	 * opened on the process that has @pid at this moment (a /proc of
	 * another pid namespace, or a process gone, does not match).
	 */
	if (stat(want, &b) || a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return -ESRCH;
	return mem_fd_alive(fd) ? 0 : -ESRCH;
}
