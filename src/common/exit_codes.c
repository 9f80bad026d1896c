// SPDX-License-Identifier: GPL-2.0
/*
 * The documented exit statuses: from a negative errno, and their names
 * in JSON error documents.
 */
#include <errno.h>

#include "exit_codes.h"
#include "name_table.h"

enum vs_exit vs_exit_from_errno(int err)
{
	switch (err) {
	case 0:
		return VS_EXIT_OK;
	case ENOENT:
	case ESRCH:
	case ENXIO:
		return VS_EXIT_NOT_FOUND;
	case ENOTTY:
	case ENODEV:
	case EOPNOTSUPP:
	case ENOSYS:
		return VS_EXIT_NOT_SUPPORTED;
	case EPERM:
	case EACCES:
		return VS_EXIT_PERMISSION;
	case EBUSY:
		return VS_EXIT_BUSY;
	default:
		return VS_EXIT_FAILURE;
	}
}

static const char *const vs_exit_names[] = {
	[VS_EXIT_OK] = "ok",
	[VS_EXIT_NOT_FOUND] = "not-found",
	[VS_EXIT_NOT_SUPPORTED] = "not-supported",
	[VS_EXIT_PERMISSION] = "permission-denied",
	[VS_EXIT_BUSY] = "busy",
	[VS_EXIT_PARTIAL] = "partial",
	[VS_EXIT_TARGET_EXITED] = "target-exited",
	[VS_EXIT_TARGET_EXECED] = "target-execed",
	[VS_EXIT_SVA_UNKNOWN] = "sva-unknown",
	[VS_EXIT_USAGE] = "usage",
	[VS_EXIT_FAILURE] = "failure",
};

const char *vs_exit_name(enum vs_exit code)
{
	return NAME_IN(vs_exit_names, code, "failure");
}
