/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_MACROS_H
#define VFIO_SVA_MACROS_H

/*
 * The few macros every part of vfio-sva may use, in one place.
 *
 * ARRAY_SIZE is the kernel's (include/linux/array_size.h): given a pointer
 * instead of an array, it does not compile, where the plain
 * sizeof(a) / sizeof(a[0]) would quietly give a wrong count.
 */

/* 0 when @e is false; a compile error (a negative bit-field) when true. */
#define BUILD_BUG_ON_ZERO(e)	((int)sizeof(struct { int:(-!!(e)); }))

#define SAME_TYPE(a, b)		__builtin_types_compatible_p(typeof(a), typeof(b))

/* 0 for an array; does not compile for a pointer (a decays to &a[0]). */
#define MUST_BE_ARRAY(a)	BUILD_BUG_ON_ZERO(SAME_TYPE((a), &(a)[0]))

#ifdef __CPPCHECK__
/* cppcheck reads the anonymous bit-field as a label: give it the plain count. */
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#else
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]) + MUST_BE_ARRAY(a))
#endif

#endif
