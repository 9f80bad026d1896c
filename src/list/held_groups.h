/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HELD_GROUPS_H
#define VFIO_SVA_HELD_GROUPS_H

/*
 * The groups that holders' live bonds hold, learnt from the holders
 * read-only: what `list` shows instead of opening a held group.
 */

#include <stdbool.h>

struct machine;

/*
 * Ask every holder this user may reach (the daemon, bind --hold) for its
 * bonds, read-only, and note in @m which groups their live bonds hold. Only
 * trusted holders count (one in root's runtime directory, or a bond of
 * this very user): such a bond proves that the kernel has VFIO_IOMMU_BIND:
 * then kernel.bind_ioctl is set and true is returned, so that no group
 * needs to be opened to probe it.
 */
bool held_groups_read(struct machine *m);

#endif
