// SPDX-License-Identifier: GPL-2.0
/*
 * The list document, written as it is walked: on a host with thousands of
 * functions a json-c tree of it takes tens of megabytes and most of the
 * run. The bytes are json-c's own (json_object_to_json_string_ext with
 * NOSLASHESCAPE, plain or PRETTY | SPACED), as every other command prints.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "list_view.h"
#include "pci_names.h"
#include "text_escape.h"
#include "report.h"
#include "verdict_json.h"
#include "xalloc.h"

#define JW_MAX_DEPTH	8

struct jw {
	FILE *out;
	bool pretty;
	int depth;			/* containers open */
	bool array[JW_MAX_DEPTH];
	bool had[JW_MAX_DEPTH];		/* a member was written */
};

/* Millions of small writes: stdio without its per-call lock (one thread). */
static void jw_puts(struct jw *w, const char *s)
{
	fputs_unlocked(s, w->out);
}

static void jw_indent(struct jw *w, int level)
{
	static const char spaces[] = "                ";
	size_t n = 2 * (size_t)level;

	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;

		fwrite_unlocked(spaces, 1, k, w->out);
		n -= k;
	}
}

/* What json-c writes before each member of an object or array. */
static void jw_member(struct jw *w)
{
	if (!w->depth)
		return;
	if (w->had[w->depth - 1])
		jw_puts(w, w->pretty ? ",\n" : ",");
	w->had[w->depth - 1] = true;
	if (w->pretty)
		jw_indent(w, w->depth);
}

static void jw_value(struct jw *w)
{
	if (w->depth && w->array[w->depth - 1])
		jw_member(w);
}

/*
 * json-c's escaping: control characters, '"' and '\', never '/'; and a
 * byte of no valid UTF-8 sequence (sysfs names are bytes) becomes U+FFFD,
 * so that the document is always valid UTF-8.
 */
static void jw_escaped(struct jw *w, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char u[8];

	putc_unlocked('"', w->out);
	for (;; p++) {
		if (*p >= 0x80) {
			/* reads no further than a NUL: it ends any sequence */
			size_t n = utf8_seq_len(p, 4);

			if (n) {
				p += n - 1;
				continue;
			}
			fwrite_unlocked(run, 1, (size_t)(p - run), w->out);
			jw_puts(w, "\xef\xbf\xbd");
			run = p + 1;
			continue;
		}
		if (*p >= ' ' && *p != '"' && *p != '\\')
			continue;
		fwrite_unlocked(run, 1, (size_t)(p - run), w->out);
		if (!*p)
			break;
		run = p + 1;
		switch (*p) {
		case '\b':
			jw_puts(w, "\\b");
			break;
		case '\n':
			jw_puts(w, "\\n");
			break;
		case '\r':
			jw_puts(w, "\\r");
			break;
		case '\t':
			jw_puts(w, "\\t");
			break;
		case '\f':
			jw_puts(w, "\\f");
			break;
		case '"':
			jw_puts(w, "\\\"");
			break;
		case '\\':
			jw_puts(w, "\\\\");
			break;
		default:
			snprintf(u, sizeof(u), "\\u00%c%c", hex[*p >> 4],
				 hex[*p & 0xf]);
			jw_puts(w, u);
		}
	}
	putc_unlocked('"', w->out);
}

static void jw_key(struct jw *w, const char *key)
{
	jw_member(w);
	jw_escaped(w, key);
	jw_puts(w, w->pretty ? ": " : ":");
}

static void jw_open(struct jw *w, const char *key, bool array)
{
	if (key)
		jw_key(w, key);
	else
		jw_value(w);
	putc_unlocked(array ? '[' : '{', w->out);
	if (w->pretty)
		putc_unlocked('\n', w->out);
	if (w->depth == JW_MAX_DEPTH)
		abort();
	w->array[w->depth] = array;
	w->had[w->depth++] = false;
}

static void jw_close(struct jw *w)
{
	w->depth--;
	if (w->pretty) {
		if (w->had[w->depth])
			putc_unlocked('\n', w->out);
		jw_indent(w, w->depth);
	}
	putc_unlocked(w->array[w->depth] ? ']' : '}', w->out);
}

static void jw_str(struct jw *w, const char *key, const char *s)
{
	if (key)
		jw_key(w, key);
	else
		jw_value(w);
	if (s)
		jw_escaped(w, s);
	else
		jw_puts(w, "null");
}

static void jw_int(struct jw *w, const char *key, int64_t v)
{
	char buf[24];

	jw_key(w, key);
	snprintf(buf, sizeof(buf), "%" PRId64, v);
	jw_puts(w, buf);
}

static void jw_bool(struct jw *w, const char *key, bool b)
{
	jw_key(w, key);
	jw_puts(w, b ? "true" : "false");
}

static void jw_null(struct jw *w, const char *key)
{
	jw_key(w, key);
	jw_puts(w, "null");
}

static void jw_tri_bool(struct jw *w, const char *key, enum tri t)
{
	if (t == TRI_UNKNOWN)
		jw_null(w, key);
	else
		jw_bool(w, key, t == TRI_YES);
}

static void jw_int_or_null(struct jw *w, const char *key, int64_t v)
{
	if (v < 0)
		jw_null(w, key);
	else
		jw_int(w, key, v);
}

static void jw_hex(struct jw *w, const char *key, uint64_t v, int digits)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%0*llx", digits, (unsigned long long)v);
	jw_str(w, key, buf);
}

static void jw_hex_or_null(struct jw *w, const char *key, bool have,
			   uint64_t v, int digits)
{
	if (have)
		jw_hex(w, key, v, digits);
	else
		jw_null(w, key);
}

static void j_reasons(struct jw *w, const struct verdict *v)
{
	size_t i;

	jw_open(w, "reasons", true);
	for (i = 0; i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];

		jw_open(w, NULL, false);
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
	jw_open(w, "sva", false);
	jw_str(w, "capable", tri_word(v->capable));
	j_reasons(w, v);
	jw_close(w);
}

static void j_kernel(struct jw *w, const struct machine *m)
{
	const struct kernel_facts *k = &m->kernel;

	jw_open(w, "kernel", false);
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

	jw_open(w, "features", false);
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
	jw_open(w, "registers", false);
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
	jw_open(w, NULL, false);
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
	jw_open(w, "ats", false);
	jw_tri_bool(w, "present", c->present);
	jw_tri_bool(w, "enabled", c->enabled);
	jw_int_or_null(w, "stu", c->stu);
	jw_int_or_null(w, "queue_depth", c->queue_depth);
	jw_tri_bool(w, "page_aligned", c->page_aligned);
	jw_close(w);
}

static void j_pri(struct jw *w, const struct pri_cap *c, bool from_pf)
{
	jw_open(w, "pri", false);
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
	jw_open(w, "pasid", false);
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

	jw_open(w, NULL, false);
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

	jw_open(w, "reserved_regions", true);
	for (i = 0; i < g->nr_regions; i++) {
		jw_open(w, NULL, false);
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

	jw_open(w, NULL, false);
	jw_int(w, "id", g->id);
	jw_str(w, "type", g->type_raw[0] ? g->type_raw : NULL);
	jw_str(w, "iommu", g->iommu);
	jw_open(w, "vfio", false);
	jw_str(w, "node", g->vfio_node);
	jw_bool(w, "present", g->node_present);
	jw_tri_bool(w, "accessible", g->accessible);
	jw_bool(w, "viable", g->viable);
	jw_str(w, "held_by", g->held_by);
	jw_close(w);
	j_verdict(w, &g->sva);
	jw_open(w, "devices", true);
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

	jw_open(w, key, true);
	for (tok = strtok_r(copy, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save))
		jw_str(w, NULL, tok);
	jw_close(w);
	free(copy);
}

static void j_mismatches(struct jw *w, const struct machine *m)
{
	size_t i;

	jw_open(w, "mismatches", true);
	for (i = 0; i < m->nr_mismatches; i++) {
		jw_open(w, NULL, false);
		jw_str(w, "feature", m->mismatches[i].feature);
		j_names(w, "have", m->mismatches[i].have);
		j_names(w, "lack", m->mismatches[i].lack);
		jw_close(w);
	}
	jw_close(w);
}

int list_json(FILE *out, const struct list_view *v)
{
	struct jw w = { .out = out, .pretty = vs_out.pretty };
	const struct machine *m = v->m;
	size_t i;

	jw_open(&w, NULL, false);
	jw_int(&w, "schema", VS_JSON_SCHEMA);
	j_kernel(&w, m);
	jw_open(&w, "iommus", true);
	for (i = 0; i < m->nr_iommus; i++)
		if (view_iommu(v, i))
			j_iommu(&w, &m->iommus[i]);
	jw_close(&w);
	j_mismatches(&w, m);
	jw_open(&w, "groups", true);
	for (i = 0; i < m->nr_groups; i++)
		if (view_group(v, i))
			j_group(&w, v, &m->groups[i]);
	jw_close(&w);
	jw_open(&w, "ungrouped", true);
	for (i = 0; i < m->nr_devices; i++)
		if (m->devices[i].group < 0 && view_device(v, i))
			j_device(&w, &m->devices[i]);
	jw_close(&w);
	jw_close(&w);
	putc_unlocked('\n', out);
	return fflush(out) == EOF || ferror(out) ? -1 : 0;
}
