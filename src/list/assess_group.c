// SPDX-License-Identifier: GPL-2.0
/*
 * Group verdicts, the answer to "can I bind here": the kernel's and the
 * unit's verdicts, the group node, the group's composition, and each
 * member's own device reasons.
 */
#include <stdio.h>
#include <unistd.h>

#include "assess_parts.h"
#include "kernel_facts.h"
#include "kernel_rules.h"
#include "model.h"
#include "verdict.h"

void assess_group(struct machine *m, struct group *g)
{
	struct iommu_unit *u = machine_find_iommu(m, g->iommu);
	const struct kernel_rule *rule;
	struct verdict *v = &g->sva;
	char subject[32];
	size_t i;

	snprintf(subject, sizeof(subject), "group %u", g->id);
	verdict_merge(v, &m->kernel_sva);
	if (u)
		verdict_merge(v, &u->sva);
	if (m->kernel.vfio && !g->node_present)
		verdict_add(v, "group-no-node", true,
			    ORIGIN_GROUP, subject,
			    "%s does not exist: no member is bound to a VFIO driver",
			    g->vfio_node);
	else if (g->node_present && g->accessible == TRI_NO)
		verdict_add(v, "group-not-accessible", true,
			    ORIGIN_GROUP, subject,
			    "%s is not readable and writable by uid %u: run as root or give the node to this user",
			    g->vfio_node, (unsigned int)geteuid());
	if (!g->viable)
		verdict_add(v, "group-not-viable", true,
			    ORIGIN_GROUP, subject,
			    "not viable: every member must be bound to a VFIO driver, pci-stub or no driver");
	rule = kernel_rule_match(RULE_SINGLE_DEVICE_GROUP, &m->kernel.id,
				 kernel_arch_is_x86(m->kernel.arch));
	if (rule && rule->effect == EFFECT_APPLIES &&
	    g->nr_members + g->nr_unreadable > 1)
		verdict_add(v, rule->code, true,
			    ORIGIN_GROUP, subject,
			    "%zu devices share the group: the kernel binds process address spaces to single-device groups only",
			    g->nr_members + g->nr_unreadable);
	for (i = 0; i < g->nr_unreadable; i++)
		verdict_add(v, "group-member-unreadable", false,
			    ORIGIN_GROUP, subject,
			    "member %s is listed but cannot be read: it may have just been removed",
			    g->unreadable[i]);
	if (!g->nr_members && !g->nr_unreadable)
		verdict_add(v, "group-empty", true,
			    ORIGIN_GROUP, subject,
			    "the group has no devices");

	/* the unit's reasons were merged once above, not once per member */
	for (i = 0; i < g->nr_members; i++) {
		const struct verdict *dv = &m->devices[g->members[i]].sva;
		size_t r;

		for (r = 0; r < dv->nr_reasons; r++)
			if (dv->reasons[r].origin == ORIGIN_DEVICE)
				verdict_merge_one(v, &dv->reasons[r]);
	}
	verdict_settle(v);
}
