// SPDX-License-Identifier: GPL-2.0
/*
 * Gathering the facts about the running kernel: its release, command
 * line, CPU flags, VFIO and iommufd nodes, the vfio-pci module and the
 * CVE-2025-71202 fix marker, read from /proc, /lib/modules, /sys and
 * /dev, and what its build configuration (kernel_config.c) says of them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "kernel_config.h"
#include "kernel_facts.h"
#include "macros.h"
#include "model.h"
#include "sysfs.h"

#define KCONFIG_SM_DEFAULT "CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON"
#define KCONFIG_FIX	"CONFIG_ASYNC_KERNEL_PGTABLE_FREE=y"
#define FIX_SYMBOL	"iommu_sva_invalidate_kva_range"

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


/*
 * Does the file hold the @nlen bytes at @needle? Read in chunks (kallsyms is megabytes):
 * 1 yes, 0 no, negative errno when it cannot be read or is empty.
 */
static int file_contains(const char *path, const char *needle, size_t nlen)
{
	size_t keep = 0;
	char buf[1 << 16];
	bool any = false;
	int fd, found = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, buf + keep, sizeof(buf) - keep);
		size_t len;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		any = true;
		len = keep + (size_t)n;
		if (memmem(buf, len, needle, nlen)) {
			found = 1;
			break;
		}
		/* keep the tail: a match may straddle two reads */
		keep = len < nlen - 1 ? len : nlen - 1;
		memmove(buf, buf + len - keep, keep);
	}
	close(fd);
	return found ? 1 : any ? 0 : -ENODATA;
}

bool kernel_arch_is_x86(const char *arch)
{
	return !strcmp(arch, "x86_64") ||
	       (arch[0] == 'i' && arch[1] && !strcmp(arch + 2, "86"));
}

#define BTF_VMLINUX	"/sys/kernel/btf/vmlinux"
#define KALLSYMS	"/proc/kallsyms"
/* BTF strings are NUL-separated; kallsyms lines end in the name */
static const char btf_needle[] = "\0" FIX_SYMBOL "\0";
static const char kallsyms_needle[] = " " FIX_SYMBOL "\n";

/* @needed: the version leaves the x86 rule open, so try kallsyms too */
static void read_fix_marker(struct kernel_facts *k, const char *config,
			    const char *config_where, bool needed)
{
	const char *absent_in = NULL;
	int r;

	k->fix_marker = TRI_UNKNOWN;
	if (config && strstr(config, KCONFIG_FIX)) {
		k->fix_marker = TRI_YES;
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "%s in %s", KCONFIG_FIX, config_where);
		return;
	}
	r = file_contains(BTF_VMLINUX, btf_needle, sizeof(btf_needle) - 1);
	if (r == 1) {
		k->fix_marker = TRI_YES;
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "%s in %s", FIX_SYMBOL, BTF_VMLINUX);
		return;
	}
	if (r == 0)
		absent_in = BTF_VMLINUX;
	/* kallsyms is the slowest to read: only when nothing else tells */
	if (needed && !config && r < 0) {
		r = file_contains(KALLSYMS, kallsyms_needle,
				  sizeof(kallsyms_needle) - 1);
		if (r == 1) {
			k->fix_marker = TRI_YES;
			snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
				 "%s in %s", FIX_SYMBOL, KALLSYMS);
			return;
		}
		if (r == 0)
			absent_in = KALLSYMS;
	}
	if (config) {
		k->fix_marker = TRI_NO;
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "%s lacks %s", config_where, KCONFIG_FIX);
	} else if (absent_in) {
		k->fix_marker = TRI_NO;
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "no %s in %s", FIX_SYMBOL, absent_in);
	} else if (needed) {
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "none of /boot/config-%s, %s, %s and %s could be read",
			 k->release, PROC_CONFIG_GZ, BTF_VMLINUX, KALLSYMS);
	} else {
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "neither /boot/config-%s, %s nor %s could be read (not needed: the version settles it)",
			 k->release, PROC_CONFIG_GZ, BTF_VMLINUX);
	}
}

static void read_vfio_pci_module(struct kernel_facts *k)
{
	static const char *const exts[] = { "", ".xz", ".zst", ".gz" };
	static const char builtin[] = "/vfio-pci.ko\n";
	static const char dep[] = "/vfio-pci.ko";
	char dir[192], path[320];
	size_t i;

	if (access("/sys/module/vfio_pci", F_OK) == 0) {
		k->vfio_pci_module = TRI_YES;
		snprintf(k->vfio_pci_module_why,
			 sizeof(k->vfio_pci_module_why),
			 "loaded or built in (/sys/module/vfio_pci)");
		return;
	}
	snprintf(dir, sizeof(dir), "/lib/modules/%s", k->release);
	if (access(dir, F_OK)) {
		k->vfio_pci_module = TRI_NO;
		snprintf(k->vfio_pci_module_why,
			 sizeof(k->vfio_pci_module_why),
			 "%s does not exist", dir);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		snprintf(path, sizeof(path),
			 "%s/kernel/drivers/vfio/pci/vfio-pci.ko%s", dir,
			 exts[i]);
		if (!access(path, F_OK)) {
			k->vfio_pci_module = TRI_YES;
			snprintf(k->vfio_pci_module_why,
				 sizeof(k->vfio_pci_module_why), "%s", path);
			return;
		}
	}
	snprintf(path, sizeof(path), "%s/modules.builtin", dir);
	if (file_contains(path, builtin, sizeof(builtin) - 1) == 1) {
		k->vfio_pci_module = TRI_YES;
		snprintf(k->vfio_pci_module_why,
			 sizeof(k->vfio_pci_module_why), "built in (%s)", path);
		return;
	}
	snprintf(path, sizeof(path), "%s/modules.dep", dir);
	if (file_contains(path, dep, sizeof(dep) - 1) == 1) {
		k->vfio_pci_module = TRI_YES;
		snprintf(k->vfio_pci_module_why,
			 sizeof(k->vfio_pci_module_why), "listed in %s", path);
		return;
	}
	k->vfio_pci_module = TRI_NO;
	snprintf(k->vfio_pci_module_why, sizeof(k->vfio_pci_module_why),
		 "%s has no vfio-pci.ko and does not list it as built in", dir);
}

void kernel_facts_read(struct kernel_facts *k)
{
	const struct kernel_rule *x86_rule;
	char where[160];
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
	n = sysfs_read("/proc/sys/kernel", "arch", k->arch, sizeof(k->arch));
	if (n > 0) {
		k->arch[strcspn(k->arch, "\n")] = '\0';
	} else {
		struct utsname u;

		if (!uname(&u))
			snprintf(k->arch, sizeof(k->arch), "%s", u.machine);
	}
	n = sysfs_read("/proc", "version", k->proc_version,
		       sizeof(k->proc_version));
	if (n > 0)
		k->proc_version[strcspn(k->proc_version, "\n")] = '\0';
	else
		k->proc_version[0] = '\0';
	kernel_identify(k->release, k->proc_version[0] ? k->proc_version :
			NULL, &k->id);

	k->vfio = access(VFIO_CONTAINER_NODE, F_OK) == 0;
	k->iommufd = access(IOMMUFD_NODE, F_OK) == 0;
	k->bind_ioctl = TRI_UNKNOWN;
	snprintf(k->bind_ioctl_why, sizeof(k->bind_ioctl_why),
		 "not probed");
	read_vfio_pci_module(k);

	n = sysfs_read("/proc", "cmdline", k->cmdline, sizeof(k->cmdline));
	k->have_cmdline = n >= 0;
	if (n > 0)
		k->cmdline[strcspn(k->cmdline, "\n")] = '\0';

	text = kernel_config_read(k->release, where, sizeof(where));
	k->scalable_mode = intel_scalable_mode(k->have_cmdline ? k->cmdline :
					       NULL, text,
					       k->scalable_mode_why,
					       sizeof(k->scalable_mode_why));
	/* kallsyms is read only where the version leaves the rule open */
	x86_rule = kernel_rule_match(RULE_X86_SVA_DISABLE, &k->id,
				     kernel_arch_is_x86(k->arch));
	if (!kernel_arch_is_x86(k->arch)) {
		k->fix_marker = TRI_UNKNOWN;
		snprintf(k->fix_marker_why, sizeof(k->fix_marker_why),
			 "not looked for: the guard exists only on x86");
	} else {
		read_fix_marker(k, text, where, x86_rule &&
				x86_rule->effect != EFFECT_LIFTED);
	}
	free(text);
	/* the first CPU's flags come early; do not make the kernel print all */
	text = sysfs_read_whole("/proc/cpuinfo", 1 << 15, NULL);
	if (!text)
		sysfs_note(errno);
	k->cpu_gbpages = text ? cpuinfo_has_flag(text, "pdpe1gb") :
				TRI_UNKNOWN;
	k->cpu_la57 = text ? cpuinfo_has_flag(text, "la57") : TRI_UNKNOWN;
	k->hypervisor = text ? cpuinfo_has_flag(text, "hypervisor") :
			       TRI_UNKNOWN;
	free(text);
}
