// What the server's own loops need of Linux that Swift's Glibc module does not show: epoll, and recvmmsg, sendmmsg
// and accept4; an eventfd and TCP_INFO for the kernel's view of the connections. The C library declares those three, and struct mmsghdr, only under _GNU_SOURCE, which a Swift module
// cannot set for the system headers it imports; so this header declares a struct of the same layout and functions
// that linux_sockets.c (compiled with _GNU_SOURCE) forwards to the C library's.
#ifndef SHOUT_C_LINUX_SOCKETS_H
#define SHOUT_C_LINUX_SOCKETS_H

#include <sys/epoll.h>
#include <sys/socket.h>

/// One message of a batch: the header and, after a call, the length received or sent (struct mmsghdr's layout).
typedef struct {
    struct msghdr header;
    unsigned int length;
} shout_multi_message;

/// recvmmsg(2) without a timeout.
int shout_receive_messages(int descriptor, shout_multi_message *messages, unsigned int count, int flags);

/// sendmmsg(2).
int shout_send_messages(int descriptor, shout_multi_message *messages, unsigned int count, int flags);

/// accept4(2), also only under _GNU_SOURCE.
int shout_accept(int descriptor, struct sockaddr *address, socklen_t *length, int flags);

/// The part of a TCP connection's TCP_INFO the screens show.
typedef struct {
    /// The state, as numbered in Linux's tcp_states.h (1 is ESTABLISHED, 8 CLOSE_WAIT).
    unsigned int state;
    /// The smoothed round-trip time, in microseconds.
    unsigned int smoothed_rtt;
    /// Segments retransmitted over the connection's life.
    unsigned int total_retransmissions;
    /// Segments sent and not yet acknowledged.
    unsigned int unacknowledged;
} shout_tcp_facts;

/// getsockopt(TCP_INFO) on a TCP socket, the facts above copied out; 0, or -1 with errno set.
int shout_tcp_facts_of(int descriptor, shout_tcp_facts *facts);

/// eventfd(2), non-blocking and close-on-exec: a counter another thread writes to wake a loop's epoll_wait.
int shout_event_descriptor(void);

#endif
