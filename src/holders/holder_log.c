// SPDX-License-Identifier: GPL-2.0
/* The holder's log: one line on stderr for each thing it does or refuses. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "holder_parts.h"
#include "service.h"
#include "text_escape.h"

/* UTC to the second, as the log and a bond's "since" give it */
void iso_time(time_t t, char *buf, size_t size)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * One line on stderr. To the journal (JOURNAL_STREAM) it starts with the
 * priority prefix and nothing else: the journal records time and pid.
 */
void hlog_at(const struct holder *h, const char *level, const char *fmt, ...)
{
	char when[32], line[1024], safe[4200];
	va_list ap;

	if (!h->log_events)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* a comm or a message of a client cannot forge a line of its own */
	text_escape_buf(line, 0, safe, sizeof(safe));
	if (service_journal_stderr()) {
		fprintf(stderr, "%s%s\n", level, safe);
		return;
	}
	iso_time(time(NULL), when, sizeof(when));
	fprintf(stderr, "vfio-sva %s[%d]: %s %s\n",
		h->kind == HOLDER_DAEMON ? "daemon" : "hold", (int)getpid(),
		when, safe);
}
