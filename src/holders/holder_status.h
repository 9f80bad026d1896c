/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_STATUS_H
#define VFIO_SVA_HOLDER_STATUS_H

/*
 * What the holders keep: every holder asked at once for its bonds, page
 * after page, within the command's budget, into the model (held_bond.h).
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <json-c/json.h>

#include "held_bond.h"
#include "holder_client.h"

/* A holder that did not answer in full. */
struct held_unreachable {
	char socket[PATH_MAX];		/* valid UTF-8 */
	bool uid_known;			/* its directory's owner was seen */
	uid_t uid;
	int err;			/* a negative errno */
	char reason[128];
};

struct holders_answer {
	struct held_bonds bonds;	/* holder by holder, each in its order */
	size_t *bonds_end;		/* [i]: where holder i's bonds end */
	size_t nr_asked;
	size_t nr_answered;		/* in full */
	struct held_holder *holders;	/* as they described themselves */
	size_t nr_holders;
	struct held_unreachable *unreachable;
	size_t nr_unreachable;
};

/*
 * Ask every holder in @paths at once for its bonds, within the command's
 * budget, into @a (free it with holders_answer_free()). A holder that did
 * not answer in full is in a->unreachable; a socket nobody listens on is
 * no holder and not listed.
 */
void holders_ask(char (*paths)[PATH_MAX], size_t n, struct holders_answer *a);
void holders_answer_free(struct holders_answer *a);

/* Holder @i's bonds in @a: *@first, and the count returned. */
size_t holders_answer_of(const struct holders_answer *a, size_t i,
			 const struct held_bond **first);

/*
 * The bonds of a status (or unbind) reply that this holder may speak for,
 * appended to @out: held_bond_parse() says which.
 */
void holder_take_held(const struct holder_conn *hc, struct json_object *reply,
		      struct held_bonds *out);

/*
 * The bond of an unbind reply ("bond"), into @b if this holder may speak
 * for it: 0, -ENOENT for a reply without one, or held_bond_parse()'s
 * refusal.
 */
int holder_take_one(const struct holder_conn *hc, struct json_object *reply,
		    struct held_bond *b);

/* Why a holder could not be asked, in words, for messages. */
const char *holder_error_text(int err, char *buf, size_t size);

/* A warning line on stderr for each holder of @a that did not answer. */
void holder_warn_unreachable(const char *cmd, const struct holders_answer *a);

/*
 * Does one of our own holders keep a bond on @group? Then @buf says which
 * ("the vfio-sva daemon holds it (pid N) for the bond of pid M (comm)").
 */
bool holder_holding_group(unsigned int group, char *buf, size_t size);

#endif
