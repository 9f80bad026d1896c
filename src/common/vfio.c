// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO container and group ioctls: containers of the vfio_sva
 * module's type or type1, VFIO_IOMMU_BIND and UNBIND by pid or mem fd, and
 * the probe that tells `list` which kernel side offers the bind.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernel_facts.h"
#include "macros.h"
#include "model.h"
#include "report.h"
#include "vfio.h"
#include "vfio_sva_uapi.h"

static int xioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : ret;
}

int vfio_container_open(void)
{
	int fd, ret;

	fd = open(VFIO_CONTAINER_NODE, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = ioctl(fd, VFIO_GET_API_VERSION);
	if (ret != VFIO_API_VERSION) {
		close(fd);
		return ret < 0 ? -errno : -EPROTO;
	}
	return fd;
}

int vfio_group_open(unsigned int group)
{
	char node[64];
	int fd;

	snprintf(node, sizeof(node), "/dev/vfio/%u", group);
	fd = open(node, O_RDWR | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int vfio_group_viable(int group_fd)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	int ret = xioctl(group_fd, VFIO_GROUP_GET_STATUS, &status);

	if (ret < 0)
		return ret;
	return !!(status.flags & VFIO_GROUP_FLAGS_VIABLE);
}

int vfio_group_set_container(int group_fd, int container_fd)
{
	int ret = xioctl(group_fd, VFIO_GROUP_SET_CONTAINER, &container_fd);

	return ret < 0 ? ret : 0;
}

int vfio_sva_module_loaded(int container_fd)
{
	int ret = ioctl(container_fd, VFIO_CHECK_EXTENSION, VFIO_SVA_IOMMU);

	return ret < 0 ? -errno : ret > 0;
}

/*
 * The module first: it answers CHECK_EXTENSION only for its own type, so
 * where it is loaded its container is the one with BIND. Where its
 * SET_IOMMU fails that error stands: a type1 container would only answer
 * ENOTTY to BIND and hide why.
 */
int vfio_container_set_iommu(int container_fd)
{
	static const unsigned long types[] = { VFIO_SVA_IOMMU,
					       VFIO_TYPE1v2_IOMMU,
					       VFIO_TYPE1_IOMMU };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		int ret = ioctl(container_fd, VFIO_CHECK_EXTENSION, types[i]);

		/* 0 is "not this type"; an error is an error */
		if (ret < 0)
			return -errno;
		if (!ret)
			continue;
		ret = ioctl(container_fd, VFIO_SET_IOMMU, types[i]);
		return ret < 0 ? -errno : (int)types[i];
	}
	return -ENODEV;
}

/* vfio_iommu_type1_bind with its data[] spelled out */
struct bind_request {
	__u32 argsz;
	__u32 flags;
	struct vfio_iommu_type1_bind_process proc;
};

static int bind_ioctl(int container_fd, unsigned long req, __u32 flags,
		      __s32 value, uint32_t *pasid)
{
	struct bind_request r;
	int ret;

	memset(&r, 0, sizeof(r));
	r.argsz = sizeof(r);
	r.flags = VFIO_IOMMU_BIND_PROCESS;
	r.proc.flags = flags;
	r.proc.pid = value;		/* or mem_fd: the same word */
	ret = xioctl(container_fd, req, &r);
	if (ret < 0)
		return ret;
	if (pasid)
		*pasid = r.proc.pasid;
	return 0;
}

int vfio_bind_process(int container_fd, pid_t pid, uint32_t *pasid)
{
	return bind_ioctl(container_fd, VFIO_IOMMU_BIND,
			  pid ? VFIO_IOMMU_BIND_PID : 0, pid, pasid);
}

int vfio_unbind_process(int container_fd, pid_t pid)
{
	return bind_ioctl(container_fd, VFIO_IOMMU_UNBIND,
			  pid ? VFIO_IOMMU_BIND_PID : 0, pid, NULL);
}

int vfio_bind_mem_fd(int container_fd, int mem_fd, uint32_t *pasid)
{
	return bind_ioctl(container_fd, VFIO_IOMMU_BIND,
			  VFIO_IOMMU_BIND_MEM_FD, mem_fd, pasid);
}

int vfio_unbind_mem_fd(int container_fd, int mem_fd)
{
	return bind_ioctl(container_fd, VFIO_IOMMU_UNBIND,
			  VFIO_IOMMU_BIND_MEM_FD, mem_fd, NULL);
}

/*
 * A descriptor number that cannot be open: a kernel side that knows
 * BIND_MEM_FD looks it up (EBADF), the seed's does not know the flag
 * (EINVAL). Nothing is bound either way.
 */
int vfio_probe_mem_fd(int container_fd)
{
	int ret = bind_ioctl(container_fd, VFIO_IOMMU_BIND,
			     VFIO_IOMMU_BIND_MEM_FD, -1, NULL);

	if (ret == -EBADF)
		return 1;
	if (ret == -EINVAL)
		return 0;
	return ret < 0 ? ret : -EPROTO;
}

void vfio_container_close(int container_fd, const int *group_fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (group_fds[i] >= 0)
			close(group_fds[i]);
	if (container_fd >= 0)
		close(container_fd);
}

int vfio_container_setup(const unsigned int *groups, size_t n,
			 int *container_fd, int *group_fds, char *why,
			 size_t size)
{
	return vfio_container_setup_with(groups, n, NULL, container_fd,
					 group_fds, why, size);
}

int vfio_container_setup_with(const unsigned int *groups, size_t n,
			      const int *given, int *container_fd,
			      int *group_fds, char *why, size_t size)
{
	size_t i, opened = 0;
	int cfd, ret;

	cfd = vfio_container_open();
	if (cfd == -ENOENT) {
		snprintf(why, size,
			 "VFIO is not available: %s does not exist (load vfio-pci)",
			 VFIO_CONTAINER_NODE);
		ret = -ENODEV;
		goto fail;
	}
	if (cfd < 0) {
		snprintf(why, size, "cannot use %s: %s", VFIO_CONTAINER_NODE,
			 strerror(-cfd));
		ret = cfd;
		goto fail;
	}
	for (i = 0; i < n; i++) {
		ret = given && given[i] >= 0 ? given[i] :
		      vfio_group_open(groups[i]);
		if (ret < 0) {
			snprintf(why, size, "cannot open /dev/vfio/%u: %s%s",
				 groups[i], strerror(-ret),
				 ret == -EBUSY ?
				 " (another process, a VM perhaps, has it open)" :
				 "");
			goto fail;
		}
		group_fds[opened++] = ret;
		ret = vfio_group_viable(ret);
		if (ret == 0) {
			snprintf(why, size,
				 "group %u is not viable: a member is bound to a driver other than vfio-pci ('vfio-sva list %u' shows which)",
				 groups[i], groups[i]);
			ret = -EBUSY;
			goto fail;
		}
		if (ret > 0)
			ret = vfio_group_set_container(group_fds[i], cfd);
		if (ret < 0) {
			snprintf(why, size, "cannot add group %u to a container: %s",
				 groups[i], strerror(-ret));
			goto fail;
		}
	}
	ret = vfio_container_set_iommu(cfd);
	if (ret < 0) {
		snprintf(why, size,
			 "cannot set an IOMMU (the vfio_sva module's, or type1) on the container: %s",
			 strerror(-ret));
		goto fail;
	}
	vs_debug(1, "container IOMMU type %s",
		 ret == VFIO_SVA_IOMMU ? "VFIO_SVA_IOMMU (the vfio_sva module)" :
		 "type1");
	*container_fd = cfd;
	return 0;
fail:
	vfio_container_close(cfd, group_fds, opened);
	/* the given descriptors are ours to close, used or not */
	for (i = opened; given && i < n; i++)
		if (given[i] >= 0)
			close(given[i]);
	return ret;
}

/* 1 present, 0 absent, negative errno when this group cannot tell. */
static int probe_group(unsigned int id, char *why, size_t size)
{
	struct vfio_iommu_type1_bind empty = { .argsz = sizeof(empty) };
	int cfd, gfd, ret;

	cfd = vfio_container_open();
	if (cfd < 0) {
		snprintf(why, size, "cannot use %s: %s", VFIO_CONTAINER_NODE,
			 strerror(-cfd));
		return cfd;
	}
	gfd = vfio_group_open(id);
	if (gfd < 0) {
		snprintf(why, size, "cannot open /dev/vfio/%u: %s", id,
			 strerror(-gfd));
		close(cfd);
		return gfd;
	}
	ret = vfio_group_viable(gfd);
	if (ret == 0)
		ret = -EPERM;
	if (ret > 0)
		ret = vfio_group_set_container(gfd, cfd);
	if (!ret)
		ret = vfio_container_set_iommu(cfd);
	if (ret > 0)
		ret = 0;
	if (ret) {
		snprintf(why, size, "cannot set up a container with group %u: %s",
			 id, strerror(-ret));
	} else {
		ret = xioctl(cfd, VFIO_IOMMU_BIND, &empty);
		if (ret == -EINVAL) {
			ret = 1;
			snprintf(why, size,
				 "the container of group %u answered EINVAL to an empty request",
				 id);
		} else if (ret == -ENOTTY) {
			ret = 0;
			snprintf(why, size,
				 "the container of group %u answered ENOTTY",
				 id);
		} else {
			snprintf(why, size,
				 "the container of group %u answered %s", id,
				 ret < 0 ? strerror(-ret) : "success");
			ret = -EPROTO;
		}
	}
	close(gfd);
	close(cfd);
	return ret;
}

/* The module needs no group to be seen: 1 loaded, 0 not, <0 cannot tell. */
static int probe_module(struct kernel_facts *k)
{
	int cfd = vfio_container_open(), ret;

	if (cfd < 0)
		return cfd;
	ret = vfio_sva_module_loaded(cfd);
	close(cfd);
	vs_debug(1, "VFIO_CHECK_EXTENSION(VFIO_SVA_IOMMU): %d", ret);
	if (ret > 0) {
		k->bind_ioctl = TRI_YES;
		k->bind_iface = BIND_IFACE_MODULE;
		snprintf(k->bind_ioctl_why, sizeof(k->bind_ioctl_why),
			 "VFIO_CHECK_EXTENSION(VFIO_SVA_IOMMU) answered 1");
	}
	return ret;
}

void vfio_probe_bind(struct machine *m)
{
	struct kernel_facts *k = &m->kernel;
	bool tried = false;
	size_t i;

	if (!k->vfio) {
		snprintf(k->bind_ioctl_why, sizeof(k->bind_ioctl_why),
			 "VFIO is not available");
		return;
	}
	if (probe_module(k) > 0)
		return;
	for (i = 0; i < m->nr_groups; i++) {
		struct group *g = &m->groups[i];
		int ret;

		if (!g->node_present || g->accessible != TRI_YES || !g->viable)
			continue;
		tried = true;
		ret = probe_group(g->id, k->bind_ioctl_why,
				  sizeof(k->bind_ioctl_why));
		vs_debug(1, "bind probe on group %u: %s", g->id,
			 k->bind_ioctl_why);
		if (ret >= 0) {
			k->bind_ioctl = tri_of(ret);
			k->bind_iface = ret ? BIND_IFACE_TYPE1 : BIND_IFACE_NONE;
			return;
		}
	}
	if (!tried)
		snprintf(k->bind_ioctl_why, sizeof(k->bind_ioctl_why),
			 "probing needs a viable group whose /dev/vfio node this user can open");
}
