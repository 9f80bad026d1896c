/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_MODEL_H
#define VFIO_SVA_MODEL_H

/*
 * What `list` knows about the machine: kernel facts, IOMMU units, groups and
 * devices, each with an SVA verdict. Text and JSON output both render this.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "iommu_caps.h"
#include "kernel_rules.h"
#include "pcie_caps.h"
#include "sysfs_parse.h"
#include "tristate.h"

/* Where a reason comes from: the kernel, an IOMMU unit, a device, a group. */
enum reason_origin {
	ORIGIN_KERNEL,
	ORIGIN_IOMMU,
	ORIGIN_DEVICE,
	ORIGIN_GROUP,
};

struct reason {
	const char *code;	/* stable identifier, e.g. "device-no-pasid" */
	bool blocking;		/* false: it leaves the verdict unknown */
	enum reason_origin origin;
	char *subject;		/* "kernel", "dmar0", "0000:6a:01.0", "group 12" */
	char *message;		/* what a person can act on */
};

struct verdict {
	enum tri capable;
	struct reason *reasons;
	size_t nr_reasons;
};

/* Which kernel side offers VFIO_IOMMU_BIND (src/common/vfio_sva_uapi.h). */
enum bind_iface {
	BIND_IFACE_UNKNOWN,	/* not probed, or the probe could not tell */
	BIND_IFACE_NONE,	/* neither: BIND answers ENOTTY */
	BIND_IFACE_MODULE,	/* kernel/vfio_sva.ko: a VFIO_SVA_IOMMU container */
	BIND_IFACE_TYPE1,	/* the seed's patch: a type1 container */
};

const char *bind_iface_name(enum bind_iface i);

struct kernel_facts {
	char release[128];
	char arch[72];			/* /proc/sys/kernel/arch, else uname -m */
	char proc_version[512];		/* /proc/version, "" if unreadable */
	struct kernel_id id;		/* distribution and versions */
	enum tri fix_marker;		/* the CVE-2025-71202 fix shows */
	char fix_marker_why[640];
	enum tri vfio_pci_module;	/* vfio-pci exists for this release */
	char vfio_pci_module_why[512];
	bool vfio;			/* /dev/vfio/vfio */
	bool iommufd;			/* /dev/iommu */
	enum tri bind_ioctl;		/* VFIO_IOMMU_BIND answered */
	char bind_ioctl_why[256];
	enum bind_iface bind_iface;	/* which one answered */
	char cmdline[4096];
	bool have_cmdline;
	enum tri scalable_mode;		/* Intel: the kernel enables it */
	char scalable_mode_why[160];
	enum tri cpu_gbpages;		/* CPU flag pdpe1gb */
	enum tri cpu_la57;		/* CPU flag la57 */
	enum tri hypervisor;		/* CPU flag hypervisor */
};

struct iommu_unit {
	char *name;
	char *syspath;
	enum iommu_kind kind;
	bool have_cap, have_ecap, have_efr, have_efr2;
	uint64_t cap, ecap, efr, efr2;
	char version[32];
	struct iommu_features feat;
	struct verdict sva;
};

struct pci_device_info {
	bool have_ids;
	uint16_t vendor, device;
	uint32_t class;
	ssize_t config_read;		/* bytes read, or -errno */
	struct pcie_caps caps;
	int header_type;		/* -1 when not readable */
	char *pf;			/* physical function of a VF */
	bool pasid_from_pf, pri_from_pf;
};

struct platform_device_info {
	bool have_of_node;
	int pasid_bits;			/* DT pasid-num-bits, -1 unknown */
	enum tri can_stall;		/* DT dma-can-stall */
};

struct device {
	char *name;
	char *bus;
	char *syspath;
	char *driver;			/* NULL when unbound */
	char *iommu;			/* IOMMU unit name, NULL if none */
	char *vfio_cdev;		/* /dev/vfio/devices/vfioN */
	long group;			/* -1 without a group */
	bool is_pci;
	struct pci_device_info pci;
	struct platform_device_info plat;
	enum tri config_readable;	/* unknown for non-PCI */
	struct verdict sva;
};

struct group {
	unsigned int id;
	enum group_type type;
	char type_raw[32];
	char *iommu;
	char vfio_node[64];
	bool node_present;
	enum tri accessible;
	bool viable;
	char *held_by;			/* "the daemon (pid 812)", or NULL */
	size_t *members;		/* indices into machine.devices */
	size_t nr_members;
	struct reserved_region *regions;
	int nr_regions;
	char **unreadable;		/* members listed but not readable */
	size_t nr_unreadable;
	struct verdict sva;
};

/* IOMMU units of one kind that disagree on an SVA feature. */
struct mismatch {
	const char *feature;
	char *have;		/* unit names, space separated */
	char *lack;
};

struct machine {
	struct kernel_facts kernel;
	struct verdict kernel_sva;	/* the kernel's own reasons */
	struct mismatch *mismatches;
	size_t nr_mismatches;
	struct iommu_unit *iommus;
	size_t nr_iommus;
	struct group *groups;
	size_t nr_groups;
	struct device *devices;
	size_t nr_devices;
	size_t sorted_devices;		/* enumeration: bsearch-able prefix */
};

struct device *machine_find_device(const struct machine *m, const char *name);
struct group *machine_find_group(const struct machine *m, unsigned int id);
struct iommu_unit *machine_find_iommu(const struct machine *m, const char *name);
void machine_free(struct machine *m);

#endif
