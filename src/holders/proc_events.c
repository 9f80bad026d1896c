// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's process events connector through libnl: subscribing,
 * its acknowledgement, and decoding fork, exec and exit events.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "proc_events.h"
#include "xalloc.h"

#define ACK_TIMEOUT_MS	2000

struct proc_events {
	struct nl_sock *sk;
};

int proc_event_decode(const void *buf, size_t len, struct proc_ev *ev,
		      int *ack_err)
{
	const struct cn_msg *cn = buf;
	struct proc_event pe;

	*ack_err = 0;
	if (len < sizeof(*cn) || cn->id.idx != CN_IDX_PROC ||
	    cn->id.val != CN_VAL_PROC || cn->len > len - sizeof(*cn))
		return -EINVAL;
	/* the union is sized for its largest member; older kernels send less */
	if (cn->len < offsetof(struct proc_event, event_data) + 4)
		return -EINVAL;
	memset(&pe, 0, sizeof(pe));
	memcpy(&pe, cn->data, cn->len < sizeof(pe) ? cn->len : sizeof(pe));

	memset(ev, 0, sizeof(*ev));
	ev->timestamp_ns = pe.timestamp_ns;
	switch (pe.what) {
	case PROC_EVENT_NONE:
		*ack_err = (int)pe.event_data.ack.err;
		ev->kind = PROC_EV_OTHER;
		return 0;
	case PROC_EVENT_FORK:
		ev->kind = PROC_EV_FORK;
		ev->pid = pe.event_data.fork.child_pid;
		ev->tgid = pe.event_data.fork.child_tgid;
		ev->parent_tgid = pe.event_data.fork.parent_tgid;
		return 0;
	case PROC_EVENT_EXEC:
		ev->kind = PROC_EV_EXEC;
		ev->pid = pe.event_data.exec.process_pid;
		ev->tgid = pe.event_data.exec.process_tgid;
		return 0;
	case PROC_EVENT_EXIT:
		ev->kind = PROC_EV_EXIT;
		ev->pid = pe.event_data.exit.process_pid;
		ev->tgid = pe.event_data.exit.process_tgid;
		ev->exit_code = pe.event_data.exit.exit_code;
		return 0;
	default:
		ev->kind = PROC_EV_OTHER;
		return 0;
	}
}

static int send_listen(struct nl_sock *sk, enum proc_cn_mcast_op op)
{
	/* struct cn_msg ends in data[]: the operation follows it */
	unsigned char req[sizeof(struct cn_msg) + sizeof(op)];
	struct cn_msg cn;
	int ret;

	memset(&cn, 0, sizeof(cn));
	cn.id.idx = CN_IDX_PROC;
	cn.id.val = CN_VAL_PROC;
	cn.ack = 1;
	cn.len = sizeof(op);
	memcpy(req, &cn, sizeof(cn));
	memcpy(req + sizeof(cn), &op, sizeof(op));
	ret = nl_send_simple(sk, NLMSG_DONE, 0, req, sizeof(req));
	return ret < 0 ? -EIO : 0;
}

/* The first acknowledgement (PROC_EVENT_NONE) after subscribing. */
static int wait_ack(struct proc_events *pe)
{
	struct pollfd p = { .fd = nl_socket_get_fd(pe->sk), .events = POLLIN };
	int waited = 0;

	while (waited < ACK_TIMEOUT_MS) {
		struct sockaddr_nl peer;
		unsigned char *buf = NULL;
		struct nlmsghdr *hdr;
		int n, found = 0, err = 0;

		if (poll(&p, 1, 100) <= 0) {
			waited += 100;
			continue;
		}
		n = nl_recv(pe->sk, &peer, &buf, NULL);
		if (n <= 0)
			return n == -NLE_AGAIN ? -EAGAIN : -EIO;
		for (hdr = (struct nlmsghdr *)(void *)buf; nlmsg_ok(hdr, n);
		     hdr = nlmsg_next(hdr, &n)) {
			struct proc_ev ev;
			int ack = 0;

			if (proc_event_decode(nlmsg_data(hdr),
					      (size_t)nlmsg_datalen(hdr), &ev,
					      &ack))
				continue;
			if (ev.kind == PROC_EV_OTHER && !ev.pid) {
				found = 1;
				err = ack;
			}
		}
		free(buf);
		if (found)
			return err ? -err : 0;
	}
	return -ETIMEDOUT;
}

int proc_events_open(struct proc_events **out)
{
	struct proc_events *pe = xcalloc(1, sizeof(*pe));
	int ret;

	pe->sk = nl_socket_alloc();
	if (!pe->sk) {
		free(pe);
		return -ENOMEM;
	}
	nl_socket_disable_seq_check(pe->sk);
	nl_socket_disable_auto_ack(pe->sk);
	if (nl_connect(pe->sk, NETLINK_CONNECTOR) < 0) {
		ret = -EPROTONOSUPPORT;
		goto fail;
	}
	if (nl_socket_add_membership(pe->sk, CN_IDX_PROC) < 0) {
		ret = -EPERM;
		goto fail;
	}
	nl_socket_set_buffer_size(pe->sk, 1 << 20, 0);
	ret = send_listen(pe->sk, PROC_CN_MCAST_LISTEN);
	if (!ret)
		ret = wait_ack(pe);
	if (ret)
		goto fail;
	nl_socket_set_nonblocking(pe->sk);
	*out = pe;
	return 0;
fail:
	nl_socket_free(pe->sk);
	free(pe);
	return ret;
}

int proc_events_fd(const struct proc_events *pe)
{
	return nl_socket_get_fd(pe->sk);
}

int proc_events_read(struct proc_events *pe,
		     void (*cb)(const struct proc_ev *ev, void *data),
		     void *data)
{
	int count = 0;

	for (;;) {
		struct sockaddr_nl peer;
		unsigned char *buf = NULL;
		struct nlmsghdr *hdr;
		int n;

		n = nl_recv(pe->sk, &peer, &buf, NULL);
		if (n == -NLE_AGAIN || n == 0)
			return count;
		if (n == -NLE_NOMEM && errno == ENOBUFS)
			return -ENOBUFS;
		if (n < 0)
			return -EIO;
		/* only the kernel (port 0) speaks on this socket */
		if (peer.nl_pid) {
			free(buf);
			continue;
		}
		for (hdr = (struct nlmsghdr *)(void *)buf; nlmsg_ok(hdr, n);
		     hdr = nlmsg_next(hdr, &n)) {
			struct proc_ev ev;
			int ack;

			if (proc_event_decode(nlmsg_data(hdr),
					      (size_t)nlmsg_datalen(hdr), &ev,
					      &ack) ||
			    ev.kind == PROC_EV_OTHER)
				continue;
			cb(&ev, data);
			count++;
		}
		free(buf);
	}
}

void proc_events_close(struct proc_events *pe)
{
	if (!pe)
		return;
	send_listen(pe->sk, PROC_CN_MCAST_IGNORE);
	nl_socket_free(pe->sk);
	free(pe);
}
