#pragma once

#include "cloudconfig.h"
#include "problem.h"

#include <QSslConfiguration>

namespace provtree {

// The TLS settings of a cloud, for Keystone and Placement alike: the system's CAs and full
// verification, unless the cloud says otherwise. `cacert` replaces the system's CAs by the
// certificates of that PEM file (what the openstack CLI does: requests' verify=CACERT
// trusts that bundle alone); `insecure` turns verification off (and wins over cacert, as in
// openstacksdk). Errors (Configuration, field "cacert"): the file cannot be read or holds no
// PEM certificate. Reads the file; thread-safe.
[[nodiscard]] Result<QSslConfiguration> sslConfigurationFor(const CloudConfig &config);

} // namespace provtree
