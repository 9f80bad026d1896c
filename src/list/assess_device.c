// SPDX-License-Identifier: GPL-2.0
/*
 * Device verdicts: its IOMMU unit's verdict, what the function itself
 * offers (PCIe PASID, PRI and ATS; a platform device's PASID bits and
 * stall), and whether VFIO owns it.
 */
#include <string.h>
#include <unistd.h>

#include "assess_parts.h"
#include "enumerate.h"
#include "model.h"
#include "verdict.h"

/* A reason about @dev itself, the one shape of every device verdict. */
#define device_reason(dev, code, blocking, ...) \
	verdict_add(&(dev)->sva, code, blocking, ORIGIN_DEVICE, (dev)->name, \
		    __VA_ARGS__)

static void assess_pci_caps(struct device *dev)
{
	const struct pci_device_info *p = &dev->pci;
	const struct pcie_caps *c = &p->caps;

	if (p->config_read < 0) {
		device_reason(dev, "config-unreadable", false,
			      "configuration space cannot be read (%s)",
			      strerror((int)-p->config_read));
		return;
	}
	if (c->walk == ECAP_WALK_UNREADABLE) {
		if (p->config_read == PCI_CFG_HEADER_SIZE && geteuid())
			device_reason(dev, "config-needs-privilege", false,
				      "only the first 64 bytes of configuration space are readable without CAP_SYS_ADMIN: run as root to decode ATS, PRI and PASID");
		else
			device_reason(dev, "config-unreadable", false,
				      "only %zd bytes of configuration space could be read",
				      p->config_read);
		return;
	}
	if (c->walk == ECAP_WALK_NO_EXT_SPACE) {
		if (c->is_pcie == TRI_YES)
			device_reason(dev, "no-extended-config", true,
				      "PCI Express function whose extended configuration space is not accessible (256 bytes exposed): ATS, PRI and PASID cannot be used");
		else
			device_reason(dev, "not-pcie", true,
				      "conventional PCI function: no extended capabilities, so no ATS, PRI or PASID");
		return;
	}
	if (c->walk != ECAP_WALK_COMPLETE &&
	    (c->ats.present == TRI_UNKNOWN || c->pri.present == TRI_UNKNOWN ||
	     c->pasid.present == TRI_UNKNOWN ||
	     c->ats.enabled == TRI_UNKNOWN || c->pri.enabled == TRI_UNKNOWN ||
	     c->pasid.enabled == TRI_UNKNOWN))
		device_reason(dev, "ecap-chain-broken", false,
			      "extended capability chain at 0x%03x %s: capabilities beyond it are unknown",
			      c->walk_stop, ecap_walk_describe(c->walk));

	if (c->pasid.present == TRI_NO)
		device_reason(dev, "device-no-pasid", true,
			      "no PASID capability: the device cannot tag DMA with a process address space");
	else if (c->pasid.present == TRI_YES && c->pasid.width == 0)
		device_reason(dev, "device-pasid-width-zero", true,
			      "PASID capability advertises a width of 0 bits");
	/* Linux enables PASID and PRI on a VF only if the PF has them on */
	if (p->pasid_from_pf && c->pasid.enabled == TRI_NO)
		device_reason(dev, "vf-pf-pasid-off", true,
			      "a VF uses the PASID capability of its PF %s, whose driver has not enabled it",
			      p->pf);
	if (p->pri_from_pf && c->pri.enabled == TRI_NO)
		device_reason(dev, "vf-pf-pri-off", true,
			      "a VF uses the Page Request Interface of its PF %s, whose driver has not enabled it",
			      p->pf);
	if (c->pri.present == TRI_NO)
		device_reason(dev, "device-no-pri", true,
			      "no Page Request Interface: the device cannot fault in process pages");
	if (c->ats.present == TRI_NO)
		device_reason(dev, "device-no-ats", true,
			      "no ATS capability: the device cannot cache translations, which SVA needs with PRI");
}

static void assess_platform_caps(struct device *dev)
{
	const struct platform_device_info *pl = &dev->plat;

	if (!pl->have_of_node) {
		device_reason(dev, "platform-pasid-unknown", false,
			      "platform device described by ACPI: its substream (PASID) width is not visible in sysfs");
		return;
	}
	if (pl->pasid_bits <= 0)
		device_reason(dev, "device-no-pasid", true,
			      "the device tree gives no pasid-num-bits: the device has no substreams (PASIDs)");
	if (pl->can_stall == TRI_NO)
		device_reason(dev, "device-no-stall", false,
			      "the device tree does not mark it dma-can-stall and platform devices have no PRI: faults need pinned memory");
}

static void assess_driver(struct device *dev)
{
	const char *want = dev->is_pci ? "vfio-pci" : "vfio-platform";

	if (driver_is_vfio(dev->driver))
		return;
	if (dev->driver)
		device_reason(dev, "device-not-vfio", true,
			      "bound to %s, not %s: VFIO cannot hand it to user space",
			      dev->driver, want);
	else
		device_reason(dev, "device-no-driver", true,
			      "bound to no driver: bind it to %s to use it through VFIO",
			      want);
}

void assess_device(struct machine *m, struct device *dev)
{
	struct iommu_unit *u = machine_find_iommu(m, dev->iommu);

	if (dev->group < 0) {
		device_reason(dev, "no-iommu-group", true,
			      "in no IOMMU group: no IOMMU translates its DMA");
	} else if (u) {
		verdict_merge(&dev->sva, &u->sva);
	} else {
		device_reason(dev, "iommu-unit-unknown", false,
			      "its IOMMU unit is not visible in /sys/class/iommu");
	}
	if (dev->is_pci)
		assess_pci_caps(dev);
	else if (!strcmp(dev->bus, "platform"))
		assess_platform_caps(dev);
	else
		device_reason(dev, "bus-unknown", false,
			      "%s bus: its PASID support cannot be read",
			      dev->bus);
	if (dev->group >= 0)
		assess_driver(dev);
	verdict_settle(&dev->sva);
}
