#pragma once

#include <QString>

// The resource classes and traits that both the random candidate forests
// (candidateforest.h) and the random requests (candidaterequestgenerator.h) name: one
// spelling for both.
namespace provtree::testsupport::candidatenames {

inline const QString kVcpu = QStringLiteral("VCPU");
inline const QString kPcpu = QStringLiteral("PCPU");
inline const QString kMemory = QStringLiteral("MEMORY_MB");
inline const QString kDisk = QStringLiteral("DISK_GB");
inline const QString kVgpu = QStringLiteral("VGPU");
inline const QString kDisplayHead = QStringLiteral("VGPU_DISPLAY_HEAD");
inline const QString kVf = QStringLiteral("SRIOV_NET_VF");
inline const QString kBandwidth = QStringLiteral("NET_BW_EGR_KILOBIT_PER_SEC");
inline const QString kIpv4 = QStringLiteral("IPV4_ADDRESS");
inline const QString kFpga = QStringLiteral("CUSTOM_FPGA");
inline const QString kShares = QStringLiteral("MISC_SHARES_VIA_AGGREGATE");
inline const QString kNumaRoot = QStringLiteral("HW_NUMA_ROOT");
inline const QString kDisabled = QStringLiteral("COMPUTE_STATUS_DISABLED");

} // namespace provtree::testsupport::candidatenames
