/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HELD_BOND_H
#define VFIO_SVA_HELD_BOND_H

/*
 * What a holder reports, as the client keeps it: a bond and the holder
 * that keeps it, parsed from the holder's JSON (which the client does not
 * trust); src/holders/holder_print.h renders it.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "group_access.h"
#include "holder_proto.h"

/* Room for a name or a time a holder sends, made valid UTF-8. */
#define HELD_TEXT_MAX	256

enum held_kind {
	HELD_KIND_DAEMON,
	HELD_KIND_HOLD,
};

enum held_state {
	HELD_ACTIVE,
	HELD_DEFUNCT,
};

/* How a defunct bond ended. */
enum held_end {
	HELD_END_NONE,
	HELD_END_EXITED,
	HELD_END_EXECED,
};

/* Who issued the bind (README: "made"). */
enum held_made {
	HELD_MADE_MEM_FD,
	HELD_MADE_PID,
	HELD_MADE_CLIENT,
};

struct held_holder {
	pid_t pid;			/* the socket peer's, not the claim */
	uid_t uid;			/* the socket peer's */
	enum held_kind kind;
	char tracking[HELD_TEXT_MAX];	/* "proc-connector", "pidfd", ... */
};

struct held_bond {
	pid_t pid;
	char comm[HELD_TEXT_MAX];
	uint32_t pasid;
	unsigned int groups[PROTO_MAX_GROUPS];
	size_t nr_groups;
	enum held_state state;
	char since[HELD_TEXT_MAX];
	uid_t uid;			/* who made it */
	enum held_made made;
	enum held_end ended;		/* HELD_END_NONE unless defunct */
	char ended_at[HELD_TEXT_MAX];	/* "" unless defunct */
	struct held_holder holder;
};

/* A list of bonds, grown one at a time. */
struct held_bonds {
	struct held_bond *v;
	size_t n;
};

/* A new zeroed bond at the end of @l. */
struct held_bond *held_bonds_add(struct held_bonds *l);
void held_bonds_free(struct held_bonds *l);

/*
 * The description a holder gives of itself ({pid, kind, tracking}), its
 * pid and uid replaced by those of @server, the socket's peer. 0 or
 * -EPROTO for a description that is not the protocol's.
 */
int held_holder_parse(struct json_object *o, const struct peer *server,
		      struct held_holder *h);

/*
 * One bond as holder @server sends it (holder_serve.c: bond_json()): every
 * member of its type and range, strings made valid UTF-8, the holder's pid
 * and uid the socket peer's. Members the protocol does not name are
 * ignored. 0, -EPROTO for a bond that is not the protocol's, or -EPERM for
 * a bond of another uid from a holder not run by root (a user's holder
 * speaks for that user alone).
 */
int held_bond_parse(struct json_object *o, const struct peer *server,
		    struct held_bond *b);

/* Does @b's container hold @group? */
bool held_bond_has_group(const struct held_bond *b, unsigned int group);

const char *held_kind_name(enum held_kind kind);
const char *held_state_name(enum held_state state);
const char *held_made_name(enum held_made made);
/* The enum held_made that @name names, or -EPROTO. */
int held_made_from_name(const char *name);
/* "exited", "execed", or NULL for HELD_END_NONE */
const char *held_end_name(enum held_end end);

#endif
