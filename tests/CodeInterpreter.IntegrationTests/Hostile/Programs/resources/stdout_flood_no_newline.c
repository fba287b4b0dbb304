// One endless line: no newline ever, so line-buffered readers never see an end.
#include <string.h>
#include <unistd.h>
int main(void) {
    char block[65536];
    memset(block, 'x', sizeof block);
    for (;;) {
        write(1, block, sizeof block);
    }
}
