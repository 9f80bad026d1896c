// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel_facts.h"
#include "sysfs.h"
#include "xalloc.h"

#define KCONFIG_SM_DEFAULT "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON"

/* Read a whole small text file; NULL if it cannot be read. */
static char *slurp(const char *path, size_t limit)
{
	size_t size = 8192, len = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = xmalloc(size + 1);
	for (;;) {
		ssize_t n;

		if (len == size) {
			if (size >= limit)
				break;
			size *= 2;
			buf = xreallocarray(buf, size + 1, 1);
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* Each word of the command line, in order: the kernel lets the last win. */
enum tri intel_scalable_mode(const char *cmdline, const char *config,
			     char *why, size_t size)
{
	enum tri mode = TRI_UNKNOWN;
	const char *p = cmdline;
	const char *opt;

	while (p && (opt = strstr(p, "intel_iommu="))) {
		const char *v = opt + strlen("intel_iommu=");
		size_t vlen = strcspn(v, " \t\n");

		p = v + vlen;
		if (opt != cmdline && opt[-1] != ' ' && opt[-1] != '\t')
			continue;
		while (vlen) {
			size_t w = strcspn(v, ",");

			if (w > vlen)
				w = vlen;
			if (w == 5 && !strncmp(v, "sm_on", 5)) {
				mode = TRI_YES;
				snprintf(why, size,
					 "intel_iommu=sm_on on the kernel command line");
			} else if (w == 6 && !strncmp(v, "sm_off", 6)) {
				mode = TRI_NO;
				snprintf(why, size,
					 "intel_iommu=sm_off on the kernel command line");
			}
			v += w;
			vlen -= w;
			if (vlen) {
				v++;
				vlen--;
			}
		}
	}
	if (mode != TRI_UNKNOWN)
		return mode;

	if (config) {
		if (strstr(config, KCONFIG_SM_DEFAULT "=y")) {
			snprintf(why, size,
				 "kernel built with scalable mode on by default");
			return TRI_YES;
		}
		snprintf(why, size,
			 "kernel default is off and the command line lacks intel_iommu=sm_on");
		return TRI_NO;
	}
	snprintf(why, size,
		 "no intel_iommu=sm_on/sm_off on the command line and the kernel configuration is not readable");
	return TRI_UNKNOWN;
}

enum tri cpuinfo_has_flag(const char *cpuinfo, const char *flag)
{
	const char *line = cpuinfo;
	size_t flen = strlen(flag);

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > 5 && !strncmp(line, "flags", 5)) {
			const char *colon = memchr(line, ':', len);
			const char *w;

			if (!colon)
				return TRI_UNKNOWN;
			for (w = colon + 1; w < line + len;) {
				size_t wl;

				while (w < line + len && *w == ' ')
					w++;
				wl = strcspn(w, " \n");
				if (w + wl > line + len)
					wl = (size_t)(line + len - w);
				if (wl == flen && !strncmp(w, flag, flen))
					return TRI_YES;
				w += wl;
			}
			return TRI_NO;
		}
		line = end ? end + 1 : NULL;
	}
	return TRI_UNKNOWN;
}

void kernel_facts_read(struct kernel_facts *k)
{
	char path[160];
	char *text;
	ssize_t n;

	memset(k, 0, sizeof(*k));
	n = sysfs_read("/proc/sys/kernel", "osrelease", k->release,
		       sizeof(k->release));
	if (n > 0) {
		k->release[strcspn(k->release, "\n")] = '\0';
	} else {
		struct utsname u;

		if (!uname(&u))
			snprintf(k->release, sizeof(k->release), "%s",
				 u.release);
	}

	k->vfio = access(VFIO_CONTAINER_NODE, F_OK) == 0;
	k->iommufd = access(IOMMUFD_NODE, F_OK) == 0;
	k->bind_ioctl = TRI_UNKNOWN;
	snprintf(k->bind_ioctl_why, sizeof(k->bind_ioctl_why),
		 "not probed");

	n = sysfs_read("/proc", "cmdline", k->cmdline, sizeof(k->cmdline));
	k->have_cmdline = n >= 0;
	if (n > 0)
		k->cmdline[strcspn(k->cmdline, "\n")] = '\0';

	snprintf(path, sizeof(path), "/boot/config-%s", k->release);
	text = slurp(path, 1 << 22);
	k->scalable_mode = intel_scalable_mode(k->have_cmdline ? k->cmdline :
					       NULL, text,
					       k->scalable_mode_why,
					       sizeof(k->scalable_mode_why));
	free(text);

	/* the first CPU's flags come early; do not make the kernel print all */
	text = slurp("/proc/cpuinfo", 1 << 15);
	k->cpu_gbpages = text ? cpuinfo_has_flag(text, "pdpe1gb") :
				TRI_UNKNOWN;
	k->cpu_la57 = text ? cpuinfo_has_flag(text, "la57") : TRI_UNKNOWN;
	k->hypervisor = text ? cpuinfo_has_flag(text, "hypervisor") :
			       TRI_UNKNOWN;
	free(text);
}
