# A textbook-like TCP client that can leave the server's side of its connection in CLOSE_WAIT. It connects, sends one
# line and reads its reply, prints "connected <its own port>", and holds the connection. On SIGUSR1 it sends without
# reading until the server stops reading from it (the server then holds replies this peer does not take), and closes
# its sending side: the server's kernel has the FIN, and the server cannot close yet, its replies waiting to be
# written. It prints "half-closed" once the kernel's table has the server's end in CLOSE_WAIT (or says what it saw
# instead), and holds the connection until SIGINT (at most 60 s).
# Usage: close_wait_client.py HOST PORT
import fcntl
import signal
import socket
import sys
import termios
import time

host, port = sys.argv[1], int(sys.argv[2])
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
peer = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
peer.connect((host, port))
own_port = peer.getsockname()[1]
peer.sendall(b"hello\n")
reply = b""
while not reply.endswith(b"\n"):
    reply += peer.recv(64)
print("connected", own_port, flush=True)
signal.sigwait({signal.SIGUSR1})


def unsent():
    # Bytes this side's kernel holds that the server's has not acknowledged (SIOCOUTQ, the number of TIOCOUTQ).
    return int.from_bytes(fcntl.ioctl(peer, termios.TIOCOUTQ, b"\0\0\0\0"), "little")


def server_socket():
    # The server's end of this connection in the kernel's tables (the row whose local port is the server's and whose
    # remote port is ours): its state number and what it holds unread; None once it is gone.
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local, remote = fields[1], fields[2]
                if int(local.rsplit(":", 1)[1], 16) == port and int(remote.rsplit(":", 1)[1], 16) == own_port:
                    return int(fields[3], 16), int(fields[4].split(":")[1], 16)
    return None


def server_unread():
    found = server_socket()
    return found[1] if found else 0


def server_stopped_reading():
    # Bytes wait unread and their number does not go down for a second: the server has stopped reading (a server
    # that is merely slow on a loaded machine reads some within that time).
    before = server_unread()
    for _ in range(5):
        time.sleep(0.2)
        now = server_unread()
        if now == 0 or now < before:
            return False
        before = now
    return True


# Each chunk is let into the server's kernel before the next is sent, so the FIN is never stuck behind bytes the
# server's window has no room for. A chunk of two full loopback segments is acknowledged at once (one segment alone
# may wait for a delayed acknowledgement).
chunk = b"a" * 131072
deadline = time.time() + 20
while time.time() < deadline:
    peer.sendall(chunk)
    settle = time.time() + 2
    while unsent() > 0 and time.time() < settle:
        time.sleep(0.002)
    if server_unread() > 0 and server_stopped_reading():
        break
peer.shutdown(socket.SHUT_WR)
# Should the last chunk not have fitted into the server's buffer, take a little of the replies at a time: the server
# writes, reads on, and has the FIN once everything sent is in; the replies it holds still keep it from closing.
peer.settimeout(0.05)
settle = time.time() + 10
while unsent() > 0 and time.time() < settle:
    try:
        peer.recv(4096)
    except socket.timeout:
        pass
# The server's kernel has the FIN once it has acknowledged everything; then its end is in CLOSE_WAIT (8).
settle = time.time() + 5
while (server_socket() or (0, 0))[0] != 8 and time.time() < settle:
    time.sleep(0.01)
state = server_socket()
print("half-closed" if state and state[0] == 8 else "not in CLOSE_WAIT: %s" % (state,), flush=True)
try:
    time.sleep(60)
except KeyboardInterrupt:
    pass
peer.close()
