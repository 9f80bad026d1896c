/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_SERVICE_H
#define VFIO_SVA_SERVICE_H

/*
 * How the daemon meets its service manager, through libsystemd: the socket
 * systemd listens on for it (vfio-sva.socket), readiness and status
 * (Type=notify), and the journal's priority prefixes on stderr. Without
 * systemd each of these is a no-op.
 */
#include <stdbool.h>
#include <systemd/sd-daemon.h>	/* SD_ERR, SD_WARNING, SD_INFO */

/*
 * The listening socket systemd passed for @path: a descriptor (close on
 * exec, non-blocking), -ENOENT when none was passed, or another negative
 * errno with @why set when what was passed is not one SOCK_SEQPACKET socket
 * listening on @path.
 */
int service_listen_fd(const char *path, const char **why);

/*
 * Does a socket bound at @path itself listen (as systemd's is: a daemon's
 * own is bound under a temporary name and renamed into place)? Asked of
 * /proc/net/unix, without connecting, which would start the service.
 */
bool service_socket_unit_listens(const char *path);

/* Tell systemd: "READY=1", "STOPPING=1", "STATUS=..." (sd_notify(3)). */
void service_notify(const char *state);

/*
 * @level (SD_ERR, SD_WARNING, SD_INFO) when stderr is the journal, which
 * $JOURNAL_STREAM says by its device and inode; "" otherwise.
 */
const char *service_log_prefix(const char *level);

/* Whether stderr is the journal: its lines need no time or pid of ours. */
bool service_journal_stderr(void);

#endif
