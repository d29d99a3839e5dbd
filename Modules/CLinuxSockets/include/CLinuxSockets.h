// What the server's own loops need of Linux that Swift's Glibc module does not show: epoll, and recvmmsg, sendmmsg
// and accept4. The C library declares those three, and struct mmsghdr, only under _GNU_SOURCE, which a Swift module
// cannot set for the system headers it imports; so this header declares a struct of the same layout and functions
// that linux_sockets.c (compiled with _GNU_SOURCE) forwards to the C library's. Also an eventfd and the part of
// TCP_INFO the screens show, for the kernel's view of the connections.
#ifndef SHOUT_C_LINUX_SOCKETS_H
#define SHOUT_C_LINUX_SOCKETS_H

#include <sys/epoll.h>
#include <sys/socket.h>
#include <netpacket/packet.h>

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

/// The packet sockets (AF_PACKET, SOCK_DGRAM: each packet from its network header on) that copy up only the packets
/// of `port`: TCP and UDP to or from it, over IPv4 and IPv6, and the ICMP/ICMPv6 errors that quote such a packet,
/// at most `snap_length` bytes of each. The kernel filter (classic BPF, SO_ATTACH_FILTER) is attached before each
/// socket is bound, so no other packet is ever queued on them. One socket an interface up now, both directions in
/// the order they passed; loopback's with PACKET_IGNORE_OUTGOING, since every loopback packet also comes in, so the
/// kernel does not clone the outgoing copies for it. (Before Linux 4.20, or when an interface would not open, one
/// socket for every interface, whose filter leaves loopback's outgoing copies out.) Close-on-exec, non-blocking,
/// stamped with the kernel's time (SO_TIMESTAMPNS). Fills `descriptors` (room for `capacity`) and returns how many,
/// or -1 with errno set (EPERM without CAP_NET_RAW).
int shout_open_port_captures(unsigned short port, unsigned int snap_length, int *descriptors, int capacity);

/// The packets the kernel dropped on `descriptor` (a packet socket) because its receive buffer was full, since the
/// last call (PACKET_STATISTICS); 0 when it cannot say.
unsigned int shout_capture_drops(int descriptor);

/// Unhooks a capture socket from its interface (`listening` 0: the kernel no longer hands it any packet, so a flood
/// costs nothing while it rests; what it queued stays) or hooks it on again (1), by binding it to protocol 0 or to
/// every protocol on the interface it is bound to. Returns 0, or -1 with errno set.
int shout_capture_listen(int descriptor, int listening);

/// When the kernel took the packet of a message received on a capture socket (it sets SO_TIMESTAMPNS), in
/// nanoseconds since 1970; 0 when the message carries no time.
long long shout_message_time(const struct msghdr *header);

/// Whether a packet read with `address` is the outgoing copy of a loopback packet, which the capture sees twice.
int shout_is_loopback_outgoing(const struct sockaddr_ll *address);

#endif
