// Fork until the kernel refuses, then keep retrying: the pids cgroup and RLIMIT_NPROC must hold.
#include <unistd.h>
int main(void) {
    for (;;) {
        fork();
    }
}
