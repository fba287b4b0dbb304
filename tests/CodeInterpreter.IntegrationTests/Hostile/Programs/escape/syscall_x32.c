// x32 ABI syscall numbers (bit 30 set) enter the x86-64 table under other numbers, where a rule keyed on the
// native number would not match: the filter must treat the whole ABI as foreign and kill the process.
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>
int main(void) {
    puts("before");
    fflush(stdout);
    long ret = syscall(0x40000000L | 521, 0, 0, 0, 0); // x32 ptrace(PTRACE_TRACEME)
    printf("ESCAPED x32 syscall returned %ld\n", ret);
    return 0;
}
