// The host kernel's shared budgets that no namespace divides: take as much of each as the kernel gives, hold it for
// a moment (the test samples the host meanwhile), then exit. AIO contexts (fs.aio-max-nr, host-wide), pseudo-
// terminals (kernel.pty.max, shared by every devpts instance but the host's), open files (fs.file-max), inotify
// instances (per uid: each job has its own), and the kernel log.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/klog.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 16
#define HOLD_SECONDS 2

static int report[2];

// Forks WORKERS children that each run take() until it fails, report their count, then hold what they took.
static long in_workers(long (*take)(int *err), const char *what) {
    for (int i = 0; i < WORKERS; i++) {
        if (fork() == 0) {
            int err = 0;
            long n = take(&err);
            char line[64];
            int len = snprintf(line, sizeof line, "%ld %d\n", n, err);
            if (write(report[1], line, len) != len) _exit(1);
            sleep(HOLD_SECONDS + 1);
            _exit(0);
        }
    }
    long total = 0, n;
    int err = 0, last = 0;
    FILE *in = fdopen(dup(report[0]), "r");
    for (int i = 0; i < WORKERS && fscanf(in, "%ld %d", &n, &err) == 2; i++) {
        total += n;
        last = err;
    }
    fclose(in);
    printf("%s: %ld in %d processes, then %s\n", what, total, WORKERS, strerror(last));
    return total;
}

static long take_ptys(int *err) {
    long n = 0;
    while (n < 1000 && open("/dev/ptmx", O_RDWR | O_NOCTTY) >= 0) n++;
    *err = errno;
    return n;
}

static long take_files(int *err) {
    long n = 0;
    while (eventfd(0, 0) >= 0) n++;
    *err = errno;
    return n;
}

static void aio(void) {
    long contexts = 0;
    for (;;) {
        aio_context_t ctx = 0;
        if (syscall(SYS_io_setup, 4096, &ctx) != 0) break;
        contexts++;
    }
    int err = errno;
    printf("%s aio: %ld contexts of 4096 events, then %s\n", contexts ? "ESCAPED" : "CONTAINED", contexts, strerror(err));
}

static void kernel_log(void) {
    char buf[256];
    int rc = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, sizeof buf);
    printf("%s syslog(READ_ALL): %s\n", rc < 0 ? "CONTAINED" : "ESCAPED", rc < 0 ? strerror(errno) : "read");
    for (const char *path = "/dev/kmsg"; path; path = strcmp(path, "/dev/kmsg") ? NULL : "/proc/kmsg") {
        int fd = open(path, O_RDONLY | O_NONBLOCK);
        printf("%s %s: %s\n", fd < 0 ? "CONTAINED" : "ESCAPED", path, fd < 0 ? strerror(errno) : "opened");
    }
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    if (pipe(report) != 0) return 1;
    aio();
    long ptys = in_workers(take_ptys, "ptys");
    printf("%s ptys: %ld\n", ptys ? "ESCAPED" : "CONTAINED", ptys);
    in_workers(take_files, "open files");
    long inotify = 0;
    while (inotify_init() >= 0) inotify++;
    printf("inotify instances of this job's uid: %ld, then %s\n", inotify, strerror(errno));
    kernel_log();
    puts("holding");
    sleep(HOLD_SECONDS);
    while (wait(NULL) > 0) {
    }
    puts("DONE");
    return 0;
}
