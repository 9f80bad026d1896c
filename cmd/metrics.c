// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-sva metrics [--output FILE]: the verdicts, the IOMMU units' SVA
 * features, the kernel's bind interface and the holders' bonds in the
 * Prometheus text format, for node_exporter's textfile collector. The
 * document is built whole in memory, then written to stdout, or to FILE
 * atomically: a temporary file in FILE's directory, fsync, rename, so the
 * collector never reads half a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "enumerate.h"
#include "held_bond.h"
#include "holder_client.h"
#include "holder_status.h"
#include "list_view.h"
#include "options.h"
#include "prom_text.h"
#include "report.h"
#include "runtime_dir.h"
#include "text_escape.h"
#include "verdict.h"
#include "xalloc.h"

struct metrics_args {
	const char *output;
	bool no_probe;
};

static const struct argp_option metrics_options[] = {
	{ "no-probe", OPT_NO_PROBE, NULL, 0,
	  "Do not open a group to probe for VFIO_IOMMU_BIND (the holders are "
	  "still asked for their bonds)", 0 },
	{ "output", OPT_OUTPUT, "FILE", 0,
	  "Write FILE atomically (temporary file, fsync, rename) instead of "
	  "standard output", 0 },
	{ 0 }
};

static error_t metrics_parse(int key, char *arg, struct argp_state *state)
{
	struct metrics_args *a = state->input;

	switch (key) {
	case OPT_OUTPUT:
		return cmd_take_text(state, arg, &a->output,
				     "--output needs a file name");
	case OPT_NO_PROBE:
		a->no_probe = true;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp metrics_argp = {
	.doc = "Print the SVA verdicts of every group and device, the IOMMU "
	       "units' SVA features, the kernel's bind interface and the bonds "
	       "the holders keep, in the Prometheus text exposition format, for "
	       "node_exporter's textfile collector.\v"
	       "With --output the file is replaced atomically. See "
	       "vfio-sva(8), METRICS, for the metric names and a PromQL query.",
	.args_doc = "",
	.options = metrics_options,
	.parser = metrics_parse,
	.children = common_children,
};

/* The code of the reason that decides the verdict: "" for yes. */
static const char *reason_code(const struct verdict *v)
{
	const struct reason *r = verdict_first_reason(v);

	return v->capable == TRI_YES || !r ? "" : r->code;
}

static void put_kernel(FILE *f, const struct machine *m)
{
	const struct kernel_facts *k = &m->kernel;
	const char *l[6];

	prom_family(f, "vfio_sva_build_info", "vfio-sva's version.");
	l[0] = "version";
	l[1] = VFIO_SVA_VERSION;
	prom_sample(f, "vfio_sva_build_info", l, 1, 1);

	prom_family(f, "vfio_sva_last_run_timestamp_seconds",
		    "When vfio-sva metrics wrote this.");
	prom_sample(f, "vfio_sva_last_run_timestamp_seconds", NULL, 0,
		    (double)time(NULL));

	prom_family(f, "vfio_sva_kernel_info", "The running kernel.");
	l[0] = "release";
	l[1] = k->release;
	prom_sample(f, "vfio_sva_kernel_info", l, 1, 1);

	prom_family(f, "vfio_sva_kernel_vfio",
		    "1 when /dev/vfio/vfio exists.");
	prom_sample(f, "vfio_sva_kernel_vfio", NULL, 0, k->vfio);
	prom_family(f, "vfio_sva_kernel_iommufd", "1 when /dev/iommu exists.");
	prom_sample(f, "vfio_sva_kernel_iommufd", NULL, 0, k->iommufd);

	prom_family(f, "vfio_sva_kernel_bind_ioctl",
		    "Whether the kernel provides VFIO_IOMMU_BIND: 1 for the state it is in (yes, no, unknown), with the kernel side that answered (vfio-sva-module, type1-bind, none; empty: unknown) and why.");
	l[0] = "interface";
	l[1] = bind_iface_name(k->bind_iface) ? bind_iface_name(k->bind_iface) : "";
	l[2] = "state";
	l[3] = tri_word(k->bind_ioctl);
	l[4] = "why";
	l[5] = k->bind_ioctl_why;
	prom_sample(f, "vfio_sva_kernel_bind_ioctl", l, 3, 1);
}

static void put_feature(FILE *f, const char *unit, const char *feature,
			enum tri t)
{
	const char *l[4] = { "iommu", unit, "feature", feature };

	if (t != TRI_UNKNOWN)
		prom_sample(f, "vfio_sva_iommu_feature", l, 2, t == TRI_YES);
}

/* A verdict's sample: its subject's two labels, then sva and reason. */
static void put_verdict(FILE *f, const char *family, const char *const who[4],
			const struct verdict *v)
{
	const char *l[] = {
		who[0], who[1], who[2], who[3],
		"sva", tri_word(v->capable),
		"reason", reason_code(v),
	};

	prom_sample(f, family, l, 4, 1);
}

static void put_iommus(FILE *f, const struct machine *m)
{
	size_t i;

	prom_family(f, "vfio_sva_iommu_sva",
		    "An IOMMU unit's SVA verdict (yes, no, unknown) and the code of its first blocking reason; always 1.");
	for (i = 0; i < m->nr_iommus; i++) {
		const struct iommu_unit *u = &m->iommus[i];
		const char *who[] = { "iommu", u->name,
				      "kind", iommu_kind_name(u->kind) };

		put_verdict(f, "vfio_sva_iommu_sva", who, &u->sva);
	}
	prom_family(f, "vfio_sva_iommu_feature",
		    "An SVA feature of an IOMMU unit: 1 present, 0 absent; left out when unknown (Arm SMMUv3 shows none).");
	for (i = 0; i < m->nr_iommus; i++) {
		const struct iommu_unit *u = &m->iommus[i];
		const struct iommu_features *ft = &u->feat;

		put_feature(f, u->name, "pasid", ft->pasid);
		put_feature(f, u->name, "prs", ft->prs);
		put_feature(f, u->name, "first_level", ft->first_level);
		put_feature(f, u->name, "ats", ft->ats);
		if (u->kind == IOMMU_KIND_INTEL_VTD) {
			put_feature(f, u->name, "srs", ft->srs);
			put_feature(f, u->name, "smts", ft->smts);
			put_feature(f, u->name, "scalable_mode",
				    ft->smts == TRI_NO ? TRI_NO :
				    m->kernel.scalable_mode);
		}
	}
	prom_family(f, "vfio_sva_iommu_pasid_width",
		    "The PASID width an IOMMU unit supports, a number of bits (0: none); left out when unknown.");
	for (i = 0; i < m->nr_iommus; i++) {
		const char *l[] = { "iommu", m->iommus[i].name };

		if (m->iommus[i].feat.pasid_bits >= 0)
			prom_sample(f, "vfio_sva_iommu_pasid_width", l, 1,
				    m->iommus[i].feat.pasid_bits);
	}
}

static void put_groups(FILE *f, const struct machine *m)
{
	char id[16];
	size_t i;

	prom_family(f, "vfio_sva_group_sva",
		    "An IOMMU group's SVA verdict (yes, no, unknown: can a process be bound through it) and the code of its first blocking reason; always 1.");
	for (i = 0; i < m->nr_groups; i++) {
		const struct group *g = &m->groups[i];
		const char *who[] = { "group", id,
				      "iommu", g->iommu ? g->iommu : "" };

		snprintf(id, sizeof(id), "%u", g->id);
		put_verdict(f, "vfio_sva_group_sva", who, &g->sva);
	}
	prom_family(f, "vfio_sva_group_devices",
		    "How many devices an IOMMU group has.");
	for (i = 0; i < m->nr_groups; i++) {
		const char *l[] = { "group", id };

		snprintf(id, sizeof(id), "%u", m->groups[i].id);
		prom_sample(f, "vfio_sva_group_devices", l, 1,
			    (double)m->groups[i].nr_members);
	}
}

/*
 * A device's own verdict (what the function and its driver offer) and its
 * group's (what binding through the group gives), with the first reason of
 * the group's: that is the answer for "can this device do SVA here".
 */
static void put_devices(FILE *f, const struct machine *m)
{
	char vendor[8], device[8], class[8], group[24];
	size_t i;

	prom_family(f, "vfio_sva_device_sva",
		    "A device's SVA verdict through its IOMMU group (yes, no, unknown; a device in no group: its own) and the code of the first blocking reason; always 1.");
	for (i = 0; i < m->nr_devices; i++) {
		const struct device *d = &m->devices[i];
		const struct group *g = d->group >= 0 ?
			machine_find_group(m, (unsigned int)d->group) : NULL;
		const struct verdict *v = g ? &g->sva : &d->sva;
		bool ids = d->is_pci && d->pci.have_ids;
		const char *l[] = {
			"device", d->name, "bus", d->bus,
			"vendor", ids ? vendor : "", "product", ids ? device : "",
			"class", ids ? class : "",
			"driver", d->driver ? d->driver : "",
			"group", d->group >= 0 ? group : "",
			"sva", tri_word(v->capable),
			"device_sva", tri_word(d->sva.capable),
			"reason", reason_code(v),
		};

		snprintf(vendor, sizeof(vendor), "%04x", d->pci.vendor);
		snprintf(device, sizeof(device), "%04x", d->pci.device);
		snprintf(class, sizeof(class), "%06x", d->pci.class & 0xffffff);
		snprintf(group, sizeof(group), "%ld", d->group);
		prom_sample(f, "vfio_sva_device_sva", l, 10, 1);
	}
}

/* Bonds counted by state, how a defunct one ended, holder and user. */
struct bond_count {
	const struct held_bond *first;	/* the bond that stands for the key */
	unsigned int n;
};

static bool same_key(const struct held_bond *a, const struct held_bond *b)
{
	return a->state == b->state && a->ended == b->ended &&
	       a->holder.kind == b->holder.kind &&
	       a->holder.pid == b->holder.pid && a->uid == b->uid;
}

static void put_bond_count(FILE *f, const struct bond_count *c)
{
	const struct held_bond *b = c->first;
	const char *ended = held_end_name(b->ended);
	char hpid[16], uid[16];
	const char *l[] = {
		"state", held_state_name(b->state), "ended", ended ? ended : "",
		"holder", held_kind_name(b->holder.kind), "holder_pid", hpid,
		"uid", uid,
	};

	snprintf(hpid, sizeof(hpid), "%d", (int)b->holder.pid);
	snprintf(uid, sizeof(uid), "%u", (unsigned int)b->uid);
	prom_sample(f, "vfio_sva_bonds", l, 5, c->n);
}

/*
 * A holder nobody listens on (or whose socket is gone) holds nothing: it
 * counts as answered, as it always did.
 */
static void put_bonds(FILE *f, const struct holders_answer *a)
{
	const struct held_bonds *bonds = &a->bonds;
	struct bond_count *c = xcalloc(bonds->n + 1, sizeof(*c));
	size_t nr = 0, i, j;
	const char *l[2];

	for (i = 0; i < bonds->n; i++) {
		for (j = 0; j < nr; j++)
			if (same_key(c[j].first, &bonds->v[i]))
				break;
		if (j == nr)
			c[nr++].first = &bonds->v[i];
		c[j].n++;
	}
	prom_family(f, "vfio_sva_bonds",
		    "Bonds the vfio-sva holders keep, by state (active, defunct), how a defunct one ended (exited, execed), holder kind and pid, and the user who made them.");
	for (j = 0; j < nr; j++)
		put_bond_count(f, &c[j]);
	prom_family(f, "vfio_sva_holders",
		    "vfio-sva holders (daemons, bind --hold) found, by whether they answered in time.");
	l[0] = "state";
	l[1] = "answered";
	prom_sample(f, "vfio_sva_holders", l, 1,
		    (double)(a->nr_asked - a->nr_unreachable));
	l[1] = "unreachable";
	prom_sample(f, "vfio_sva_holders", l, 1, (double)a->nr_unreachable);
	free(c);
}

static void ask_holders(struct holders_answer *a)
{
	char (*paths)[PATH_MAX] = xcalloc(MAX_HOLDERS, PATH_MAX);
	size_t i;

	holders_ask(paths, holder_sockets(paths, MAX_HOLDERS), a);
	for (i = 0; i < a->nr_unreachable; i++)
		vs_debug(1, "%s: %s", esc(a->unreachable[i].socket),
			 strerror(-a->unreachable[i].err));
	free(paths);
}

/* Replace @path by @len bytes of @text, never leaving half a file. */
static int write_atomically(const char *path, const char *text, size_t len)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	char *base_copy = xstrdup(path), *base = basename(base_copy);
	char *tmp = xasprintf("%s/.%s.XXXXXX", dir, base);
	int fd, dfd, err = 0;
	size_t done = 0;

	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? errno : EIO;
			break;
		}
		done += (size_t)w;
	}
	/* the collector runs as another user: the file is for all to read */
	if (!err && fchmod(fd, 0644))
		err = errno;
	if (!err && fsync(fd))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		unlink(tmp);
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
out:
	free(tmp);
	free(copy);
	free(base_copy);
	return -err;
}

/* Survey, ask the holders for their bonds, write it all: an exit status. */
static int write_metrics(const struct metrics_args *a)
{
	struct holders_answer holders;
	size_t len = 0;
	char *text = NULL;
	struct machine m;
	FILE *f;
	int ret;

	ret = cmd_survey("metrics", &m, a->no_probe);
	if (ret >= 0)
		return ret;
	ret = 0;
	ask_holders(&holders);

	f = open_memstream(&text, &len);
	if (!f) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL, "metrics: %s",
			      strerror(errno));
		goto out;
	}
	put_kernel(f, &m);
	put_iommus(f, &m);
	put_groups(f, &m);
	put_devices(f, &m);
	put_bonds(f, &holders);
	if (fclose(f)) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL, "metrics: %s",
			      strerror(errno));
		goto out;
	}
	if (a->output) {
		ret = write_atomically(a->output, text, len);
		if (ret)
			ret = vs_fail(vs_exit_from_errno(-ret) == VS_EXIT_PERMISSION ?
				      VS_EXIT_PERMISSION : VS_EXIT_FAILURE, NULL,
				      "metrics: cannot write %s: %s",
				      a->output, strerror(-ret));
	} else if (fwrite(text, 1, len, stdout) != len || fflush(stdout)) {
		ret = vs_fail(VS_EXIT_FAILURE, NULL,
			      "metrics: cannot write the output: %s",
			      strerror(errno));
	}
out:
	free(text);
	holders_answer_free(&holders);
	machine_free(&m);
	return ret;
}

int metrics_run(int argc, char **argv)
{
	struct metrics_args args = { 0 };
	int ret;

	ret = cmd_parse(&metrics_argp, argc, argv, &args);
	if (ret >= 0)
		return ret;
	return write_metrics(&args);
}
