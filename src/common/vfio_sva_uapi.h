/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
#ifndef VFIO_SVA_UAPI_H
#define VFIO_SVA_UAPI_H

/*
 * VFIO_IOMMU_BIND / VFIO_IOMMU_UNBIND from "vfio: Add support for Shared
 * Virtual Addressing" (Jean-Philippe Brucker, 2018) with the review's
 * s/mode/flags/, as in the series' v2. Never merged: a stock kernel answers
 * ENOTTY (after VFIO_SET_IOMMU; EINVAL before it).
 *
 * Two kernels offer them: a type1 kernel carrying the seed patch (on a
 * VFIO_TYPE1v2_IOMMU container), and the out-of-tree module kernel/vfio_sva.ko
 * (on a VFIO_SVA_IOMMU container; VFIO_CHECK_EXTENSION(VFIO_SVA_IOMMU) = 1
 * says it is loaded). This header is shared by the module, the CLI and the
 * kernel model (tests/kmodel), so the three keep one contract.
 *
 * The process: the caller itself (flags 0), the process VFIO_IOMMU_BIND_PID
 * names in the caller's pid namespace (a process id; a thread id that is not
 * a process id is ESRCH on the module), or the address space that an open
 * /proc/PID/mem descriptor pins (VFIO_IOMMU_BIND_MEM_FD): the ptrace check
 * ran when the caller opened it, and no pid is looked up, so no pid can be
 * reused in between.
 *
 * The ptrace check: the seed ran mm_access(PTRACE_MODE_ATTACH_REALCREDS).
 * The module has the kernel itself decide: it opens /proc/PID/mem O_RDWR in
 * the caller's context, which runs mm_access(PTRACE_MODE_ATTACH |
 * PTRACE_MODE_FSCREDS) and every LSM (Yama's ptrace_scope included), then
 * checks that the mm it got is the one of the process PID names. FSCREDS
 * and REALCREDS differ only for a caller whose filesystem ids differ from
 * its real ids (a setuid program, setfsuid()): the module judges the
 * former, the seed the latter. A MEM_FD descriptor was judged with the
 * opener's filesystem ids when it was opened.
 *
 * Errors: EINVAL  argsz too short, flags other than VFIO_IOMMU_BIND_PROCESS,
 *                 unknown process flags, BIND_PID with BIND_MEM_FD, a
 *                 MEM_FD that is not a /proc/PID/mem open for writing, or
 *                 no IOMMU set on the container
 *         EBADF   MEM_FD is not an open descriptor
 *         ESRCH   no such process, it has no address space (exited: also
 *                 for a MEM_FD whose process is gone), or UNBIND of an
 *                 address space that is not bound in this container
 *         EACCES  the ptrace check refused (the kernel's verdict)
 *         ENODEV, EOPNOTSUPP  a device or IOMMU in the container lacks SVA
 *                 (passed through unchanged from iommu_dev_enable_feature()
 *                 and iommu_sva_bind_device(): no PRI/stall gives ENODEV;
 *                 x86 kernels with "iommu: disable SVA when CONFIG_X86 is
 *                 set" (CVE-2025-71089) answer EOPNOTSUPP on any hardware)
 *         ENOSPC  no PASID left
 *         EFAULT  argument copy failed (a bind whose PASID cannot be copied
 *                 out is undone)
 *         ENOTTY  the kernel does not have the feature (the module: only for
 *                 ioctls it does not offer, such as MAP_DMA and UNMAP_DMA)
 * Binding the same address space twice returns its existing PASID; one
 * address space has one PASID in every container.
 *
 * VFIO_IOMMU_BIND_MEM_FD is the module's: the seed's type1 knows
 * BIND_PID only and answers EINVAL to it, as to any unknown process flag.
 * So a request with BIND_MEM_FD and mem_fd -1 tells them apart: EBADF
 * where the flag is known, EINVAL where it is not (vfio_probe_mem_fd()).
 */
#include <linux/types.h>
#include <linux/vfio.h>

/* An IOMMU type of its own for the out-of-tree module (kernel/), well away from upstream's. */
#define VFIO_SVA_IOMMU			0x5356

struct vfio_iommu_type1_bind_process {
	__u32	flags;
#define VFIO_IOMMU_BIND_PID		(1 << 0)
#define VFIO_IOMMU_BIND_MEM_FD		(1 << 1)	/* mem_fd: /proc/PID/mem, O_RDWR */
	__u32	pasid;
	union {
		__s32	pid;
		__s32	mem_fd;
	};
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
