#include "placementclient.h"
