// Raw IP and packet sockets sniff or forge traffic; they need CAP_NET_RAW (or are denied by the filter).
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_ether.h>

static void try_socket(const char *what, int domain, int type, int protocol) {
    int fd = socket(domain, type, protocol);
    if (fd >= 0) {
        printf("ESCAPED %s: fd %d\n", what, fd);
    } else {
        printf("CONTAINED %s: %s\n", what, strerror(errno));
    }
}

int main(void) {
    try_socket("raw ipv4 icmp", AF_INET, SOCK_RAW, IPPROTO_ICMP);
    try_socket("raw ipv4 tcp", AF_INET, SOCK_RAW, IPPROTO_TCP);
    try_socket("raw ipv6", AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    try_socket("packet", AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    try_socket("packet dgram", AF_PACKET, SOCK_DGRAM, htons(ETH_P_IP));
    puts("DONE");
    return 0;
}
