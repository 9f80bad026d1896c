// SPDX-License-Identifier: GPL-2.0
/*
 * A holder's store: the containers it keeps open and the bonds made in
 * them, from the one that made a container to the last that needs it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "holder_parts.h"
#include "target.h"
#include "text_escape.h"
#include "vfio.h"
#include "xalloc.h"

struct hcontainer *container_find(struct holder *h, uint64_t id)
{
	size_t i;

	for (i = 0; i < h->nr_containers; i++)
		if (h->containers[i].id == id)
			return &h->containers[i];
	return NULL;
}

static bool container_has_active(const struct holder *h, uint64_t id)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].container == id &&
		    h->bonds[i].state == BOND_ACTIVE)
			return true;
	return false;
}

void container_close_fds(struct hcontainer *c)
{
	size_t i;

	for (i = 0; i < c->nr_groups; i++)
		if (c->group_fds[i] >= 0)
			close(c->group_fds[i]);
	if (c->fd >= 0)
		close(c->fd);
}

/*
 * A container nobody needs is closed: the kernel then drops whatever bond
 * may linger in it (an exec'd target's, or one a vanished client made).
 */
void container_release_if_idle(struct holder *h, uint64_t id)
{
	struct hcontainer *c = container_find(h, id);
	char groups[GROUPS_TEXT_MAX];
	size_t i;

	if (!c || c->pending || container_has_active(h, id))
		return;
	groups_text(c->groups, c->nr_groups, groups, sizeof(groups));
	hlog(h, "closing the container of group(s) %s", groups);
	container_close_fds(c);
	i = (size_t)(c - h->containers);
	h->containers[i] = h->containers[--h->nr_containers];
	if (h->kind == HOLDER_HOLD && !h->nr_containers)
		h->stop = true;
}

int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

bool same_groups(const struct hcontainer *c, const unsigned int *g, size_t n)
{
	return c->nr_groups == n && !memcmp(c->groups, g, n * sizeof(*g));
}

/* Open the groups into a fresh type1 container; a negative errno on failure. */
int container_create(struct holder *h, const unsigned int *groups, size_t n,
		     const int *given, struct hcontainer **out, char *why,
		     size_t size)
{
	struct hcontainer c = { .fd = -1, .mem_fd_ok = -1 };
	char gtext[GROUPS_TEXT_MAX];
	size_t i;
	int ret;

	for (i = 0; i < PROTO_MAX_GROUPS; i++)
		c.group_fds[i] = -1;
	ret = vfio_container_setup_with(groups, n, given, &c.fd, c.group_fds,
					why, size);
	if (ret)
		return ret;
	memcpy(c.groups, groups, n * sizeof(*groups));
	c.nr_groups = n;
	c.id = ++h->next_id;
	h->containers = xreallocarray(h->containers, h->nr_containers + 1,
				      sizeof(*h->containers));
	h->containers[h->nr_containers] = c;
	*out = &h->containers[h->nr_containers++];
	groups_text(groups, n, gtext, sizeof(gtext));
	hlog(h, "opened a container for group(s) %s", gtext);
	return 0;
}

struct bond *bond_find(struct holder *h, uint64_t id)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].id == id)
			return &h->bonds[i];
	return NULL;
}

struct bond *bond_add(struct holder *h, pid_t pid, uint32_t pasid,
		      const struct hcontainer *c, uid_t uid,
		      enum bond_made made, int mem_fd, int pidfd)
{
	struct target_info t;
	struct bond *b;

	h->bonds = xreallocarray(h->bonds, h->nr_bonds + 1, sizeof(*h->bonds));
	b = &h->bonds[h->nr_bonds++];
	memset(b, 0, sizeof(*b));
	b->id = ++h->next_id;
	b->pid = pid;
	b->pasid = pasid;
	b->container = c->id;
	memcpy(b->groups, c->groups, c->nr_groups * sizeof(*b->groups));
	b->nr_groups = c->nr_groups;
	b->uid = uid;
	b->made = made;
	b->mem_fd = mem_fd;
	b->pidfd = pidfd;
	b->since = time(NULL);
	b->state = BOND_ACTIVE;
	if (!target_read(pid, &t)) {
		char *comm = utf8_sanitize(t.stat.comm, strlen(t.stat.comm));

		/* any user names their process: JSON needs valid UTF-8 */
		snprintf(b->comm, sizeof(b->comm), "%s", comm);
		free(comm);
		b->starttime = t.stat.starttime;
	} else {
		snprintf(b->comm, sizeof(b->comm), "?");
	}
	if (pidfd < 0)
		hlog(h, "no pidfd for pid %d: checking /proc every second for its exit",
		     (int)pid);
	else if (watch_fd(h, pidfd, TAG_BOND, b->id))
		hlog(h, "cannot watch pid %d: %s", (int)pid, strerror(errno));
	bond_event(h, "bond-created", b);
	return b;
}

/* The target is gone or changed: the bond is dead weight from now on. */
void bond_defunct(struct holder *h, struct bond *b, const char *why)
{
	uint64_t container = b->container;

	if (b->state != BOND_ACTIVE)
		return;
	b->state = BOND_DEFUNCT;
	b->ended = why;
	b->ended_at = time(NULL);
	if (b->pidfd >= 0) {
		unwatch_fd(h, b->pidfd);
		close(b->pidfd);
		b->pidfd = -1;
	}
	if (b->mem_fd >= 0) {
		close(b->mem_fd);
		b->mem_fd = -1;
	}
	bond_event(h, !strcmp(why, "exited") ? "target-exit" : "target-exec",
		   b);
	bond_event(h, "bond-reaped", b);
	if (h->kind == HOLDER_HOLD) {
		h->end = !strcmp(why, "exited") ? HOLDER_END_TARGET_EXITED :
						  HOLDER_END_TARGET_EXECED;
		h->stop = true;
	}
	container_release_if_idle(h, container);
}

void bond_remove(struct holder *h, struct bond *b)
{
	uint64_t container = b->container;
	size_t i = (size_t)(b - h->bonds);

	if (b->pidfd >= 0) {
		unwatch_fd(h, b->pidfd);
		close(b->pidfd);
	}
	if (b->mem_fd >= 0)
		close(b->mem_fd);
	memmove(&h->bonds[i], &h->bonds[i + 1],
		(h->nr_bonds - i - 1) * sizeof(*h->bonds));
	h->nr_bonds--;
	container_release_if_idle(h, container);
}

struct bond *bond_of(struct holder *h, uint64_t container, pid_t pid)
{
	size_t i;

	for (i = 0; i < h->nr_bonds; i++)
		if (h->bonds[i].container == container &&
		    h->bonds[i].pid == pid &&
		    h->bonds[i].state == BOND_ACTIVE)
			return &h->bonds[i];
	return NULL;
}

/* The holder's own VFIO_IOMMU_UNBIND of a bond it keeps. */
int bond_unbind(struct holder *h, const struct bond *b)
{
	struct hcontainer *ct = container_find(h, b->container);

	if (!ct)
		return -EIO;
	if (b->mem_fd >= 0)
		return vfio_unbind_mem_fd(ct->fd, b->mem_fd);
	return vfio_unbind_process(ct->fd, b->pid);
}

void holder_adopt(struct holder *h, int container_fd, const int *group_fds,
		  const unsigned int *groups, size_t nr_groups, pid_t pid,
		  uint32_t pasid, int pidfd, int mem_fd)
{
	struct hcontainer c = { .fd = container_fd, .mem_fd_ok = mem_fd >= 0 };
	size_t i;

	for (i = 0; i < PROTO_MAX_GROUPS; i++)
		c.group_fds[i] = i < nr_groups ? group_fds[i] : -1;
	memcpy(c.groups, groups, nr_groups * sizeof(*groups));
	c.nr_groups = nr_groups;
	c.id = ++h->next_id;
	h->containers = xreallocarray(h->containers, h->nr_containers + 1,
				      sizeof(*h->containers));
	h->containers[h->nr_containers++] = c;
	bond_add(h, pid, pasid, &c, getuid(),
		 mem_fd >= 0 ? BOND_MADE_MEM_FD : BOND_MADE_PID, mem_fd, pidfd);
}
