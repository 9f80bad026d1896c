// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list_view.h"
#include "report.h"
#include "xalloc.h"

static const char *const origin_names[] = {
	[ORIGIN_KERNEL] = "kernel",
	[ORIGIN_IOMMU] = "iommu",
	[ORIGIN_DEVICE] = "device",
	[ORIGIN_GROUP] = "group",
};

static struct json_object *j_tri_bool(enum tri t)
{
	return t == TRI_UNKNOWN ? NULL : json_object_new_boolean(t == TRI_YES);
}

static struct json_object *j_int_or_null(int64_t v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

static struct json_object *j_str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *j_hex(uint64_t v, int digits)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%0*llx", digits, (unsigned long long)v);
	return json_object_new_string(buf);
}

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *j_reasons(const struct verdict *v)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];
		struct json_object *o = json_object_new_object();

		add(o, "code", json_object_new_string(r->code));
		add(o, "blocking", json_object_new_boolean(r->blocking));
		add(o, "origin", json_object_new_string(origin_names[r->origin]));
		add(o, "subject", json_object_new_string(r->subject));
		add(o, "message", json_object_new_string(r->message));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *j_verdict(const struct verdict *v)
{
	struct json_object *o = json_object_new_object();

	add(o, "capable", json_object_new_string(tri_word(v->capable)));
	add(o, "reasons", j_reasons(v));
	return o;
}

static struct json_object *j_kernel(const struct machine *m)
{
	const struct kernel_facts *k = &m->kernel;
	struct json_object *o = json_object_new_object();

	add(o, "release", json_object_new_string(k->release));
	add(o, "vfio", json_object_new_boolean(k->vfio));
	add(o, "iommufd", json_object_new_boolean(k->iommufd));
	add(o, "iommu_active",
	    json_object_new_boolean(m->nr_iommus || m->nr_groups));
	add(o, "bind_ioctl", json_object_new_string(tri_word(k->bind_ioctl)));
	add(o, "bind_ioctl_reason", json_object_new_string(k->bind_ioctl_why));
	add(o, "scalable_mode", j_tri_bool(k->scalable_mode));
	add(o, "scalable_mode_reason",
	    json_object_new_string(k->scalable_mode_why));
	return o;
}

static struct json_object *j_features(const struct iommu_unit *u)
{
	const struct iommu_features *f = &u->feat;
	struct json_object *o = json_object_new_object();

	add(o, "pasid", j_tri_bool(f->pasid));
	add(o, "prs", j_tri_bool(f->prs));
	add(o, "first_level", j_tri_bool(f->first_level));
	add(o, "ats", j_tri_bool(f->ats));
	if (u->kind == IOMMU_KIND_INTEL_VTD) {
		add(o, "srs", j_tri_bool(f->srs));
		add(o, "smts", j_tri_bool(f->smts));
		add(o, "nest", j_tri_bool(f->nest));
		add(o, "ers", j_tri_bool(f->ers));
		add(o, "slts", j_tri_bool(f->slts));
		add(o, "fl1gp", j_tri_bool(f->fl1gp));
		add(o, "fl5lp", j_tri_bool(f->fl5lp));
	}
	return o;
}

static struct json_object *j_registers(const struct iommu_unit *u)
{
	struct json_object *o = json_object_new_object();

	if (u->kind == IOMMU_KIND_INTEL_VTD) {
		add(o, "cap", u->have_cap ? j_hex(u->cap, 16) : NULL);
		add(o, "ecap", u->have_ecap ? j_hex(u->ecap, 16) : NULL);
		add(o, "version", u->version[0] ?
		    json_object_new_string(u->version) : NULL);
	} else if (u->kind == IOMMU_KIND_AMD_VI) {
		add(o, "cap", u->have_cap ? j_hex(u->cap, 8) : NULL);
		add(o, "efr", u->have_efr ? j_hex(u->efr, 16) : NULL);
		add(o, "efr2", u->have_efr2 ? j_hex(u->efr2, 16) : NULL);
	}
	return o;
}

static struct json_object *j_iommu(const struct iommu_unit *u)
{
	struct json_object *o = json_object_new_object();

	add(o, "name", json_object_new_string(u->name));
	add(o, "kind", json_object_new_string(iommu_kind_name(u->kind)));
	add(o, "pasid_bits", j_int_or_null(u->feat.pasid_bits));
	add(o, "prs", j_tri_bool(u->feat.prs));
	add(o, "sva", json_object_new_string(tri_word(u->sva.capable)));
	add(o, "reasons", j_reasons(&u->sva));
	add(o, "features", j_features(u));
	add(o, "registers", j_registers(u));
	return o;
}

static struct json_object *j_ats(const struct ats_cap *c)
{
	struct json_object *o = json_object_new_object();

	add(o, "present", j_tri_bool(c->present));
	add(o, "enabled", j_tri_bool(c->enabled));
	add(o, "stu", j_int_or_null(c->stu));
	add(o, "queue_depth", j_int_or_null(c->queue_depth));
	add(o, "page_aligned", j_tri_bool(c->page_aligned));
	return o;
}

static struct json_object *j_pri(const struct pri_cap *c, bool from_pf)
{
	struct json_object *o = json_object_new_object();

	add(o, "present", j_tri_bool(c->present));
	add(o, "enabled", j_tri_bool(c->enabled));
	add(o, "max_requests", j_int_or_null(c->max_requests));
	add(o, "allocated", j_int_or_null(c->allocated));
	add(o, "stopped", j_tri_bool(c->stopped));
	add(o, "pasid_required", j_tri_bool(c->pasid_required));
	add(o, "from_pf", json_object_new_boolean(from_pf));
	return o;
}

static struct json_object *j_pasid(const struct pasid_cap *c, bool from_pf)
{
	struct json_object *o = json_object_new_object();

	add(o, "present", j_tri_bool(c->present));
	add(o, "enabled", j_tri_bool(c->enabled));
	add(o, "width", j_int_or_null(c->width));
	add(o, "exec", j_tri_bool(c->exec));
	add(o, "priv", j_tri_bool(c->priv));
	add(o, "from_pf", json_object_new_boolean(from_pf));
	return o;
}

/* Same members as for PCI: ATS and PRI do not exist off PCI Express. */
static void j_platform_caps(struct json_object *o, const struct device *d)
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
	add(o, "ats", j_ats(&ats));
	add(o, "pri", j_pri(&pri, false));
	add(o, "pasid", j_pasid(&pasid, false));
	add(o, "can_stall", j_tri_bool(d->plat.can_stall));
}

static struct json_object *j_device(const struct device *d)
{
	struct json_object *o = json_object_new_object();
	const struct pci_device_info *p = &d->pci;

	add(o, "name", json_object_new_string(d->name));
	add(o, "bus", json_object_new_string(d->bus));
	add(o, "vendor", d->is_pci && p->have_ids ? j_hex(p->vendor, 4) : NULL);
	add(o, "device", d->is_pci && p->have_ids ? j_hex(p->device, 4) : NULL);
	add(o, "class", d->is_pci && p->have_ids ? j_hex(p->class, 6) : NULL);
	add(o, "driver", j_str_or_null(d->driver));
	add(o, "iommu", j_str_or_null(d->iommu));
	add(o, "group", d->group < 0 ? NULL : json_object_new_int64(d->group));
	add(o, "vfio_device", j_str_or_null(d->vfio_cdev));
	add(o, "config_readable", j_tri_bool(d->config_readable));
	if (d->is_pci) {
		add(o, "config_size", j_int_or_null(p->config_read));
		add(o, "pcie", j_tri_bool(p->caps.is_pcie));
		add(o, "pf", j_str_or_null(p->pf));
		add(o, "ats", j_ats(&p->caps.ats));
		add(o, "pri", j_pri(&p->caps.pri, p->pri_from_pf));
		add(o, "pasid", j_pasid(&p->caps.pasid, p->pasid_from_pf));
	} else {
		j_platform_caps(o, d);
	}
	add(o, "sva", j_verdict(&d->sva));
	return o;
}

static struct json_object *j_regions(const struct group *g)
{
	struct json_object *arr = json_object_new_array();
	int i;

	for (i = 0; i < g->nr_regions; i++) {
		struct json_object *o = json_object_new_object();
		char buf[24];

		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)g->regions[i].start);
		add(o, "start", json_object_new_string(buf));
		snprintf(buf, sizeof(buf), "0x%016llx",
			 (unsigned long long)g->regions[i].end);
		add(o, "end", json_object_new_string(buf));
		add(o, "type", json_object_new_string(g->regions[i].type));
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *j_group(const struct list_view *v,
				   const struct group *g)
{
	struct json_object *o = json_object_new_object();
	struct json_object *vfio = json_object_new_object();
	struct json_object *devs = json_object_new_array();
	size_t i;

	add(o, "id", json_object_new_int64(g->id));
	add(o, "type", g->type_raw[0] ? json_object_new_string(g->type_raw) :
					 NULL);
	add(o, "iommu", j_str_or_null(g->iommu));
	add(vfio, "node", json_object_new_string(g->vfio_node));
	add(vfio, "present", json_object_new_boolean(g->node_present));
	add(vfio, "accessible", j_tri_bool(g->accessible));
	add(vfio, "viable", json_object_new_boolean(g->viable));
	add(o, "vfio", vfio);
	add(o, "sva", j_verdict(&g->sva));
	for (i = 0; i < g->nr_members; i++)
		if (view_device(v, g->members[i]))
			json_object_array_add(devs,
				j_device(&v->m->devices[g->members[i]]));
	add(o, "devices", devs);
	add(o, "reserved_regions", j_regions(g));
	return o;
}

static struct json_object *j_mismatches(const struct machine *m)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; i < m->nr_mismatches; i++) {
		struct json_object *o = json_object_new_object();
		struct json_object *have = json_object_new_array();
		struct json_object *lack = json_object_new_array();
		char *names, *tok, *save;

		add(o, "feature", json_object_new_string(m->mismatches[i].feature));
		names = xstrdup(m->mismatches[i].have);
		for (tok = strtok_r(names, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			json_object_array_add(have, json_object_new_string(tok));
		free(names);
		names = xstrdup(m->mismatches[i].lack);
		for (tok = strtok_r(names, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save))
			json_object_array_add(lack, json_object_new_string(tok));
		free(names);
		add(o, "have", have);
		add(o, "lack", lack);
		json_object_array_add(arr, o);
	}
	return arr;
}

struct json_object *list_json(const struct list_view *v)
{
	const struct machine *m = v->m;
	struct json_object *doc = vs_json_doc();
	struct json_object *iommus = json_object_new_array();
	struct json_object *groups = json_object_new_array();
	struct json_object *ungrouped = json_object_new_array();
	size_t i;

	add(doc, "kernel", j_kernel(m));
	for (i = 0; i < m->nr_iommus; i++)
		if (view_iommu(v, i))
			json_object_array_add(iommus, j_iommu(&m->iommus[i]));
	add(doc, "iommus", iommus);
	add(doc, "mismatches", j_mismatches(m));
	for (i = 0; i < m->nr_groups; i++)
		if (view_group(v, i))
			json_object_array_add(groups, j_group(v, &m->groups[i]));
	add(doc, "groups", groups);
	for (i = 0; i < m->nr_devices; i++)
		if (m->devices[i].group < 0 && view_device(v, i))
			json_object_array_add(ungrouped,
					      j_device(&m->devices[i]));
	add(doc, "ungrouped", ungrouped);
	return doc;
}
