/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_VFIO_H
#define VFIO_SVA_VFIO_H

/*
 * Thin wrappers around the VFIO container and group ioctls. Each returns
 * a file descriptor or 0 on success and a negative errno on failure.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;

int vfio_container_open(void);
int vfio_group_open(unsigned int group);
int vfio_group_viable(int group_fd);
int vfio_group_set_container(int group_fd, int container_fd);
/* The vfio_sva module's VFIO_SVA_IOMMU if loaded, else type1: the type set. */
int vfio_container_set_iommu(int container_fd);
/* Is kernel/vfio_sva.ko loaded? 1 yes, 0 no, negative errno. */
int vfio_sva_module_loaded(int container_fd);


/*
 * Open @groups into one fresh container (the vfio_sva module's type where
 * it is loaded, else type1): the container fd goes to
 * @container_fd, the group fds (which must stay open) to @group_fds. On
 * failure everything is closed and @why says what went wrong: -ENOENT no
 * such node, -EACCES not allowed, -EBUSY opened elsewhere or not viable.
 */
int vfio_container_setup(const unsigned int *groups, size_t n,
			 int *container_fd, int *group_fds, char *why,
			 size_t size);
/*
 * The same with group descriptors a client opened: @given[i] >= 0 is used
 * for @groups[i] instead of opening it here. Every given descriptor is
 * taken over (kept in @group_fds, or closed on failure).
 */
int vfio_container_setup_with(const unsigned int *groups, size_t n,
			      const int *given, int *container_fd,
			      int *group_fds, char *why, size_t size);
void vfio_container_close(int container_fd, const int *group_fds, size_t n);

/* VFIO_IOMMU_BIND of @pid (0: the caller) on a container; fills @pasid. */
int vfio_bind_process(int container_fd, pid_t pid, uint32_t *pasid);
int vfio_unbind_process(int container_fd, pid_t pid);

/*
 * The same with VFIO_IOMMU_BIND_MEM_FD: the address space of the process
 * whose /proc/PID/mem @mem_fd is (opened read-write by whoever asked for
 * the bond: the kernel ran the ptrace check at that open, as the opener).
 */
int vfio_bind_mem_fd(int container_fd, int mem_fd, uint32_t *pasid);
int vfio_unbind_mem_fd(int container_fd, int mem_fd);

/*
 * Does the kernel side of this container (IOMMU set) take
 * VFIO_IOMMU_BIND_MEM_FD? 1 yes (EBADF for fd -1), 0 no (EINVAL: the
 * seed's in-tree form), else a negative errno (-ENOTTY: no bind ioctl).
 */
int vfio_probe_mem_fd(int container_fd);

/*
 * Does the kernel answer VFIO_IOMMU_BIND? Yes where the vfio_sva module is
 * loaded (VFIO_CHECK_EXTENSION(VFIO_SVA_IOMMU) on a fresh container, no
 * group needed). Otherwise tries each viable, accessible group of @m until
 * one can be attached to a fresh type1 container, and sends a request with
 * no flags: EINVAL means the ioctl exists (the seed's patch), ENOTTY that
 * it does not. Sets m->kernel.bind_ioctl, its reason and bind_iface.
 */
void vfio_probe_bind(struct machine *m);

#endif
