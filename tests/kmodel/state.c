// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: the state document of `ctl state`. Its members are
 * described in README.md; tests read it to see bonds appear and go.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "kmodel.h"

static void add(struct json_object *o, const char *key, struct json_object *v)
{
	json_object_object_add(o, key, v);
}

static struct json_object *space_ref(const struct km_space *as)
{
	struct json_object *o = json_object_new_object();

	add(o, "pid", json_object_new_int(as->pid));
	add(o, "pasid", json_object_new_int64(as->pasid));
	return o;
}

static struct json_object *container_json(const struct km_container *c)
{
	struct json_object *o = json_object_new_object();
	struct json_object *groups = json_object_new_array();
	struct json_object *bonds = json_object_new_array();
	const struct km_group *g;
	const struct km_bond *b;

	for (g = c->groups; g; g = g->cnext)
		json_object_array_add(groups, json_object_new_int64(g->id));
	for (b = c->bonds; b; b = b->next)
		json_object_array_add(bonds, space_ref(b->as));
	add(o, "id", json_object_new_int64(c->id));
	add(o, "open_fds", json_object_new_int(c->open ? 1 : 0));
	add(o, "iommu", json_object_new_boolean(c->iommu != 0));
	add(o, "iommu_type", json_object_new_int64((int64_t)c->iommu));
	add(o, "groups", groups);
	add(o, "bonds", bonds);
	return o;
}

static struct json_object *group_json(const struct km_group *g)
{
	struct json_object *o = json_object_new_object();
	struct json_object *bonds = json_object_new_array();
	size_t i;

	for (i = 0; i < g->nbound; i++)
		json_object_array_add(bonds, space_ref(g->bound[i]));
	add(o, "id", json_object_new_int64(g->id));
	add(o, "container", g->container ?
	    json_object_new_int64(g->container->id) : NULL);
	add(o, "devices", json_object_new_int64(g->facts.ndev));
	add(o, "viable", json_object_new_boolean(km_facts_viable(&g->facts)));
	add(o, "bonds", bonds);
	return o;
}

static struct json_object *space_json(const struct km_space *as)
{
	struct json_object *o = json_object_new_object();

	add(o, "pid", json_object_new_int(as->pid));
	add(o, "starttime", json_object_new_int64((int64_t)as->starttime));
	add(o, "exec_gen", json_object_new_int64(as->gen));
	add(o, "pasid", json_object_new_int64(as->pasid));
	add(o, "containers", json_object_new_int64(as->users));
	return o;
}

char *km_state_json(const struct km_model *m)
{
	struct json_object *o = json_object_new_object();
	struct json_object *cs = json_object_new_array();
	struct json_object *gs = json_object_new_array();
	struct json_object *ss = json_object_new_array();
	struct json_object *fs = json_object_new_array();
	const struct km_container *c;
	const struct km_group *g;
	const struct km_space *as;
	char *out;
	int i;

	/* Lists are built newest first; print them in creation order. */
	for (i = 0, c = m->containers; c; c = c->next)
		i++;
	for (c = m->containers; c; c = c->next)
		json_object_array_put_idx(cs, (size_t)--i, container_json(c));
	for (i = 0, g = m->groups; g; g = g->next)
		i++;
	for (g = m->groups; g; g = g->next)
		json_object_array_put_idx(gs, (size_t)--i, group_json(g));
	for (i = 0, as = m->spaces; as; as = as->next)
		i++;
	for (as = m->spaces; as; as = as->next)
		json_object_array_put_idx(ss, (size_t)--i, space_json(as));
	for (i = 0; i < KM_OP_COUNT; i++) {
		const struct km_fault *f = &m->faults[i];
		struct json_object *fo;

		if (!f->err)
			continue;
		fo = json_object_new_object();
		add(fo, "op", json_object_new_string(km_op_name(i)));
		add(fo, "errno", json_object_new_string(km_errno_name(f->err)));
		add(fo, "count", json_object_new_int64(f->count));
		add(fo, "skip", json_object_new_int64(f->skip));
		json_object_array_add(fs, fo);
	}
	add(o, "kmodel", json_object_new_int(KMODEL_VERSION));
	add(o, "root", json_object_new_string(m->root));
	add(o, "stock", json_object_new_boolean(m->stock));
	add(o, "module", json_object_new_boolean(!m->stock && !m->no_module));
	add(o, "exec_tracking", json_object_new_boolean(m->pe != NULL));
	add(o, "containers", cs);
	add(o, "groups", gs);
	add(o, "address_spaces", ss);
	add(o, "faults", fs);
	out = strdup(json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return out;
}
