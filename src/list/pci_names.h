/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_PCI_NAMES_H
#define VFIO_SVA_PCI_NAMES_H

/*
 * Vendor and device names from the PCI ID database (pci.ids) through libpci,
 * as lspci prints them. The database is read on the first lookup only; no
 * PCI bus is scanned (libpci's access methods are never initialised).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -n: numbers only; every lookup then answers NULL without reading pci.ids. */
void pci_names_disable(void);
bool pci_names_enabled(void);

/* The vendor's name, or NULL when the database does not know it. */
const char *pci_vendor_name(uint16_t vendor, char *buf, size_t size);

/* The device's name (without the vendor's), or NULL when unknown. */
const char *pci_device_name(uint16_t vendor, uint16_t device, char *buf,
			    size_t size);

/*
 * lspci's text for the pair: "Intel Corporation Device 0b25" when the
 * device is not in the database, "Device 1234:abcd" when neither is; NULL
 * with names disabled or without a readable database.
 */
const char *pci_vendor_device_text(uint16_t vendor, uint16_t device,
				   char *buf, size_t size);

/* Free the database (for leak checkers); lookups reload it. */
void pci_names_free(void);

#endif
