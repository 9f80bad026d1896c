/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_H
#define VFIO_SVA_HOLDER_H

/*
 * A holder keeps VFIO containers open so that bonds outlive the command
 * that made them: `vfio-sva daemon` for any number of containers, `bind
 * --hold` for its own single bond. Both serve status, unbind and watch
 * requests on a unix socket in their runtime directory, watch each bound
 * target (pidfd for exit, the proc connector for exec) and mark bonds whose
 * target is gone defunct, closing containers no active bond needs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum holder_kind {
	HOLDER_DAEMON,
	HOLDER_HOLD,
};

/* Why a --hold holder let go; its exit status follows from it. */
enum holder_end {
	HOLDER_END_SIGNAL,
	HOLDER_END_UNBOUND,
	HOLDER_END_TARGET_EXITED,
	HOLDER_END_TARGET_EXECED,
	HOLDER_END_ERROR,
};

struct holder;

/*
 * A new holder in *@out, which takes the runtime directory @dir: for a
 * daemon, the lock (-EBUSY when another daemon runs) and daemon.sock; for
 * --hold, hold-PID.sock. On failure it sets @why, releases what it took
 * and leaves *@out NULL.
 */
int holder_init(struct holder **out, enum holder_kind kind, const char *dir,
		bool log_events, const char **why);

/*
 * A --hold holder adopts the container it made and the bond it bound
 * (with @mem_fd, which it takes over, or with BIND_PID when @mem_fd < 0).
 */
void holder_adopt(struct holder *h, int container_fd, const int *group_fds,
		  const unsigned int *groups, size_t nr_groups, pid_t pid,
		  uint32_t pasid, int pidfd, int mem_fd);

/* Serve until a signal or, for --hold, until the bond ends. */
void holder_run(struct holder *h);

/* Why holder_run() returned. */
enum holder_end holder_end_reason(const struct holder *h);

/* The socket it serves; how it watches targets: "proc-connector", "pidfd". */
const char *holder_sock_path(const struct holder *h);
const char *holder_tracking(const struct holder *h);

/*
 * Unbind what is still bound, close everything, remove the socket, and
 * free @h.
 */
void holder_shutdown(struct holder *h);

#endif
