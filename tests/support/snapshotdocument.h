#pragma once

// Small snapshot documents written by hand in tests.

#include <QByteArray>

namespace provtree::testing {

// A snapshot document around the given provider objects (comma-separated JSON).
inline QByteArray snapshotDocument(const QByteArray &providers)
{
    return "{\"format\": \"provider-tree-snapshot\", \"version\": 1, \"providers\": [" + providers + "]}";
}

} // namespace provtree::testing
