/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_sva: the module's own objects. A container holds the groups
 * attached to it (each with its devices) and its bonds: one per process
 * address space (keyed by the mm, never by a pid), each with one SVA
 * handle per device of the container.
 */
#ifndef VFIO_SVA_H
#define VFIO_SVA_H

#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mmu_notifier.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>

struct device;
struct iommu_domain;
struct iommu_group;
struct iommu_sva;

struct vfio_sva_device {
	struct list_head	next;		/* in vfio_sva_group.devices */
	struct device		*dev;		/* get_device() */
	bool			iopf_on;	/* we enabled IOMMU_DEV_FEAT_IOPF */
	bool			sva_on;		/* we enabled IOMMU_DEV_FEAT_SVA */
};

struct vfio_sva_group {
	struct list_head	next;		/* in vfio_sva_container.groups */
	struct iommu_group	*group;
	struct list_head	devices;
};

/* One device's share of a bond. */
struct vfio_sva_handle {
	struct list_head	next;		/* in vfio_sva_bond.handles */
	struct vfio_sva_device	*vdev;
	struct iommu_sva	*sva;
};

struct vfio_sva_container;

struct vfio_sva_bond {
	struct list_head	next;		/* in vfio_sva_container.bonds */
	struct vfio_sva_container *c;
	struct mm_struct	*mm;		/* mmgrab(): the key, never reused */
	u32			pasid;
	struct list_head	handles;
	struct mmu_notifier	mn;		/* release: the mm is going away */
	struct work_struct	release_work;
	bool			linked;		/* in c->bonds; under c->lock */
	bool			released;	/* the mm was torn down */
};

/*
 * The VFIO core knows a container by its id (vfio_sva_main.c says why),
 * which never names another container; the memory lives while anyone
 * holds a reference.
 */
struct vfio_sva_container {
	struct mutex		lock;		/* groups, bonds, dead */
	struct iommu_domain	*domain;	/* unmanaged: no DMA but by PASID */
	struct list_head	groups;
	struct list_head	bonds;
	struct list_head	all;		/* in the list of live ids */
	unsigned long		id;		/* what the VFIO core holds */
	refcount_t		users;		/* the core's, running ioctls' */
	bool			dead;		/* released: no new bonds */
};

/* vfio_sva_main.c */
void vfio_sva_container_put(struct vfio_sva_container *c);

/* vfio_sva_bond.c */
extern struct workqueue_struct *vfio_sva_wq;
extern bool vfio_sva_fake;
int vfio_sva_bind_mm(struct vfio_sva_container *c, struct mm_struct *mm,
		     u32 *pasid, bool *created);
int vfio_sva_unbind_mm(struct vfio_sva_container *c, struct mm_struct *mm);
int vfio_sva_replay(struct vfio_sva_container *c, struct vfio_sva_group *g);
void vfio_sva_group_unbind(struct vfio_sva_container *c,
			   struct vfio_sva_group *g);
void vfio_sva_device_features_off(struct vfio_sva_device *d);
void vfio_sva_release_bonds(struct vfio_sva_container *c);

/* vfio_sva_target.c */
int vfio_sva_target_init(void);
struct mm_struct *vfio_sva_mm_self(void);
struct mm_struct *vfio_sva_mm_of_pid(pid_t pid);
struct mm_struct *vfio_sva_mm_of_fd(int fd);

#endif
