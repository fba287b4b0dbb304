// malloc and touch every page, so the memory is really committed (an untouched malloc costs nothing).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
    size_t total = 0;
    for (;;) {
        char *block = malloc(16 << 20);
        if (block == NULL) {
            printf("CONTAINED memory: malloc failed after %zu MiB\n", total >> 20);
            return 0;
        }
        memset(block, 0x5a, 16 << 20);
        total += 16 << 20;
        if (total > (8UL << 30)) {
            printf("ESCAPED memory: %zu MiB touched\n", total >> 20);
            return 0;
        }
    }
}
