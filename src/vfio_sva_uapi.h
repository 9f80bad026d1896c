/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef VFIO_SVA_UAPI_H
#define VFIO_SVA_UAPI_H

/*
 * VFIO_IOMMU_BIND / VFIO_IOMMU_UNBIND from "vfio: Add support for Shared
 * Virtual Addressing" (Jean-Philippe Brucker, 2018) with the review's
 * s/mode/flags/, as in the series' v2. Never merged: a stock kernel answers
 * ENOTTY (after VFIO_SET_IOMMU; EINVAL before it).
 *
 * Errors: EINVAL  bad argsz or flags, or no IOMMU set on the container
 *         ESRCH   no such process, or it has no address space
 *         EACCES  the ptrace check PTRACE_MODE_ATTACH_REALCREDS refused
 *         ENODEV, EOPNOTSUPP  a device or IOMMU in the container lacks SVA
 *         ENOSPC  no PASID left
 *         EFAULT  argument copy failed
 *         ENOTTY  the kernel does not have the feature
 * Binding the same address space twice returns its existing PASID; one
 * address space has one PASID in every container.
 */
#include <linux/types.h>
#include <linux/vfio.h>

struct vfio_iommu_type1_bind_process {
	__u32	flags;
#define VFIO_IOMMU_BIND_PID		(1 << 0)
	__u32	pasid;
	__s32	pid;
};

struct vfio_iommu_type1_bind {
	__u32	argsz;
	__u32	flags;
#define VFIO_IOMMU_BIND_PROCESS		(1 << 0)
	__u8	data[];
};

#define VFIO_IOMMU_BIND		_IO(VFIO_TYPE, VFIO_BASE + 22)
#define VFIO_IOMMU_UNBIND	_IO(VFIO_TYPE, VFIO_BASE + 23)

#endif
