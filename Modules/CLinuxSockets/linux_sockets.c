#define _GNU_SOURCE
#include <stddef.h>
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
