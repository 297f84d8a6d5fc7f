#include "snapshotwriter.h"
