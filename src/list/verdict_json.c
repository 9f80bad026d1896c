// SPDX-License-Identifier: GPL-2.0
/*
 * A verdict and its reasons as JSON, the same in every document that
 * carries one.
 */
#include "macros.h"
#include "verdict_json.h"

const char *reason_origin_name(enum reason_origin origin)
{
	static const char *const names[] = {
		[ORIGIN_KERNEL] = "kernel",
		[ORIGIN_IOMMU] = "iommu",
		[ORIGIN_DEVICE] = "device",
		[ORIGIN_GROUP] = "group",
	};

	if ((unsigned int)origin >= ARRAY_SIZE(names))
		return "unknown";
	return names[origin];
}

struct json_object *verdict_json(const struct verdict *v)
{
	struct json_object *o = json_object_new_object();
	struct json_object *reasons = json_object_new_array();
	size_t i;

	json_object_object_add(o, "capable",
			       json_object_new_string(tri_word(v->capable)));
	for (i = 0; i < v->nr_reasons; i++) {
		const struct reason *r = &v->reasons[i];
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "code",
				       json_object_new_string(r->code));
		json_object_object_add(j, "blocking",
				       json_object_new_boolean(r->blocking));
		json_object_object_add(j, "origin", json_object_new_string(
				       reason_origin_name(r->origin)));
		json_object_object_add(j, "subject",
				       json_object_new_string(r->subject));
		json_object_object_add(j, "message",
				       json_object_new_string(r->message));
		json_object_array_add(reasons, j);
	}
	json_object_object_add(o, "reasons", reasons);
	return o;
}
