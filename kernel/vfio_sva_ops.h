/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the VFIO core of Linux 6.1 expects from an IOMMU backend. These
 * definitions live in the kernel's private drivers/vfio/vfio.h, which
 * linux-headers does not ship; they are carried here verbatim from 6.1
 * (Copyright (C) 2012 Red Hat, Inc., Alex Williamson). Modversions
 * guards vfio_register_iommu_driver()'s CRC, and the version check below
 * refuses any other kernel series, whose layout may differ.
 */
#ifndef VFIO_SVA_OPS_H
#define VFIO_SVA_OPS_H

#include <linux/version.h>
#include <linux/module.h>
#include <linux/types.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0) || \
	LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#error "vfio_sva supports the Linux 6.1 VFIO core only (Debian 12's kernels)"
#endif

struct iommu_group;
struct iommu_domain;
struct vfio_device;
struct page;

enum vfio_group_type {
	VFIO_IOMMU,
	VFIO_EMULATED_IOMMU,
	VFIO_NO_IOMMU,
};

enum vfio_iommu_notify_type {
	VFIO_IOMMU_CONTAINER_CLOSE = 0,
};

struct vfio_iommu_driver_ops {
	char		*name;
	struct module	*owner;
	void		*(*open)(unsigned long arg);
	void		(*release)(void *iommu_data);
	long		(*ioctl)(void *iommu_data, unsigned int cmd,
				 unsigned long arg);
	int		(*attach_group)(void *iommu_data,
					struct iommu_group *group,
					enum vfio_group_type);
	void		(*detach_group)(void *iommu_data,
					struct iommu_group *group);
	int		(*pin_pages)(void *iommu_data,
				     struct iommu_group *group,
				     dma_addr_t user_iova,
				     int npage, int prot,
				     struct page **pages);
	void		(*unpin_pages)(void *iommu_data,
				       dma_addr_t user_iova, int npage);
	void		(*register_device)(void *iommu_data,
					   struct vfio_device *vdev);
	void		(*unregister_device)(void *iommu_data,
					     struct vfio_device *vdev);
	int		(*dma_rw)(void *iommu_data, dma_addr_t user_iova,
				  void *data, size_t count, bool write);
	struct iommu_domain *(*group_iommu_domain)(void *iommu_data,
						   struct iommu_group *group);
	void		(*notify)(void *iommu_data,
				  enum vfio_iommu_notify_type event);
};

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops);
void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops);

#endif
