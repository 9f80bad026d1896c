/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-sva fake kernel: the wire protocol between the LD_PRELOAD shim (and
 * `vfio-sva-kmodel ctl`) and the kernel model. See README.md beside this
 * file for the whole picture.
 *
 * One AF_UNIX SOCK_SEQPACKET connection to the model is one open file of a
 * VFIO node: the shim connects when /dev/vfio/vfio or /dev/vfio/N is opened,
 * sends struct kmodel_open and gets a struct kmodel_reply (0 or -errno).
 * From then on the connection is the file: it is released when its last fd
 * is closed in every process (dup, fork and SCM_RIGHTS need nothing special).
 *
 * An ioctl is a struct kmodel_ioctl sent on that connection with a fresh
 * socket (one end of a socketpair) as the first SCM_RIGHTS fd: the model
 * answers on that private socket, so processes and threads that share the
 * file never read each other's answers. A second fd may follow: the
 * container fd of GROUP_SET_CONTAINER, a pidfd of the bind target, or
 * the caller's file behind a BIND_MEM_FD descriptor number (a copy of its
 * fd: the model looks at the same open file the kernel's fdget() would).
 *
 * `ctl` connects, sends struct kmodel_ctl and gets one struct kmodel_reply,
 * with a memfd holding the output (the state document) when there is one.
 *
 * Everything is native-endian: both ends run on the same machine.
 */
#ifndef VFIO_SVA_KMODEL_PROTO_H
#define VFIO_SVA_KMODEL_PROTO_H

#include <stdint.h>

#define KMODEL_SOCKET_NAME	"kmodel.sock"	/* in the fixture root */
#define KMODEL_SOCKET_ENV	"VFIO_SVA_KMODEL_SOCKET"
#define KMODEL_MAGIC		0x6c646d6bu	/* "kmdl" */
#define KMODEL_VERSION		1
#define KMODEL_MAX_MSG		2048
#define KMODEL_MAX_FDS		2
#define KMODEL_ARG_MAX		32	/* ioctl argument bytes carried */
#define KMODEL_REPLY_TIMEOUT_S	10

enum kmodel_type {
	KMODEL_OPEN = 1,	/* shim: first message, open a node */
	KMODEL_CTL = 2,		/* ctl: first and only message */
	KMODEL_IOCTL = 3,	/* shim: on an open node */
	KMODEL_REPLY = 4,	/* model */
};

struct kmodel_hdr {
	uint32_t magic;
	uint16_t version;
	uint16_t type;
	uint32_t len;		/* of the whole message */
	uint32_t reserved;
};

struct kmodel_open {
	struct kmodel_hdr hdr;
	int32_t tgid;		/* the opener */
	int32_t flags;		/* its open(2) flags */
	/* the shim's end of this connection: how container fds are known */
	uint64_t ino;
	uint64_t dev;
	char node[16];		/* "vfio" or a group number, NUL-terminated */
};

/* What the shim managed to do with the caller's memory. */
#define KMODEL_MEM_HEAD		(1u << 0)	/* first bytes read */
#define KMODEL_MEM_BODY		(1u << 1)	/* bind: process part read */
#define KMODEL_MEM_BODY_RW	(1u << 2)	/* ...and writable */
#define KMODEL_MEM_FD		(1u << 3)	/* SET_CONTAINER: fd follows */
#define KMODEL_MEM_PIDFD	(1u << 4)	/* bind: the target's pidfd */
#define KMODEL_MEM_MEMFD	(1u << 5)	/* bind: the caller's mem_fd */

/* The ptrace check the shim ran as the caller (pidfd_getfd). */
enum kmodel_verdict {
	KMODEL_TARGET_ALLOWED = 0,
	KMODEL_TARGET_REFUSED = 1,	/* EPERM */
	KMODEL_TARGET_MISSING = 2,	/* no such process */
};

/*
 * The bytes carried in data: GROUP_GET_STATUS its 8-byte head,
 * GROUP_SET_CONTAINER the int, BIND/UNBIND the 8-byte head and the 12-byte
 * process part after it. Integer ioctls use arg.
 */
struct kmodel_ioctl {
	struct kmodel_hdr hdr;
	uint32_t nr;		/* _IOC_NR of the request, type is ';' */
	uint32_t mem;		/* KMODEL_MEM_* */
	uint64_t arg;
	int32_t tgid;		/* the calling process */
	int32_t target;		/* bind: the process the verdict is about */
	uint32_t verdict;	/* enum kmodel_verdict */
	uint32_t size;		/* bytes in data */
	uint8_t data[KMODEL_ARG_MAX];
};

struct kmodel_reply {
	struct kmodel_hdr hdr;
	int32_t ret;		/* >= 0 the ioctl's value, < 0 -errno */
	uint32_t offset;	/* where in the argument data goes back */
	uint32_t size;		/* bytes of data to copy back */
	uint32_t reserved;
	uint8_t data[KMODEL_ARG_MAX];
	char text[512];		/* ctl: a message, NUL-terminated */
};

#define KMODEL_CTL_ARGS		1024

struct kmodel_ctl {
	struct kmodel_hdr hdr;
	uint32_t argc;
	uint32_t reserved;
	char args[KMODEL_CTL_ARGS];	/* argc NUL-terminated words */
};

/* The VFIO ioctl numbers the model knows, as _IOC_NR() values. */
#define KMODEL_NR_GET_API_VERSION	100
#define KMODEL_NR_CHECK_EXTENSION	101
#define KMODEL_NR_SET_IOMMU		102
#define KMODEL_NR_GROUP_GET_STATUS	103
#define KMODEL_NR_GROUP_SET_CONTAINER	104
#define KMODEL_NR_GROUP_UNSET_CONTAINER	105
#define KMODEL_NR_GROUP_GET_DEVICE_FD	106
#define KMODEL_NR_IOMMU_BIND		122
#define KMODEL_NR_IOMMU_UNBIND		123
/*
 * Not a VFIO ioctl: the shim asks which node a connection is (for
 * fstat()); the reply's text is "vfio" or the group number.
 */
#define KMODEL_NR_SHIM_NODE		255

static inline void kmodel_hdr_init(struct kmodel_hdr *h, enum kmodel_type type,
				   uint32_t len)
{
	h->magic = KMODEL_MAGIC;
	h->version = KMODEL_VERSION;
	h->type = (uint16_t)type;
	h->len = len;
	h->reserved = 0;
}

static inline int kmodel_hdr_ok(const void *buf, long n, enum kmodel_type type,
				uint32_t len)
{
	const struct kmodel_hdr *h = buf;

	return n == (long)len && h->magic == KMODEL_MAGIC &&
	       h->version == KMODEL_VERSION && h->type == type &&
	       h->len == len;
}

#endif
