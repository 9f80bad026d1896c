/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PCI_SELECT_H
#define VFIO_SVA_PCI_SELECT_H

/*
 * lspci's device selection: -s [[[[domain]:]bus]:][slot][.[func]] and
 * -d [vendor]:[device][:class], parsed by libpci's own parsers so that the
 * two tools read the same text the same way (hex, any case, '*' or an empty
 * field for "any").
 */
#include <stdbool.h>
#include <stdint.h>

struct pci_select {
	bool have_slot, have_id;
	int domain, bus, slot, func;		/* -1: any */
	int vendor, device, class;		/* class: base class and subclass */
	unsigned int class_mask;
};

void pci_select_init(struct pci_select *s);

/* Parse -s; NULL, or what is wrong with @text. */
const char *pci_select_slot(struct pci_select *s, const char *text);

/* Parse -d; NULL, or what is wrong with @text. */
const char *pci_select_id(struct pci_select *s, const char *text);

/* What selection looks at in a device; pci.h and model.h do not mix. */
struct pci_ident {
	const char *name;		/* "DDDD:BB:SS.F", NULL if not PCI */
	bool have_ids;
	uint16_t vendor, device;
	uint32_t class;			/* base class, subclass, prog-if */
};

/* Does @id pass every part given? Non-PCI devices pass only when none is. */
bool pci_select_match(const struct pci_select *s, const struct pci_ident *id);

/* Parse a PCI device name "DDDD:BB:SS.F"; 0 or -1. */
int pci_name_parse(const char *name, int *domain, int *bus, int *slot,
		   int *func);

#endif
