// Any descriptor beyond stdin/stdout/stderr is a channel out of the sandbox (a pipe to the service, a log file).
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void) {
    DIR *dir = opendir("/proc/self/fd");
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        int fd = atoi(e->d_name);
        if (e->d_name[0] == '.' || fd <= 2 || fd == dirfd(dir)) {
            continue;
        }
        char link[PATH_MAX] = "", path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        readlink(path, link, sizeof link - 1);
        printf("ESCAPED fd %d -> %s\n", fd, link);
    }
    closedir(dir);
    puts("CONTAINED fds: only 0-2");
    puts("DONE");
    return 0;
}
