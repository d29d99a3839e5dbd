# Opens N TCP connections at once (no newline, like the textbook client), sends a distinct sentence on each, and
# checks that each connection gets exactly its own upper-cased reply. Prints "ok N" or what went wrong.
# Usage: many_tcp.py HOST PORT N
import socket
import sys

host, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sockets = []
for i in range(count):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect((host, port))
    sockets.append(s)
for i, s in enumerate(sockets):
    s.send(f"connection {i} straße".encode())
bad = []
for i, s in enumerate(sockets):
    expected = f"CONNECTION {i} STRASSE".encode()
    got = b""
    while len(got) < len(expected):
        chunk = s.recv(1024)
        if not chunk:
            break
        got += chunk
    if got != expected:
        bad.append((i, got))
for s in sockets:
    s.close()
print(f"ok {count}" if not bad else f"bad {bad[:3]}")
