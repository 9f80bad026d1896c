// SPDX-License-Identifier: GPL-2.0
/*
 * Vendor and device names from pci.ids through libpci, read on the first
 * lookup only.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <pci/pci.h>

#include "pci_names.h"
#include "report.h"

static struct pci_access *pacc;
static bool disabled;
static bool failed;

void pci_names_disable(void)
{
	disabled = true;
}

bool pci_names_enabled(void)
{
	return !disabled;
}

/* libpci's error callback must not return: it only fires on no memory. */
static void __attribute__((noreturn, format(printf, 1, 2)))
names_error(char *msg, ...)
{
	va_list ap;

	fputs("vfio-sva: pci.ids: ", stderr);
	va_start(ap, msg);
	vfprintf(stderr, msg, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(VS_EXIT_FAILURE);
}

static void __attribute__((format(printf, 1, 2))) names_warning(char *msg, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, msg);
	vsnprintf(text, sizeof(text), msg, ap);
	va_end(ap);
	vs_debug(1, "pci.ids: %s", text);
}

static void __attribute__((format(printf, 1, 2))) names_debug(char *msg, ...)
{
	(void)msg;
}

/*
 * pci_alloc() only fills in defaults; pci_init(), which probes the access
 * methods (and so /sys/bus/pci), is never called: the name list needs none
 * of it. Network and cache lookups stay off, and udev's hwdb is not asked,
 * so the names are the database's, the same on every host that has it.
 */
static struct pci_access *names_access(void)
{
	if (disabled || failed)
		return NULL;
	if (pacc)
		return pacc;
	pacc = pci_alloc();
	if (!pacc) {
		failed = true;
		return NULL;
	}
	pacc->error = names_error;
	pacc->warning = names_warning;
	pacc->debug = names_debug;
	pacc->id_lookup_mode = 0;
	if (!pci_load_name_list(pacc)) {
		vs_debug(1, "pci.ids: cannot read %s: numbers only",
			 pacc->id_file_name);
		pci_cleanup(pacc);
		pacc = NULL;
		failed = true;
	}
	return pacc;
}

#define LOOKUP_FLAGS (PCI_LOOKUP_NO_HWDB)

const char *pci_vendor_name(uint16_t vendor, char *buf, size_t size)
{
	struct pci_access *a = names_access();

	if (!a)
		return NULL;
	return pci_lookup_name(a, buf, (int)size, PCI_LOOKUP_VENDOR |
			       PCI_LOOKUP_NO_NUMBERS | LOOKUP_FLAGS,
			       (int)vendor);
}

const char *pci_device_name(uint16_t vendor, uint16_t device, char *buf,
			    size_t size)
{
	struct pci_access *a = names_access();

	if (!a)
		return NULL;
	return pci_lookup_name(a, buf, (int)size, PCI_LOOKUP_DEVICE |
			       PCI_LOOKUP_NO_NUMBERS | LOOKUP_FLAGS,
			       (int)vendor, (int)device);
}

const char *pci_vendor_device_text(uint16_t vendor, uint16_t device,
				   char *buf, size_t size)
{
	struct pci_access *a;

	a = names_access();
	/* without the database the numbers that follow say it all */
	if (!a)
		return NULL;
	return pci_lookup_name(a, buf, (int)size, PCI_LOOKUP_VENDOR |
			       PCI_LOOKUP_DEVICE | LOOKUP_FLAGS,
			       (int)vendor, (int)device);
}

void pci_names_free(void)
{
	if (pacc)
		pci_cleanup(pacc);
	pacc = NULL;
	failed = false;
}
