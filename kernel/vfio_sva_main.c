// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_sva: a VFIO IOMMU backend of its own type, VFIO_SVA_IOMMU, that
 * gives a stock kernel the VFIO_IOMMU_BIND / VFIO_IOMMU_UNBIND ioctls of
 * "vfio: Add support for Shared Virtual Addressing" (v2 semantics) over
 * the kernel's exported SVA API (iommu_sva_bind_device()).
 *
 * A container of this type attaches its groups to one unmanaged IOMMU
 * domain with no mappings (the devices reach memory by PASID only) and
 * offers no MAP_DMA/UNMAP_DMA: they answer ENOTTY. It answers
 * CHECK_EXTENSION only for its own type, so type1 containers never come
 * here. The VFIO core holds a reference on this module for every
 * container using it, so rmmod is refused meanwhile.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/iommu.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>

#include "vfio_sva.h"
#include "vfio_sva_ops.h"
#include "vfio_sva_uapi.h"

/*
 * Linux 6.1's VFIO core calls this backend's ioctl without the
 * container's group_lock (drivers/vfio/container.c,
 * vfio_fops_unl_ioctl(): it reads iommu_driver and iommu_data and
 * calls ->ioctl unlocked), while GROUP_UNSET_CONTAINER or the last
 * close of the container's last group calls ->release under that lock
 * (vfio_group_detach_container()) and then drops this module's
 * reference. A BIND in flight on the container fd at that moment would
 * run on freed memory. The core never looks inside its iommu_data, so
 * here it is not a pointer but the container's id, never reused: every
 * entry point looks the id up in the list below and takes a reference
 * before it touches the container. A released id finds nothing (EINVAL,
 * as a container without an IOMMU answers); a container released under
 * a running ioctl is marked dead (no new bond), and the last reference
 * frees it. Module exit waits for the last container to go. What no
 * module can close: a thread preempted in the core between reading
 * iommu_driver and calling into this module's text while an rmmod runs.
 */
static DEFINE_MUTEX(containers_lock);
static LIST_HEAD(containers);		/* live ids, under containers_lock */
static unsigned long containers_last_id;
static atomic_t nr_containers = ATOMIC_INIT(0);	/* not yet freed */

static struct vfio_sva_container *container_get(void *data)
{
	unsigned long id = (unsigned long)data;
	struct vfio_sva_container *c, *found = NULL;

	mutex_lock(&containers_lock);
	list_for_each_entry(c, &containers, all)
		if (c->id == id) {
			refcount_inc(&c->users);
			found = c;
			break;
		}
	mutex_unlock(&containers_lock);
	return found;
}

void vfio_sva_container_put(struct vfio_sva_container *c)
{
	if (!refcount_dec_and_test(&c->users))
		return;
	mutex_destroy(&c->lock);
	kfree(c);
	if (atomic_dec_and_test(&nr_containers))
		wake_up_var(&nr_containers);
}

static void *sva_open(unsigned long arg)
{
	struct vfio_sva_container *c;

	if (arg != VFIO_SVA_IOMMU)
		return ERR_PTR(-EINVAL);
	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return ERR_PTR(-ENOMEM);
	mutex_init(&c->lock);
	INIT_LIST_HEAD(&c->groups);
	INIT_LIST_HEAD(&c->bonds);
	refcount_set(&c->users, 1);
	atomic_inc(&nr_containers);
	mutex_lock(&containers_lock);
	/* never NULL, never an ERR_PTR: ids count up from 1 and never wrap on 64 bits */
	c->id = ++containers_last_id;
	list_add_tail(&c->all, &containers);
	mutex_unlock(&containers_lock);
	return (void *)c->id;
}

static void group_free(struct vfio_sva_group *g)
{
	struct vfio_sva_device *d, *tmp;

	list_for_each_entry_safe(d, tmp, &g->devices, next) {
		vfio_sva_device_features_off(d);
		list_del(&d->next);
		put_device(d->dev);
		kfree(d);
	}
	kfree(g);
}

static int collect_device(struct device *dev, void *data)
{
	struct vfio_sva_group *g = data;
	struct vfio_sva_device *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->dev = get_device(dev);
	list_add_tail(&d->next, &g->devices);
	return 0;
}

static struct vfio_sva_group *group_find(struct vfio_sva_container *c,
					 struct iommu_group *group)
{
	struct vfio_sva_group *g;

	list_for_each_entry(g, &c->groups, next)
		if (g->group == group)
			return g;
	return NULL;
}

static int container_attach_group(struct vfio_sva_container *c,
				  struct iommu_group *group,
				  enum vfio_group_type type)
{
	struct iommu_domain *fresh = NULL;
	struct vfio_sva_device *first;
	struct vfio_sva_group *g;
	int ret;

	/* emulated (mdev) and no-IOMMU groups have no IOMMU to do SVA with */
	if (type != VFIO_IOMMU)
		return -EINVAL;
	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	g->group = group;
	INIT_LIST_HEAD(&g->devices);
	/* devices are taken out first: the SVA calls take the group's mutex */
	ret = iommu_group_for_each_dev(group, g, collect_device);
	if (!ret && list_empty(&g->devices))
		ret = -ENODEV;
	if (ret)
		goto out_free;

	mutex_lock(&c->lock);
	if (group_find(c, group)) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (!c->domain) {
		first = list_first_entry(&g->devices, struct vfio_sva_device,
					 next);
		fresh = iommu_domain_alloc(first->dev->bus);
		if (!fresh) {
			ret = -EIO;
			goto out_unlock;
		}
	}
	ret = iommu_attach_group(fresh ? fresh : c->domain, group);
	if (ret)
		goto out_domain;
	ret = vfio_sva_replay(c, g);
	if (ret) {
		iommu_detach_group(fresh ? fresh : c->domain, group);
		goto out_domain;
	}
	if (fresh)
		c->domain = fresh;
	list_add_tail(&g->next, &c->groups);
	mutex_unlock(&c->lock);
	return 0;

out_domain:
	if (fresh)
		iommu_domain_free(fresh);
out_unlock:
	mutex_unlock(&c->lock);
out_free:
	group_free(g);
	return ret;
}

static int sva_attach_group(void *data, struct iommu_group *group,
			    enum vfio_group_type type)
{
	struct vfio_sva_container *c = container_get(data);
	int ret;

	if (!c)
		return -EINVAL;
	ret = container_attach_group(c, group, type);
	vfio_sva_container_put(c);
	return ret;
}

/* under c->lock */
static void group_detach(struct vfio_sva_container *c,
			 struct vfio_sva_group *g)
{
	vfio_sva_group_unbind(c, g);
	iommu_detach_group(c->domain, g->group);
	list_del(&g->next);
	group_free(g);
}

static void sva_detach_group(void *data, struct iommu_group *group)
{
	struct vfio_sva_container *c = container_get(data);
	struct vfio_sva_group *g;

	if (!c)
		return;
	mutex_lock(&c->lock);
	g = group_find(c, group);
	if (g)
		group_detach(c, g);
	mutex_unlock(&c->lock);
	vfio_sva_container_put(c);
}

static void sva_release(void *data)
{
	struct vfio_sva_container *c = container_get(data);
	struct vfio_sva_group *g, *tmp;

	if (WARN_ON_ONCE(!c))
		return;
	/* no entry point finds it from now on */
	mutex_lock(&containers_lock);
	list_del(&c->all);
	mutex_unlock(&containers_lock);
	/* an ioctl already inside may not add a bond behind our back */
	mutex_lock(&c->lock);
	c->dead = true;
	mutex_unlock(&c->lock);
	vfio_sva_release_bonds(c);
	mutex_lock(&c->lock);
	list_for_each_entry_safe(g, tmp, &c->groups, next)
		group_detach(c, g);
	if (c->domain)
		iommu_domain_free(c->domain);
	c->domain = NULL;
	mutex_unlock(&c->lock);
	vfio_sva_container_put(c);	/* container_get()'s */
	vfio_sva_container_put(c);	/* sva_open()'s: the core's */
}

/*
 * The argument of BIND and UNBIND: the header, then the process. Errors
 * as src/common/vfio_sva_uapi.h documents them.
 */
static int get_args(unsigned long arg, struct vfio_iommu_type1_bind_process *p)
{
	struct vfio_iommu_type1_bind hdr;
	void __user *uarg = (void __user *)arg;

	if (copy_from_user(&hdr, uarg, sizeof(hdr)))
		return -EFAULT;
	if (hdr.argsz < sizeof(hdr) + sizeof(*p) ||
	    hdr.flags != VFIO_IOMMU_BIND_PROCESS)
		return -EINVAL;
	if (copy_from_user(p, uarg + sizeof(hdr), sizeof(*p)))
		return -EFAULT;
	if (p->flags & ~(VFIO_IOMMU_BIND_PID | VFIO_IOMMU_BIND_MEM_FD))
		return -EINVAL;
	if ((p->flags & VFIO_IOMMU_BIND_PID) &&
	    (p->flags & VFIO_IOMMU_BIND_MEM_FD))
		return -EINVAL;
	return 0;
}

static struct mm_struct *args_mm(const struct vfio_iommu_type1_bind_process *p)
{
	if (p->flags & VFIO_IOMMU_BIND_PID)
		return vfio_sva_mm_of_pid(p->pid);
	if (p->flags & VFIO_IOMMU_BIND_MEM_FD)
		return vfio_sva_mm_of_fd(p->mem_fd);
	return vfio_sva_mm_self();
}

/*
 * VFIO_IOMMU_BIND (@bind) or VFIO_IOMMU_UNBIND of the address space the
 * arguments name; a bind writes the PASID back into them.
 */
static long sva_ioctl_bond(struct vfio_sva_container *c, unsigned long arg,
			   bool bind)
{
	struct vfio_iommu_type1_bind_process p;
	struct mm_struct *mm;
	bool created;
	long ret;

	ret = get_args(arg, &p);
	if (ret)
		return ret;
	mm = args_mm(&p);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	if (!bind) {
		ret = vfio_sva_unbind_mm(c, mm);
		goto out;
	}
	ret = vfio_sva_bind_mm(c, mm, &p.pasid, &created);
	if (!ret && copy_to_user((void __user *)(arg +
				 sizeof(struct vfio_iommu_type1_bind)),
				 &p, sizeof(p))) {
		/* the caller never learns the PASID: a new bond would leak */
		if (created)
			vfio_sva_unbind_mm(c, mm);
		ret = -EFAULT;
	}
out:
	mmput(mm);
	return ret;
}

static long sva_ioctl(void *data, unsigned int cmd, unsigned long arg)
{
	struct vfio_sva_container *c;
	long ret;

	switch (cmd) {
	case VFIO_CHECK_EXTENSION:
		/* only our own type: anything else would take type1's containers */
		return arg == VFIO_SVA_IOMMU ? 1 : 0;
	case VFIO_IOMMU_BIND:
	case VFIO_IOMMU_UNBIND:
		/* unlocked by the core: see containers_lock */
		c = container_get(data);
		if (!c)
			return -EINVAL;
		ret = sva_ioctl_bond(c, arg, cmd == VFIO_IOMMU_BIND);
		vfio_sva_container_put(c);
		return ret;
	default:
		/* MAP_DMA, UNMAP_DMA, GET_INFO...: not this backend's business */
		return -ENOTTY;
	}
}

static const struct vfio_iommu_driver_ops sva_ops = {
	.name		= "vfio-sva",
	.owner		= THIS_MODULE,
	.open		= sva_open,
	.release	= sva_release,
	.ioctl		= sva_ioctl,
	.attach_group	= sva_attach_group,
	.detach_group	= sva_detach_group,
};

static int __init vfio_sva_init(void)
{
	int ret = vfio_sva_target_init();

	vfio_sva_wq = alloc_workqueue("vfio_sva", 0, 0);
	if (!vfio_sva_wq)
		return -ENOMEM;
	if (!ret)
		ret = vfio_register_iommu_driver(&sva_ops);
	if (ret)
		destroy_workqueue(vfio_sva_wq);
	if (!ret)
		pr_info("vfio_sva: VFIO IOMMU type 0x%x registered (VFIO_IOMMU_BIND/UNBIND)\n",
			VFIO_SVA_IOMMU);
	if (!ret && vfio_sva_fake) {
		pr_warn("vfio_sva: fake_sva=1: for tests only, binds nothing in the IOMMU\n");
		add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	}
	return ret;
}

static void __exit vfio_sva_exit(void)
{
	vfio_unregister_iommu_driver(&sva_ops);
	/* a released container may still be pinned by an ioctl finishing */
	wait_var_event(&nr_containers, !atomic_read(&nr_containers));
	destroy_workqueue(vfio_sva_wq);
}

module_init(vfio_sva_init);
module_exit(vfio_sva_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("vfio-sva");
MODULE_DESCRIPTION("VFIO IOMMU backend with VFIO_IOMMU_BIND/UNBIND (Shared Virtual Addressing)");
MODULE_SOFTDEP("pre: vfio");
