#define _GNU_SOURCE
#include <stddef.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "CLinuxSockets.h"

_Static_assert(sizeof(shout_multi_message) == sizeof(struct mmsghdr), "the layout of struct mmsghdr");
_Static_assert(offsetof(shout_multi_message, length) == offsetof(struct mmsghdr, msg_len), "the layout of msg_len");

int shout_receive_messages(int descriptor, shout_multi_message *messages, unsigned int count, int flags) {
    return recvmmsg(descriptor, (struct mmsghdr *)messages, count, flags, NULL);
}

int shout_send_messages(int descriptor, shout_multi_message *messages, unsigned int count, int flags) {
    return sendmmsg(descriptor, (struct mmsghdr *)messages, count, flags);
}

int shout_accept(int descriptor, struct sockaddr *address, socklen_t *length, int flags) {
    return accept4(descriptor, address, length, flags);
}

int shout_tcp_facts_of(int descriptor, shout_tcp_facts *facts) {
    struct tcp_info info;
    socklen_t length = sizeof(info);
    if (getsockopt(descriptor, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return -1;
    facts->state = info.tcpi_state;
    facts->smoothed_rtt = info.tcpi_rtt;
    facts->total_retransmissions = info.tcpi_total_retrans;
    facts->unacknowledged = info.tcpi_unacked;
    return 0;
}

int shout_event_descriptor(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <net/if_arp.h>
#include <arpa/inet.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif

// The instructions of the port's filter, by their place in the program; the jumps are relative to these.
enum {
    AT_VERSION = 4,
    AT_V4 = 8,
    AT_V4_PORTS = 12,
    AT_V4_ICMP = 19,
    AT_V4_QUOTED = 23,
    AT_V6 = 32,
    AT_V6_PORTS = 36,
    AT_V6_ICMP = 40,
    AT_ACCEPT = 46,
    AT_REJECT = 47,
    PROGRAM_LENGTH = 48,
};

// Fills `program` with the filter for `port`; returns 0, or -1 if the places above do not match the program.
static int port_filter(struct sock_filter *program, unsigned short port, unsigned int snap_length) {
    int n = 0;
    int misplaced = 0;
#define PLACE(label) misplaced |= (n != (label))
#define STMT(code, k) program[n] = (struct sock_filter)BPF_STMT(code, k), n++
#define JUMP(code, k, yes, no) \
    program[n] = (struct sock_filter)BPF_JUMP(code, k, (yes) - n - 1, (no) - n - 1), n++
    // Loopback's outgoing copy of a packet: the incoming copy is the one kept, so this one is never copied up.
    STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, n + 1, AT_VERSION);
    STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_HATYPE);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARPHRD_LOOPBACK, AT_REJECT, AT_VERSION);
    // The version: IPv4 or IPv6 (the socket gives the network header first).
    PLACE(AT_VERSION);
    STMT(BPF_LD | BPF_B | BPF_ABS, 0);
    STMT(BPF_ALU | BPF_AND | BPF_K, 0xf0);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x40, AT_V4, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x60, AT_V6, AT_REJECT);
    // IPv4: TCP or UDP, or ICMP.
    PLACE(AT_V4);
    STMT(BPF_LD | BPF_B | BPF_ABS, 9);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, AT_V4_PORTS, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, AT_V4_PORTS, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, AT_V4_ICMP, AT_REJECT);
    // Either port, in the first fragment (later ones carry no ports); X is the IPv4 header's length.
    PLACE(AT_V4_PORTS);
    STMT(BPF_LD | BPF_H | BPF_ABS, 6);
    JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, AT_REJECT, n + 1);
    STMT(BPF_LDX | BPF_B | BPF_MSH, 0);
    STMT(BPF_LD | BPF_H | BPF_IND, 0);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, n + 1);
    STMT(BPF_LD | BPF_H | BPF_IND, 2);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, AT_REJECT);
    // ICMP destination unreachable or time exceeded.
    PLACE(AT_V4_ICMP);
    STMT(BPF_LDX | BPF_B | BPF_MSH, 0);
    STMT(BPF_LD | BPF_B | BPF_IND, 0);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, 3, AT_V4_QUOTED, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, 11, AT_V4_QUOTED, AT_REJECT);
    // The quoted packet's ports: its header starts 8 bytes into the ICMP message, its ports after that header.
    PLACE(AT_V4_QUOTED);
    STMT(BPF_LD | BPF_B | BPF_IND, 8);
    STMT(BPF_ALU | BPF_AND | BPF_K, 0x0f);
    STMT(BPF_ALU | BPF_LSH | BPF_K, 2);
    STMT(BPF_ALU | BPF_ADD | BPF_X, 0);
    STMT(BPF_MISC | BPF_TAX, 0);
    STMT(BPF_LD | BPF_H | BPF_IND, 8);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, n + 1);
    STMT(BPF_LD | BPF_H | BPF_IND, 10);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, AT_REJECT);
    // IPv6 (no extension headers): TCP or UDP, or ICMPv6.
    PLACE(AT_V6);
    STMT(BPF_LD | BPF_B | BPF_ABS, 6);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_TCP, AT_V6_PORTS, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, AT_V6_PORTS, n + 1);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, AT_V6_ICMP, AT_REJECT);
    PLACE(AT_V6_PORTS);
    STMT(BPF_LD | BPF_H | BPF_ABS, 40);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, n + 1);
    STMT(BPF_LD | BPF_H | BPF_ABS, 42);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, AT_REJECT);
    // ICMPv6 errors (types below 128); the quoted IPv6 header starts at 48, its ports at 88.
    PLACE(AT_V6_ICMP);
    STMT(BPF_LD | BPF_B | BPF_ABS, 40);
    JUMP(BPF_JMP | BPF_JGE | BPF_K, 128, AT_REJECT, n + 1);
    STMT(BPF_LD | BPF_H | BPF_ABS, 88);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, n + 1);
    STMT(BPF_LD | BPF_H | BPF_ABS, 90);
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, port, AT_ACCEPT, AT_REJECT);
    PLACE(AT_ACCEPT);
    STMT(BPF_RET | BPF_K, snap_length);
    PLACE(AT_REJECT);
    STMT(BPF_RET | BPF_K, 0);
#undef PLACE
#undef STMT
#undef JUMP
    return misplaced || n != PROGRAM_LENGTH ? -1 : 0;
}

// One capture socket for `port`, bound to the interface `index` (0: every interface).
static int open_capture(unsigned short port, unsigned int snap_length, int index) {
    struct sock_filter program[PROGRAM_LENGTH];
    if (port_filter(program, port, snap_length) != 0) {
        errno = EINVAL;
        return -1;
    }
    // Protocol 0: the socket takes no packet until it is bound below, after the filter is in place.
    int descriptor = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (descriptor < 0) return -1;
    struct sock_fprog filter = {.len = PROGRAM_LENGTH, .filter = program};
    int on = 1;
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = index;
    if (setsockopt(descriptor, SOL_SOCKET, SO_ATTACH_FILTER, &filter, sizeof filter) != 0
        || setsockopt(descriptor, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0
        || bind(descriptor, (struct sockaddr *)&address, sizeof address) != 0) {
        int saved = errno;
        close(descriptor);
        errno = saved;
        return -1;
    }
    return descriptor;
}

int shout_open_port_captures(unsigned short port, unsigned int snap_length, int *descriptors, int capacity) {
    if (capacity < 1) return 0;
    struct ifaddrs *interfaces = NULL;
    int count = 0;
    int per_interface = getifaddrs(&interfaces) == 0;
    for (struct ifaddrs *entry = per_interface ? interfaces : NULL; entry != NULL; entry = entry->ifa_next) {
        // One AF_PACKET entry per interface.
        if (entry->ifa_addr == NULL || entry->ifa_addr->sa_family != AF_PACKET) continue;
        // A socket bound to an interface that is down reports ENETDOWN at once; such an interface carries nothing.
        if (!(entry->ifa_flags & IFF_UP)) continue;
        int index = (int)if_nametoindex(entry->ifa_name);
        if (index <= 0) continue;
        int descriptor = count < capacity ? open_capture(port, snap_length, index) : -1;
        int on = 1;
        // Every loopback packet also comes in: its outgoing copy is not even cloned for this socket.
        if (descriptor >= 0 && (entry->ifa_flags & IFF_LOOPBACK)
            && setsockopt(descriptor, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof on) != 0) {
            close(descriptor);
            descriptor = -1;
        }
        if (descriptor < 0) {
            per_interface = 0;
            break;
        }
        descriptors[count++] = descriptor;
    }
    if (interfaces != NULL) freeifaddrs(interfaces);
    if (per_interface && count > 0) return count;
    // Without PACKET_IGNORE_OUTGOING (Linux before 4.20), or when an interface would not open: one socket for every
    // interface, which leaves loopback's outgoing copies out by its filter.
    int saved = errno;
    for (int index = 0; index < count; index++) close(descriptors[index]);
    errno = saved;
    int every = open_capture(port, snap_length, 0);
    if (every < 0) return -1;
    descriptors[0] = every;
    return 1;
}

int shout_capture_listen(int descriptor, int listening) {
    struct sockaddr_ll address;
    socklen_t length = sizeof address;
    memset(&address, 0, sizeof address);
    if (getsockname(descriptor, (struct sockaddr *)&address, &length) != 0) return -1;
    struct sockaddr_ll again;
    memset(&again, 0, sizeof again);
    again.sll_family = AF_PACKET;
    again.sll_protocol = listening ? htons(ETH_P_ALL) : 0;
    again.sll_ifindex = address.sll_ifindex;
    return bind(descriptor, (struct sockaddr *)&again, sizeof again);
}

unsigned int shout_capture_drops(int descriptor) {
    // struct tpacket_stats of <linux/if_packet.h>, whose sockaddr_ll clashes with <netpacket/packet.h>'s.
    struct {
        unsigned int tp_packets;
        unsigned int tp_drops;
    } statistics;
    socklen_t length = sizeof statistics;
    if (getsockopt(descriptor, SOL_PACKET, PACKET_STATISTICS, &statistics, &length) != 0) return 0;
    return statistics.tp_drops;
}

int shout_is_loopback_outgoing(const struct sockaddr_ll *address) {
    return address->sll_pkttype == PACKET_OUTGOING && address->sll_hatype == ARPHRD_LOOPBACK;
}

long long shout_message_time(const struct msghdr *header) {
    for (struct cmsghdr *message = CMSG_FIRSTHDR((struct msghdr *)header); message != NULL;
         message = CMSG_NXTHDR((struct msghdr *)header, message)) {
        if (message->cmsg_level == SOL_SOCKET && message->cmsg_type == SO_TIMESTAMPNS) {
            struct timespec time;
            memcpy(&time, CMSG_DATA(message), sizeof time);
            return (long long)time.tv_sec * 1000000000LL + time.tv_nsec;
        }
    }
    return 0;
}
