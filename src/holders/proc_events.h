/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PROC_EVENTS_H
#define VFIO_SVA_PROC_EVENTS_H

/*
 * The kernel's process events connector (NETLINK_CONNECTOR, CN_IDX_PROC)
 * through libnl: fork, exec and exit of every process. Listening needs
 * CAP_NET_ADMIN in the initial user namespace; the kernel answers the
 * subscription with an acknowledgement that carries the verdict.
 */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum proc_event_kind {
	PROC_EV_FORK,
	PROC_EV_EXEC,
	PROC_EV_EXIT,
	PROC_EV_OTHER,
};

struct proc_ev {
	enum proc_event_kind kind;
	pid_t pid;		/* thread */
	pid_t tgid;		/* process */
	pid_t parent_tgid;	/* fork only */
	uint32_t exit_code;	/* exit only, as wait(2) status */
	uint64_t timestamp_ns;	/* since boot */
};

struct proc_events;

/* Subscribe; -EPERM when the kernel refuses the caller. */
int proc_events_open(struct proc_events **out);

/* The socket to poll for POLLIN. */
int proc_events_fd(const struct proc_events *pe);

/*
 * Read what is queued without blocking and call @cb for each event.
 * Returns the number of events, or a negative errno; -ENOBUFS means the
 * kernel dropped events (the caller should re-check what it watches).
 */
int proc_events_read(struct proc_events *pe,
		     void (*cb)(const struct proc_ev *ev, void *data),
		     void *data);

void proc_events_close(struct proc_events *pe);

/*
 * Decode one connector message payload (struct cn_msg and what follows) of
 * @len bytes. Returns 0, or -EINVAL for anything malformed or foreign.
 */
int proc_event_decode(const void *buf, size_t len, struct proc_ev *ev,
		      int *ack_err);

#endif
