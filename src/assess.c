// SPDX-License-Identifier: GPL-2.0
/*
 * The SVA verdicts. A unit's verdict covers the IOMMU hardware and how the
 * kernel drives it; a device's adds what the function itself offers and
 * whether VFIO owns it; a group's adds the kernel interface, the group node
 * and the group's composition, and is the answer to "can I bind here".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "enumerate.h"
#include "kernel_facts.h"
#include "kernel_rules.h"
#include "macros.h"
#include "verdict.h"
#include "xalloc.h"

static const char *distro_display(enum kernel_distro d)
{
	switch (d) {
	case DISTRO_DEBIAN:
	case DISTRO_DEBIAN_ABI:
		return "Debian";
	case DISTRO_UBUNTU:
		return "Ubuntu";
	case DISTRO_FEDORA:
		return "Fedora";
	case DISTRO_RHEL:
		return "RHEL";
	case DISTRO_SUSE:
		return "SUSE";
	case DISTRO_UPSTREAM:
	case DISTRO_UNPARSED:
		break;
	}
	return "upstream";
}

/* "Debian 6.1.192-3", "upstream 6.12.70", "Ubuntu 6.8.0-45-generic" */
static void kernel_name(const struct kernel_facts *k, char *buf, size_t size)
{
	const struct kernel_id *id = &k->id;

	if (id->distro == DISTRO_DEBIAN && id->package[0])
		snprintf(buf, size, "Debian %s", id->package);
	else if (id->distro == DISTRO_UPSTREAM)
		snprintf(buf, size, "upstream %s", id->upstream);
	else if (id->distro == DISTRO_UNPARSED)
		snprintf(buf, size, "%s", k->release);
	else
		snprintf(buf, size, "%s %s", distro_display(id->distro),
			 k->release);
}

/* 780dfed68862: VT-d units whose page walks are not coherent */
static void assess_smpwc(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct kernel_rule *r;
	char name[160];

	if (u->feat.smpwc != TRI_NO)
		return;
	r = kernel_rule_match(RULE_VTD_SMPWC, &k->id,
			      kernel_arch_is_x86(k->arch));
	if (!r || r->effect == EFFECT_LIFTED)
		return;
	kernel_name(k, name, sizeof(name));
	if (r->effect == EFFECT_APPLIES)
		verdict_add(&u->sva, r->code, true, ORIGIN_IOMMU, u->name,
			    "%s does not walk page tables coherently (ecap.SMPWC=0): this kernel (%s) leaves SVA off on such units (780dfed68862)",
			    u->name, name);
	else
		verdict_add(&u->sva, r->code, false, ORIGIN_IOMMU, u->name,
			    "%s does not walk page tables coherently (ecap.SMPWC=0): kernels with 780dfed68862 (5.15.216+, 6.1.183+, 6.6.148+, 6.12.101+, 7.1.6+, 7.2+) leave SVA off on such units, and the version of this kernel (%s) cannot tell whether it has it",
			    u->name, name);
}

static void assess_intel(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;
	bool x86 = kernel_arch_is_x86(k->arch);
	struct verdict *v = &u->sva;
	const struct kernel_rule *r;

	if (!u->have_ecap) {
		verdict_add(v, "iommu-features-unreadable", false,
			    ORIGIN_IOMMU, u->name,
			    "intel-iommu/ecap could not be read");
		return;
	}
	if (f->pasid == TRI_NO)
		verdict_add(v, "iommu-no-pasid", true,
			    ORIGIN_IOMMU, u->name,
			    "%s does not support PASID (ecap.PASID=0)",
			    u->name);
	if (f->smts == TRI_NO)
		verdict_add(v, "iommu-no-scalable-mode", true,
			    ORIGIN_IOMMU, u->name,
			    "%s does not implement scalable mode (ecap.SMTS=0), which PASID translation needs",
			    u->name);
	else if (k->scalable_mode == TRI_NO &&
		 (r = kernel_rule_match(RULE_VTD_SCALABLE_MODE, &k->id, x86)) &&
		 r->effect == EFFECT_APPLIES)
		verdict_add(v, r->code, true,
			    ORIGIN_IOMMU, u->name,
			    "scalable mode is off (%s): boot with intel_iommu=on,sm_on",
			    k->scalable_mode_why);
	else if (k->scalable_mode == TRI_UNKNOWN)
		verdict_add(v, "scalable-mode-unknown", false,
			    ORIGIN_IOMMU, u->name,
			    "cannot tell whether the kernel turned scalable mode on (%s)",
			    k->scalable_mode_why);
	if (f->first_level == TRI_NO)
		verdict_add(v, "iommu-no-first-level", true,
			    ORIGIN_IOMMU, u->name,
			    "%s cannot walk CPU page tables (ecap.FLTS=0)",
			    u->name);
	if (f->prs == TRI_NO)
		verdict_add(v, "iommu-no-prs", true,
			    ORIGIN_IOMMU, u->name,
			    "%s cannot take page requests (ecap.PRS=0): device page faults would not be served",
			    u->name);
	assess_smpwc(k, u);
	/* the page-size checks matter only where first-level tables exist */
	if (f->first_level != TRI_YES)
		return;
	r = kernel_rule_match(RULE_VTD_FL1GP, &k->id, x86);
	if (r && r->effect == EFFECT_APPLIES && k->cpu_gbpages == TRI_YES &&
	    f->fl1gp == TRI_NO)
		verdict_add(v, r->code, true,
			    ORIGIN_IOMMU, u->name,
			    "the CPU maps 1 GiB pages but %s cannot in first-level tables (cap.FL1GP=0): the kernel disables SVM on it",
			    u->name);
	r = kernel_rule_match(RULE_VTD_FL5LP, &k->id, x86);
	if (r && r->effect == EFFECT_APPLIES && k->cpu_la57 == TRI_YES &&
	    f->fl5lp == TRI_NO)
		verdict_add(v, r->code, true,
			    ORIGIN_IOMMU, u->name,
			    "the CPU uses 5-level paging but %s does not (cap.FL5LP=0): the kernel disables SVM on it",
			    u->name);
}

static void assess_amd(const struct kernel_facts *k, struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;
	struct verdict *v = &u->sva;
	const struct kernel_rule *r;
	char name[160];

	if (!u->have_efr) {
		verdict_add(v, "iommu-features-unreadable", false,
			    ORIGIN_IOMMU, u->name,
			    "amd-iommu/features could not be read");
		return;
	}
	if (f->first_level == TRI_NO)
		verdict_add(v, "iommu-no-first-level", true,
			    ORIGIN_IOMMU, u->name,
			    "%s has no guest translation (EFR.GTSup=0): it cannot walk CPU page tables or tag PASIDs",
			    u->name);
	if (f->prs == TRI_NO)
		verdict_add(v, "iommu-no-prs", true,
			    ORIGIN_IOMMU, u->name,
			    "%s has no peripheral page requests (EFR.PPRSup=0): device page faults would not be served",
			    u->name);
	r = kernel_rule_match(RULE_AMD_SVA, &k->id,
			      kernel_arch_is_x86(k->arch));
	kernel_name(k, name, sizeof(name));
	if (r && r->effect == EFFECT_APPLIES)
		verdict_add(v, r->code, true, ORIGIN_IOMMU, u->name,
			    "this kernel (%s) has no SVA support in the AMD IOMMU driver (iommu_sva_bind_device() answers ENODEV before 6.10)",
			    name);
	else if (r && r->effect == EFFECT_UNKNOWN)
		verdict_add(v, r->code, false, ORIGIN_IOMMU, u->name,
			    "the AMD IOMMU driver binds processes from 6.10 on; whether this kernel (%s), older by its version, carries that support cannot be told",
			    name);
}

static void assess_unit(const struct kernel_facts *k, struct iommu_unit *u)
{
	switch (u->kind) {
	case IOMMU_KIND_INTEL_VTD:
		assess_intel(k, u);
		break;
	case IOMMU_KIND_AMD_VI:
		assess_amd(k, u);
		break;
	case IOMMU_KIND_ARM_SMMU_V3:
		verdict_add(&u->sva, "iommu-features-not-exposed", false,
			    ORIGIN_IOMMU, u->name,
			    "SMMUv3 exposes no feature bits in sysfs; look for SVA, PRI and stall in the arm-smmu-v3 lines of dmesg");
		break;
	case IOMMU_KIND_UNKNOWN:
		verdict_add(&u->sva, "iommu-kind-unknown", false,
			    ORIGIN_IOMMU, u->name,
			    "unknown IOMMU type: its features cannot be read");
		break;
	}
	verdict_settle(&u->sva);
}

static void assess_pci_caps(struct device *dev)
{
	const struct pci_device_info *p = &dev->pci;
	const struct pcie_caps *c = &p->caps;
	struct verdict *v = &dev->sva;

	if (p->config_read < 0) {
		verdict_add(v, "config-unreadable", false,
			    ORIGIN_DEVICE, dev->name,
			    "configuration space cannot be read (%s)",
			    strerror((int)-p->config_read));
		return;
	}
	if (c->walk == ECAP_WALK_UNREADABLE) {
		if (p->config_read == PCI_CFG_HEADER_SIZE && geteuid())
			verdict_add(v, "config-needs-privilege", false,
			    ORIGIN_DEVICE, dev->name,
				    "only the first 64 bytes of configuration space are readable without CAP_SYS_ADMIN: run as root to decode ATS, PRI and PASID");
		else
			verdict_add(v, "config-unreadable", false,
			    ORIGIN_DEVICE, dev->name,
				    "only %zd bytes of configuration space could be read",
				    p->config_read);
		return;
	}
	if (c->walk == ECAP_WALK_NO_EXT_SPACE) {
		if (c->is_pcie == TRI_YES)
			verdict_add(v, "no-extended-config", true,
			    ORIGIN_DEVICE, dev->name,
				    "PCI Express function whose extended configuration space is not accessible (256 bytes exposed): ATS, PRI and PASID cannot be used");
		else
			verdict_add(v, "not-pcie", true,
			    ORIGIN_DEVICE, dev->name,
				    "conventional PCI function: no extended capabilities, so no ATS, PRI or PASID");
		return;
	}
	if (c->walk != ECAP_WALK_COMPLETE &&
	    (c->ats.present == TRI_UNKNOWN || c->pri.present == TRI_UNKNOWN ||
	     c->pasid.present == TRI_UNKNOWN ||
	     c->ats.enabled == TRI_UNKNOWN || c->pri.enabled == TRI_UNKNOWN ||
	     c->pasid.enabled == TRI_UNKNOWN))
		verdict_add(v, "ecap-chain-broken", false,
			    ORIGIN_DEVICE, dev->name,
			    "extended capability chain at 0x%03x %s: capabilities beyond it are unknown",
			    c->walk_stop, ecap_walk_describe(c->walk));

	if (c->pasid.present == TRI_NO)
		verdict_add(v, "device-no-pasid", true,
			    ORIGIN_DEVICE, dev->name,
			    "no PASID capability: the device cannot tag DMA with a process address space");
	else if (c->pasid.present == TRI_YES && c->pasid.width == 0)
		verdict_add(v, "device-pasid-width-zero", true,
			    ORIGIN_DEVICE, dev->name,
			    "PASID capability advertises a width of 0 bits");
	/* Linux enables PASID and PRI on a VF only if the PF has them on */
	if (p->pasid_from_pf && c->pasid.enabled == TRI_NO)
		verdict_add(v, "vf-pf-pasid-off", true,
			    ORIGIN_DEVICE, dev->name,
			    "a VF uses the PASID capability of its PF %s, whose driver has not enabled it",
			    p->pf);
	if (p->pri_from_pf && c->pri.enabled == TRI_NO)
		verdict_add(v, "vf-pf-pri-off", true,
			    ORIGIN_DEVICE, dev->name,
			    "a VF uses the Page Request Interface of its PF %s, whose driver has not enabled it",
			    p->pf);
	if (c->pri.present == TRI_NO)
		verdict_add(v, "device-no-pri", true,
			    ORIGIN_DEVICE, dev->name,
			    "no Page Request Interface: the device cannot fault in process pages");
	if (c->ats.present == TRI_NO)
		verdict_add(v, "device-no-ats", true,
			    ORIGIN_DEVICE, dev->name,
			    "no ATS capability: the device cannot cache translations, which SVA needs with PRI");
}

static void assess_platform_caps(struct device *dev)
{
	const struct platform_device_info *pl = &dev->plat;
	struct verdict *v = &dev->sva;

	if (!pl->have_of_node) {
		verdict_add(v, "platform-pasid-unknown", false,
			    ORIGIN_DEVICE, dev->name,
			    "platform device described by ACPI: its substream (PASID) width is not visible in sysfs");
		return;
	}
	if (pl->pasid_bits <= 0)
		verdict_add(v, "device-no-pasid", true,
			    ORIGIN_DEVICE, dev->name,
			    "the device tree gives no pasid-num-bits: the device has no substreams (PASIDs)");
	if (pl->can_stall == TRI_NO)
		verdict_add(v, "device-no-stall", false,
			    ORIGIN_DEVICE, dev->name,
			    "the device tree does not mark it dma-can-stall and platform devices have no PRI: faults need pinned memory");
}

static void assess_driver(struct device *dev)
{
	const char *want = dev->is_pci ? "vfio-pci" : "vfio-platform";

	if (driver_is_vfio(dev->driver))
		return;
	if (dev->driver)
		verdict_add(&dev->sva, "device-not-vfio", true,
			    ORIGIN_DEVICE, dev->name,
			    "bound to %s, not %s: VFIO cannot hand it to user space",
			    dev->driver, want);
	else
		verdict_add(&dev->sva, "device-no-driver", true,
			    ORIGIN_DEVICE, dev->name,
			    "bound to no driver: bind it to %s to use it through VFIO",
			    want);
}

static void assess_device(struct machine *m, struct device *dev)
{
	struct iommu_unit *u = machine_find_iommu(m, dev->iommu);

	if (dev->group < 0) {
		verdict_add(&dev->sva, "no-iommu-group", true,
			    ORIGIN_DEVICE, dev->name,
			    "in no IOMMU group: no IOMMU translates its DMA");
	} else if (u) {
		verdict_merge(&dev->sva, &u->sva);
	} else {
		verdict_add(&dev->sva, "iommu-unit-unknown", false,
			    ORIGIN_DEVICE, dev->name,
			    "its IOMMU unit is not visible in /sys/class/iommu");
	}
	if (dev->is_pci)
		assess_pci_caps(dev);
	else if (!strcmp(dev->bus, "platform"))
		assess_platform_caps(dev);
	else
		verdict_add(&dev->sva, "bus-unknown", false,
			    ORIGIN_DEVICE, dev->name,
			    "%s bus: its PASID support cannot be read",
			    dev->bus);
	if (dev->group >= 0)
		assess_driver(dev);
	verdict_settle(&dev->sva);
}

/* 72f98ef9a4be alone (CVE-2025-71089): no SVA bind on x86 at all */
static void assess_x86_disable(const struct kernel_facts *k,
			       struct verdict *v)
{
	const struct kernel_rule *r;
	char name[160];

	if (!kernel_arch_is_x86(k->arch) || k->fix_marker == TRI_YES)
		return;
	r = kernel_rule_match(RULE_X86_SVA_DISABLE, &k->id, true);
	if (!r || r->effect == EFFECT_LIFTED)
		return;
	kernel_name(k, name, sizeof(name));
	if (r->effect == EFFECT_APPLIES &&
	    (r->line == LINE_DEBIAN || k->fix_marker == TRI_NO))
		verdict_add(v, r->code, true, ORIGIN_KERNEL, "kernel",
			    "this kernel disables SVA on x86 (CVE-2025-71089 fix backported without its companion fixes): no process can be bound on this machine; a kernel with the whole series (6.18.7+, 6.19+, Debian 7.3) lifts it (%s; %s)",
			    name, k->fix_marker_why);
	else if (r->effect == EFFECT_APPLIES)
		verdict_add(v, "kernel-x86-sva-unknown", false, ORIGIN_KERNEL,
			    "kernel",
			    "stable kernels of this version (%s) disable SVA on x86 (CVE-2025-71089 fix backported without its companion fixes), and whether this one has the companion fix cannot be read (%s); a kernel with the whole series (6.18.7+, 6.19+, Debian 7.3) lifts it",
			    name, k->fix_marker_why);
	else
		verdict_add(v, r->code, false, ORIGIN_KERNEL, "kernel",
			    "this kernel (%s) may disable SVA on x86 (the CVE-2025-71089 fix backported without its companion fixes), which its version cannot tell, and no sign of the companion fix was found (%s); a kernel with the whole series (6.18.7+, 6.19+, Debian 7.3) lifts it",
			    name, k->fix_marker_why);
}

static void assess_kernel(const struct kernel_facts *k, struct verdict *v)
{
	assess_x86_disable(k, v);
	if (!k->vfio) {
		if (k->vfio_pci_module == TRI_NO)
			verdict_add(v, "kernel-no-vfio", true,
				    ORIGIN_KERNEL, "kernel",
				    "VFIO is not available (%s is missing) and this kernel has no vfio-pci module (%s): install a kernel built with CONFIG_VFIO_PCI",
				    VFIO_CONTAINER_NODE,
				    k->vfio_pci_module_why);
		else
			verdict_add(v, "kernel-no-vfio", true,
				    ORIGIN_KERNEL, "kernel",
				    "VFIO is not available (%s is missing): modprobe vfio-pci",
				    VFIO_CONTAINER_NODE);
		return;
	}
	if (k->bind_ioctl == TRI_NO)
		verdict_add(v, "kernel-no-bind-ioctl", true,
			    ORIGIN_KERNEL, "kernel",
			    "this kernel does not provide VFIO_IOMMU_BIND");
	else if (k->bind_ioctl == TRI_UNKNOWN)
		verdict_add(v, "kernel-bind-ioctl-unknown", false,
			    ORIGIN_KERNEL, "kernel",
			    "whether this kernel provides VFIO_IOMMU_BIND is unknown: %s",
			    k->bind_ioctl_why);
}

static void assess_group(struct machine *m, struct group *g)
{
	struct iommu_unit *u = machine_find_iommu(m, g->iommu);
	const struct kernel_rule *rule;
	struct verdict *v = &g->sva;
	char subject[32];
	size_t i;

	snprintf(subject, sizeof(subject), "group %u", g->id);
	verdict_merge(v, &m->kernel_sva);
	if (u)
		verdict_merge(v, &u->sva);
	if (m->kernel.vfio && !g->node_present)
		verdict_add(v, "group-no-node", true,
			    ORIGIN_GROUP, subject,
			    "%s does not exist: no member is bound to a VFIO driver",
			    g->vfio_node);
	else if (g->node_present && g->accessible == TRI_NO)
		verdict_add(v, "group-not-accessible", true,
			    ORIGIN_GROUP, subject,
			    "%s is not readable and writable by uid %u: run as root or give the node to this user",
			    g->vfio_node, (unsigned int)geteuid());
	if (!g->viable)
		verdict_add(v, "group-not-viable", true,
			    ORIGIN_GROUP, subject,
			    "not viable: every member must be bound to a VFIO driver, pci-stub or no driver");
	rule = kernel_rule_match(RULE_SINGLE_DEVICE_GROUP, &m->kernel.id,
				 kernel_arch_is_x86(m->kernel.arch));
	if (rule && rule->effect == EFFECT_APPLIES &&
	    g->nr_members + g->nr_unreadable > 1)
		verdict_add(v, rule->code, true,
			    ORIGIN_GROUP, subject,
			    "%zu devices share the group: the kernel binds process address spaces to single-device groups only",
			    g->nr_members + g->nr_unreadable);
	for (i = 0; i < g->nr_unreadable; i++)
		verdict_add(v, "group-member-unreadable", false,
			    ORIGIN_GROUP, subject,
			    "member %s is listed but cannot be read: it may have just been removed",
			    g->unreadable[i]);
	if (!g->nr_members && !g->nr_unreadable)
		verdict_add(v, "group-empty", true,
			    ORIGIN_GROUP, subject,
			    "the group has no devices");

	/* the unit's reasons were merged once above, not once per member */
	for (i = 0; i < g->nr_members; i++) {
		const struct verdict *dv = &m->devices[g->members[i]].sva;
		size_t r;

		for (r = 0; r < dv->nr_reasons; r++)
			if (dv->reasons[r].origin == ORIGIN_DEVICE)
				verdict_merge_one(v, &dv->reasons[r]);
	}
	verdict_settle(v);
}

static enum tri unit_feature(const struct iommu_unit *u, const char *feature)
{
	if (!strcmp(feature, "pasid"))
		return u->feat.pasid;
	if (!strcmp(feature, "prs"))
		return u->feat.prs;
	return u->feat.first_level;
}

static char *names_append(char *list, const char *name)
{
	char *joined;

	if (!list)
		return xstrdup(name);
	joined = xasprintf("%s %s", list, name);
	free(list);
	return joined;
}

/* Units of one kind should agree; a device behind the odd one out loses. */
static void find_mismatches(struct machine *m)
{
	static const char *const features[] = { "pasid", "prs", "first-level" };
	size_t f, i;

	for (f = 0; f < ARRAY_SIZE(features); f++) {
		struct mismatch mm = { features[f], NULL, NULL };

		for (i = 0; i < m->nr_iommus; i++) {
			const struct iommu_unit *u = &m->iommus[i];
			enum tri t = unit_feature(u, features[f]);

			if (t == TRI_YES)
				mm.have = names_append(mm.have, u->name);
			else if (t == TRI_NO)
				mm.lack = names_append(mm.lack, u->name);
		}
		if (mm.have && mm.lack) {
			m->mismatches = xreallocarray(m->mismatches,
						      m->nr_mismatches + 1,
						      sizeof(*m->mismatches));
			m->mismatches[m->nr_mismatches++] = mm;
		} else {
			free(mm.have);
			free(mm.lack);
		}
	}
}

void machine_assess(struct machine *m)
{
	size_t i;

	find_mismatches(m);
	assess_kernel(&m->kernel, &m->kernel_sva);
	verdict_settle(&m->kernel_sva);
	for (i = 0; i < m->nr_iommus; i++)
		assess_unit(&m->kernel, &m->iommus[i]);
	for (i = 0; i < m->nr_devices; i++)
		assess_device(m, &m->devices[i]);
	for (i = 0; i < m->nr_groups; i++)
		assess_group(m, &m->groups[i]);
}
