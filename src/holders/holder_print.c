// SPDX-License-Identifier: GPL-2.0
/*
 * Rendering what holders report, once for text and JSON: the status
 * table, the bonds unbind removed, the bond bind made, and each as the
 * JSON contract's value of its own.
 */
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "holder_print.h"
#include "print.h"

/* The status table's GROUPS column was always cut at this many bytes. */
#define STATUS_GROUPS_TEXT	64

/* An array of group ids, or "6,7,12" in a column of @size bytes at most. */
static void print_groups(enum print_type t, const char *key, const char *fmt,
			 const unsigned int *groups, size_t n, size_t size)
{
	char buf[GROUPS_TEXT_MAX];
	size_t i;

	print_open_array(t, key);
	for (i = 0; i < n; i++)
		print_uint(t & PRINT_JSON, NULL, NULL, groups[i]);
	print_close_array(t);
	groups_text(groups, n, buf, size < sizeof(buf) ? size : sizeof(buf));
	print_string(t & PRINT_FP, NULL, fmt, buf);
}

/*
 * Whose form: the command's document, or the protocol's (a holder's reply:
 * no holder "uid", which a client takes from the socket's peer).
 */
enum held_form {
	FORM_DOC,
	FORM_WIRE,
};

static void print_holder(enum print_type t, const char *key,
			 const struct held_holder *h, enum held_form form)
{
	print_open_object(t, key);
	print_int(t, "pid", NULL, h->pid);
	print_string(t, "kind", NULL, held_kind_name(h->kind));
	print_string(t, "tracking", NULL, h->tracking);
	if (form == FORM_DOC)
		print_uint(t, "uid", NULL, h->uid);
	print_close_object(t);
}

/* "exited", "exec'd": how a defunct bond ended, in the STATE column */
static const char *state_word(const struct held_bond *b)
{
	switch (b->ended) {
	case HELD_END_EXITED:
		return "exited";
	case HELD_END_EXECED:
		return "exec'd";
	case HELD_END_NONE:
		break;
	}
	return held_state_name(b->state);
}

static void print_user(const struct held_bond *b)
{
	struct passwd *pw = getpwuid(b->uid);

	if (pw && strlen(pw->pw_name) < 16)
		print_text("%-12s ", pw->pw_name);
	else
		print_text("%-12u ", (unsigned int)b->uid);
}

/* One bond: a row of the status table, or its object; @users: USER column */
static void print_bond(enum print_type t, const struct held_bond *b,
		       bool users, enum held_form form)
{
	const enum print_type fp = t & PRINT_FP, json = t & PRINT_JSON;
	bool ended = b->ended != HELD_END_NONE;

	print_open_object(json, NULL);
	if (users && fp)
		print_user(b);
	print_int(t, "pid", "%-8d ", b->pid);
	print_string(t, "comm", "%-16s ", b->comm);
	print_uint(t, "pasid", "%-6u ", b->pasid);
	print_groups(t, "groups", "%-12s ", b->groups, b->nr_groups,
		     STATUS_GROUPS_TEXT);
	print_string(json, "state", NULL, held_state_name(b->state));
	print_string(fp, NULL, "%-8s ", state_word(b));
	print_string(t, "since", "%-21s ", b->since);
	print_uint(json, "uid", NULL, b->uid);
	print_string(t, "made", "%-15s ", held_made_name(b->made));
	print_string(json, "ended", NULL, held_end_name(b->ended));
	print_string(json, "ended_at", NULL, ended ? b->ended_at : NULL);
	/* the text's HOLDER column: "daemon 1234 (pidfd)" */
	print_string(fp, NULL, "%s ", held_kind_name(b->holder.kind));
	print_int(fp, NULL, "%d ", b->holder.pid);
	print_string(fp, NULL, "(%s)", b->holder.tracking);
	print_holder(json, "holder", &b->holder, form);
	if (b->state == HELD_DEFUNCT)
		print_string(fp, NULL, ", ended at %s", b->ended_at);
	if (fp)
		print_text("\n");
	print_close_object(json);
}

static struct json_object *capture(const void *what,
				   void (*render)(const void *what))
{
	struct json_object *root = json_object_new_array(), *v;
	struct print_capture saved;

	print_capture_begin(root, &saved);
	render(what);
	print_capture_end(&saved);
	v = json_object_get(json_object_array_get_idx(root, 0));
	json_object_put(root);
	return v;
}

static void render_holder(const void *h)
{
	print_holder(PRINT_JSON, NULL, h, FORM_DOC);
}

static void render_bond(const void *b)
{
	print_bond(PRINT_JSON, b, false, FORM_DOC);
}

static void render_wire_holder(const void *h)
{
	print_holder(PRINT_JSON, NULL, h, FORM_WIRE);
}

static void render_wire_bond(const void *b)
{
	print_bond(PRINT_JSON, b, false, FORM_WIRE);
}

static void print_unreachable(const struct held_unreachable *u)
{
	print_open_object(PRINT_JSON, NULL);
	print_string(PRINT_JSON, "socket", NULL, u->socket);
	if (u->uid_known)
		print_uint(PRINT_JSON, "uid", NULL, u->uid);
	else
		print_null(PRINT_JSON, "uid");
	print_int(PRINT_JSON, "errno", NULL, -u->err);
	print_string(PRINT_JSON, "reason", NULL, u->reason);
	print_close_object(PRINT_JSON);
}

struct json_object *held_holder_json(const struct held_holder *h)
{
	return capture(h, render_holder);
}

struct json_object *held_bond_json(const struct held_bond *b)
{
	return capture(b, render_bond);
}

struct json_object *held_holder_wire_json(const struct held_holder *h)
{
	return capture(h, render_wire_holder);
}

struct json_object *held_bond_wire_json(const struct held_bond *b)
{
	return capture(b, render_wire_bond);
}

/* Root sees several users' bonds: then the table says whose each is. */
static bool several_users(const struct held_bonds *l)
{
	size_t i;

	if (geteuid() != 0)
		return false;
	for (i = 1; i < l->n; i++)
		if (l->v[i].uid != l->v[0].uid)
			return true;
	return false;
}

int print_status(const struct holders_answer *a)
{
	bool partial = a->nr_unreachable > 0;
	bool users = several_users(&a->bonds);
	size_t i;

	print_doc_begin();
	/* never "no bonds" while a holder did not say */
	if (!a->bonds.n)
		print_text("%s\n", partial ?
			   "No bonds from the holders that answered." :
			   "No bonds.");
	else if (users)
		print_text("%-12s ", "USER");
	if (a->bonds.n)
		print_text("%-8s %-16s %-6s %-12s %-8s %-21s %-15s %s\n",
			   "PID", "COMMAND", "PASID", "GROUPS", "STATE",
			   "SINCE", "MADE", "HOLDER");
	print_open_array(PRINT_JSON, "bonds");
	for (i = 0; i < a->bonds.n; i++)
		print_bond(PRINT_ANY, &a->bonds.v[i], users, FORM_DOC);
	print_close_array(PRINT_JSON);
	print_open_array(PRINT_JSON, "holders");
	for (i = 0; i < a->nr_holders; i++)
		print_holder(PRINT_JSON, NULL, &a->holders[i], FORM_DOC);
	print_close_array(PRINT_JSON);
	if (!a->nr_answered && !partial)
		print_text("No vfio-sva holder is running.\n");
	print_open_array(PRINT_JSON, "unreachable");
	for (i = 0; i < a->nr_unreachable; i++)
		print_unreachable(&a->unreachable[i]);
	print_close_array(PRINT_JSON);
	return print_doc_end();
}

int print_unbound(pid_t pid, const struct held_bonds *done)
{
	const struct held_bond *first = &done->v[0];
	size_t i;

	print_doc_begin();
	print_int(PRINT_JSON, "pid", NULL, pid);
	print_uint(PRINT_JSON, "pasid", NULL, first->pasid);
	print_groups(PRINT_JSON, "groups", NULL, first->groups,
		     first->nr_groups, 0);
	print_holder(PRINT_JSON, "holder", &first->holder,
		     FORM_DOC);
	print_open_array(PRINT_JSON, "bonds");
	for (i = 0; i < done->n; i++) {
		const struct held_bond *b = &done->v[i];

		print_bond(PRINT_JSON, b, false, FORM_DOC);
		print_int(PRINT_FP, NULL, "pid %d ", pid);
		print_string(PRINT_FP, NULL, "(%s) unbound from ", b->comm);
		print_text("group%s ", b->nr_groups > 1 ? "s" : "");
		print_groups(PRINT_FP, NULL, "%s", b->groups, b->nr_groups,
			     GROUPS_TEXT_MAX);
		print_uint(PRINT_FP, NULL, " (PASID %u)\n", b->pasid);
	}
	print_close_array(PRINT_JSON);
	return print_doc_end();
}

int print_bound(const struct bound *b)
{
	int ret;

	print_doc_begin();
	print_int(PRINT_ANY, "pid", "pid %d ", b->pid);
	print_string(PRINT_ANY, "comm", "(%s) ", b->comm);
	print_uint(PRINT_JSON, "pasid", NULL, b->pasid);
	print_text("bound to group%s ", b->nr_groups > 1 ? "s" : "");
	print_groups(PRINT_ANY, "groups", "%s", b->groups, b->nr_groups,
		     GROUPS_TEXT_MAX);
	print_uint(PRINT_FP, NULL, ": PASID %u\n", b->pasid);
	print_open_object(PRINT_JSON, "holder");
	print_int(PRINT_JSON, "pid", NULL, b->holder);
	print_string(PRINT_JSON, "kind", NULL, held_kind_name(b->kind));
	print_close_object(PRINT_JSON);
	print_string(PRINT_JSON, "made", NULL, held_made_name(b->made));
	if (b->kind == HELD_KIND_DAEMON)
		print_int(PRINT_FP, NULL,
			  "held by the vfio-sva daemon (pid %d)\n", b->holder);
	else
		print_int(PRINT_FP, NULL,
			  "held by this command (pid %d) until the process exits or execs, or a signal arrives\n",
			  b->holder);
	ret = print_doc_end();
	if (!print_json_on())
		fflush(stdout);
	return ret;
}

void print_held_bond(enum print_type t, const char *key,
		     const struct held_bond *b)
{
	/* no bond rendered for a text that would not show it */
	if ((t & PRINT_JSON) && print_json_on())
		print_value(PRINT_JSON, key, held_bond_json(b));
}
