// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: injected faults. `ctl fault OP ERRNO [COUNT]
 * [SKIP]` makes the next COUNT calls of OP, after SKIP calls that go
 * through, fail with ERRNO before the model looks at them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmodel.h"

static const char *const op_names[KM_OP_COUNT] = {
	[KM_OP_OPEN_CONTAINER] = "open-container",
	[KM_OP_OPEN_GROUP] = "open-group",
	[KM_OP_GET_API_VERSION] = "get-api-version",
	[KM_OP_CHECK_EXTENSION] = "check-extension",
	[KM_OP_SET_IOMMU] = "set-iommu",
	[KM_OP_GET_STATUS] = "get-status",
	[KM_OP_SET_CONTAINER] = "set-container",
	[KM_OP_UNSET_CONTAINER] = "unset-container",
	[KM_OP_BIND] = "bind",
	[KM_OP_UNBIND] = "unbind",
};

const char *km_op_name(enum km_op op)
{
	return op < KM_OP_COUNT ? op_names[op] : "?";
}

int km_op_parse(const char *name)
{
	int i;

	for (i = 0; i < KM_OP_COUNT; i++)
		if (!strcmp(name, op_names[i]))
			return i;
	return -1;
}

int km_fault_hit(struct km_model *m, enum km_op op)
{
	struct km_fault *f = &m->faults[op];
	int err = f->err;

	if (!err)
		return 0;
	if (f->skip) {
		f->skip--;
		return 0;
	}
	if (--f->count == 0)
		f->err = 0;
	km_log(m, "%s: injected %s", km_op_name(op), km_errno_name(err));
	return -err;
}

/* "ENOMEM" or "12": a positive errno value, or -1. */
int km_errno_parse(const char *s)
{
	char *end;
	long v;
	int i;

	if (s[0] >= '0' && s[0] <= '9') {
		v = strtol(s, &end, 10);
		return *end || v <= 0 || v > 4095 ? -1 : (int)v;
	}
	for (i = 1; i < 4096; i++) {
		const char *n = strerrorname_np(i);

		if (n && !strcmp(n, s))
			return i;
	}
	return -1;
}

const char *km_errno_name(int err)
{
	static char buf[16];
	const char *n = strerrorname_np(err);

	if (n)
		return n;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}
