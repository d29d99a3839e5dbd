# A TCP peer that leaves the server's connection in CLOSE_WAIT: it sends without reading until the server stops
# reading from it (the server holds replies the peer does not take), then closes its sending side. The server's
# kernel has the FIN, and the server cannot close yet: its replies wait to be written.
# Usage: close_wait_client.py HOST PORT. Prints "half-closed" once the FIN is sent, then holds the connection
# until its standard input closes (at most 60 s).
import fcntl
import select
import socket
import sys
import termios
import time

host, port = sys.argv[1], int(sys.argv[2])
peer = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
peer.connect((host, port))
own_port = peer.getsockname()[1]


def unsent():
    # Bytes this side's kernel holds that the server's has not acknowledged (SIOCOUTQ, the same number as TIOCOUTQ).
    return int.from_bytes(fcntl.ioctl(peer, termios.TIOCOUTQ, b"\0\0\0\0"), "little")


def server_unread():
    # What the server's socket holds unread, from the kernel's table: the row whose local port is the server's and
    # whose remote port is ours.
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                fields = row.split()
                local, remote = fields[1], fields[2]
                if int(local.rsplit(":", 1)[1], 16) == port and int(remote.rsplit(":", 1)[1], 16) == own_port:
                    return int(fields[4].split(":")[1], 16)
    return 0


chunk = b"a" * 16384
deadline = time.time() + 20
while time.time() < deadline:
    peer.sendall(chunk)
    settle = time.time() + 2
    while unsent() > 0 and time.time() < settle:
        time.sleep(0.002)
    if server_unread() > 0:
        time.sleep(0.2)
        if server_unread() > 0:
            break
peer.shutdown(socket.SHUT_WR)
print("half-closed", flush=True)
select.select([sys.stdin], [], [], 60)
peer.close()
