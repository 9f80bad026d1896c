// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-sva kernel model: the model's side of `vfio-sva-kmodel ctl`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kmodel.h"

#define CTL_MAX_WORDS	8

static int parse_uint(const char *s, unsigned int *v)
{
	char *end;
	unsigned long n;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	n = strtoul(s, &end, 10);
	if (*end || n > 1000000)
		return -1;
	*v = (unsigned int)n;
	return 0;
}

static int fault(struct km_model *m, char **w, unsigned int n,
		 struct kmodel_reply *rp)
{
	unsigned int count = 1, skip = 0;
	int op, err;

	if (n < 3 || n > 5) {
		snprintf(rp->text, sizeof(rp->text),
			 "usage: fault OP ERRNO [COUNT] [SKIP]");
		return -EINVAL;
	}
	op = km_op_parse(w[1]);
	if (op < 0) {
		snprintf(rp->text, sizeof(rp->text),
			 "unknown operation '%.64s' (open-container, open-group, get-api-version, check-extension, set-iommu, get-status, set-container, unset-container, bind, unbind)",
			 w[1]);
		return -EINVAL;
	}
	err = km_errno_parse(w[2]);
	if (err < 0 || (n > 3 && parse_uint(w[3], &count)) ||
	    (n > 4 && parse_uint(w[4], &skip)) || !count) {
		snprintf(rp->text, sizeof(rp->text),
			 "bad ERRNO, COUNT or SKIP (e.g. fault bind ENOMEM 1 0)");
		return -EINVAL;
	}
	m->faults[op] = (struct km_fault){ .err = err, .count = count,
					   .skip = skip };
	km_log(m, "fault armed: %s %s x%u after %u", w[1], km_errno_name(err),
	       count, skip);
	return 0;
}

static int state(const struct km_model *m, struct kmodel_reply *rp,
		 int *outfd)
{
	char *doc = km_state_json(m);
	size_t len, done = 0;
	int fd;

	if (!doc)
		return -ENOMEM;
	fd = memfd_create("kmodel-state", MFD_CLOEXEC);
	if (fd < 0) {
		free(doc);
		return -errno;
	}
	len = strlen(doc);
	while (done < len) {
		ssize_t n = write(fd, doc + done, len - done);

		if (n <= 0) {
			snprintf(rp->text, sizeof(rp->text),
				 "cannot write the state: %m");
			close(fd);
			free(doc);
			return -EIO;
		}
		done += (size_t)n;
	}
	free(doc);
	*outfd = fd;
	return 0;
}

int km_ctl_handle(struct km_model *m, const struct kmodel_ctl *rq,
		  struct kmodel_reply *rp, int *outfd)
{
	char args[KMODEL_CTL_ARGS + 1];
	char *w[CTL_MAX_WORDS];
	unsigned int n = 0;
	size_t at = 0;

	memcpy(args, rq->args, KMODEL_CTL_ARGS);
	args[KMODEL_CTL_ARGS] = '\0';
	while (n < rq->argc && n < CTL_MAX_WORDS && at < KMODEL_CTL_ARGS) {
		w[n++] = args + at;
		at += strlen(args + at) + 1;
	}
	if (!n || n != rq->argc || at > KMODEL_CTL_ARGS) {
		snprintf(rp->text, sizeof(rp->text), "malformed request");
		return -EINVAL;
	}
	if (!strcmp(w[0], "ping") && n == 1)
		return 0;
	if (!strcmp(w[0], "state") && n == 1)
		return state(m, rp, outfd);
	if (!strcmp(w[0], "quit") && n == 1) {
		m->quit = true;
		return 0;
	}
	if (!strcmp(w[0], "faults-clear") && n == 1) {
		memset(m->faults, 0, sizeof(m->faults));
		return 0;
	}
	if (!strcmp(w[0], "fault"))
		return fault(m, w, n, rp);
	if (!strcmp(w[0], "stock") && n == 2 &&
	    (!strcmp(w[1], "on") || !strcmp(w[1], "off"))) {
		m->stock = !strcmp(w[1], "on");
		km_log(m, "stock kernel %s", w[1]);
		return 0;
	}
	if (!strcmp(w[0], "module") && n == 2 &&
	    (!strcmp(w[1], "on") || !strcmp(w[1], "off"))) {
		m->no_module = !strcmp(w[1], "off");
		km_log(m, "vfio_sva module %s", w[1]);
		return 0;
	}
	snprintf(rp->text, sizeof(rp->text),
		 "unknown command '%.64s' (ping, state, stock on|off, module on|off, fault OP ERRNO [COUNT] [SKIP], faults-clear, quit)",
		 w[0]);
	return -EINVAL;
}
