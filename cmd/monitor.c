// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva monitor [--pid PID] [--group N]: one line (or JSON object) per
 * event until SIGINT or SIGTERM. Hotplug events come from a libudev
 * monitor, bond events from every holder this user may watch
 * (src/holders/monitor_watch.c); src/holders/monitor_event.c renders them.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "cmd.h"
#include "hotplug.h"
#include "monitor_event.h"
#include "monitor_watch.h"
#include "report.h"
#include "target_args.h"
#include "xalloc.h"

struct monitor_args {
	const char *pid_text;
	pid_t pid;
	long group;
};

struct monitor {
	struct monitor_filter filter;
	struct monitor_watch *watch;
	struct hotplug *hp;
	int sig_fd;
	bool failed;			/* stdout went away */
};

static const struct target_spec monitor_target_spec = {
	.pid_doc = "Only events of this process's bonds",
	.group_doc = "Only events of IOMMU group N",
};

static const struct argp monitor_argp = {
	.doc = "Print events as they happen until SIGINT or SIGTERM: IOMMU "
	       "groups and units appearing and vanishing, devices changing "
	       "driver, and bonds created, released and reaped when their "
	       "process exits or executes.\v"
	       "Events: monitor-started, group-added, group-removed, "
	       "driver-changed, iommu-added, iommu-removed, bond-created, "
	       "bond-released, target-exec, target-exit, bond-reaped. With "
	       "--json each is one JSON object per line with \"event\" and "
	       "\"time\".",
	.args_doc = "",
	/* no parser of its own: argp hands the input to the first child */
	.children = target_children,
};

static void show(const struct monitor_event *ev, void *data)
{
	struct monitor *mon = data;

	if (monitor_event_print(ev))
		mon->failed = true;
}

static void on_hotplug(struct monitor *mon, const struct hotplug_event *hev)
{
	struct monitor_event ev = { .kind = MONITOR_HOTPLUG, .hotplug = *hev };

	monitor_event_stamp(&ev);
	if (monitor_event_matches(&ev, &mon->filter))
		show(&ev, mon);
}

static void started(struct monitor *mon, const char *source)
{
	struct monitor_event ev = { .kind = MONITOR_STARTED };

	monitor_event_stamp(&ev);
	ev.started.hotplug = source;
	ev.started.holders = monitor_watch_holders(mon->watch);
	show(&ev, mon);
}

static int loop(struct monitor *mon)
{
	while (!mon->failed) {
		struct pollfd pfd[2 + MONITOR_WATCH_MAX_FDS];
		size_t n = 0;
		int ret;

		pfd[n++] = (struct pollfd){ .fd = mon->sig_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = mon->hp ? hotplug_fd(mon->hp) : -1,
					    .events = POLLIN };
		n += monitor_watch_fds(mon->watch, pfd + n);
		ret = poll(pfd, n, MONITOR_WATCH_RESCAN_MS);
		if (ret < 0 && errno != EINTR)
			return VS_EXIT_FAILURE;
		monitor_watch_ping(mon->watch);
		if (ret == 0) {
			monitor_watch_rescan(mon->watch);
			continue;
		}
		if (pfd[0].revents & POLLIN)
			return VS_EXIT_OK;
		if (pfd[1].revents & POLLIN) {
			struct hotplug_event hev;

			while (hotplug_read(mon->hp, &hev) > 0)
				on_hotplug(mon, &hev);
		}
		monitor_watch_readable(mon->watch, pfd + 2, n - 2);
	}
	return VS_EXIT_FAILURE;
}

int monitor_run(int argc, char **argv)
{
	struct target_args target = { .spec = &monitor_target_spec };
	struct monitor_args args = { .group = -1 };
	struct monitor *mon;
	const char *source = "unavailable";
	sigset_t mask;
	int ret;

	ret = cmd_parse(&monitor_argp, argc, argv, &target);
	if (ret < 0 && target.pid_text)
		ret = cmd_pid("monitor", target.pid_text, &args.pid);
	if (ret >= 0)
		return ret;
	args.pid_text = target.pid_text;
	args.group = target_group(&target);

	mon = xcalloc(1, sizeof(*mon));
	mon->filter = (struct monitor_filter){
		.by_pid = args.pid_text != NULL,
		.pid = args.pid,
		.group = args.group,
	};
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	mon->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (mon->sig_fd < 0) {
		free(mon);
		return vs_fail(VS_EXIT_FAILURE, NULL,
			       "monitor: cannot catch signals: %s",
			       strerror(errno));
	}
	ret = hotplug_open(&mon->hp, &source);
	if (ret) {
		mon->hp = NULL;
		source = "unavailable";
		vs_warn("monitor: no hotplug events: %s", strerror(-ret));
	}
	mon->watch = monitor_watch_new(&mon->filter, show, mon);
	started(mon, source);

	ret = loop(mon);

	monitor_watch_free(mon->watch);
	hotplug_close(mon->hp);
	close(mon->sig_fd);
	free(mon);
	return ret;
}
