/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_GROUP_ACCESS_H
#define VFIO_SVA_GROUP_ACCESS_H

/*
 * Who a holder's client is (its socket credentials), and whether the
 * kernel would let it open a VFIO group itself.
 */

#include <stddef.h>
#include <sys/types.h>

#define PEER_MAX_GROUPS		64

/* Who asks: SO_PEERCRED and SO_PEERGROUPS of a holder's client. */
struct peer {
	pid_t pid;
	uid_t uid;
	gid_t gid;
	gid_t groups[PEER_MAX_GROUPS];
	int nr_groups;			/* -1 when SO_PEERGROUPS failed */
};

/* Fill @p from a connected unix socket; 0 or a negative errno. */
int peer_read(int sock, struct peer *p);

/*
 * May @p open /dev/vfio/@group for reading and writing? The kernel says:
 * a child process takes @p's uid, gid and supplementary groups and calls
 * faccessat(AT_EACCESS), so ACLs count (root always may). An LSM policy
 * that confines the client but not the holder is not seen: a client gets a
 * group it has not opened itself only if the holder holds it already.
 * Returns 0, -ENOENT without the node, -EACCES when refused; @why says why.
 */
int group_access_check(const struct peer *p, unsigned int group, char *why,
		       size_t size);

/*
 * Is @fd, a descriptor a client opened, /dev/vfio/@group opened read-write
 * (the same device node, or the same file)? 0 or -EINVAL.
 */
int group_fd_is_node(int fd, unsigned int group);

#endif
