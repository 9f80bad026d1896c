/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_MONITOR_WATCH_H
#define VFIO_SVA_MONITOR_WATCH_H

/*
 * The holder watcher of `vfio-sva monitor`: finds every holder this user
 * may watch (and, through inotify on their runtime directories, those that
 * start later), says "watch" to each and again before it would drop us,
 * leaves a silent one alone for a while, and turns what holders send into
 * bond events: filtered, a bond created announced once even when a late
 * holder's status replays it.
 */
#include <poll.h>
#include <stddef.h>

#include "monitor_event.h"
#include "runtime_dir.h"

/* Look for holders again after this long without an event (ms). */
#define MONITOR_WATCH_RESCAN_MS	2000

/* At most this many descriptors to poll: inotify's and one per holder. */
#define MONITOR_WATCH_MAX_FDS	(1 + MAX_HOLDERS)

/* Called with each bond event that passes the filter. */
typedef void monitor_event_fn(const struct monitor_event *ev, void *data);

struct monitor_watch;

/*
 * Start watching the holders there are now (their bonds are not
 * replayed); @filter must outlive the watcher.
 */
struct monitor_watch *monitor_watch_new(const struct monitor_filter *filter,
					monitor_event_fn *fn, void *data);
void monitor_watch_free(struct monitor_watch *w);

/* How many holders are watched. */
size_t monitor_watch_holders(const struct monitor_watch *w);

/* The descriptors to poll for input, into @pfd; returns how many. */
size_t monitor_watch_fds(struct monitor_watch *w, struct pollfd *pfd);

/* After poll(): read what came on the @n descriptors of monitor_watch_fds. */
void monitor_watch_readable(struct monitor_watch *w, const struct pollfd *pfd,
			    size_t n);

/* Say "watch" again to holders not told for a while (after every poll). */
void monitor_watch_ping(struct monitor_watch *w);

/* Look for new holders and replay their bonds (when poll() timed out). */
void monitor_watch_rescan(struct monitor_watch *w);

#endif
