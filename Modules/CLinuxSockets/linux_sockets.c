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
