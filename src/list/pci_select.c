// SPDX-License-Identifier: GPL-2.0
/*
 * lspci's -s and -d device selection, parsed by libpci's own parsers, and
 * matching a device against it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pci/pci.h>

#include "pci_select.h"
#include "xalloc.h"

void pci_select_init(struct pci_select *s)
{
	*s = (struct pci_select){
		.domain = -1, .bus = -1, .slot = -1, .func = -1,
		.vendor = -1, .device = -1, .class = -1, .class_mask = ~0u,
	};
}

/* libpci's filter parsers write into their argument: give them a copy. */
static const char *parse(struct pci_select *s, const char *text, bool slot)
{
	struct pci_filter f;
	char *copy = xstrdup(text);
	char *err;

	pci_filter_init(NULL, &f);
	err = slot ? pci_filter_parse_slot(&f, copy) :
		     pci_filter_parse_id(&f, copy);
	free(copy);
	if (err)
		return err;
	if (slot) {
		s->have_slot = true;
		s->domain = f.domain;
		s->bus = f.bus;
		s->slot = f.slot;
		s->func = f.func;
	} else {
		s->have_id = true;
		s->vendor = f.vendor;
		s->device = f.device;
		s->class = f.device_class;
		s->class_mask = f.device_class_mask;
	}
	return NULL;
}

const char *pci_select_slot(struct pci_select *s, const char *text)
{
	return parse(s, text, true);
}

const char *pci_select_id(struct pci_select *s, const char *text)
{
	return parse(s, text, false);
}

/* @n hex digits at @s, or -1 */
static int hex_field(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + c - '0';
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

int pci_name_parse(const char *name, int *domain, int *bus, int *slot,
		   int *func)
{
	/* DDDD:BB:SS.F, as the kernel names PCI devices */
	if (strlen(name) != 12 || name[4] != ':' || name[7] != ':' ||
	    name[10] != '.')
		return -1;
	*domain = hex_field(name, 4);
	*bus = hex_field(name + 5, 2);
	*slot = hex_field(name + 8, 2);
	*func = hex_field(name + 11, 1);
	return *domain < 0 || *bus < 0 || *slot < 0 || *func < 0 ? -1 : 0;
}

static bool field(int want, int have)
{
	return want < 0 || want == have;
}

bool pci_select_match(const struct pci_select *s, const struct pci_ident *id)
{
	int domain, bus, slot, func;

	if (!s->have_slot && !s->have_id)
		return true;
	if (!id->name)
		return false;
	if (s->have_slot) {
		if (pci_name_parse(id->name, &domain, &bus, &slot, &func))
			return false;
		if (!field(s->domain, domain) || !field(s->bus, bus) ||
		    !field(s->slot, slot) || !field(s->func, func))
			return false;
	}
	if (s->have_id) {
		if (!id->have_ids)
			return false;
		if (!field(s->vendor, id->vendor) ||
		    !field(s->device, id->device))
			return false;
		if (s->class >= 0 &&
		    (((id->class >> 8) ^ (unsigned int)s->class) &
		     s->class_mask & 0xffff))
			return false;
	}
	return true;
}
