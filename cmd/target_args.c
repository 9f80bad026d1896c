// SPDX-License-Identifier: GPL-2.0
/* --pid and --group: the process and the IOMMU groups a command is about. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "options.h"
#include "report.h"
#include "sysfs_parse.h"
#include "target.h"
#include "target_args.h"
#include "text_escape.h"
#include "xalloc.h"

/* The help text is the command's: target_help() puts it in. */
static const struct argp_option target_options[] = {
	{ "pid", OPT_PID, "PID", 0, NULL, 0 },
	{ "group", OPT_GROUP, "N", 0, NULL, 0 },
	{ 0 }
};

/* --pid PID, once: every command takes one process. */
static int set_pid(const struct argp_state *state, struct target_args *t,
		   const char *arg)
{
	if (t->pid_text)
		return cmd_usage_error(state, "--pid given twice ('%s' and '%s')",
				       t->pid_text, arg);
	t->pid_text = arg;
	return 0;
}

static int add_group(const struct argp_state *state, struct target_args *t,
		     const char *arg)
{
	unsigned int id;
	size_t i;

	if (!t->spec->many_groups && t->nr_groups)
		return cmd_usage_error(state, "--group given twice: this command takes one group");
	if (parse_dec_uint(arg, strlen(arg), &id))
		return cmd_usage_error(state, "'%s' is not an IOMMU group number",
				       arg);
	for (i = 0; i < t->nr_groups; i++)
		if (t->groups[i] == id)
			return cmd_usage_error(state, "group %u given twice", id);
	if (t->nr_groups == PROTO_MAX_GROUPS)
		return cmd_usage_error(state, "at most %d groups",
				       PROTO_MAX_GROUPS);
	t->groups[t->nr_groups++] = id;
	return 0;
}

static error_t target_parse(int key, char *arg, struct argp_state *state)
{
	struct target_args *t = state->input;

	switch (key) {
	case OPT_PID:
		return set_pid(state, t, arg);
	case OPT_GROUP:
		return add_group(state, t, arg);
	case ARGP_KEY_END:
		if (cmd_info_shown())
			break;
		if (t->spec->pid_required && !t->pid_text)
			return cmd_usage_error(state, "--pid is required");
		if (t->spec->many_groups && !t->nr_groups)
			return cmd_usage_error(state,
					       "at least one --group is required");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* argp frees what a help filter returns in place of @text. */
static char *target_help(int key, const char *text, void *input)
{
	const struct target_args *t = input;

	if (!t)
		return (char *)text;
	if (key == OPT_PID)
		return xstrdup(t->spec->pid_doc);
	if (key == OPT_GROUP)
		return xstrdup(t->spec->group_doc);
	return (char *)text;
}

const struct argp target_argp = {
	.options = target_options,
	.parser = target_parse,
	.help_filter = target_help,
};

const struct argp_child target_children[] = {
	{ &target_argp, 0, NULL, 0 },
	{ &common_argp, 0, NULL, 0 },
	{ 0 }
};

long target_group(const struct target_args *t)
{
	return t->nr_groups ? (long)t->groups[0] : -1;
}

/* The thread group (process) @tid belongs to, 0 if it cannot be read. */
static pid_t thread_group_of(pid_t tid)
{
	char path[64], line[256];
	pid_t tgid = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "Tgid:", 5)) {
			tgid = (pid_t)strtol(line + 5, NULL, 10);
			break;
		}
	fclose(f);
	return tgid;
}

int cmd_pid(const char *cmd, const char *text, pid_t *pid)
{
	pid_t tgid;
	long pid_max;
	int ret;

	if (!text)
		return vs_fail(VS_EXIT_USAGE, NULL, "%s: --pid is required", cmd);
	ret = pid_parse(text, pid, &pid_max);
	/* the same numbers as a group's: decimal, no sign, no leading zero */
	if (!ret && text[0] == '0')
		ret = -EINVAL;
	if (ret == -ERANGE)
		return vs_fail(VS_EXIT_NOT_FOUND, NULL,
			       "%s: pid %s is beyond pid_max (%ld): no such process",
			       cmd, esc_arg(text), pid_max);
	if (ret)
		return vs_fail(VS_EXIT_USAGE, NULL,
			       "%s: '%s' is not a process id (a number from 1 to %ld)",
			       cmd, esc_arg(text), pid_max);
	/* an address space belongs to the process, not to one of its threads */
	tgid = thread_group_of(*pid);
	if (tgid > 0 && tgid != *pid)
		return vs_fail(VS_EXIT_NOT_FOUND,
			       "give the process id; threads share its address space",
			       "%s: %d is a thread of process %d, not a process",
			       cmd, (int)*pid, (int)tgid);
	return -1;
}
