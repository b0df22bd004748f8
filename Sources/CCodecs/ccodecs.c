#include "ccodecs.h"
int cc_version(void) { return 1; }
