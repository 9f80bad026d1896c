// SPDX-License-Identifier: GPL-2.0
/* vfio-sva status: every bond the holders keep that this user may see. */
#include <limits.h>
#include <stdbool.h>

#include "cmd.h"
#include "holder_client.h"
#include "holder_print.h"
#include "holder_status.h"
#include "report.h"
#include "runtime_dir.h"

/* No options of its own; common_argp refuses any argument. */
static const struct argp status_argp = {
	.doc = "Show the bonds that vfio-sva holders (the daemon, and 'bind "
	       "--hold' commands) keep: process, PASID, groups, state, how "
	       "the bond was made and holder. A user sees their own bonds; "
	       "root sees all.\v"
	       "MADE is holder-mem-fd (the holder bound with the /proc/PID/mem "
	       "descriptor its client opened: the kernel checked the client), "
	       "holder-pid ('bind --hold' bound with the pid: the kernel checked "
	       "the holder, which is the requester) or client-reported (the "
	       "kernel side has no VFIO_IOMMU_BIND_MEM_FD: the client bound and "
	       "said so, with its /proc/PID/mem as proof).",
	.args_doc = "",
	.children = common_children,
};

int status_run(int argc, char **argv)
{
	static char paths[MAX_HOLDERS][PATH_MAX];
	struct holders_answer a;
	bool partial;
	int ret;

	ret = cmd_parse(&status_argp, argc, argv, NULL);
	if (ret >= 0)
		return ret;
	holder_budget_start();
	holders_ask(paths, holder_sockets(paths, MAX_HOLDERS), &a);
	partial = a.nr_unreachable > 0;
	ret = print_status(&a);
	if (!vs_out.json)
		holder_warn_unreachable("status", &a);
	holders_answer_free(&a);
	if (ret)
		return VS_EXIT_FAILURE;	/* stdout failed */
	return partial ? VS_EXIT_PARTIAL : VS_EXIT_OK;
}
