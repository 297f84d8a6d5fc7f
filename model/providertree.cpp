#include "providertree.h"
