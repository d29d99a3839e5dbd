# The UDP Pinger lab's server (UDPPingerServer.py): a loop of recvfrom(1024), upper-case the bytes, and drop the
# datagram when random.randint(0, 10) < 4 (4 in 11), else sendto back to the sender. As in the lab, the random
# number is drawn before each recvfrom.
# Usage: udp_pinger_server.py [PORT] [--seed N]. PORT 0 picks a free port; the port is printed on the first line.
# For tests it prints, per datagram, "dropped <text>" or "answered <text>" (what it really did), flushed.
import random
import sys
from socket import AF_INET, SOCK_DGRAM, socket

server_port = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
if "--seed" in sys.argv:
    random.seed(int(sys.argv[sys.argv.index("--seed") + 1]))
server_socket = socket(AF_INET, SOCK_DGRAM)
server_socket.bind(("", server_port))
print(server_socket.getsockname()[1], flush=True)
while True:
    rand = random.randint(0, 10)
    message, address = server_socket.recvfrom(1024)
    message = message.upper()
    if rand < 4:
        print("dropped " + message.decode(errors="replace"), flush=True)
        continue
    server_socket.sendto(message, address)
    print("answered " + message.decode(errors="replace"), flush=True)
