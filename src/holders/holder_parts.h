/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_HOLDER_PARTS_H
#define VFIO_SVA_HOLDER_PARTS_H

/*
 * The insides of a holder, shared by the files it is made of: holder.c (life
 * cycle and event loop), holder_log.c, holder_store.c (containers and
 * bonds), holder_watch.c (targets), holder_connections.c, and the requests
 * in holder_bind.c and holder_serve.c. Not for callers outside the holder:
 * they see holder.h.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

#include "group_access.h"
#include "holder.h"
#include "holder_proto.h"
#include "service.h"		/* SD_INFO, for hlog() */

struct proc_events;

/*
 * Connection limits: no single uid may take more than MAX_CLIENTS_PER_UID
 * connections (MAX_WATCHERS_PER_UID of them watchers), and the last
 * RESERVED_CLIENTS of MAX_CLIENTS are kept for root and for users who own
 * a bond here, so that no one user can lock the others out; root has
 * ROOT_CLIENTS more of its own.
 */
#define MAX_CLIENTS		128
#define RESERVED_CLIENTS	32
#define ROOT_CLIENTS		16	/* root's alone, beyond MAX_CLIENTS */
#define MAX_CLIENTS_PER_UID	16
#define MAX_WATCHERS_PER_UID	4
#define ACCEPT_PAUSE_MS		100	/* out of descriptors: then try again */
#define CLIENT_IDLE_MS		5000	/* to say what it wants */
#define CLIENT_PENDING_MS	30000	/* to report a bind it was given */
#define WATCHER_IDLE_MS		30000	/* a watcher says "watch" again within */
#define POLL_MS			1000	/* targets watched without a pidfd */

/* What an epoll event is about: the tag in its top byte, an id below. */
enum tag {
	TAG_LISTEN = 1,
	TAG_SIGNAL,
	TAG_PROC,
	TAG_CLIENT,
	TAG_BOND,
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

/* A connection: a client with a request, or a watcher. */
struct hclient {
	uint64_t id;
	int fd;
	struct peer peer;
	const struct holder *holder;	/* whose log its refusals go to */
	const char *op;			/* its request's, once parsed */
	long long deadline;		/* monotonic ms; 0 for none */
	uint64_t pend_container;	/* handed out for a bind (hold) */
	pid_t pend_pid;
	bool watcher;
	uint64_t status_after;		/* a status reply said "more": its last bond */
};

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

/* Shared between the holder's files, by the file that defines them. */

/* holder.c */
/* CLOCK_MONOTONIC in ms: the clock of every deadline */
long long now_ms(void);
/* @fd into the loop, its events tagged @t and @id */
int watch_fd(struct holder *h, int fd, enum tag t, uint64_t id);
void unwatch_fd(struct holder *h, int fd);
/* "daemon", "hold" */
const char *kind_name(const struct holder *h);

/* holder_log.c */
/* @level: SD_ERR, SD_WARNING or SD_INFO (hlog) */
#define hlog(h, ...) hlog_at(h, SD_INFO, __VA_ARGS__)

void hlog_at(const struct holder *h, const char *level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void iso_time(time_t t, char *buf, size_t size);

/* holder_store.c */
struct hcontainer *container_find(struct holder *h, uint64_t id);
void container_close_fds(struct hcontainer *c);
void container_release_if_idle(struct holder *h, uint64_t id);
/* the order of group numbers, for qsort() and bsearch() */
int cmp_uint(const void *a, const void *b);
bool same_groups(const struct hcontainer *c, const unsigned int *g, size_t n);
int container_create(struct holder *h, const unsigned int *groups, size_t n,
		     const int *given, struct hcontainer **out, char *why,
		     size_t size);
struct bond *bond_find(struct holder *h, uint64_t id);
struct bond *bond_add(struct holder *h, pid_t pid, uint32_t pasid,
		      const struct hcontainer *c, uid_t uid,
		      enum bond_made made, int mem_fd, int pidfd);
void bond_defunct(struct holder *h, struct bond *b, const char *why);
void bond_remove(struct holder *h, struct bond *b);
/* the active bond of @pid in @container, or NULL */
struct bond *bond_of(struct holder *h, uint64_t container, pid_t pid);
int bond_unbind(struct holder *h, const struct bond *b);

/* holder_watch.c */
bool bond_alive(const struct bond *b);
void on_proc_events(struct holder *h);
bool any_polled(const struct holder *h);
void poll_targets(struct holder *h, long long now);

/* holder_connections.c */
size_t clients_of(const struct holder *h, uid_t uid, bool watchers);
struct hclient *client_find(struct holder *h, uint64_t id);
/* @msg (consumed) and @fd (-1: none) to @c; a refusal is logged */
void reply(struct hclient *c, struct json_object *msg, int fd);
void client_settle_pending(struct holder *h, struct hclient *c);
void client_drop(struct holder *h, struct hclient *c);
void client_message(struct holder *h, struct hclient *c);
void accept_client(struct holder *h);

/* holder_bind.c */
struct json_object *bind_error(int err, bool ioctl_err, const char *why);
void handle_bind(struct holder *h, struct hclient *c, struct proto_request *req,
		 int *fds, size_t nfds);
void handle_hold(struct holder *h, struct hclient *c, struct proto_request *req,
		 int *fds, size_t nfds);
void handle_bound(struct holder *h, struct hclient *c,
		  const struct proto_request *req, int fd);

/* holder_serve.c */
/* "holder-mem-fd", "holder-pid", "client-reported": held_bond.c's names */
const char *bond_made_name(enum bond_made made);
/* @event of @b to the log and to the watchers who may see it */
void bond_event(struct holder *h, const char *event, const struct bond *b);
void handle_unbind(struct holder *h, struct hclient *c,
		   const struct proto_request *req);
void handle_watch(struct holder *h, struct hclient *c);
void handle_status(struct holder *h, struct hclient *c);

#endif
