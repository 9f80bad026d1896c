// SPDX-License-Identifier: GPL-2.0
/*
 * The documented exit statuses: from a negative errno, and their names
 * in JSON error documents.
 */
#include <errno.h>

#include "exit_codes.h"

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

const char *vs_exit_name(enum vs_exit code)
{
	switch (code) {
	case VS_EXIT_OK:
		return "ok";
	case VS_EXIT_NOT_FOUND:
		return "not-found";
	case VS_EXIT_NOT_SUPPORTED:
		return "not-supported";
	case VS_EXIT_PERMISSION:
		return "permission-denied";
	case VS_EXIT_BUSY:
		return "busy";
	case VS_EXIT_PARTIAL:
		return "partial";
	case VS_EXIT_TARGET_EXITED:
		return "target-exited";
	case VS_EXIT_TARGET_EXECED:
		return "target-execed";
	case VS_EXIT_SVA_UNKNOWN:
		return "sva-unknown";
	case VS_EXIT_USAGE:
		return "usage";
	case VS_EXIT_FAILURE:
	default:
		return "failure";
	}
}
