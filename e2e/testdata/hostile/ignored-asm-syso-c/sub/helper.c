#include <stdlib.h>
void evil(void) { system("id"); }
