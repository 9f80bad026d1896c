/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_KERNEL_FACTS_H
#define VFIO_SVA_KERNEL_FACTS_H

/*
 * The facts about the running kernel (struct kernel_facts, model.h): their
 * gatherer, and the judges of the kernel's own texts it uses.
 */

#include <stdbool.h>
#include <stddef.h>

#include "tristate.h"

struct kernel_facts;

#define VFIO_CONTAINER_NODE	"/dev/vfio/vfio"
#define IOMMUFD_NODE		"/dev/iommu"

/* Fill @k from /proc, /boot and /dev (bind_ioctl is left unknown). */
void kernel_facts_read(struct kernel_facts *k);

/*
 * Is Intel scalable mode on, judged from a kernel command line and the
 * kernel's build configuration text (either may be NULL)? Fills @why.
 */
enum tri intel_scalable_mode(const char *cmdline, const char *config,
			     char *why, size_t size);

/* Is @arch (uname -m) an x86 one? */
bool kernel_arch_is_x86(const char *arch);

/* Is @flag among the "flags" of the first CPU in /proc/cpuinfo text? */
enum tri cpuinfo_has_flag(const char *cpuinfo, const char *flag);

#endif
