/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-sva fake kernel: the kernel model's objects. A container, a group
 * and a process address space are what the kernel's vfio_container,
 * vfio_group and mm_struct are to the patch in the seed; see README.md.
 */
#ifndef VFIO_SVA_KMODEL_H
#define VFIO_SVA_KMODEL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>

#include "kmodel_proto.h"

#define KM_MAX_CONNS		512
#define KM_MAX_SPACES		4096
#define KM_MAX_GROUP_DEVS	16
#define KM_MAX_TRACKED		1024
#define KM_HELLO_TIMEOUT_S	10
#define KM_DEFAULT_PASID_BITS	20
#define KM_SUN_PATH_MAX		108

/* One member of an IOMMU group, as the fixture describes it. */
struct km_device {
	char name[64];
	char driver[64];	/* "" when no driver is bound */
	char unit[64];		/* its IOMMU unit, "" when it has none */
	bool bridge;
	bool platform;
	bool pasid, pri, ats;
	int pasid_bits;
	bool unit_sva;
	int unit_bits;
	bool pf_off;		/* a VF whose PF has PASID or PRI off */
};

struct km_group_facts {
	unsigned int ndev;	/* members; the first KM_MAX_GROUP_DEVS kept */
	struct km_device dev[KM_MAX_GROUP_DEVS];
};

struct km_space;
struct km_container;

struct km_group {
	unsigned int id;
	struct km_group *next;		/* open groups */
	struct km_container *container;
	struct km_group *cnext;		/* the container's, in attach order */
	struct km_group_facts facts;
	struct km_space **bound;	/* address spaces bound on this group */
	size_t nbound;
	size_t cap_bound;
};

struct km_bond {
	struct km_space *as;
	struct km_bond *next;
};

struct km_container {
	unsigned int id;
	bool open;			/* its file is open */
	unsigned long iommu;		/* the SET_IOMMU type, 0 when unset */
	struct km_group *groups;
	struct km_bond *bonds;
	struct km_container *next;
};

/* A process address space: pid, start time and exec generation. */
struct km_space {
	pid_t pid;
	unsigned long long starttime;
	unsigned int gen;
	uint32_t pasid;
	unsigned int users;		/* containers it is bound in */
	int pidfd;			/* to see it exit */
	struct km_space *next;
};

struct km_target {
	pid_t pid;			/* the thread group leader */
	unsigned long long starttime;
	unsigned int gen;
};

enum km_op {
	KM_OP_OPEN_CONTAINER,
	KM_OP_OPEN_GROUP,
	KM_OP_GET_API_VERSION,
	KM_OP_CHECK_EXTENSION,
	KM_OP_SET_IOMMU,
	KM_OP_GET_STATUS,
	KM_OP_SET_CONTAINER,
	KM_OP_UNSET_CONTAINER,
	KM_OP_BIND,
	KM_OP_UNBIND,
	KM_OP_COUNT,
};

struct km_fault {
	int err;			/* 0: none pending */
	unsigned int count;
	unsigned int skip;
};

/* Exec generations of the pids the model has bound. */
struct km_track {
	pid_t pid;
	unsigned long long starttime;
	unsigned int gen;
};

enum km_conn_kind {
	KM_CONN_FREE,
	KM_CONN_NEW,			/* no hello yet */
	KM_CONN_CONTAINER,
	KM_CONN_GROUP,
};

struct km_conn {
	enum km_conn_kind kind;
	int fd;
	uint64_t peer_ino, peer_dev;	/* the shim's end */
	pid_t opener;
	time_t since;
	struct km_container *c;
	struct km_group *g;
};

struct proc_events;

struct km_model {
	char root[PATH_MAX];
	char sock_path[KM_SUN_PATH_MAX];
	int verbose;
	bool stock;		/* no BIND anywhere: a stock kernel */
	bool no_module;		/* no VFIO_SVA_IOMMU: a seed-patched kernel only */
	bool quit;
	unsigned int next_container;
	struct km_container *containers;
	struct km_group *groups;
	struct km_space *spaces;
	unsigned int nspaces;
	struct km_fault faults[KM_OP_COUNT];
	struct proc_events *pe;
	const char *pe_why;		/* why exec tracking is off */
	struct km_track track[KM_MAX_TRACKED];
	unsigned int ntrack;
	struct km_conn conns[KM_MAX_CONNS];
};

/* main.c */
void km_log(const struct km_model *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* server.c: serve until SIGTERM, SIGINT or `ctl quit`. */
int km_serve(struct km_model *m);
/* The container whose file @fd is (an fd the model received), or NULL. */
struct km_container *km_container_of_fd(struct km_model *m, int fd);

/* facts.c: read group @id of the fixture; -ENODEV when it has none. */
int km_group_read(const char *root, unsigned int id, struct km_group_facts *f);
bool km_facts_viable(const struct km_group_facts *f);
/* 0 when the group can bind an address space, else -ENODEV/-EOPNOTSUPP. */
int km_facts_sva(const struct km_group_facts *f, int *pasid_bits);

/* objects.c */
struct km_container *km_container_open(struct km_model *m);
void km_container_close(struct km_model *m, struct km_container *c);
int km_group_open(struct km_model *m, unsigned int id, struct km_group **out);
void km_group_close(struct km_model *m, struct km_group *g);
int km_container_ioctl(struct km_model *m, struct km_container *c,
		       const struct kmodel_ioctl *rq, int xfd,
		       struct kmodel_reply *rp);
int km_group_ioctl(struct km_model *m, struct km_group *g,
		   const struct kmodel_ioctl *rq, int xfd,
		   struct kmodel_reply *rp);

/* sva.c */
int km_bind(struct km_model *m, struct km_container *c,
	    const struct kmodel_ioctl *rq, int pidfd, struct kmodel_reply *rp);
int km_unbind(struct km_model *m, struct km_container *c,
	      const struct kmodel_ioctl *rq, int pidfd);
int km_replay(struct km_model *m, struct km_container *c, struct km_group *g);
void km_group_unbind_all(struct km_group *g);
void km_container_drop_bonds(struct km_model *m, struct km_container *c);
void km_space_reap(struct km_model *m, struct km_space *as, const char *why);
struct km_space *km_space_of_pid(struct km_model *m, pid_t pid);

/* procs.c */
int km_target_lookup(struct km_model *m, pid_t pid, int pidfd,
		     struct km_target *t);
/* Count @t's execs from now on (its address space is bound). */
void km_track(struct km_model *m, const struct km_target *t);
void km_procs_open(struct km_model *m);
void km_procs_close(struct km_model *m);
int km_procs_fd(const struct km_model *m);
/* Take in queued exec/exit news, so requests see the processes as they are. */
void km_procs_sync(struct km_model *m);

/* faults.c */
const char *km_op_name(enum km_op op);
int km_op_parse(const char *name);
/* 0, or the -errno an injected fault makes this call of @op fail with. */
int km_fault_hit(struct km_model *m, enum km_op op);
int km_errno_parse(const char *s);
const char *km_errno_name(int err);

/* state.c: the state document, malloc'd; NULL when out of memory. */
char *km_state_json(const struct km_model *m);

/* ctl.c: a ctl request; the reply's text and, for output, a memfd. */
int km_ctl_handle(struct km_model *m, const struct kmodel_ctl *rq,
		  struct kmodel_reply *rp, int *outfd);

/* ctl_client.c: `vfio-sva-kmodel ctl ...`: the exit status. */
int km_ctl_main(const char *sock_path, int argc, char **argv);

#endif
