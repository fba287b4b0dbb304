// Kernel memory in socket buffers, outside the job's memory unless the kernel charges it: open loopback TCP pairs and
// fill them without reading, then UDP receivers with big buffers and fill those, 1.5 GiB each (twelve times the job's
// memory limit), in 8 processes. Each phase holds what it got for a moment (the test samples the host meanwhile).
// Holding more than the job's whole memory limit means the buffers were not charged to the job.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/sock_diag.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define WORKERS 8
#define SHARE (96L << 20)
#define MAX_SOCKETS 400
#define LIMIT_BYTES (@@MEMORY_MB@@L << 20)

static char buf[1 << 16];

static int loopback_socket(int type, struct sockaddr_in *addr) {
    int fd = socket(AF_INET, type, 0);
    socklen_t len = sizeof *addr;
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && (bind(fd, (void *)addr, sizeof *addr) || getsockname(fd, (void *)addr, &len))) return -1;
    return fd;
}

// Loopback TCP pairs, each filled until the sender would block: all of it sits unread in kernel buffers.
static long tcp(long *count, int *err) {
    struct sockaddr_in addr;
    int listener = loopback_socket(SOCK_STREAM, &addr);
    if (listener < 0 || listen(listener, MAX_SOCKETS)) { *err = errno; return 0; }
    long total = 0;
    while (total < SHARE && *count < MAX_SOCKETS) {
        int client = socket(AF_INET, SOCK_STREAM, 0);
        if (client < 0 || connect(client, (void *)&addr, sizeof addr) || accept(listener, NULL, NULL) < 0) { *err = errno; break; }
        ssize_t sent;
        while ((sent = send(client, buf, sizeof buf, MSG_DONTWAIT)) > 0) total += sent;
        (*count)++;
    }
    return total;
}

// UDP receivers asking for the largest buffer, each sent datagrams until it would hold no more. A datagram that
// does not fit is dropped silently, so what counts is what the receiver holds (SO_MEMINFO), not what was sent.
static long udp(long *count, int *err) {
    struct sockaddr_in to;
    int sender = socket(AF_INET, SOCK_DGRAM, 0);
    if (sender < 0) { *err = errno; return 0; }
    long total = 0;
    while (total < SHARE && *count < MAX_SOCKETS) {
        int receiver = loopback_socket(SOCK_DGRAM, &to);
        int big = 1 << 30;
        if (receiver < 0 || setsockopt(receiver, SOL_SOCKET, SO_RCVBUF, &big, sizeof big)) { *err = errno; break; }
        for (int i = 0; i < 160 && sendto(sender, buf, 60000, MSG_DONTWAIT, (void *)&to, sizeof to) > 0; i++) {
        }
        unsigned int meminfo[SK_MEMINFO_VARS];
        socklen_t len = sizeof meminfo;
        if (getsockopt(receiver, SOL_SOCKET, SO_MEMINFO, meminfo, &len) == 0) total += meminfo[SK_MEMINFO_RMEM_ALLOC];
        (*count)++;
    }
    return total;
}

static void phase(const char *name, long (*fill)(long *, int *)) {
    int report[2];
    if (pipe(report)) return;
    for (int i = 0; i < WORKERS; i++) {
        if (fork() == 0) {
            long count = 0;
            int err = 0;
            long bytes = fill(&count, &err);
            char line[80];
            int len = snprintf(line, sizeof line, "%ld %ld %d\n", count, bytes, err);
            if (write(report[1], line, len) != len) _exit(1);
            sleep(1);
            _exit(0);
        }
    }
    close(report[1]);
    FILE *in = fdopen(report[0], "r");
    long count = 0, bytes = 0, c, b;
    int err = 0, e;
    while (fscanf(in, "%ld %ld %d", &c, &b, &e) == 3) {
        count += c;
        bytes += b;
        if (e) err = e;
    }
    fclose(in);
    while (wait(NULL) > 0) {
    }
    printf("%s %s: %ld sockets, %ld MiB held, then %s\n", bytes > LIMIT_BYTES ? "ESCAPED" : "CONTAINED", name, count,
           bytes >> 20, err ? strerror(err) : "the share was reached");
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    phase("tcp", tcp);
    phase("udp", udp);
    puts("DONE");
    return 0;
}
