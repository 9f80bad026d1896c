/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_MEM_FD_H
#define VFIO_SVA_MEM_FD_H

/*
 * /proc/PID/mem descriptors for VFIO_IOMMU_BIND_MEM_FD. Whoever asks for a
 * bond opens one (the kernel's ptrace check, PTRACE_MODE_ATTACH_FSCREDS
 * with every LSM, runs at that open against the opener) and hands it to
 * the holder that issues the bind; the file pins the address space, so a
 * reused pid can never match it.
 */

#include <sys/types.h>

/* Open /proc/@pid/mem read-write: the fd, -EACCES (refused), -ESRCH. */
int mem_fd_open(pid_t pid);

/*
 * Is @fd /proc/@pid/mem (as this process's /proc names it), opened
 * read-write, of the process that has that pid now, whose address space
 * still has users? 0; -EINVAL for another file or another process's;
 * -ESRCH when the process exited or executed a new program since.
 */
int mem_fd_check(int fd, pid_t pid);

/* Does the address space behind @fd still have users? */
int mem_fd_alive(int fd);

#endif
