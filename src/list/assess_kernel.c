// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's own verdict: whether VFIO and VFIO_IOMMU_BIND are there and
 * whether the kernel turns SVA off on this architecture (kernel rules), and
 * the kernel's name as the reasons give it.
 */
#include <stdio.h>

#include "assess_parts.h"
#include "kernel_facts.h"
#include "kernel_rules.h"
#include "model.h"
#include "verdict.h"

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
void kernel_name(const struct kernel_facts *k, char *buf, size_t size)
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

void assess_kernel(const struct kernel_facts *k, struct verdict *v)
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
