/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_BIND_TARGET_H
#define VFIO_SVA_BIND_TARGET_H

/*
 * A process about to be bound: pinned by a pidfd, bound, and checked to
 * be the same process after the bind.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "exit_codes.h"
#include "target.h"

/*
 * A process about to be bound, pinned by a pidfd opened before the bind;
 * on kernels without pidfd_open (before 5.3), by its start time alone.
 */
struct bind_target {
	pid_t pid;
	int pidfd;		/* -1 without pidfd_open */
	struct target_info info;
};

/* pidfd_open the target and read what explanations need; -ESRCH if none. */
int bind_target_open(pid_t pid, struct bind_target *t);
void bind_target_close(struct bind_target *t);

/*
 * VFIO_IOMMU_BIND @t on @container_fd, then make sure the same process is
 * still there (its pidfd alive, its start time unchanged): a pid reused in
 * between is unbound again and -ESRCH returned.
 */
int bind_target_bind(int container_fd, struct bind_target *t, uint32_t *pasid);

/*
 * Explain a failed VFIO_IOMMU_BIND or UNBIND (@err a positive errno) on
 * @groups in the user's terms. Writes one line to @msg, an optional hint
 * to @hint (empty if none) and returns the exit status.
 */
/*
 * The first reason `list` gives for SVA being off in one of @groups ("group
 * 13: 2 devices share the group: ..."), so that a refused bind says what
 * list says and not only the kernel's errno. False when list knows none.
 */
bool bind_group_blocker(const unsigned int *groups, size_t n, char *buf,
			size_t size);

enum vs_exit bind_error_explain(int err, const struct bind_target *t,
				const unsigned int *groups, size_t nr_groups,
				char *msg, size_t msg_size, char *hint,
				size_t hint_size);

#endif
