/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_KERNEL_CONFIG_H
#define VFIO_SVA_KERNEL_CONFIG_H

/*
 * The running kernel's build configuration, as text: /boot/config-RELEASE
 * or, without it, /proc/config.gz inflated.
 */
#include <stddef.h>

#define PROC_CONFIG_GZ	"/proc/config.gz"

/*
 * The configuration of kernel @release (the caller frees it), and in
 * @where the file it came from; NULL when neither file can be read.
 */
char *kernel_config_read(const char *release, char *where, size_t size);

#endif
