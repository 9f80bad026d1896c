// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: containers and groups, and their ioctls, as
 * drivers/vfio/vfio_main.c and container.c of Linux 6.1 behave (the
 * Debian 12 kernel), with the type1 driver of the seed's patch behind.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "kmodel.h"
#include "vfio_sva_uapi.h"

struct km_container *km_container_open(struct km_model *m)
{
	struct km_container *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->id = ++m->next_container;
	c->open = true;
	c->next = m->containers;
	m->containers = c;
	km_log(m, "container %u opened", c->id);
	return c;
}

/* A container lives while its file is open or a group holds it. */
static void container_put(struct km_model *m, struct km_container *c)
{
	struct km_container **pp;

	if (c->open || c->groups)
		return;
	km_container_drop_bonds(m, c);
	for (pp = &m->containers; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	km_log(m, "container %u released", c->id);
	free(c);
}

void km_container_close(struct km_model *m, struct km_container *c)
{
	c->open = false;
	container_put(m, c);
}

static void group_detach(struct km_model *m, struct km_group *g)
{
	struct km_container *c = g->container;
	struct km_group **pp;

	km_group_unbind_all(g);
	for (pp = &c->groups; *pp; pp = &(*pp)->cnext)
		if (*pp == g) {
			*pp = g->cnext;
			break;
		}
	g->cnext = NULL;
	g->container = NULL;
	km_log(m, "group %u left container %u", g->id, c->id);
	/* The last group out takes the IOMMU and every bond with it. */
	if (!c->groups) {
		km_container_drop_bonds(m, c);
		c->iommu = 0;
	}
	container_put(m, c);
}

static void group_attach(struct km_container *c, struct km_group *g)
{
	struct km_group **pp = &c->groups;

	while (*pp)
		pp = &(*pp)->cnext;
	*pp = g;
	g->cnext = NULL;
	g->container = c;
}

int km_group_open(struct km_model *m, unsigned int id, struct km_group **out)
{
	struct km_group *g;
	int ret;

	for (g = m->groups; g; g = g->next)
		if (g->id == id)
			return -EBUSY;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->id = id;
	ret = km_group_read(m->root, id, &g->facts);
	if (ret) {
		free(g);
		return ret;
	}
	g->next = m->groups;
	m->groups = g;
	*out = g;
	km_log(m, "group %u opened (%u devices, %sviable)", id, g->facts.ndev,
	       km_facts_viable(&g->facts) ? "" : "not ");
	return 0;
}

/* Releasing a group file detaches it, as VFIO_GROUP_UNSET_CONTAINER. */
void km_group_close(struct km_model *m, struct km_group *g)
{
	struct km_group **pp;

	if (g->container)
		group_detach(m, g);
	for (pp = &m->groups; *pp; pp = &(*pp)->next)
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	km_log(m, "group %u closed", g->id);
	free(g->bound);
	free(g);
}

/*
 * kernel/vfio_sva.ko: its own IOMMU type, VFIO_SVA_IOMMU, with the same
 * BIND/UNBIND (sva.c). A stock kernel has neither it nor the seed's BIND.
 */
static bool km_module_loaded(const struct km_model *m)
{
	return !m->stock && !m->no_module;
}

static int set_iommu(struct km_model *m, struct km_container *c,
		     unsigned long type)
{
	if (!c->groups || c->iommu)
		return -EINVAL;
	if (type != VFIO_TYPE1_IOMMU && type != VFIO_TYPE1v2_IOMMU &&
	    !(type == VFIO_SVA_IOMMU && km_module_loaded(m)))
		return -ENODEV;
	c->iommu = type;
	km_log(m, "container %u: IOMMU type %lu", c->id, type);
	return 0;
}

int km_container_ioctl(struct km_model *m, struct km_container *c,
		       const struct kmodel_ioctl *rq, int xfd,
		       struct kmodel_reply *rp)
{
	int ret;

	switch (rq->nr) {
	case KMODEL_NR_GET_API_VERSION:
		ret = km_fault_hit(m, KM_OP_GET_API_VERSION);
		return ret ? ret : VFIO_API_VERSION;
	case KMODEL_NR_CHECK_EXTENSION:
		ret = km_fault_hit(m, KM_OP_CHECK_EXTENSION);
		if (ret)
			return ret;
		return rq->arg == VFIO_TYPE1_IOMMU ||
		       rq->arg == VFIO_TYPE1v2_IOMMU ||
		       (rq->arg == VFIO_SVA_IOMMU && km_module_loaded(m));
	case KMODEL_NR_SET_IOMMU:
		ret = km_fault_hit(m, KM_OP_SET_IOMMU);
		return ret ? ret : set_iommu(m, c, (unsigned long)rq->arg);
	}
	/* Anything else goes to the IOMMU driver, if there is one. */
	if (!c->iommu)
		return -EINVAL;
	if (rq->nr == KMODEL_NR_IOMMU_BIND ||
	    rq->nr == KMODEL_NR_IOMMU_UNBIND) {
		/* the module's containers keep BIND when the seed's type1 has none */
		if (m->stock && c->iommu != VFIO_SVA_IOMMU)
			return -ENOTTY;
		if (rq->nr == KMODEL_NR_IOMMU_BIND) {
			ret = km_fault_hit(m, KM_OP_BIND);
			return ret ? ret : km_bind(m, c, rq, xfd, rp);
		}
		ret = km_fault_hit(m, KM_OP_UNBIND);
		return ret ? ret : km_unbind(m, c, rq, xfd);
	}
	return -ENOTTY;
}

static int get_status(struct km_model *m, struct km_group *g,
		      const struct kmodel_ioctl *rq, struct kmodel_reply *rp)
{
	struct vfio_group_status st;

	if (!(rq->mem & KMODEL_MEM_HEAD) || rq->size < sizeof(st))
		return -EFAULT;
	memcpy(&st, rq->data, sizeof(st));
	if (st.argsz < sizeof(st))
		return -EINVAL;
	st.flags = 0;
	if (g->container) {
		st.flags = VFIO_GROUP_FLAGS_CONTAINER_SET |
			   VFIO_GROUP_FLAGS_VIABLE;
	} else {
		km_group_read(m->root, g->id, &g->facts);
		if (km_facts_viable(&g->facts))
			st.flags = VFIO_GROUP_FLAGS_VIABLE;
	}
	memcpy(rp->data, &st, sizeof(st));
	rp->offset = 0;
	rp->size = sizeof(st);
	return 0;
}

static int set_container(struct km_model *m, struct km_group *g,
			 const struct kmodel_ioctl *rq, int xfd)
{
	struct km_container *c;
	int ret;

	if (!(rq->mem & KMODEL_MEM_HEAD))
		return -EFAULT;
	if (!(rq->mem & KMODEL_MEM_FD) || xfd < 0)
		return -EBADF;
	if (g->container)
		return -EINVAL;
	c = km_container_of_fd(m, xfd);
	if (!c)
		return -EINVAL;
	if (km_group_read(m->root, g->id, &g->facts))
		return -ENODEV;
	/* A kernel driver still owns DMA: iommu_group_claim_dma_owner(). */
	if (!km_facts_viable(&g->facts))
		return -EPERM;
	if (c->iommu) {
		ret = km_replay(m, c, g);
		if (ret)
			return ret;
	}
	group_attach(c, g);
	km_log(m, "group %u joined container %u", g->id, c->id);
	return 0;
}

int km_group_ioctl(struct km_model *m, struct km_group *g,
		   const struct kmodel_ioctl *rq, int xfd,
		   struct kmodel_reply *rp)
{
	int ret;

	switch (rq->nr) {
	case KMODEL_NR_GROUP_GET_STATUS:
		ret = km_fault_hit(m, KM_OP_GET_STATUS);
		return ret ? ret : get_status(m, g, rq, rp);
	case KMODEL_NR_GROUP_SET_CONTAINER:
		ret = km_fault_hit(m, KM_OP_SET_CONTAINER);
		return ret ? ret : set_container(m, g, rq, xfd);
	case KMODEL_NR_GROUP_UNSET_CONTAINER:
		ret = km_fault_hit(m, KM_OP_UNSET_CONTAINER);
		if (ret)
			return ret;
		if (!g->container)
			return -EINVAL;
		group_detach(m, g);
		return 0;
	}
	return -ENOTTY;
}
