// SPDX-License-Identifier: GPL-2.0
/*
 * The model of what holders report: a bond and its holder, parsed from a
 * holder's JSON with every member checked (src/holders/holder_print.c renders
 * them). Nothing a holder sends reaches a command's output unless it
 * passed held_bond_parse().
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "held_bond.h"
#include "macros.h"
#include "name_table.h"
#include "text_escape.h"
#include "xalloc.h"

static const char *const kind_names[] = {
	[HELD_KIND_DAEMON] = "daemon",
	[HELD_KIND_HOLD] = "hold",
};

static const char *const state_names[] = {
	[HELD_ACTIVE] = "active",
	[HELD_DEFUNCT] = "defunct",
};

static const char *const made_names[] = {
	[HELD_MADE_MEM_FD] = "holder-mem-fd",
	[HELD_MADE_PID] = "holder-pid",
	[HELD_MADE_CLIENT] = "client-reported",
};

static const char *const end_names[] = {
	[HELD_END_NONE] = NULL,
	[HELD_END_EXITED] = "exited",
	[HELD_END_EXECED] = "execed",
};

const char *held_kind_name(enum held_kind kind)
{
	return kind_names[kind];
}

const char *held_state_name(enum held_state state)
{
	return state_names[state];
}

const char *held_made_name(enum held_made made)
{
	return made_names[made];
}

int held_made_from_name(const char *name)
{
	int i = name_index(made_names, ARRAY_SIZE(made_names), name);

	return i < 0 ? -EPROTO : i;
}

const char *held_end_name(enum held_end end)
{
	return end_names[end];
}

/* An int member in [@min, @max]: 0 or -EPROTO. */
static int get_int(struct json_object *o, const char *key, int64_t min,
		   int64_t max, int64_t *v)
{
	struct json_object *m;

	if (!json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_int))
		return -EPROTO;
	/* json-c clamps what does not fit an int64: out of range either way */
	*v = json_object_get_int64(m);
	return *v < min || *v > max ? -EPROTO : 0;
}

/*
 * A string member, made valid UTF-8, into @buf: 0, 1 for null when
 * @nullable, or -EPROTO (missing, another type, too long).
 */
static int get_text(struct json_object *o, const char *key, bool nullable,
		    char *buf, size_t size)
{
	struct json_object *m;
	char *s;
	int ret = 0;

	if (!json_object_object_get_ex(o, key, &m))
		return -EPROTO;
	if (!m) {
		buf[0] = '\0';
		return nullable ? 1 : -EPROTO;
	}
	if (!json_object_is_type(m, json_type_string))
		return -EPROTO;
	s = utf8_sanitize(json_object_get_string(m),
			  (size_t)json_object_get_string_len(m));
	if (strlen(s) >= size)
		ret = -EPROTO;
	else
		snprintf(buf, size, "%s", s);
	free(s);
	return ret;
}

/* A string member that names one of @names[]: its index, or -EPROTO. */
static int get_name(struct json_object *o, const char *key,
		    const char *const *names, size_t n)
{
	struct json_object *m;
	int i;

	if (!json_object_object_get_ex(o, key, &m) ||
	    !json_object_is_type(m, json_type_string))
		return -EPROTO;
	i = name_index(names, n, json_object_get_string(m));
	return i < 0 ? -EPROTO : i;
}

int held_holder_parse(struct json_object *o, const struct peer *server,
		      struct held_holder *h)
{
	int kind;

	memset(h, 0, sizeof(*h));
	if (!json_object_is_type(o, json_type_object))
		return -EPROTO;
	kind = get_name(o, "kind", kind_names, ARRAY_SIZE(kind_names));
	if (kind < 0)
		return kind;
	h->kind = (enum held_kind)kind;
	h->pid = server->pid;
	h->uid = server->uid;
	return get_text(o, "tracking", false, h->tracking,
			sizeof(h->tracking));
}

static int get_groups(struct json_object *o, struct held_bond *b)
{
	struct json_object *list;
	size_t i, n;

	if (!json_object_object_get_ex(o, "groups", &list) ||
	    !json_object_is_type(list, json_type_array))
		return -EPROTO;
	n = json_object_array_length(list);
	if (n > ARRAY_SIZE(b->groups))
		return -EPROTO;
	for (i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(list, i);
		int64_t v;

		if (!json_object_is_type(g, json_type_int))
			return -EPROTO;
		v = json_object_get_int64(g);
		if (v < 0 || v > UINT_MAX)
			return -EPROTO;
		b->groups[i] = (unsigned int)v;
	}
	b->nr_groups = n;
	return 0;
}

/* state, ended and ended_at say the same: a defunct bond ended, at a time */
static int get_end(struct json_object *o, struct held_bond *b)
{
	struct json_object *m;
	int state, end, at;

	state = get_name(o, "state", state_names, ARRAY_SIZE(state_names));
	if (state < 0)
		return state;
	b->state = (enum held_state)state;
	if (!json_object_object_get_ex(o, "ended", &m))
		return -EPROTO;
	end = !m ? HELD_END_NONE :
	      get_name(o, "ended", end_names, ARRAY_SIZE(end_names));
	if (end < 0)
		return end;
	b->ended = (enum held_end)end;
	at = get_text(o, "ended_at", true, b->ended_at, sizeof(b->ended_at));
	if (at < 0)
		return at;
	if ((b->state == HELD_DEFUNCT) != (b->ended != HELD_END_NONE) ||
	    (b->ended != HELD_END_NONE) != !at)
		return -EPROTO;
	return 0;
}

int held_bond_parse(struct json_object *o, const struct peer *server,
		    struct held_bond *b)
{
	struct json_object *h;
	int64_t v;
	int ret;

	memset(b, 0, sizeof(*b));
	if (!json_object_is_type(o, json_type_object))
		return -EPROTO;
	ret = get_int(o, "uid", 0, (int64_t)UINT32_MAX - 1, &v);
	if (ret)
		return ret;
	b->uid = (uid_t)v;
	/* only root's own holders speak for other users */
	if (server->uid && b->uid != server->uid)
		return -EPERM;
	ret = get_int(o, "pid", 1, INT_MAX, &v);
	if (ret)
		return ret;
	b->pid = (pid_t)v;
	ret = get_int(o, "pasid", 0, UINT32_MAX, &v);
	if (ret)
		return ret;
	b->pasid = (uint32_t)v;
	ret = get_text(o, "comm", false, b->comm, sizeof(b->comm));
	if (!ret)
		ret = get_groups(o, b);
	if (!ret)
		ret = get_text(o, "since", false, b->since, sizeof(b->since));
	if (!ret)
		ret = get_end(o, b);
	if (ret)
		return ret;
	ret = get_name(o, "made", made_names, ARRAY_SIZE(made_names));
	if (ret < 0)
		return ret;
	b->made = (enum held_made)ret;
	if (!json_object_object_get_ex(o, "holder", &h))
		return -EPROTO;
	return held_holder_parse(h, server, &b->holder);
}

bool held_bond_has_group(const struct held_bond *b, unsigned int group)
{
	size_t i;

	for (i = 0; i < b->nr_groups; i++)
		if (b->groups[i] == group)
			return true;
	return false;
}

struct held_bond *held_bonds_add(struct held_bonds *l)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	return &l->v[l->n++];
}

void held_bonds_free(struct held_bonds *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
