#include <string.h>
#include <unistd.h>
int main(void) {
    char block[65536];
    memset(block, 'e', sizeof block);
    for (;;) {
        write(2, block, sizeof block);
    }
}
