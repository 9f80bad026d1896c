/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PROM_TEXT_H
#define VFIO_SVA_PROM_TEXT_H

/*
 * The Prometheus text exposition format (version 0.0.4), as node_exporter's
 * textfile collector reads it: each family once, HELP and TYPE first, then
 * its samples; label values escaped (\\, \", \n).
 */
#include <stdio.h>

/* "# HELP name text" and "# TYPE name gauge". */
void prom_family(FILE *out, const char *name, const char *help);

/*
 * One sample: @name{k1="v1",...} @value. @labels holds @nr_labels pairs of
 * key and value; a NULL value is written as "".
 */
void prom_sample(FILE *out, const char *name, const char *const *labels,
		 int nr_labels, double value);

/* A label value as the format wants it, into @out. */
void prom_escape_label(FILE *out, const char *value);

#endif
