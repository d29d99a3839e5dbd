# The textbook UDPServer and TCPServer on one port, with one defect each, for `shout check` to tell apart.
# Usage: broken_server.py PORT DEFECT. PORT 0 picks a free port (UDP and TCP the same); the port is printed first.
# DEFECT is one of:
#   ascii-upper   bytes.upper(): only ASCII letters upper-cased
#   lower         decode().lower()
#   echo          the bytes sent back unchanged
#   truncate      recvfrom(1024) / recv(1024): a longer datagram is cut
#   newline       TCP: waits for a newline before answering (UDP as the textbook)
#   silent        never answers anything (TCP: accepts and holds the connection)
#   other-port    UDP: answers from a different socket, so from another port (TCP as the textbook)
# Test peer only; it runs until killed.
import socket
import sys
import threading

wanted = int(sys.argv[1])
defect = sys.argv[2]
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
tcp.listen(1)
print(port, flush=True)


def transform(message):
    if defect == "ascii-upper":
        return message.upper()
    if defect == "lower":
        return message.decode().lower().encode()
    if defect == "echo":
        return message
    return message.decode().upper().encode()


def serve_udp():
    other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    size = 1024 if defect == "truncate" else 2048
    while True:
        message, address = udp.recvfrom(size)
        if defect == "silent":
            continue
        (other if defect == "other-port" else udp).sendto(transform(message), address)


def serve_tcp():
    held = []
    while True:
        connection, _ = tcp.accept()
        if defect == "silent":
            held.append(connection)
            continue
        sentence = connection.recv(1024)
        if defect == "newline":
            while b"\n" not in sentence:
                more = connection.recv(1024)
                if not more:
                    break
                sentence += more
        connection.send(transform(sentence))
        connection.close()


threading.Thread(target=serve_udp, daemon=True).start()
serve_tcp()
