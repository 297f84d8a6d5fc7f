#include "snapshotreader.h"
