// SPDX-License-Identifier: GPL-2.0
/* vfio-sva daemon: keep containers open so that bonds outlive `bind`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "holder.h"
#include "options.h"
#include "report.h"
#include "runtime_dir.h"
#include "service.h"
#include "sysfs.h"

struct daemon_args {
	const char *dir;
};

static const struct argp_option daemon_options[] = {
	{ "runtime-dir", OPT_RUNTIME_DIR, "DIR", 0,
	  "Serve DIR instead of /run/vfio-sva (root) or $XDG_RUNTIME_DIR/vfio-sva",
	  0 },
	{ 0 }
};

static error_t daemon_parse(int key, char *arg, struct argp_state *state)
{
	struct daemon_args *a = state->input;

	if (key != OPT_RUNTIME_DIR)
		return ARGP_ERR_UNKNOWN;
	if (arg[0] != '/')
		return cmd_usage_error(state,
				       "--runtime-dir needs an absolute path");
	a->dir = arg;
	return 0;
}

static const struct argp daemon_argp = {
	.doc = "Hold VFIO containers for 'vfio-sva bind' so that bonds outlive "
	       "the command; runs in the foreground and logs to stderr.\v"
	       "Clients get a container only for groups whose /dev/vfio node "
	       "they could open themselves, and issue VFIO_IOMMU_BIND "
	       "themselves, so the kernel checks their own ptrace rights. "
	       "SIGTERM or SIGINT unbinds every bond and stops the daemon; SIGHUP is ignored.",
	.args_doc = "",
	.options = daemon_options,
	.parser = daemon_parse,
	.children = common_children,
};

int daemon_run(int argc, char **argv)
{
	struct daemon_args args = { 0 };
	char dir[PATH_MAX], status[PATH_MAX + 256];
	const char *why = NULL;
	enum holder_end end;
	struct holder *h;
	int ret;

	ret = cmd_parse(&daemon_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	if (args.dir)
		snprintf(dir, sizeof(dir), "%s", args.dir);
	else if (runtime_dir_own(dir, sizeof(dir)))
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "daemon: the runtime directory's path is too long");

	ret = holder_init(&h, HOLDER_DAEMON, dir, true, &why);
	if (ret == -EBUSY) {
		char pid[32] = "?";

		sysfs_read(dir, DAEMON_LOCK, pid, sizeof(pid));
		pid[strcspn(pid, "\n")] = '\0';
		return vs_fail(VS_EXIT_BUSY, NULL,
			       "daemon: another daemon (pid %s) already serves %s",
			       pid, dir);
	}
	if (ret == -EADDRINUSE) {
		return vs_fail(VS_EXIT_BUSY,
			       "systemd starts the daemon on the first connection; to run one of your own: systemctl stop vfio-sva.socket",
			       "daemon: cannot serve %s: systemd's vfio-sva.socket listens on %s/%s",
			       dir, dir, DAEMON_SOCKET);
	}
	if (ret)
		return vs_fail(vs_exit_from_errno(-ret), NULL,
			       "daemon: cannot serve %s: %s (%s)", dir,
			       why ? why : "", strerror(-ret));
	snprintf(status, sizeof(status),
		 "READY=1\nSTATUS=serving %s, targets watched by %s",
		 holder_sock_path(h), holder_tracking(h));
	service_notify(status);
	holder_run(h);
	end = holder_end_reason(h);
	service_notify("STOPPING=1\nSTATUS=unbinding every bond and stopping");
	holder_shutdown(h);
	return end == HOLDER_END_ERROR ? VS_EXIT_FAILURE : VS_EXIT_OK;
}
