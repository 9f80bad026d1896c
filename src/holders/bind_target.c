// SPDX-License-Identifier: GPL-2.0
/*
 * A process about to be bound: pinned by a pidfd before VFIO_IOMMU_BIND,
 * checked to be the same process after it, and a failed bind explained
 * with the exit status and hint the user can act on.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bind_target.h"
#include "enumerate.h"
#include "holder_proto.h"
#include "ptrace_explain.h"
#include "verdict.h"
#include "vfio.h"

bool bind_group_blocker(const unsigned int *groups, size_t n, char *buf,
			size_t size)
{
	struct machine m;
	bool found = false;
	size_t i, j, k;

	if (machine_enumerate(&m) < 0)
		return false;
	machine_assess(&m);
	for (i = 0; i < n && !found; i++) {
		const struct group *g = machine_find_group(&m, groups[i]);
		const struct reason *r = NULL;

		if (!g)
			continue;
		for (k = 0; k < g->sva.nr_reasons && !r; k++)
			if (g->sva.reasons[k].blocking)
				r = &g->sva.reasons[k];
		for (j = 0; j < g->nr_members && !r; j++) {
			const struct device *d = &m.devices[g->members[j]];

			for (k = 0; k < d->sva.nr_reasons && !r; k++)
				if (d->sva.reasons[k].blocking)
					r = &d->sva.reasons[k];
			if (r)
				snprintf(buf, size, "group %u: %s: %s",
					 groups[i], d->name, r->message);
		}
		if (r && g->sva.nr_reasons && r >= g->sva.reasons &&
		    r < g->sva.reasons + g->sva.nr_reasons)
			snprintf(buf, size, "group %u: %s", groups[i],
				 r->message);
		found = r != NULL;
	}
	machine_free(&m);
	return found;
}

int bind_target_open(pid_t pid, struct bind_target *t)
{
	int ret;

	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->pidfd = pidfd_open_pid(pid);
	if (t->pidfd == -ENOSYS)
		t->pidfd = -1;
	else if (t->pidfd < 0)
		return t->pidfd;
	ret = target_read(pid, &t->info);
	if (ret) {
		bind_target_close(t);
		return ret;
	}
	return 0;
}

void bind_target_close(struct bind_target *t)
{
	if (t->pidfd >= 0)
		close(t->pidfd);
	t->pidfd = -1;
}

int bind_target_bind(int container_fd, struct bind_target *t, uint32_t *pasid)
{
	struct target_info now;
	int ret;

	ret = vfio_bind_process(container_fd, t->pid, pasid);
	if (ret)
		return ret;
	if ((t->pidfd < 0 || pidfd_exited(t->pidfd) == 0) &&
	    !target_read(t->pid, &now) &&
	    now.stat.starttime == t->info.stat.starttime)
		return 0;
	/* the process we meant is gone; whatever now has its pid is not ours */
	vfio_unbind_process(container_fd, t->pid);
	return -ESRCH;
}

enum vs_exit bind_error_explain(int err, const struct bind_target *t,
				const unsigned int *groups, size_t nr_groups,
				char *msg, size_t msg_size, char *hint,
				size_t hint_size)
{
	struct ptrace_caller caller;
	struct target_info now;
	char why[512], g[GROUPS_TEXT_MAX], blocker[512];
	int read_err;

	hint[0] = '\0';
	groups_text(groups, nr_groups, g, sizeof(g));
	switch (err) {
	case ENOTTY:
		snprintf(msg, msg_size,
			 "this kernel does not provide VFIO_IOMMU_BIND");
		snprintf(hint, hint_size,
			 "binding a process needs a kernel with VFIO SVA support; 'vfio-sva list' shows what else is missing");
		return VS_EXIT_NOT_SUPPORTED;
	case EACCES:
	case EPERM:
		ptrace_caller_read(&caller);
		ptrace_explain(&caller, &t->info, why, sizeof(why));
		snprintf(msg, msg_size,
			 "the kernel refused access to process %d: %s",
			 (int)t->pid, why);
		return VS_EXIT_PERMISSION;
	case ESRCH:
		read_err = target_read(t->pid, &now);
		esrch_explain(read_err ? &t->info : &now, read_err &&
			      !t->info.kthread && !t->info.zombie, t->pid, why,
			      sizeof(why));
		snprintf(msg, msg_size, "%s", why);
		return VS_EXIT_NOT_FOUND;
	case ENODEV:
	case EOPNOTSUPP:
		snprintf(hint, hint_size, "'vfio-sva list %u' says why",
			 nr_groups ? groups[0] : 0);
		/* what list knows about the group first, the kernel's words after */
		if (nr_groups && bind_group_blocker(groups, nr_groups, blocker,
						    sizeof(blocker))) {
			snprintf(msg, msg_size, "%s (the kernel: %s)", blocker,
				 strerror(err));
			return VS_EXIT_NOT_SUPPORTED;
		}
		if (err == ENODEV) {
			/* the module: iommu_dev_enable_feature(IOPF or SVA) refused */
			snprintf(msg, msg_size,
				 "group %s: the kernel cannot turn on I/O page faults (PRI or stall) or SVA for a device (ENODEV)",
				 g);
			return VS_EXIT_NOT_SUPPORTED;
		}
		snprintf(msg, msg_size,
			 "group %s: the kernel's SVA layer refused (EOPNOTSUPP): its IOMMU cannot do SVA, or it is an x86 kernel with \"iommu: disable SVA when CONFIG_X86 is set\" (CVE-2025-71089), which refuses SVA on any hardware",
			 g);
		return VS_EXIT_NOT_SUPPORTED;
	case ENOSPC:
		snprintf(msg, msg_size,
			 "no PASID left for group %s: every PASID its devices can carry is in use",
			 g);
		return VS_EXIT_FAILURE;
	case EINVAL:
		snprintf(msg, msg_size,
			 "the kernel rejected the bind request for group %s (EINVAL)",
			 g);
		return VS_EXIT_FAILURE;
	default:
		snprintf(msg, msg_size, "VFIO_IOMMU_BIND on group %s failed: %s",
			 g, strerror(err));
		return vs_exit_from_errno(err);
	}
}
