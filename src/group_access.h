/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_GROUP_ACCESS_H
#define VFIO_SVA_GROUP_ACCESS_H

#include <stddef.h>
#include <sys/types.h>

/* Who asks: SO_PEERCRED and SO_PEERGROUPS of a holder's client. */
struct peer {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	gid_t groups[64];
	int nr_groups;
};

/* Fill @p from a connected unix socket; 0 or a negative errno. */
int peer_read(int sock, struct peer *p);

/*
 * May @p open /dev/vfio/@group for reading and writing, by the node's owner,
 * group and mode, as the kernel would let it (root always may)? Returns 0,
 * -ENOENT without the node, -EACCES when refused; @why says which.
 */
int group_access_check(const struct peer *p, unsigned int group, char *why,
		       size_t size);

#endif
