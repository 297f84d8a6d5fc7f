#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "provtree.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSnapshot, "provtree.snapshot", QtWarningMsg)
Q_LOGGING_CATEGORY(lcPlacement, "provtree.placement", QtWarningMsg)
Q_LOGGING_CATEGORY(lcDatabase, "provtree.database", QtWarningMsg)
