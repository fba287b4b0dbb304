// A 32-bit syscall through int 0x80 uses the i386 table, where no rule of an x86-64 filter applies: the
// filter must kill the process (SIGSYS) before it returns. A kernel without IA32 emulation refuses it earlier:
// int $0x80 then faults (SIGSEGV). Either way the line after the syscall is never printed.
#include <stdio.h>
int main(void) {
    puts("before");
    fflush(stdout);
    long ret;
    long nr = 26; // i386 ptrace
    __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(0), "c"(0), "d"(0) : "memory");
    printf("ESCAPED i386 syscall returned %ld\n", ret);
    return 0;
}
