// SPDX-License-Identifier: GPL-2.0
/* The holder's request parser: everything a client can send. */
#include <stdint.h>
#include <stdlib.h>

#include "holder_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_request req;
	const char *why;
	size_t i;
	int err;

	if (!proto_parse_request((const char *)data, size, &req, &why)) {
		if (req.nr_groups > PROTO_MAX_GROUPS)
			abort();
		for (i = 0; i < req.nr_groups; i++)
			if (req.groups[i] > INT32_MAX)
				abort();
		if ((req.op == PROTO_HOLD || req.op == PROTO_UNBIND) &&
		    req.pid <= 0)
			abort();
		json_object_put(proto_request_json(&req));
	}
	json_object_put(proto_parse_reply((const char *)data, size, &err, &why));
	return 0;
}
