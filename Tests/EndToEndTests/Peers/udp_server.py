# The textbook UDP server: a loop of recvfrom(2048), decode().upper(), sendto back to the sender.
# Usage: udp_server.py [PORT] [--silent]. PORT 0 picks a free port; the port is printed on the first line of stdout.
# With --silent it never answers (a server that loses every reply).
import socket
import sys

server_port = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
silent = "--silent" in sys.argv
server_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server_socket.bind(("", server_port))
print(server_socket.getsockname()[1], flush=True)
while True:
    message, client_address = server_socket.recvfrom(2048)
    if silent:
        continue
    modified_message = message.decode().upper()
    server_socket.sendto(modified_message.encode(), client_address)
