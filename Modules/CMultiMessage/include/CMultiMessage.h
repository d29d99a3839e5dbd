// recvmmsg and sendmmsg for Swift. The C library declares them, and struct mmsghdr, only under _GNU_SOURCE, which a
// Swift module cannot set for the system headers it imports; this header declares a struct of the same layout and
// two functions that multi_message.c (compiled with _GNU_SOURCE) forwards to the C library's.
#ifndef SHOUT_C_MULTI_MESSAGE_H
#define SHOUT_C_MULTI_MESSAGE_H

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

#endif
