// SPDX-License-Identifier: GPL-2.0
/*
 * The requests that make bonds: bind (the holder binds with the target's
 * /proc/PID/mem its client opened), hold (the holder lends a container to
 * a client that binds itself) and bound/failed (that client's report), and
 * the container each needs, found or made for groups the client may open.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "group_access.h"
#include "holder_parts.h"
#include "holder_proto.h"
#include "mem_fd.h"
#include "target.h"
#include "vfio.h"

/*
 * The container for @req's groups, found or made. Access to each group is
 * the kernel's verdict: a group this holder has open already is checked
 * under the client's credentials (faccessat, ACLs included); any other
 * must come with a descriptor of /dev/vfio/N that the client opened
 * itself (@gfds, one per req->group_fds, all taken over here).
 */
static int container_get(struct holder *h, struct hclient *c,
			 struct proto_request *req, int *gfds, size_t ngfds,
			 struct hcontainer **out, bool *ioctl_err, char *why,
			 size_t size)
{
	int given[PROTO_MAX_GROUPS], sorted_fds[PROTO_MAX_GROUPS];
	unsigned int sorted[PROTO_MAX_GROUPS];
	struct hcontainer *ct = NULL;
	const size_t n = req->nr_groups;
	size_t i, j, k;
	int ret = 0;

	*ioctl_err = false;
	if (n > PROTO_MAX_GROUPS)	/* the parser's bound too */
		return -EINVAL;
	for (i = 0; i < n; i++)
		given[i] = -1;
	for (k = 0; k < ngfds; k++)
		for (i = 0; i < n; i++)
			if (req->groups[i] == req->group_fds[k]) {
				given[i] = gfds[k];
				gfds[k] = -1;
			}
	for (i = 0; i < n && !ret; i++) {
		bool held = false;

		for (j = 0; j < h->nr_containers && !held; j++)
			held = bsearch(&req->groups[i], h->containers[j].groups,
				       h->containers[j].nr_groups,
				       sizeof(unsigned int), cmp_uint);
		if (given[i] >= 0 && group_fd_is_node(given[i], req->groups[i])) {
			snprintf(why, size,
				 "the descriptor given for group %u is not /dev/vfio/%u opened for reading and writing",
				 req->groups[i], req->groups[i]);
			ret = -EINVAL;
		} else if (held) {
			if (given[i] >= 0) {
				close(given[i]);
				given[i] = -1;
			}
			ret = group_access_check(&c->peer, req->groups[i], why,
						 size);
		} else if (given[i] < 0) {
			snprintf(why, size,
				 "/dev/vfio/%u is not open in this daemon: the client must open it and pass it, and it did not (another process, a VM perhaps, may have it open)",
				 req->groups[i]);
			ret = -EBUSY;
		}
	}
	if (ret)
		goto out;
	/* sort the groups, their descriptors with them */
	memcpy(sorted, req->groups, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_uint);
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (req->groups[j] == sorted[i])
				sorted_fds[i] = given[j];
	memcpy(req->groups, sorted, n * sizeof(*sorted));
	memcpy(given, sorted_fds, n * sizeof(*given));
	for (i = 0; i < h->nr_containers && !ct; i++) {
		struct hcontainer *x = &h->containers[i];

		if (same_groups(x, req->groups, n)) {
			ct = x;
			break;
		}
		for (j = 0; j < n; j++)
			if (bsearch(&req->groups[j], x->groups, x->nr_groups,
				    sizeof(*x->groups), cmp_uint)) {
				snprintf(why, size,
					 "group %u is held in another container of this daemon, with a different set of groups; unbind its bonds first",
					 req->groups[j]);
				ret = -EBUSY;
				goto out;
			}
	}
	if (!ct) {
		why[0] = '\0';
		ret = container_create(h, req->groups, n, given,
				       &ct, why, size);
		for (i = 0; i < n; i++)
			given[i] = -1;	/* taken over, used or closed */
		if (ret) {
			if (!why[0])
				snprintf(why, size, "%s", strerror(-ret));
			goto out;
		}
	}
	if (ct->mem_fd_ok < 0) {
		ret = vfio_probe_mem_fd(ct->fd);
		if (ret >= 0)
			ct->mem_fd_ok = ret;
		else
			*ioctl_err = true;
		ret = ret < 0 ? ret : 0;
		if (ret) {
			container_release_if_idle(h, ct->id);
			goto out;
		}
	}
	*out = ct;
out:
	for (i = 0; i < n; i++)
		if (given[i] >= 0)
			close(given[i]);
	return ret;
}

/* An error reply; "ioctl": true when it is the kernel's answer to a bind. */
struct json_object *bind_error(int err, bool ioctl_err, const char *why)
{
	struct json_object *r = proto_reply_error(err, "%s", why);

	json_object_object_add(r, "ioctl", json_object_new_boolean(ioctl_err));
	return r;
}

static struct json_object *holder_json(const struct holder *h)
{
	struct json_object *holder = json_object_new_object();

	json_object_object_add(holder, "pid", json_object_new_int(getpid()));
	json_object_object_add(holder, "kind",
			       json_object_new_string(kind_name(h)));
	return holder;
}

/*
 * The seed's kernel side (no BIND_MEM_FD): lend @ct to @c, which binds
 * @pid itself and must report the outcome before CLIENT_PENDING_MS.
 */
static void lend_container(struct holder *h, struct hclient *c,
			   struct hcontainer *ct, pid_t pid, bool say_lent)
{
	struct json_object *r;

	ct->pending++;
	c->pend_container = ct->id;
	c->pend_pid = pid;
	c->deadline = now_ms() + CLIENT_PENDING_MS;
	r = proto_reply_ok();
	json_object_object_add(r, "container",
			       json_object_new_int64((int64_t)ct->id));
	if (say_lent)
		json_object_object_add(r, "lent",
				       json_object_new_boolean(true));
	json_object_object_add(r, "holder", holder_json(h));
	reply(c, r, ct->fd);
}

/*
 * bind: the client opened the target's /proc/PID/mem (the kernel's ptrace
 * check, as the client) and this holder issues VFIO_IOMMU_BIND with it.
 * The bond recorded is the one the kernel made, owned by the client.
 */
void handle_bind(struct holder *h, struct hclient *c, struct proto_request *req,
		 int *fds, size_t nfds)
{
	struct hcontainer *ct = NULL;
	struct json_object *r;
	struct bond *b;
	char why[512];
	uint32_t pasid = 0;
	bool ioctl_err;
	int ret, pidfd = -1, mem_fd;

	if (h->kind != HOLDER_DAEMON) {
		reply(c, proto_reply_error(EOPNOTSUPP,
			"this holder keeps one bond for 'bind --hold'; start 'vfio-sva daemon' for more"),
		      -1);
		return;
	}
	if (!nfds || nfds != 1 + req->nr_group_fds) {
		reply(c, proto_reply_error(EINVAL,
			"bind needs the target's /proc/PID/mem and one descriptor per group_fds entry"),
		      -1);
		return;
	}
	mem_fd = fds[0];
	/* pin the process first: the check below then proves it is the one */
	pidfd = pidfd_open_pid(req->pid);
	if (pidfd == -ENOSYS)
		pidfd = -1;
	else if (pidfd < 0) {
		reply(c, proto_reply_error(ESRCH, "no process %d", (int)req->pid),
		      -1);
		return;
	}
	ret = mem_fd_check(mem_fd, req->pid);
	if (ret) {
		reply(c, proto_reply_error(-ret, ret == -ESRCH ?
			"process %d exited or executed a new program since its /proc/%d/mem was opened" :
			"the first descriptor is not /proc/%d/mem opened for reading and writing",
			(int)req->pid, (int)req->pid), -1);
		goto out;
	}
	ret = container_get(h, c, req, fds + 1, nfds - 1, &ct, &ioctl_err,
			    why, sizeof(why));
	if (ret) {
		if (ioctl_err)
			snprintf(why, sizeof(why), "VFIO_IOMMU_BIND: %s",
				 strerror(-ret));
		reply(c, bind_error(-ret, ioctl_err, why), -1);
		goto out;
	}
	if (!ct->mem_fd_ok) {
		/* the seed's kernel side: lend the container, as for a hold */
		if (c->pend_container) {
			reply(c, proto_reply_error(EINVAL,
				"report the previous bind before asking again"),
			      -1);
			container_release_if_idle(h, ct->id);
			goto out;
		}
		lend_container(h, c, ct, req->pid, true);
		goto out;
	}
	ret = vfio_bind_mem_fd(ct->fd, mem_fd, &pasid);
	if (ret) {
		hlog(h, "bind of pid %d for uid %u: %s", (int)req->pid,
		     (unsigned int)c->peer.uid, strerror(-ret));
		snprintf(why, sizeof(why), "VFIO_IOMMU_BIND: %s",
			 strerror(-ret));
		reply(c, bind_error(-ret, true, why), -1);
		container_release_if_idle(h, ct->id);
		goto out;
	}
	b = bond_of(h, ct->id, req->pid);
	if (!b) {
		b = bond_add(h, req->pid, pasid, ct, c->peer.uid,
			     BOND_MADE_MEM_FD, mem_fd, pidfd);
		fds[0] = -1;
		pidfd = -1;
	}
	r = proto_reply_ok();
	json_object_object_add(r, "pasid", json_object_new_int64(pasid));
	json_object_object_add(r, "container",
			       json_object_new_int64((int64_t)ct->id));
	json_object_object_add(r, "made", json_object_new_string(
		bond_made_name(b->made)));
	json_object_object_add(r, "holder", holder_json(h));
	/* an exec or exit right after the bind: the bond is already dead */
	if (b->mem_fd >= 0 && !mem_fd_alive(b->mem_fd))
		bond_defunct(h, b, bond_alive(b) ? "execed" : "exited");
	reply(c, r, -1);
out:
	if (pidfd >= 0)
		close(pidfd);
}

/*
 * hold: where the kernel side has no BIND_MEM_FD (the seed's type1 form)
 * the client issues BIND_PID itself on the container handed to it, so the
 * kernel checks the real requester, and reports back with bound/failed.
 */
void handle_hold(struct holder *h, struct hclient *c, struct proto_request *req,
		 int *fds, size_t nfds)
{
	struct hcontainer *ct = NULL;
	char why[512];
	bool ioctl_err;
	int ret;

	if (h->kind != HOLDER_DAEMON) {
		reply(c, proto_reply_error(EOPNOTSUPP,
			"this holder keeps one bond for 'bind --hold'; start 'vfio-sva daemon' for more"),
		      -1);
		return;
	}
	if (c->pend_container) {
		reply(c, proto_reply_error(EINVAL,
			"report the previous bind before asking again"), -1);
		return;
	}
	if (nfds != req->nr_group_fds) {
		reply(c, proto_reply_error(EINVAL,
			"hold needs one descriptor per group_fds entry"), -1);
		return;
	}
	ret = container_get(h, c, req, fds, nfds, &ct, &ioctl_err, why,
			    sizeof(why));
	if (ret) {
		if (ioctl_err)
			snprintf(why, sizeof(why), "VFIO_IOMMU_BIND: %s",
				 strerror(-ret));
		reply(c, bind_error(-ret, ioctl_err, why), -1);
		return;
	}
	if (ct->mem_fd_ok) {
		reply(c, proto_reply_error(EPERM,
			"the kernel side of this container takes /proc/PID/mem descriptors: this daemon binds itself, ask with bind"),
		      -1);
		container_release_if_idle(h, ct->id);
		return;
	}
	lend_container(h, c, ct, req->pid, false);
}

/*
 * bound/failed after a hold. A bound must come with the target's
 * /proc/PID/mem opened read-write: proof that the client passed the
 * kernel's ptrace check on it, so nobody can plant a bond record for a
 * process it could not have bound; the holder then binds the same pid
 * itself, so the record holds the kernel's PASID and a bond that exists.
 * The record says the client reported it. A failed is believed only as
 * far as the kernel agrees: any bond of that pid the holder does not know
 * of is undone in that container.
 */
void handle_bound(struct holder *h, struct hclient *c,
		  const struct proto_request *req, int fd)
{
	struct hcontainer *ct = container_find(h, req->container);
	uint32_t pasid;
	int pidfd, ret;

	if (!c->pend_container || c->pend_container != req->container ||
	    c->pend_pid != req->pid || !ct) {
		reply(c, proto_reply_error(EINVAL,
			"no bind of pid %d in container %llu is pending on this connection",
			(int)req->pid, (unsigned long long)req->container), -1);
		return;
	}
	if (req->op == PROTO_FAILED) {
		client_settle_pending(h, c);
		c->deadline = now_ms() + CLIENT_IDLE_MS;
		reply(c, proto_reply_ok(), -1);
		return;
	}
	ret = fd < 0 ? -EINVAL : mem_fd_check(fd, req->pid);
	if (ret) {
		/* the pending bind stays pending: undone if never proven */
		reply(c, proto_reply_error(-ret,
			"bound needs /proc/%d/mem of the live target, opened for reading and writing",
			(int)req->pid), -1);
		return;
	}
	pidfd = pidfd_open_pid(req->pid);
	if (pidfd == -ENOSYS)
		pidfd = -1;
	else if (pidfd < 0 || mem_fd_check(fd, req->pid)) {
		if (pidfd >= 0)
			close(pidfd);
		reply(c, proto_reply_error(ESRCH, "no process %d",
					   (int)req->pid), -1);
		return;
	}
	/*
	 * The kernel's word on the PASID: binding again returns the one the
	 * address space has, and makes the bond if the client never did. The
	 * client proved it may, so nothing is bound that it could not bind.
	 */
	ret = vfio_bind_process(ct->fd, req->pid, &pasid);
	if (ret) {
		if (pidfd >= 0)
			close(pidfd);
		reply(c, proto_reply_error(-ret,
			"the kernel does not confirm the bond of pid %d: %s",
			(int)req->pid, strerror(-ret)), -1);
		return;
	}
	c->pend_container = 0;
	c->deadline = now_ms() + CLIENT_IDLE_MS;
	ct->pending--;
	if (!bond_of(h, ct->id, req->pid))
		bond_add(h, req->pid, pasid, ct, c->peer.uid,
			 BOND_MADE_CLIENT, -1, pidfd);
	else if (pidfd >= 0)
		close(pidfd);
	reply(c, proto_reply_ok(), -1);
}
