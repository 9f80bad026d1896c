// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "group_access.h"

int peer_read(int sock, struct peer *p)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	memset(p, 0, sizeof(*p));
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return -errno;
	p->pid = cred.pid;
	p->uid = cred.uid;
	p->gid = cred.gid;
	len = sizeof(p->groups);
	if (!getsockopt(sock, SOL_SOCKET, SO_PEERGROUPS, p->groups, &len))
		p->nr_groups = (int)(len / sizeof(gid_t));
	return 0;
}

static int in_groups(const struct peer *p, gid_t gid)
{
	int i;

	if (p->gid == gid)
		return 1;
	for (i = 0; i < p->nr_groups; i++)
		if (p->groups[i] == gid)
			return 1;
	return 0;
}

int group_access_check(const struct peer *p, unsigned int group, char *why,
		       size_t size)
{
	char node[64];
	struct stat st;
	mode_t need;

	snprintf(node, sizeof(node), "/dev/vfio/%u", group);
	if (stat(node, &st)) {
		snprintf(why, size,
			 "no %s: group %u does not exist or none of its devices is bound to vfio-pci",
			 node, group);
		return -ENOENT;
	}
	if (!p->uid)
		return 0;
	if (st.st_uid == p->uid)
		need = S_IRUSR | S_IWUSR;
	else if (in_groups(p, st.st_gid))
		need = S_IRGRP | S_IWGRP;
	else
		need = S_IROTH | S_IWOTH;
	if ((st.st_mode & need) == need)
		return 0;
	snprintf(why, size,
		 "%s (owner %u, group %u, mode %04o) is not readable and writable by uid %u",
		 node, (unsigned int)st.st_uid, (unsigned int)st.st_gid,
		 (unsigned int)(st.st_mode & 07777), (unsigned int)p->uid);
	return -EACCES;
}
