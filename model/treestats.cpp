#include "treestats.h"
