# A server that answers every UDP datagram and TCP connection with hostile bytes: a terminal title change, a
# clear-screen sequence, invalid UTF-8, C1 controls, then (UDP) a 60,000-byte reply or (TCP) an endless line.
# Usage: hostile_server.py [PORT]. Prints its port first. Test peer only; it runs until killed.
import socket
import sys
import threading

wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 0
# With port 0 the kernel picks UDP's port, and TCP's port of the same number may be taken: try again until both bind.
for attempt in range(50):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", wanted))
    port = udp.getsockname()[1]
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        tcp.bind(("127.0.0.1", port))
        break
    except OSError:
        udp.close()
        tcp.close()
        if wanted:
            raise
tcp.listen(16)
print(port, flush=True)

HOSTILE = [b"\x1b]0;pwned\x07TITLE", b"\x1b[2JCLEARED", b"bad \xff\xfe utf8", b"c1 \xc2\x9b31m", b"B" * 60000]


def serve_udp():
    while True:
        message, address = udp.recvfrom(65535)
        for reply in HOSTILE:
            udp.sendto(reply, address)


def serve_tcp(connection):
    try:
        connection.recv(1024)
        for reply in HOSTILE[:4]:
            connection.sendall(reply + b"\n")
        while True:  # a reply that never ends its line
            connection.sendall(b"x" * 65536)
    except OSError:
        pass
    finally:
        connection.close()


threading.Thread(target=serve_udp, daemon=True).start()
while True:
    connection, _ = tcp.accept()
    threading.Thread(target=serve_tcp, args=(connection,), daemon=True).start()
