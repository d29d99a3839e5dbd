# The textbook TCP server: listen(1), then one client at a time: accept, one recv(1024), send the upper-cased
# text, close. Usage: tcp_server.py [PORT]. PORT 0 picks a free port; the port is printed on the first line.
import socket
import sys

server_port = int(sys.argv[1]) if len(sys.argv) > 1 else 12000
server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind(("", server_port))
server_socket.listen(1)
print(server_socket.getsockname()[1], flush=True)
while True:
    connection_socket, addr = server_socket.accept()
    sentence = connection_socket.recv(1024).decode()
    capitalized_sentence = sentence.upper()
    connection_socket.send(capitalized_sentence.encode())
    connection_socket.close()
