// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_sva: bonds between process address spaces and the devices of a
 * container. Every operation is all or nothing: a bind that fails on one
 * device undoes the devices before it, a group whose replay fails keeps
 * none of the bonds. A bond is keyed by its mm (mmgrab()ed, so its address
 * is never reused while we hold it) and ends with the mm: the mmu_notifier
 * release of exit or exec queues its teardown, and lookups ignore it from
 * that moment.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/iommu.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "vfio_sva.h"

/*
 * Our own queue for the teardowns: a work item can outlive its container
 * (it frees its own bond), and module exit drains this queue before the
 * code goes.
 */
struct workqueue_struct *vfio_sva_wq;

/*
 * fake_sva=1, for tests only: no IOMMU feature is enabled and nothing is
 * bound in the IOMMU (no device can reach the process), but every bond is
 * made, kept, replayed and torn down as for real, with a made-up PASID
 * (one per address space). It lets a machine without SVA hardware (a QEMU
 * guest) test the bonds' lifetimes. It taints the kernel (TAINT_TEST).
 */
bool vfio_sva_fake;
module_param_named(fake_sva, vfio_sva_fake, bool, 0444);
MODULE_PARM_DESC(fake_sva, "tests only: make bonds without binding anything in the IOMMU (taints the kernel)");

/* Live bonds in every container: /sys/module/vfio_sva/parameters/bonds (read only). */
static atomic_t nr_bonds = ATOMIC_INIT(0);

static int bonds_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&nr_bonds));
}

static const struct kernel_param_ops bonds_ops = {
	.get = bonds_get,
};
module_param_cb(bonds, &bonds_ops, NULL, 0444);
MODULE_PARM_DESC(bonds, "live bonds (read only)");

static int device_features_on(struct vfio_sva_device *d)
{
	int ret;

	if (vfio_sva_fake)
		return 0;
	if (!d->iopf_on) {
		ret = iommu_dev_enable_feature(d->dev, IOMMU_DEV_FEAT_IOPF);
		if (ret)
			return ret;
		d->iopf_on = true;
	}
	if (!d->sva_on) {
		ret = iommu_dev_enable_feature(d->dev, IOMMU_DEV_FEAT_SVA);
		if (ret)
			return ret;
		d->sva_on = true;
	}
	return 0;
}

void vfio_sva_device_features_off(struct vfio_sva_device *d)
{
	if (d->sva_on && !iommu_dev_disable_feature(d->dev, IOMMU_DEV_FEAT_SVA))
		d->sva_on = false;
	if (d->iopf_on && !d->sva_on &&
	    !iommu_dev_disable_feature(d->dev, IOMMU_DEV_FEAT_IOPF))
		d->iopf_on = false;
}

static void handle_free(struct vfio_sva_handle *h)
{
	list_del(&h->next);
	if (h->sva)
		iommu_sva_unbind_device(h->sva);
	kfree(h);
}

/* Bind @b's mm on @d; the new handle goes to the end of @b->handles. */
static int device_bind(struct vfio_sva_bond *b, struct vfio_sva_device *d)
{
	struct vfio_sva_handle *h;
	struct iommu_sva *sva;
	u32 pasid;
	int ret;

	ret = device_features_on(d);
	if (ret)
		return ret;
	h = kzalloc(sizeof(*h), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	if (vfio_sva_fake) {
		b->pasid = 1 + hash_ptr(b->mm, 19);
		h->vdev = d;
		list_add_tail(&h->next, &b->handles);
		return 0;
	}
	sva = iommu_sva_bind_device(d->dev, b->mm, NULL);
	if (IS_ERR_OR_NULL(sva)) {
		kfree(h);
		return sva ? PTR_ERR(sva) : -ENODEV;
	}
	pasid = iommu_sva_get_pasid(sva);
	if (pasid == IOMMU_PASID_INVALID ||
	    (!list_empty(&b->handles) && pasid != b->pasid)) {
		/* one address space, one PASID: anything else is a kernel we do not know */
		iommu_sva_unbind_device(sva);
		kfree(h);
		return -ENOSPC;
	}
	b->pasid = pasid;
	h->vdev = d;
	h->sva = sva;
	list_add_tail(&h->next, &b->handles);
	return 0;
}

/* Bind @b on every device of @g, or on none of them. */
static int group_bind(struct vfio_sva_bond *b, struct vfio_sva_group *g)
{
	struct vfio_sva_handle *h, *tmp;
	struct vfio_sva_device *d;
	struct list_head *mark = b->handles.prev;
	int ret = 0;

	list_for_each_entry(d, &g->devices, next) {
		ret = device_bind(b, d);
		if (ret)
			break;
	}
	if (!ret)
		return 0;
	/* undo what this call added: the handles after @mark */
	h = list_entry(mark->next, struct vfio_sva_handle, next);
	list_for_each_entry_safe_from(h, tmp, &b->handles, next)
		handle_free(h);
	return ret;
}

static void group_unbind(struct vfio_sva_bond *b, struct vfio_sva_group *g)
{
	struct vfio_sva_handle *h, *tmp;
	struct vfio_sva_device *d;

	list_for_each_entry_safe(h, tmp, &b->handles, next)
		list_for_each_entry(d, &g->devices, next)
			if (h->vdev == d) {
				handle_free(h);
				break;
			}
}

static void bond_unbind_all(struct vfio_sva_bond *b)
{
	struct vfio_sva_handle *h, *tmp;

	list_for_each_entry_safe(h, tmp, &b->handles, next)
		handle_free(h);
}

/* After unlinking under c->lock: the notifier, the queued teardown, the mm. */
static void bond_free(struct vfio_sva_bond *b, bool from_work)
{
	mmu_notifier_unregister(&b->mn, b->mm);
	if (!from_work)
		cancel_work_sync(&b->release_work);
	mmdrop(b->mm);
	kfree(b);
	atomic_dec(&nr_bonds);
}

static void bond_release_work(struct work_struct *work)
{
	struct vfio_sva_bond *b = container_of(work, struct vfio_sva_bond,
					       release_work);
	struct vfio_sva_container *c = b->c;
	bool mine = false;

	/*
	 * While @b is linked, @c is alive (its release waits for this work);
	 * once we unlink it nobody waits, so hold @c past our mutex_unlock().
	 */
	mutex_lock(&c->lock);
	if (b->linked) {
		list_del(&b->next);
		b->linked = false;
		bond_unbind_all(b);
		refcount_inc(&c->users);
		mine = true;
	}
	mutex_unlock(&c->lock);
	if (mine) {
		bond_free(b, true);
		vfio_sva_container_put(c);
	}
}

static void bond_mm_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct vfio_sva_bond *b = container_of(mn, struct vfio_sva_bond, mn);

	/* no unbinding here: the IOMMU drivers unregister notifiers of their own */
	WRITE_ONCE(b->released, true);
	queue_work(vfio_sva_wq, &b->release_work);
}

static const struct mmu_notifier_ops bond_mn_ops = {
	.release = bond_mm_release,
};

static struct vfio_sva_bond *bond_find(struct vfio_sva_container *c,
				       struct mm_struct *mm)
{
	struct vfio_sva_bond *b;

	list_for_each_entry(b, &c->bonds, next)
		if (b->mm == mm && !READ_ONCE(b->released))
			return b;
	return NULL;
}

/*
 * Bind @mm (the caller holds a user count on it) on every device of @c.
 * Binding it again returns its PASID; *created says which it was.
 */
int vfio_sva_bind_mm(struct vfio_sva_container *c, struct mm_struct *mm,
		     u32 *pasid, bool *created)
{
	struct vfio_sva_group *g;
	struct vfio_sva_bond *b;
	int ret = 0;

	*created = false;
	mutex_lock(&c->lock);
	b = bond_find(c, mm);
	if (b) {
		*pasid = b->pasid;
		goto out;
	}
	/* dead: released while this ioctl ran (vfio_sva_main.c, containers_lock) */
	if (c->dead || list_empty(&c->groups)) {
		ret = -EINVAL;
		goto out;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
	if (!b) {
		ret = -ENOMEM;
		goto out;
	}
	b->c = c;
	b->mm = mm;
	mmgrab(mm);
	INIT_LIST_HEAD(&b->handles);
	INIT_WORK(&b->release_work, bond_release_work);
	b->mn.ops = &bond_mn_ops;
	list_for_each_entry(g, &c->groups, next) {
		ret = group_bind(b, g);
		if (ret)
			break;
	}
	if (!ret && list_empty(&b->handles))
		ret = -ENODEV;		/* groups without devices */
	if (!ret)
		ret = mmu_notifier_register(&b->mn, mm);
	if (ret) {
		bond_unbind_all(b);
		mmdrop(mm);
		kfree(b);
		goto out;
	}
	b->linked = true;
	atomic_inc(&nr_bonds);
	list_add_tail(&b->next, &c->bonds);
	*pasid = b->pasid;
	*created = true;
out:
	mutex_unlock(&c->lock);
	return ret;
}

int vfio_sva_unbind_mm(struct vfio_sva_container *c, struct mm_struct *mm)
{
	struct vfio_sva_bond *b;

	mutex_lock(&c->lock);
	b = bond_find(c, mm);
	if (b) {
		list_del(&b->next);
		b->linked = false;
		bond_unbind_all(b);
	}
	mutex_unlock(&c->lock);
	if (!b)
		return -ESRCH;
	bond_free(b, false);
	return 0;
}

/* A group joins @c (under c->lock): it gets every live bond, or fails. */
int vfio_sva_replay(struct vfio_sva_container *c, struct vfio_sva_group *g)
{
	struct vfio_sva_bond *b;
	int ret = 0;

	list_for_each_entry(b, &c->bonds, next) {
		if (READ_ONCE(b->released))
			continue;
		/*
		 * A bind holds a user count on its mm (the ioctl's); so must
		 * a replay: with none, exit_mmap() may be tearing the mm's
		 * PASID entries down while we add one for the new device,
		 * and the IOMMU drivers' mmu_notifier_register() BUG()s on an
		 * mm without users. Such an mm is exiting: its release is on
		 * its way and ends the bond. mmput_async(): never the mm's
		 * teardown under c->lock.
		 */
		if (!mmget_not_zero(b->mm))
			continue;
		ret = group_bind(b, g);
		mmput_async(b->mm);
		if (ret)
			break;
	}
	if (ret)
		list_for_each_entry_continue_reverse(b, &c->bonds, next)
			group_unbind(b, g);
	return ret;
}

/* A group leaves @c (under c->lock): its share of every bond goes. */
void vfio_sva_group_unbind(struct vfio_sva_container *c,
			   struct vfio_sva_group *g)
{
	struct vfio_sva_bond *b;

	list_for_each_entry(b, &c->bonds, next)
		group_unbind(b, g);
}

/* The container goes: every bond, then wait for queued teardowns. */
void vfio_sva_release_bonds(struct vfio_sva_container *c)
{
	struct vfio_sva_bond *b, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&c->lock);
	list_for_each_entry_safe(b, tmp, &c->bonds, next) {
		list_move_tail(&b->next, &gone);
		b->linked = false;
		bond_unbind_all(b);
	}
	mutex_unlock(&c->lock);
	list_for_each_entry_safe(b, tmp, &gone, next) {
		list_del(&b->next);
		bond_free(b, false);
	}
}
