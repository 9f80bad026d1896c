/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_XALLOC_H
#define VFIO_SVA_XALLOC_H

/*
 * Allocation that cannot fail: out of memory ends the command.
 */

#include <stdarg.h>
#include <stddef.h>

/* Allocation that ends the command with exit status 1 when memory runs out. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
