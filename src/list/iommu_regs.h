/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VFIO_SVA_IOMMU_REGS_H
#define VFIO_SVA_IOMMU_REGS_H

/*
 * IOMMU register bits by name, as <linux/pci_regs.h> names PCIe's: the
 * Intel VT-d capability and extended capability registers (VT-d
 * specification, sections 11.4.2 and 11.4.3; the kernel's
 * drivers/iommu/intel/iommu.h) and the AMD-Vi capability header and
 * extended feature registers (AMD I/O Virtualization Technology
 * specification, PCI capability offset 0 and MMIO offsets 0x30, 0x1a0;
 * drivers/iommu/amd/amd_iommu_types.h). Only the bits vfio-sva decodes.
 */

/* VT-d capability register (intel-iommu/cap). */
#define VTD_CAP_FL1GP		(1ULL << 56)	/* first-level 1 GiB pages */
#define VTD_CAP_FL5LP		(1ULL << 60)	/* first-level 5-level paging */

/* VT-d extended capability register (intel-iommu/ecap). */
#define VTD_ECAP_DT		(1ULL << 2)	/* device TLBs */
#define VTD_ECAP_NEST		(1ULL << 26)	/* nested translation */
#define VTD_ECAP_PRS		(1ULL << 29)	/* page requests */
#define VTD_ECAP_ERS		(1ULL << 30)	/* execute requests */
#define VTD_ECAP_SRS		(1ULL << 31)	/* supervisor requests */
#define VTD_ECAP_PSS_SHIFT	35		/* PASID size supported, */
#define VTD_ECAP_PSS_MASK	0x1fULL		/* minus one, bits 39:35 */
#define VTD_ECAP_PASID		(1ULL << 40)
#define VTD_ECAP_SMTS		(1ULL << 43)	/* scalable mode */
#define VTD_ECAP_SLTS		(1ULL << 46)	/* second-level translation */
#define VTD_ECAP_FLTS		(1ULL << 47)	/* first-level translation */
#define VTD_ECAP_SMPWC		(1ULL << 48)	/* coherent page walks */

/* AMD-Vi capability header (amd-iommu/cap). */
#define AMD_CAP_IOTLB		(1ULL << 24)	/* remote IOTLBs (ATS) */

/* AMD-Vi extended feature register, EFR (amd-iommu/features). */
#define AMD_EFR_PPR		(1ULL << 1)	/* peripheral page requests */
#define AMD_EFR_GT		(1ULL << 4)	/* guest (v2) translation */
#define AMD_EFR_PASMAX_SHIFT	32		/* PASmax, bits 36:32 */
#define AMD_EFR_PASMAX_MASK	0x1fULL

/* EFR2 defines no bits in its high dword (the EFR has PASmax there). */
#define AMD_EFR2_UNDEFINED_HIGH	(0xffffffffULL << 32)

#endif
