// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva fake kernel: PCI config space as an unprivileged reader sees it.
 *
 * The kernel's pci_read_config() hands out the whole config space only to
 * openers with CAP_SYS_ADMIN in the initial user namespace (file_ns_capable
 * on the opener's credentials); everyone else gets the first 64 bytes, 128
 * for a CardBus bridge, then end of file. The fixture holds the full space,
 * so an unprivileged open gets a memfd with the visible part instead.
 */
#include "shim.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PCI_HEADER_TYPE		0x0e
#define PCI_HEADER_TYPE_CARDBUS	2
#define PCI_STD_HEADER_SIZE	64
#define PCI_CARDBUS_HEADER_SIZE	128

/* /proc/self/ns/user of the initial user namespace (PROC_USER_INIT_INO). */
#define SHIM_INIT_USER_NS	"user:[4026531837]"

bool shim_pci_is_config(const char *logical, int flags)
{
	const char *base = strrchr(logical, '/');

	if ((flags & O_PATH) || (flags & O_ACCMODE) == O_WRONLY)
		return false;
	return base && strcmp(base, "/config") == 0 &&
	       shim_under(logical, "/sys");
}

static bool shim_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	char ns[64];
	ssize_t n;

	if (syscall(SYS_capget, &hdr, data) < 0)
		return false;
	if (!(data[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &
	      CAP_TO_MASK(CAP_SYS_ADMIN)))
		return false;
	n = REAL(readlink)("/proc/self/ns/user", ns, sizeof(ns) - 1);
	if (n < 0)
		return true;
	ns[n] = '\0';
	return strcmp(ns, SHIM_INIT_USER_NS) == 0;
}

/* The real file is a PCI device's config when its directory has vendor. */
static bool shim_pci_device_config(int fd)
{
	char path[PATH_MAX];
	const char *l;
	char *slash;

	if (shim_fd_path(fd, path, sizeof(path) - sizeof("vendor")) < 0)
		return false;
	l = shim_unmap(path);
	if (!l || !shim_under(l, "/sys/devices"))
		return false;
	slash = strrchr(path, '/');
	strcpy(slash + 1, "vendor");
	return REAL(access)(path, F_OK) == 0;
}

static int shim_pci_visible(int fd, unsigned char *buf)
{
	size_t got = 0;
	ssize_t n;

	while (got < PCI_CARDBUS_HEADER_SIZE) {
		n = pread(fd, buf + got, PCI_CARDBUS_HEADER_SIZE - got, got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += n;
	}
	if (got > PCI_HEADER_TYPE &&
	    (buf[PCI_HEADER_TYPE] & 0x7f) == PCI_HEADER_TYPE_CARDBUS)
		return got;
	return got < PCI_STD_HEADER_SIZE ? (int)got : PCI_STD_HEADER_SIZE;
}

static int shim_pci_memfd(const unsigned char *buf, int len, int flags)
{
	char proc[32];
	int fd, ro, off = 0, n;

	fd = memfd_create("vfio-sva-fake-config", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	while (off < len) {
		n = write(fd, buf + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			shim_real_close(fd);
			return -1;
		}
		off += n;
	}
	/* Reopened read-only so that writes fail as on the real file. */
	if ((flags & O_ACCMODE) == O_RDONLY) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		ro = shim_real_open(proc, O_RDONLY | (flags & O_CLOEXEC), 0);
		if (ro >= 0) {
			shim_real_close(fd);
			return ro;
		}
	}
	lseek(fd, 0, SEEK_SET);
	if (!(flags & O_CLOEXEC))
		fcntl(fd, F_SETFD, 0);
	return fd;
}

int shim_pci_config_open(const char *logical, const char *real, int flags,
			 mode_t mode)
{
	unsigned char buf[PCI_CARDBUS_HEADER_SIZE];
	int fd, mfd, len, saved, e;

	(void)logical;
	fd = shim_real_open(real, flags, mode);
	if (fd < 0)
		return fd;
	saved = errno;
	if (shim_cap_sys_admin() || !shim_pci_device_config(fd)) {
		errno = saved;
		return fd;
	}
	len = shim_pci_visible(fd, buf);
	if (len < 0) {
		/* Reading the fixture failed: let the caller see it fail. */
		errno = saved;
		return fd;
	}
	mfd = shim_pci_memfd(buf, len, flags);
	e = errno;
	shim_real_close(fd);
	errno = mfd < 0 ? e : saved;
	return mfd;
}
