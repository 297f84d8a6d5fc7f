#pragma once

#include <QLoggingCategory>

// Debug output of the core, off by default; turn on with e.g.
// QT_LOGGING_RULES="provtree.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCore)      // provtree.core: tree edits
Q_DECLARE_LOGGING_CATEGORY(lcSnapshot)  // provtree.snapshot: file reading and writing
Q_DECLARE_LOGGING_CATEGORY(lcPlacement) // provtree.placement: the live Placement backend
Q_DECLARE_LOGGING_CATEGORY(lcDatabase)  // provtree.database: reading Placement's database
