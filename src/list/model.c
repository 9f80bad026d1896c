// SPDX-License-Identifier: GPL-2.0
/*
 * The model `list` renders: look-ups by name or id, and freeing it.
 */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "name_table.h"
#include "verdict.h"

/* Devices are kept sorted by name (strverscmp). */
struct device *machine_find_device(const struct machine *m, const char *name)
{
	size_t lo = 0, hi = m->nr_devices;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strverscmp(m->devices[mid].name, name);

		if (!c)
			return &m->devices[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Groups are kept sorted by id. */
struct group *machine_find_group(const struct machine *m, unsigned int id)
{
	size_t lo = 0, hi = m->nr_groups;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->groups[mid].id == id)
			return &m->groups[mid];
		if (m->groups[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct iommu_unit *machine_find_iommu(const struct machine *m, const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < m->nr_iommus; i++)
		if (!strcmp(m->iommus[i].name, name))
			return &m->iommus[i];
	return NULL;
}

void machine_free(struct machine *m)
{
	size_t i, j;

	verdict_free(&m->kernel_sva);
	for (i = 0; i < m->nr_iommus; i++) {
		free(m->iommus[i].name);
		free(m->iommus[i].syspath);
		verdict_free(&m->iommus[i].sva);
	}
	for (i = 0; i < m->nr_groups; i++) {
		free(m->groups[i].iommu);
		free(m->groups[i].held_by);
		free(m->groups[i].members);
		free(m->groups[i].regions);
		for (j = 0; j < m->groups[i].nr_unreadable; j++)
			free(m->groups[i].unreadable[j]);
		free(m->groups[i].unreadable);
		verdict_free(&m->groups[i].sva);
	}
	for (i = 0; i < m->nr_devices; i++) {
		struct device *d = &m->devices[i];

		free(d->name);
		free(d->bus);
		free(d->syspath);
		free(d->driver);
		free(d->iommu);
		free(d->vfio_cdev);
		free(d->pci.pf);
		verdict_free(&d->sva);
	}
	for (i = 0; i < m->nr_mismatches; i++) {
		free(m->mismatches[i].have);
		free(m->mismatches[i].lack);
	}
	free(m->mismatches);
	free(m->iommus);
	free(m->groups);
	free(m->devices);
	memset(m, 0, sizeof(*m));
}

static const char *const bind_iface_names[] = {
	[BIND_IFACE_NONE] = "none",
	[BIND_IFACE_MODULE] = "vfio-sva-module",
	[BIND_IFACE_TYPE1] = "type1-bind",
};

/* "vfio-sva-module", "type1-bind", "none", or NULL when unknown. */
const char *bind_iface_name(enum bind_iface i)
{
	return NAME_IN(bind_iface_names, i, NULL);
}
