// SPDX-License-Identifier: GPL-2.0
/*
 * list's text renderer: the machine's kernel, IOMMU units, groups and
 * devices with their verdicts, as people read them (list_json.c renders the
 * same view for scripts).
 */
#include <stdio.h>
#include <string.h>

#include "list_view.h"
#include "pci_names.h"
#include "text_escape.h"
#include "report.h"
#include "verdict.h"

static void put_verdict(FILE *out, enum tri t)
{
	const char *w = tri_word(t);

	fprintf(out, ": SVA %s%s%s\n", vs_color(w), w, vs_color("reset"));
}

/* Printed in full on the kernel line; elsewhere only referred to. */
static bool kernel_line_reason(const struct reason *r)
{
	return r->origin == ORIGIN_KERNEL &&
	       strcmp(r->code, "kernel-bind-ioctl-unknown") != 0 &&
	       strcmp(r->code, "kernel-no-bind-ioctl") != 0;
}

static void put_reason(FILE *out, const struct reason *r, int indent,
		       bool brief)
{
	char msg[8192];

	fprintf(out, "%*s%s ", indent, "", r->blocking ? "-" : "?");
	if (vs_out.verbose)
		fprintf(out, "[%s] ", r->code);
	if (!brief)
		fprintf(out, "%s\n", text_escape_buf(r->message, 0, msg,
						     sizeof(msg)));
	else if (r->origin == ORIGIN_KERNEL)
		fprintf(out, "the kernel %s SVA on this machine (see the kernel line)\n",
			r->blocking ? "refuses" : "may refuse");
	else
		fprintf(out, "%s %s SVA (see above)\n", esc(r->subject),
			r->blocking ? "cannot do" : "may not do");
}

/* Returns how many blocking reasons it printed. */
static int put_reasons(FILE *out, const struct verdict *v, int origin_a,
		       int origin_b, const char *skip_code, int indent)
{
	int blocking = 0;
	size_t i;

	for (i = 0; i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];

		if ((int)r->origin != origin_a && (int)r->origin != origin_b)
			continue;
		if (skip_code && !strcmp(r->code, skip_code))
			continue;
		put_reason(out, r, indent, kernel_line_reason(r));
		blocking += r->blocking;
	}
	return blocking;
}

/* A "no" always shows one reason that blocks, if only by reference. */
static void put_one_blocking(FILE *out, const struct verdict *v, int indent)
{
	size_t i;

	for (i = 0; i < v->nr_reasons; i++)
		if (v->reasons[i].blocking &&
		    v->reasons[i].origin != ORIGIN_DEVICE) {
			put_reason(out, &v->reasons[i], indent,
				   v->reasons[i].origin != ORIGIN_GROUP);
			return;
		}
}

static const char *tri_yn(enum tri t)
{
	return tri_word(t);
}

static void put_kernel(FILE *out, const struct machine *m)
{
	const struct kernel_facts *k = &m->kernel;
	const struct verdict *v = &m->kernel_sva;
	size_t i;

	fprintf(out, "%sKernel %s%s", vs_color("bold"), k->release,
		vs_color("reset"));
	if (k->id.distro == DISTRO_DEBIAN && k->id.package[0])
		fprintf(out, " (Debian %s, %s)", k->id.package, k->arch);
	else
		fprintf(out, " (%s)", k->arch);
	fprintf(out, ": VFIO %s, iommufd %s, VFIO_IOMMU_BIND %s",
		k->vfio ? "yes" : "no", k->iommufd ? "yes" : "no",
		tri_word(k->bind_ioctl));
	if (k->bind_iface == BIND_IFACE_MODULE)
		fputs(" via the vfio_sva module", out);
	else if (k->bind_iface == BIND_IFACE_TYPE1)
		fputs(" via type1", out);
	fprintf(out, " (%s)\n", k->bind_ioctl_why);
	for (i = 0; i < v->nr_reasons; i++)
		if (kernel_line_reason(&v->reasons[i]))
			put_reason(out, &v->reasons[i], 2, false);
}

static void put_unit(FILE *out, const struct iommu_unit *u,
		     const struct kernel_facts *k)
{
	const struct iommu_features *f = &u->feat;

	fprintf(out, "%sIOMMU %s%s (%s)", vs_color("bold"), esc(u->name),
		vs_color("reset"), iommu_kind_name(u->kind));
	put_verdict(out, u->sva.capable);
	switch (u->kind) {
	case IOMMU_KIND_INTEL_VTD:
	case IOMMU_KIND_AMD_VI:
		if (f->pasid_bits > 0)
			fprintf(out, "    PASID %d bits", f->pasid_bits);
		else
			fprintf(out, "    PASID %s", tri_yn(f->pasid));
		fprintf(out, ", page requests %s, first-level %s",
			tri_yn(f->prs), tri_yn(f->first_level));
		if (u->kind == IOMMU_KIND_INTEL_VTD)
			fprintf(out, ", scalable mode %s, coherent walks (SMPWC) %s",
				f->smts == TRI_NO ? "not implemented" :
				tri_word(k->scalable_mode),
				tri_yn(f->smpwc));
		fputc('\n', out);
		break;
	case IOMMU_KIND_ARM_SMMU_V3:
	case IOMMU_KIND_UNKNOWN:
		break;
	}
	put_reasons(out, &u->sva, ORIGIN_IOMMU, ORIGIN_IOMMU, NULL, 4);
}

/*
 * "@sep@name on" or "off" when the capability is there and its state known
 * (true: the caller adds the details), else "absent" or "unknown".
 */
static bool put_cap_state(FILE *out, const char *sep, const char *name,
			  enum tri present, enum tri enabled)
{
	fprintf(out, "%s%s ", sep, name);
	if (present == TRI_YES && enabled != TRI_UNKNOWN) {
		fputs(enabled == TRI_YES ? "on" : "off", out);
		return true;
	}
	fputs(present == TRI_NO ? "absent" : "unknown", out);
	return false;
}

static void put_pci_caps(FILE *out, const struct device *d, int indent)
{
	const struct pcie_caps *c = &d->pci.caps;

	if (c->walk == ECAP_WALK_UNREADABLE || d->pci.config_read < 0)
		return;
	if (c->walk == ECAP_WALK_NO_EXT_SPACE)
		return;
	fprintf(out, "%*s", indent, "");
	if (put_cap_state(out, "", "ATS", c->ats.present, c->ats.enabled))
		fprintf(out, " (STU %d, queue %d)", c->ats.stu,
			c->ats.queue_depth);
	if (put_cap_state(out, "; ", "PRI", c->pri.present, c->pri.enabled))
		fprintf(out, " (%lld requests%s)",
			(long long)c->pri.max_requests,
			d->pci.pri_from_pf ? ", from the PF" : "");
	if (put_cap_state(out, "; ", "PASID", c->pasid.present,
			  c->pasid.enabled))
		fprintf(out, " (%d bits%s%s%s)", c->pasid.width,
			c->pasid.exec == TRI_YES ? ", exec" : "",
			c->pasid.priv == TRI_YES ? ", priv" : "",
			d->pci.pasid_from_pf ? ", from the PF" : "");
	fputc('\n', out);
}

static void put_device(FILE *out, const struct device *d, int indent,
		       const char *skip_code)
{
	char names[256];

	/* sysfs names are bytes: escaped as every untrusted string is */
	fprintf(out, "%*s%s", indent, "", esc(d->name));
	if (d->is_pci && d->pci.have_ids) {
		/* as lspci -nn: names first, then the numbers */
		if (pci_vendor_device_text(d->pci.vendor, d->pci.device,
					   names, sizeof(names)))
			fprintf(out, " %s", esc(names));
		fprintf(out, " [%04x:%04x] class %06x", d->pci.vendor,
			d->pci.device, d->pci.class);
	}
	else if (!d->is_pci)
		fprintf(out, " (%s)", esc(d->bus));
	fprintf(out, ", %s", d->driver ? esc(d->driver) : "no driver");
	put_verdict(out, d->sva.capable);
	if (d->is_pci)
		put_pci_caps(out, d, indent + 4);
	else if (!strcmp(d->bus, "platform") && d->plat.have_of_node)
		fprintf(out, "%*ssubstreams %d bits, stall %s\n", indent + 4,
			"", d->plat.pasid_bits, tri_word(d->plat.can_stall));
	if (!put_reasons(out, &d->sva, ORIGIN_DEVICE, ORIGIN_DEVICE, skip_code,
			 indent + 4) && d->sva.capable == TRI_NO &&
	    !skip_code)
		put_one_blocking(out, &d->sva, indent + 4);
}

static void put_group(FILE *out, const struct list_view *v,
		      const struct group *g, int indent)
{
	int blocking;
	size_t i;

	fprintf(out, "%*s%sGroup %u%s (%s, ", indent, "", vs_color("bold"),
		g->id, vs_color("reset"),
		g->type_raw[0] ? g->type_raw : "type unknown");
	if (!g->node_present)
		fprintf(out, "no %s", g->vfio_node);
	else if (g->accessible != TRI_YES)
		fprintf(out, "%s not accessible", g->vfio_node);
	else
		fputs(g->vfio_node, out);
	if (g->held_by)
		fprintf(out, " held by %s", g->held_by);
	fprintf(out, ", %s)", g->viable ? "viable" : "not viable");
	put_verdict(out, g->sva.capable);
	/*
	 * The kernel's reasons are on the first line, once; a group they
	 * alone decide repeats them, so that its verdict is explained here.
	 */
	if (verdict_has_origin(&g->sva, ORIGIN_GROUP) ||
	    verdict_has_origin(&g->sva, ORIGIN_IOMMU) || g->nr_members > 1 ||
	    (g->nr_members &&
	     v->m->devices[g->members[0]].sva.capable != TRI_YES))
		blocking = put_reasons(out, &g->sva, ORIGIN_GROUP,
				       ORIGIN_GROUP, NULL, indent + 2);
	else
		blocking = put_reasons(out, &g->sva, ORIGIN_KERNEL,
				       ORIGIN_GROUP, NULL, indent + 2);
	if (g->sva.capable == TRI_NO && !blocking)
		put_one_blocking(out, &g->sva, indent + 2);
	for (i = 0; i < g->nr_members; i++)
		if (view_device(v, g->members[i]))
			put_device(out, &v->m->devices[g->members[i]],
				   indent + 2, NULL);
}

static void put_no_iommu(FILE *out, const struct machine *m)
{
	fputs("No IOMMU is active: /sys/class/iommu is empty and no device is in an IOMMU group,\n"
	      "so no device can be handed to VFIO and none can use SVA here.\n",
	      out);
	if (m->kernel.hypervisor == TRI_YES)
		fputs("This is a virtual machine (CPU flag \"hypervisor\"): its hypervisor must offer a\n"
		      "virtual IOMMU (for QEMU: -device intel-iommu,intremap=on,caching-mode=on).\n",
		      out);
	else
		fputs("Enable VT-d or AMD-Vi in the firmware and boot with intel_iommu=on or amd_iommu=on.\n",
		      out);
}

void list_text(FILE *out, const struct list_view *v)
{
	const struct machine *m = v->m;
	bool any_ungrouped = false;
	size_t i, j;

	put_kernel(out, m);
	if (!m->nr_iommus && !m->nr_groups && !v->filtered) {
		fputc('\n', out);
		put_no_iommu(out, m);
	}
	for (i = 0; i < m->nr_mismatches; i++)
		fprintf(out, "Note: IOMMU units disagree on %s: %s %s it, %s %s not\n",
			m->mismatches[i].feature, m->mismatches[i].have,
			strchr(m->mismatches[i].have, ' ') ? "have" : "has",
			m->mismatches[i].lack,
			strchr(m->mismatches[i].lack, ' ') ? "do" : "does");

	for (i = 0; i < m->nr_iommus; i++) {
		const struct iommu_unit *u = &m->iommus[i];

		if (!view_iommu(v, i))
			continue;
		fputc('\n', out);
		put_unit(out, u, &m->kernel);
		for (j = 0; j < m->nr_groups; j++)
			if (view_group(v, j) && m->groups[j].iommu &&
			    !strcmp(m->groups[j].iommu, u->name))
				put_group(out, v, &m->groups[j], 2);
	}

	for (j = 0; j < m->nr_groups; j++) {
		const struct group *g = &m->groups[j];

		if (!view_group(v, j) ||
		    machine_find_iommu(m, g->iommu))
			continue;
		fputc('\n', out);
		put_group(out, v, g, 0);
	}

	for (i = 0; i < m->nr_devices; i++) {
		if (m->devices[i].group >= 0 || !view_device(v, i))
			continue;
		if (!any_ungrouped)
			fprintf(out, "\n%sDevices in no IOMMU group%s (no IOMMU translates their DMA):\n",
				vs_color("bold"), vs_color("reset"));
		any_ungrouped = true;
		put_device(out, &m->devices[i], 2, "no-iommu-group");
	}
}
