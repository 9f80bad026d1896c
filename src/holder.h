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
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

#include "group_access.h"
#include "holder_proto.h"

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

struct hcontainer {
	uint64_t id;
	int fd;
	unsigned int groups[PROTO_MAX_GROUPS];
	int group_fds[PROTO_MAX_GROUPS];
	size_t nr_groups;
	unsigned int pending;		/* clients between hold and bound */
	int mem_fd_ok;			/* BIND_MEM_FD: 1 yes, 0 no, -1 unknown */
};

enum bond_state {
	BOND_ACTIVE,
	BOND_DEFUNCT,
};

/* How a bond was made: who issued the bind, and who checked what. */
enum bond_made {
	/* the holder, with a /proc/PID/mem descriptor its client opened */
	BOND_MADE_MEM_FD,
	/* a --hold holder, with BIND_PID: it asked for the bond itself */
	BOND_MADE_PID,
	/* the client, on a container the holder handed out: its report */
	BOND_MADE_CLIENT,
};

struct bond {
	uint64_t id;
	pid_t pid;
	char comm[64];
	uint32_t pasid;
	uint64_t container;
	unsigned int groups[PROTO_MAX_GROUPS];
	size_t nr_groups;
	uid_t uid;			/* who made it */
	enum bond_made made;
	int mem_fd;			/* the target's /proc/PID/mem, or -1 */
	int pidfd;			/* -1: polled by start time */
	unsigned long long starttime;
	time_t since;
	enum bond_state state;
	const char *ended;		/* "exited", "execed" */
	time_t ended_at;
};

struct hclient;

struct holder {
	enum holder_kind kind;
	char dir[4096];
	char sock_path[4096];
	int listen_fd;
	int lock_fd;
	int sig_fd;
	int epoll_fd;
	struct proc_events *pe;
	char tracking[160];		/* how targets are watched */
	struct hcontainer *containers;
	size_t nr_containers;
	struct bond *bonds;
	size_t nr_bonds;
	struct hclient *clients;
	size_t nr_clients;
	uint64_t next_id;
	long long next_poll;		/* monotonic ms, for bonds without pidfd */
	int spare_fd;			/* given up to answer EMFILE */
	long long accept_paused;	/* monotonic ms: accepting again then */
	long long fd_warned;		/* last "out of descriptors" log line */
	bool stop;
	enum holder_end end;
	bool log_events;
	bool activated;			/* listen_fd came from systemd */
};

/*
 * Take the runtime directory @dir: for a daemon, the lock (-EBUSY when
 * another daemon runs) and daemon.sock; for --hold, hold-PID.sock. Sets
 * @why on failure.
 */
int holder_init(struct holder *h, enum holder_kind kind, const char *dir,
		bool log_events, const char **why);

/*
 * A --hold holder adopts the container it made and the bond it bound
 * (with @mem_fd, which it takes over, or with BIND_PID when @mem_fd < 0).
 */
void holder_adopt(struct holder *h, int container_fd, const int *group_fds,
		  const unsigned int *groups, size_t nr_groups, pid_t pid,
		  uint32_t pasid, int pidfd, int mem_fd);

/* "holder-mem-fd", "holder-pid", "client-reported" */
const char *bond_made_name(enum bond_made made);

/* Serve until a signal or, for --hold, until the bond ends. */
void holder_run(struct holder *h);

/* Unbind what is still bound, close everything, remove the socket. */
void holder_shutdown(struct holder *h);

#endif
