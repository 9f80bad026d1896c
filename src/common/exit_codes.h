/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_EXIT_CODES_H
#define VFIO_SVA_EXIT_CODES_H

/*
 * The documented exit statuses of vfio-sva (see vfio-sva(8), EXIT STATUS).
 * 64 is argp's (and sysexits') usage error.
 */
enum vs_exit {
	VS_EXIT_OK = 0,
	VS_EXIT_FAILURE = 1,
	VS_EXIT_NOT_FOUND = 2,
	VS_EXIT_NOT_SUPPORTED = 3,
	VS_EXIT_PERMISSION = 4,
	VS_EXIT_BUSY = 5,
	/* the answer is partial: a holder did not answer in time */
	VS_EXIT_PARTIAL = 6,
	/* bind --hold: why the holder let go of the bond */
	VS_EXIT_TARGET_EXITED = 10,
	VS_EXIT_TARGET_EXECED = 11,
	/* check: the verdict is unknown (3 says no, 0 yes) */
	VS_EXIT_SVA_UNKNOWN = 12,
	VS_EXIT_USAGE = 64,
};

/* The exit class an errno value falls into. */
enum vs_exit vs_exit_from_errno(int err);

/* Short stable name of an exit class, as used in JSON "error" objects. */
const char *vs_exit_name(enum vs_exit code);

#endif
