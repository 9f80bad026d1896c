/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_VERDICT_JSON_H
#define VFIO_SVA_VERDICT_JSON_H

/*
 * A verdict and its reasons as JSON (the list document's sva members).
 */

#include <json-c/json.h>

#include "model.h"

/* "kernel", "iommu", "device" or "group". */
const char *reason_origin_name(enum reason_origin origin);

/* {"capable": "yes|no|unknown", "reasons": [...]} as in the list document. */
struct json_object *verdict_json(const struct verdict *v);

#endif
