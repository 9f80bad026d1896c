// SPDX-License-Identifier: GPL-2.0
/*
 * Enumeration: the order of the passes that fill the model. Kernel facts
 * first, then IOMMU units (enumerate_iommus.c), devices from the bus
 * directories (enumerate_devices.c), groups and their members
 * (enumerate_groups.c); the passes that need all of them settle last.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <libudev.h>

#include "enumerate.h"
#include "enumerate_parts.h"
#include "kernel_facts.h"

int machine_enumerate(struct machine *m)
{
	struct udev *udev;
	size_t dev_cap = 0;
	int ret;

	memset(m, 0, sizeof(*m));
	kernel_facts_read(&m->kernel);

	udev = udev_new();
	if (!udev)
		return -ENOMEM;
	ret = enumerate_iommus(udev, m);
	if (!ret) {
		settle_scalable_mode(m);
		enumerate_bus(m, &dev_cap, "pci", false);
		enumerate_bus(m, &dev_cap, "platform", true);
		qsort(m->devices, m->nr_devices, sizeof(*m->devices),
		      device_name_cmp);
		m->sorted_devices = m->nr_devices;
		ret = enumerate_groups(udev, m, &dev_cap);
	}
	udev_unref(udev);
	if (ret)
		return ret;

	/* members found only through their group directory */
	if (m->nr_devices != m->sorted_devices)
		qsort(m->devices, m->nr_devices, sizeof(*m->devices),
		      device_name_cmp);
	inherit_from_pf(m);
	settle_groups(m);
	return 0;
}
