/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_PRINT_H
#define VFIO_SVA_HOLDER_PRINT_H

/*
 * What bind, unbind and status print, for text and for JSON at once, from
 * the model of what holders report (held_bond.h), through the print layer
 * (print.h): one call per field.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "held_bond.h"
#include "holder_status.h"
#include "print.h"

/*
 * The JSON of the contract, as a value of its own (the caller puts it):
 * {pid, kind, tracking, uid} for a holder; {pid, comm, pasid, groups,
 * state, since, uid, made, ended, ended_at, holder} for a bond.
 */
struct json_object *held_holder_json(const struct held_holder *h);
struct json_object *held_bond_json(const struct held_bond *b);

/*
 * The same as a holder sends them (holder_serve.c), the protocol's one
 * definition: a holder without "uid", which a client takes from the
 * socket's peer rather than from the holder's word.
 */
struct json_object *held_holder_wire_json(const struct held_holder *h);
struct json_object *held_bond_wire_json(const struct held_bond *b);

/* JSON only: @b as held_bond_json() has it, the member @key (monitor). */
void print_held_bond(enum print_type t, const char *key,
		     const struct held_bond *b);

/*
 * status: the table of @a's bonds (a USER column when root sees several
 * users' bonds) and whether a holder runs, or {"bonds", "holders",
 * "unreachable"}. 0 or -1 (stdout failed).
 */
int print_status(const struct holders_answer *a);

/* unbind: a line per bond removed, or {pid, pasid, groups, holder, bonds}. */
int print_unbound(pid_t pid, const struct held_bonds *done);

/* A bond bind made, as it reports it. */
struct bound {
	pid_t pid;
	const char *comm;		/* as the kernel names the process */
	uint32_t pasid;
	const unsigned int *groups;
	size_t nr_groups;
	pid_t holder;
	enum held_kind kind;
	enum held_made made;
};

/* bind: "pid N (comm) bound to group G: PASID P" and who holds it. */
int print_bound(const struct bound *b);

#endif
