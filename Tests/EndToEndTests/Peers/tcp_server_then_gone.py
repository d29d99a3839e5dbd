# The textbook TCP server for COUNT clients, then gone: it closes its listening socket, so the next connection is
# refused, and waits to be killed. Usage: tcp_server_then_gone.py PORT COUNT. PORT 0 picks a free port; the port is
# printed on the first line, "gone" once the listening socket is closed. Test peer only.
import socket
import sys
import time

server_port = int(sys.argv[1])
count = int(sys.argv[2])
server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind(("127.0.0.1", server_port))
server_socket.listen(1)
print(server_socket.getsockname()[1], flush=True)
for _ in range(count):
    connection_socket, addr = server_socket.accept()
    sentence = connection_socket.recv(1024).decode()
    connection_socket.send(sentence.upper().encode())
    connection_socket.close()
server_socket.close()
print("gone", flush=True)
while True:
    time.sleep(60)
