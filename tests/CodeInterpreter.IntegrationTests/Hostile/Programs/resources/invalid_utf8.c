// Bytes that are not UTF-8, NULs and control characters on both streams; the reply must still be valid JSON.
#include <unistd.h>
int main(void) {
    static const char out[] = "before\xff\xfe\xc3\x28\x00middle\x00\x1b[31m\xed\xa0\x80" "after\n";
    static const char err[] = "err\x00\xf0\x28\x8c\xbc" "end\n";
    write(1, out, sizeof out - 1);
    write(2, err, sizeof err - 1);
    return 0;
}
