# Leaves a TCP port in TIME-WAIT the way a classroom does: the textbook TCP server (listen(1), accept, one
# recv(1024), send the upper-cased text, close) serves one textbook client, then exits. The server closes first, so
# its end of the connection stays in TIME-WAIT for a minute. Like the textbook, it does not set SO_REUSEADDR unless
# --reuse is given. Usage: time_wait.py [--reuse]. Prints the port (a free one the kernel picked).
import socket
import sys
import threading


def client(port):
    client_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client_socket.settimeout(3)
    client_socket.connect(("127.0.0.1", port))
    client_socket.send(b"time wait")
    # Until the server's close: it closes first, so the TIME-WAIT is its end's (and the port's), as in a lab where
    # the client is still printing the reply when the server closes.
    while client_socket.recv(1024):
        pass
    client_socket.close()


server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
if "--reuse" in sys.argv[1:]:
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server_socket.bind(("", 0))
server_socket.listen(1)
server_port = server_socket.getsockname()[1]
student = threading.Thread(target=client, args=(server_port,))
student.start()
connection_socket, addr = server_socket.accept()
sentence = connection_socket.recv(1024).decode()
connection_socket.send(sentence.upper().encode())
connection_socket.close()
student.join()
server_socket.close()
print(server_port, flush=True)
