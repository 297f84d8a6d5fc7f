#pragma once

#include "secret.h"

#include <QSslConfiguration>
#include <QString>

namespace provtree {

// Everything needed to talk to one Placement endpoint, once the cloud is resolved and (with
// Keystone) authenticated: what CloudSession produces (cloudsession.h) and PlacementClient
// (placementclient.h) consumes. Never holds a password, only the token Placement accepts.
struct PlacementConnection
{
    QString endpoint;  // Placement's base URL, without a trailing slash
    Secret token;      // X-Auth-Token; empty for none
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration(); // CA, verify mode
    // For people (window title, status bar, the snapshot's origin): never a secret.
    QString cloudName; // the clouds.yaml entry, empty when not from clouds.yaml
    QString region;    // empty when unknown
};

} // namespace provtree
