// SPDX-License-Identifier: GPL-2.0
/*
 * The list document in JSON, written as the model is walked with the
 * streaming writer (json_writer.h): the bytes are json-c's own, as every
 * other command prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_writer.h"
#include "list_view.h"
#include "pci_names.h"
#include "report.h"
#include "verdict_json.h"
#include "xalloc.h"

static void j_reasons(struct jw *w, const struct verdict *v)
{
	size_t i;

	jw_open_array(w, "reasons");
	for (i = 0; i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];

		jw_open_object(w, NULL);
		jw_str(w, "code", r->code);
		jw_bool(w, "blocking", r->blocking);
		jw_str(w, "origin", reason_origin_name(r->origin));
		jw_str(w, "subject", r->subject);
		jw_str(w, "message", r->message);
		jw_close(w);
	}
	jw_close(w);
}

static void j_verdict(struct jw *w, const struct verdict *v)
{
	jw_open_object(w, "sva");
	jw_str(w, "capable", tri_word(v->capable));
	j_reasons(w, v);
	jw_close(w);
}

static void j_kernel(struct jw *w, const struct machine *m)
{
	const struct kernel_facts *k = &m->kernel;

	jw_open_object(w, "kernel");
	jw_str(w, "release", k->release);
	jw_str(w, "arch", k->arch);
	jw_str(w, "version", k->proc_version[0] ? k->proc_version : NULL);
	jw_str(w, "distribution", k->id.distro == DISTRO_UNPARSED ? NULL :
	       kernel_distro_name(k->id.distro));
	jw_str(w, "upstream_version", k->id.upstream[0] ? k->id.upstream :
	       NULL);
	jw_str(w, "package_version", k->id.package[0] ? k->id.package : NULL);
	jw_tri_bool(w, "fix_marker", k->fix_marker);
	jw_str(w, "fix_marker_reason", k->fix_marker_why);
	jw_tri_bool(w, "vfio_pci_module", k->vfio_pci_module);
	jw_str(w, "vfio_pci_module_reason", k->vfio_pci_module_why);
	jw_bool(w, "vfio", k->vfio);
	jw_bool(w, "iommufd", k->iommufd);
	jw_bool(w, "iommu_active", m->nr_iommus || m->nr_groups);
	jw_str(w, "bind_ioctl", tri_word(k->bind_ioctl));
	jw_str(w, "bind_ioctl_reason", k->bind_ioctl_why);
	jw_str(w, "bind_interface", bind_iface_name(k->bind_iface));
	jw_tri_bool(w, "scalable_mode", k->scalable_mode);
	jw_str(w, "scalable_mode_reason", k->scalable_mode_why);
	jw_str(w, "sva", tri_word(m->kernel_sva.capable));
	j_reasons(w, &m->kernel_sva);
	jw_close(w);
}

static void j_features(struct jw *w, const struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;

	jw_open_object(w, "features");
	jw_tri_bool(w, "pasid", f->pasid);
	jw_tri_bool(w, "prs", f->prs);
	jw_tri_bool(w, "first_level", f->first_level);
	jw_tri_bool(w, "ats", f->ats);
	if (u->kind == IOMMU_KIND_INTEL_VTD) {
		jw_tri_bool(w, "srs", f->srs);
		jw_tri_bool(w, "smts", f->smts);
		jw_tri_bool(w, "nest", f->nest);
		jw_tri_bool(w, "ers", f->ers);
		jw_tri_bool(w, "slts", f->slts);
		jw_tri_bool(w, "fl1gp", f->fl1gp);
		jw_tri_bool(w, "fl5lp", f->fl5lp);
		jw_tri_bool(w, "smpwc", f->smpwc);
	}
	jw_close(w);
}

static void j_registers(struct jw *w, const struct iommu_unit *u)
{
	jw_open_object(w, "registers");
	if (u->kind == IOMMU_KIND_INTEL_VTD) {
		jw_hex_or_null(w, "cap", u->have_cap, u->cap, 16);
		jw_hex_or_null(w, "ecap", u->have_ecap, u->ecap, 16);
		jw_str(w, "version", u->version[0] ? u->version : NULL);
	} else if (u->kind == IOMMU_KIND_AMD_VI) {
		jw_hex_or_null(w, "cap", u->have_cap, u->cap, 8);
		jw_hex_or_null(w, "efr", u->have_efr, u->efr, 16);
		jw_hex_or_null(w, "efr2", u->have_efr2, u->efr2, 16);
	}
	jw_close(w);
}

static void j_iommu(struct jw *w, const struct iommu_unit *u)
{
	jw_open_object(w, NULL);
	jw_str(w, "name", u->name);
	jw_str(w, "kind", iommu_kind_name(u->kind));
	jw_int_or_null(w, "pasid_bits", u->feat.pasid_bits);
	jw_tri_bool(w, "prs", u->feat.prs);
	jw_str(w, "sva", tri_word(u->sva.capable));
	j_reasons(w, &u->sva);
	j_features(w, u);
	j_registers(w, u);
	jw_close(w);
}

static void j_ats(struct jw *w, const struct ats_cap *c)
{
	jw_open_object(w, "ats");
	jw_tri_bool(w, "present", c->present);
	jw_tri_bool(w, "enabled", c->enabled);
	jw_int_or_null(w, "stu", c->stu);
	jw_int_or_null(w, "queue_depth", c->queue_depth);
	jw_tri_bool(w, "page_aligned", c->page_aligned);
	jw_close(w);
}

static void j_pri(struct jw *w, const struct pri_cap *c, bool from_pf)
{
	jw_open_object(w, "pri");
	jw_tri_bool(w, "present", c->present);
	jw_tri_bool(w, "enabled", c->enabled);
	jw_int_or_null(w, "max_requests", c->max_requests);
	jw_int_or_null(w, "allocated", c->allocated);
	jw_tri_bool(w, "stopped", c->stopped);
	jw_tri_bool(w, "pasid_required", c->pasid_required);
	jw_bool(w, "from_pf", from_pf);
	jw_close(w);
}

static void j_pasid(struct jw *w, const struct pasid_cap *c, bool from_pf)
{
	jw_open_object(w, "pasid");
	jw_tri_bool(w, "present", c->present);
	jw_tri_bool(w, "enabled", c->enabled);
	jw_int_or_null(w, "width", c->width);
	jw_tri_bool(w, "exec", c->exec);
	jw_tri_bool(w, "priv", c->priv);
	jw_bool(w, "from_pf", from_pf);
	jw_close(w);
}

/* Same members as for PCI: ATS and PRI do not exist off PCI Express. */
static void j_platform_caps(struct jw *w, const struct device *d)
{
	const struct ats_cap ats = { TRI_NO, TRI_NO, 0, -1, -1, TRI_UNKNOWN };
	const struct pri_cap pri = { TRI_NO, TRI_NO, 0, -1, -1, TRI_UNKNOWN,
				     TRI_UNKNOWN };
	struct pasid_cap pasid = { TRI_UNKNOWN, TRI_UNKNOWN, 0, -1,
				   TRI_UNKNOWN, TRI_UNKNOWN };

	if (d->plat.pasid_bits >= 0) {
		pasid.present = tri_of(d->plat.pasid_bits > 0);
		pasid.width = d->plat.pasid_bits > 0 ? d->plat.pasid_bits : -1;
	}
	j_ats(w, &ats);
	j_pri(w, &pri, false);
	j_pasid(w, &pasid, false);
	jw_tri_bool(w, "can_stall", d->plat.can_stall);
}

static void j_device(struct jw *w, const struct device *d)
{
	const struct pci_device_info *p = &d->pci;
	bool ids = d->is_pci && p->have_ids;
	char vname[128], dname[192];

	jw_open_object(w, NULL);
	jw_str(w, "name", d->name);
	jw_str(w, "bus", d->bus);
	if (ids) {
		jw_hex(w, "vendor", p->vendor, 4);
		jw_hex(w, "device", p->device, 4);
		jw_hex(w, "class", p->class, 6);
		jw_str(w, "vendor_name", pci_vendor_name(p->vendor, vname,
							 sizeof(vname)));
		jw_str(w, "device_name", pci_device_name(p->vendor, p->device,
							 dname, sizeof(dname)));
	} else {
		jw_null(w, "vendor");
		jw_null(w, "device");
		jw_null(w, "class");
		jw_null(w, "vendor_name");
		jw_null(w, "device_name");
	}
	jw_str(w, "driver", d->driver);
	jw_str(w, "iommu", d->iommu);
	jw_int_or_null(w, "group", d->group);
	jw_str(w, "vfio_device", d->vfio_cdev);
	jw_tri_bool(w, "config_readable", d->config_readable);
	if (d->is_pci) {
		jw_int_or_null(w, "config_size", p->config_read);
		jw_tri_bool(w, "pcie", p->caps.is_pcie);
		jw_str(w, "ecap_walk", p->config_read < 0 ? NULL :
		       ecap_walk_name(p->caps.walk));
		jw_str(w, "pf", p->pf);
		j_ats(w, &p->caps.ats);
		j_pri(w, &p->caps.pri, p->pri_from_pf);
		j_pasid(w, &p->caps.pasid, p->pasid_from_pf);
	} else {
		j_platform_caps(w, d);
	}
	j_verdict(w, &d->sva);
	jw_close(w);
}

static void j_regions(struct jw *w, const struct group *g)
{
	char buf[24];
	int i;

	jw_open_array(w, "reserved_regions");
	for (i = 0; i < g->nr_regions; i++) {
		jw_open_object(w, NULL);
		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)g->regions[i].start);
		jw_str(w, "start", buf);
		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)g->regions[i].end);
		jw_str(w, "end", buf);
		jw_str(w, "type", g->regions[i].type);
		jw_close(w);
	}
	jw_close(w);
}

static void j_group(struct jw *w, const struct list_view *v,
		    const struct group *g)
{
	size_t i;

	jw_open_object(w, NULL);
	jw_int(w, "id", g->id);
	jw_str(w, "type", g->type_raw[0] ? g->type_raw : NULL);
	jw_str(w, "iommu", g->iommu);
	jw_open_object(w, "vfio");
	jw_str(w, "node", g->vfio_node);
	jw_bool(w, "present", g->node_present);
	jw_tri_bool(w, "accessible", g->accessible);
	jw_bool(w, "viable", g->viable);
	jw_str(w, "held_by", g->held_by);
	jw_close(w);
	j_verdict(w, &g->sva);
	jw_open_array(w, "devices");
	for (i = 0; i < g->nr_members; i++)
		if (view_device(v, g->members[i]))
			j_device(w, &v->m->devices[g->members[i]]);
	jw_close(w);
	j_regions(w, g);
	jw_close(w);
}

/* "dmar0 dmar1" as ["dmar0","dmar1"] */
static void j_names(struct jw *w, const char *key, const char *names)
{
	char *copy = xstrdup(names), *tok, *save;

	jw_open_array(w, key);
	for (tok = strtok_r(copy, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		jw_str(w, NULL, tok);
	jw_close(w);
	free(copy);
}

static void j_mismatches(struct jw *w, const struct machine *m)
{
	size_t i;

	jw_open_array(w, "mismatches");
	for (i = 0; i < m->nr_mismatches; i++) {
		jw_open_object(w, NULL);
		jw_str(w, "feature", m->mismatches[i].feature);
		j_names(w, "have", m->mismatches[i].have);
		j_names(w, "lack", m->mismatches[i].lack);
		jw_close(w);
	}
	jw_close(w);
}

int list_json(FILE *out, const struct list_view *v)
{
	const struct machine *m = v->m;
	struct jw w;
	size_t i;

	jw_init(&w, out, vs_out.pretty);

	jw_open_object(&w, NULL);
	jw_int(&w, "schema", VS_JSON_SCHEMA);
	j_kernel(&w, m);
	jw_open_array(&w, "iommus");
	for (i = 0; i < m->nr_iommus; i++)
		if (view_iommu(v, i))
			j_iommu(&w, &m->iommus[i]);
	jw_close(&w);
	j_mismatches(&w, m);
	jw_open_array(&w, "groups");
	for (i = 0; i < m->nr_groups; i++)
		if (view_group(v, i))
			j_group(&w, v, &m->groups[i]);
	jw_close(&w);
	jw_open_array(&w, "ungrouped");
	for (i = 0; i < m->nr_devices; i++)
		if (m->devices[i].group < 0 && view_device(v, i))
			j_device(&w, &m->devices[i]);
	jw_close(&w);
	jw_close(&w);
	putc_unlocked('\n', out);
	return fflush(out) == EOF || ferror(out) ? -1 : 0;
}
